"""Recording payments: what the POS or provider reports, confirmed through the PaymentProvider
interface, stored as a Payment row, and summed onto the order (paid_total, balance due).

Partial payments are fine; a payment is never more than the balance due (422). Refunds are
negative payments written by returns.py, never through here.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from domain.kernel.recorder import record
from domain.orders import events, queries
from domain.orders.errors import OrderNotPayable
from domain.orders.events import ORDER
from domain.orders.mappers import payment_out
from domain.orders.models import Order as OrderRow
from domain.orders.models import Payment as PaymentRow
from domain.orders.payment_provider import PaymentReport, provider_for
from domain.orders.pricing import PricingError, check_amount
from domain.orders.refunds import balance_due
from domain.orders.schemas import Payment, PaymentIn
from domain.orders.states import OrderStatus
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.decimals import check_minor_units
from tenants.errors import invalid
from tenants.ids import uuid7
from tenants.scoping import load_visible

S = OrderStatus
# Not payable: drafts (nothing agreed yet) and orders that will never be fulfilled.
UNPAYABLE = frozenset({S.DRAFT, S.CANCELLED, S.REJECTED})


def positive_amount(field: str, value: Decimal) -> Decimal:
    """A client amount that must be > 0 and whole cents (422 otherwise)."""
    try:
        amount = check_amount(field, value)
    except PricingError as exc:
        raise invalid(exc.field, exc.message) from exc
    if amount <= 0:
        raise invalid(field, "must be positive")
    return amount


async def record_payment(ctx: Ctx, order_id: uuid.UUID, data: PaymentIn) -> Payment:
    """Record one (possibly partial) payment; the order row is locked so concurrent payments
    cannot both fit into the same balance."""
    order = await load_visible(ctx, OrderRow, order_id, lock=True)
    if order.status in UNPAYABLE:
        raise OrderNotPayable(f"Cannot record a payment on an order that is {order.status}.")
    check_minor_units(order.currency, [("amount", data.amount)])
    amount = positive_amount("amount", data.amount)
    due = balance_due(order.total, order.paid_total)
    if amount > due:
        raise invalid("amount", f"exceeds the balance due of {due}")
    report = PaymentReport(ctx.tenant_id, order.id, order.number, data.method, amount, order.currency, data.reference)
    confirmed = await provider_for(data.method).record(report)
    row = PaymentRow(
        tenant_id=ctx.tenant_id,
        id=uuid7(),
        order_id=order.id,
        method=confirmed.method,
        amount=confirmed.amount,
        reference=confirmed.reference,
        recorded_by=ctx.actor.user_id,
        created_at=utcnow(),
    )
    ctx.session.add(row)
    order.paid_total += confirmed.amount
    recorded = {
        "payment_id": row.id,
        "method": row.method,
        "amount": row.amount,
        "reference": row.reference,
        "paid_total": order.paid_total,
        "balance_due": balance_due(order.total, order.paid_total),
    }
    record(ctx, ORDER, order, "payment_recorded", topic=events.PAYMENT_RECORDED, data=recorded)
    await ctx.session.flush()
    return payment_out(row)


async def list_payments(ctx: Ctx, order_id: uuid.UUID) -> list[Payment]:
    """The order's payments and refunds, oldest first (404 for an order the caller cannot see)."""
    order: OrderRow = await load_visible(ctx, OrderRow, order_id)
    return [payment_out(p) for p in await queries.load_payments(ctx, order)]
