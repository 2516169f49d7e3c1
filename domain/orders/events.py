"""The order's events: the payload of every topic it emits, registered in the catalogue, and how
the change recorder sees an order (snapshot, store, timeline row)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import msgspec

from domain.customers import public as customers
from domain.kernel.events import topic
from domain.kernel.recorder import AggregateKind, Change
from domain.orders.models import Order as OrderRow
from domain.orders.models import OrderEvent
from domain.orders.return_states import ReturnStatus
from domain.orders.states import OrderStatus


class OrderData(msgspec.Struct, kw_only=True):
    """What every order event carries (consumers need no extra read for routing)."""

    number: str
    status: OrderStatus
    customer_id: uuid.UUID | None  # null: a walk-in sale
    total: Decimal
    currency: str
    requires_approval: bool


class OrderSubmitted(OrderData, kw_only=True):
    approval_reasons: list[str]  # empty: approved automatically (an order.approved follows)


class OrderApproved(OrderData, kw_only=True):
    automatic: bool  # true: within the approval rules, nobody approved it by hand


class OrderStopped(OrderData, kw_only=True):
    reason: str


class OrderFulfilled(OrderData, kw_only=True):
    fulfilment_id: uuid.UUID


class OrderShipped(OrderData, kw_only=True):
    fulfilment_ids: list[uuid.UUID]
    carrier: str
    tracking_number: str


class OrderEdited(OrderData, kw_only=True):
    changes: dict[str, Any]  # field → {"from", "to"} (and `lines`: how many lines a draft now has)


class PaymentRecorded(OrderData, kw_only=True):
    payment_id: uuid.UUID
    method: str
    amount: Decimal
    reference: str
    paid_total: Decimal
    balance_due: Decimal


class ReturnChanged(OrderData, kw_only=True):
    """A return (RMA) of the order changed; `status` is still the order's."""

    return_id: uuid.UUID
    return_number: str
    return_status: ReturnStatus


class ReturnRequested(ReturnChanged, kw_only=True):
    lines: list[dict[str, Any]]  # {"line_id", "quantity"}
    reason: str


class ReturnReceived(ReturnChanged, kw_only=True):
    store_id: uuid.UUID  # where the goods went back into stock


class ReturnRefunded(ReturnChanged, kw_only=True):
    payment_id: uuid.UUID
    amount: Decimal
    method: str
    refunded_total: Decimal


ORDER_CREATED = topic("order.created", OrderData, "A draft order was captured.")
ORDER_SUBMITTED = topic("order.submitted", OrderSubmitted, "A draft was submitted (for approval, or approved at once).")
ORDER_APPROVED = topic("order.approved", OrderApproved, "The order was approved; its stock is reserved.")
ORDER_REJECTED = topic("order.rejected", OrderStopped, "An approver rejected the order.")
ORDER_CANCELLED = topic("order.cancelled", OrderStopped, "The order was cancelled before anything shipped.")
ORDER_FULFILLED = topic("order.fulfilled", OrderFulfilled, "Units of the order were packed.")
ORDER_SHIPPED = topic("order.shipped", OrderShipped, "Packed units left the store.")
ORDER_DELIVERED = topic("order.delivered", OrderData, "The customer has the goods.")
ORDER_COMPLETED = topic("order.completed", OrderData, "The order was closed.")
ORDER_EDITED = topic("order.edited", OrderEdited, "A draft's lines or details, or an approved order's lines, changed.")
PAYMENT_RECORDED = topic("order.payment_recorded", PaymentRecorded, "A payment was recorded against the order.")
RETURN_REQUESTED = topic("return.requested", ReturnRequested, "A return of delivered goods was requested.")
RETURN_APPROVED = topic("return.approved", ReturnChanged, "A return was approved; the goods are awaited.")
RETURN_REJECTED = topic("return.rejected", ReturnChanged, "A return was refused.")
RETURN_RECEIVED = topic("return.received", ReturnReceived, "Returned goods are back in a store.")
RETURN_REFUNDED = topic("return.refunded", ReturnRefunded, "Money was given back for a return.")


def _snapshot(order: OrderRow) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "customer_id": order.customer_id,
        "total": order.total,
        "currency": order.currency,
        "requires_approval": order.requires_approval,
    }


def _timeline(order: OrderRow, change: Change) -> OrderEvent:
    return OrderEvent.of(order.tenant_id, change, order_id=order.id)


# The changes of an order its customer's timeline shows: every step of the sale, not the edits.
CUSTOMER_MOMENTS = frozenset(
    {
        *("created", "customer_attached", "submitted", "approved", "rejected", "fulfilled", "shipped"),
        *("delivered", "completed", "cancelled", "payment_recorded"),
        *("return_requested", "return_approved", "return_rejected", "return_received", "return_refunded"),
    }
)
ORDER: AggregateKind[OrderRow] = AggregateKind(
    "order",
    _snapshot,
    lambda order: order.store_id,
    _timeline,
    projections=(
        customers.moments(
            "order",
            CUSTOMER_MOMENTS,
            customer_of=lambda order: order.customer_id,
            store_of=lambda order: order.store_id,
            label_of=lambda order: order.number,
        ),
    ),
)
APPROVAL_RULES = "approval rules"  # who approved an order that needed nobody's approval
