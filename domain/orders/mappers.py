"""Order rows → response schemas."""

from __future__ import annotations

import uuid
from typing import Any, cast

import msgspec
from sqlalchemy import Row

from domain.customers.public import CustomerLabel
from domain.orders import models
from domain.orders.refunds import balance_due, payment_state
from domain.orders.return_states import ReturnStatus
from domain.orders.schemas import (
    ApprovalReason,
    Channel,
    Fulfilment,
    FulfilmentLine,
    Order,
    OrderEvent,
    OrderLine,
    OrderSummary,
    Payment,
    Payments,
    PaymentState,
    ReturnSummary,
)
from domain.orders.states import LIFECYCLE, OrderAction, OrderStatus


def line_out(row: models.OrderLine) -> OrderLine:
    return OrderLine(
        id=row.id,
        line_no=row.line_no,
        product_id=row.product_id,
        sku=row.sku,
        name=row.name,
        name_zh=row.name_zh,
        name_en=row.name_en,
        quantity=row.quantity,
        unit_price=row.unit_price,
        discount=row.discount,
        tax_rate=row.tax_rate,
        tax_amount=row.tax_amount,
        line_total=row.line_total,
        fulfilled_quantity=row.fulfilled_quantity,
        shipped_quantity=row.shipped_quantity,
        returned_quantity=row.returned_quantity,
    )


def fulfilment_out(row: models.Fulfilment, lines: list[models.FulfilmentLine]) -> Fulfilment:
    return Fulfilment(
        id=row.id,
        status=row.status,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        lines=[FulfilmentLine(line_id=line.order_line_id, quantity=line.quantity) for line in lines],
        created_at=row.created_at,
        shipped_at=row.shipped_at,
        delivered_at=row.delivered_at,
    )


def event_out(row: models.OrderEvent, actor_names: dict[uuid.UUID, str] | None = None) -> OrderEvent:
    """`actor_names`: current names of the acting users (user id → name)."""
    return OrderEvent(
        id=row.id,
        kind=row.kind,
        from_status=row.from_status,
        to_status=row.to_status,
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        actor_name=(actor_names or {}).get(row.actor_id) if row.actor_id else None,
        note=row.note,
        data=row.data,
        created_at=row.created_at,
    )


def payments_out(row: models.Order | Row[Any]) -> Payments:
    return Payments(
        paid_total=row.paid_total,
        refunded_total=row.refunded_total,
        balance_due=balance_due(row.total, row.paid_total),
    )


def payment_out(row: models.Payment) -> Payment:
    return Payment(
        id=row.id,
        order_id=row.order_id,
        method=row.method,
        amount=row.amount,
        reference=row.reference,
        return_id=row.return_id,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


def return_summary_out(row: models.OrderReturn) -> ReturnSummary:
    return ReturnSummary(
        id=row.id,
        number=row.number,
        status=ReturnStatus(row.status),
        refund_amount=row.refund_amount,
        created_at=row.created_at,
    )


def state_of_payment(row: models.Order | Row[Any]) -> PaymentState:
    return cast(PaymentState, payment_state(row.total, row.paid_total, row.refunded_total))


def approval_reasons_out(value: list[dict[str, Any]] | None) -> list[ApprovalReason]:
    return msgspec.convert(value or [], list[ApprovalReason])


def summary_out(row: models.Order, customer: CustomerLabel | None) -> OrderSummary:
    return OrderSummary(
        id=row.id,
        number=row.number,
        status=OrderStatus(row.status),
        channel=cast(Channel, row.channel),
        store_id=row.store_id,
        customer_id=row.customer_id,
        customer_name=customer.name if customer else None,
        customer_masked=customer.masked if customer else False,
        currency=row.currency,
        total=row.total,
        payment_state=state_of_payment(row),
        requires_approval=row.requires_approval,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def order_out(
    row: models.Order,
    lines: list[models.OrderLine],
    fulfilments: list[tuple[models.Fulfilment, list[models.FulfilmentLine]]],
    events: list[models.OrderEvent],
    permissions: frozenset[str],
    payments: list[models.Payment],
    returns: list[models.OrderReturn],
    customer: CustomerLabel | None,
    actor_names: dict[uuid.UUID, str] | None = None,
) -> Order:
    """The page from ORM rows: the reference the one-statement page (get_order) is
    tested against, and the mapping for callers that already hold the rows."""
    return order_page(
        row,
        [line_out(line) for line in lines],
        [fulfilment_out(f, f_lines) for f, f_lines in fulfilments],
        [event_out(e, actor_names) for e in events],
        permissions,
        [payment_out(p) for p in payments],
        [return_summary_out(r) for r in returns],
        customer,
    )


def _allowed(row: models.Order | Row[Any], lines: list[OrderLine], permissions: frozenset[str]) -> list[OrderAction]:
    """The table's actions; attaching a member only to a walk-in sale with no money taken yet
    (walkin.attach_customer refuses a paid order with 409 order_has_payments)."""
    actions = LIFECYCLE.allowed_actions(row.status, lines, permissions)
    if row.customer_id is not None or row.paid_total > 0:
        return [action for action in actions if action != OrderAction.ATTACH_CUSTOMER]
    return actions


def order_page(
    row: models.Order | Row[Any],
    lines: list[OrderLine],
    fulfilments: list[Fulfilment],
    events: list[OrderEvent],
    permissions: frozenset[str],
    payments: list[Payment],
    returns: list[ReturnSummary],
    customer: CustomerLabel | None,
) -> Order:
    """The order page from the order (an ORM row or a Core row of its columns) and its parts."""
    return Order(
        id=row.id,
        number=row.number,
        status=OrderStatus(row.status),
        channel=cast(Channel, row.channel),
        store_id=row.store_id,
        customer_id=row.customer_id,
        customer_name=customer.name if customer else None,
        customer_masked=customer.masked if customer else False,
        currency=row.currency,
        lines=lines,
        discount=row.discount,
        points_redeemed=row.points_redeemed,
        points_discount=row.points_discount,
        tier_discount=row.tier_discount,
        subtotal=row.subtotal,
        discount_total=row.discount_total,
        tax_total=row.tax_total,
        total=row.total,
        note=row.note,
        requires_approval=row.requires_approval,
        approval_reasons=approval_reasons_out(row.approval_reasons),
        payment_state=state_of_payment(row),
        reject_reason=row.reject_reason,
        cancel_reason=row.cancel_reason,
        allowed_actions=_allowed(row, lines, permissions),
        fulfilments=fulfilments,
        events=events,
        payments=payments_out(row),
        payment_records=payments,
        returns=returns,
        tracking_token=row.tracking_token,
        created_by=row.created_by,
        submitted_at=row.submitted_at,
        approved_at=row.approved_at,
        shipped_at=row.shipped_at,
        delivered_at=row.delivered_at,
        completed_at=row.completed_at,
        cancelled_at=row.cancelled_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
