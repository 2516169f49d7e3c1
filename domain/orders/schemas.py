"""Order request and response schemas. Money is Decimal (a string on the wire); prices never come
from the client: a line names a product and a quantity, the catalog supplies the price."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from domain.orders.payment_provider import PaymentMethod
from domain.orders.return_states import ReturnAction, ReturnStatus
from domain.orders.states import OrderAction, OrderStatus
from tenants.decimals import Money, Percent
from tenants.schemas import Input, Instant, example

Channel = Literal["store", "phone", "online", "api"]
Sort = Literal["created_at", "-created_at", "updated_at", "-updated_at", "total", "-total"]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
# Derived from the order's totals (refunds.payment_state).
PaymentState = Literal["unpaid", "partially_paid", "paid", "refunded"]
DraftTtl = Annotated[int, msgspec.Meta(ge=1, le=8760)]
# Loyalty points the member redeems at capture (0: none); they lower the total.
RedeemPoints = Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]


class LineIn(Input):
    product_id: Annotated[uuid.UUID, example("0190f3a2-5c1e-7b4d-9a61-3e2f8c0d4b17")]
    quantity: Annotated[Quantity, example(2)]
    discount: Money = msgspec.field(default_factory=lambda: Decimal("0"))  # amount off this line, tax-inclusive


LineList = Annotated[list[LineIn], msgspec.Meta(min_length=1, max_length=200)]


class OrderCreate(Input):
    store_id: Annotated[uuid.UUID, example("0190f3a1-0b7e-7c2a-8d45-6f1e9a3b2c58")]
    channel: Annotated[Channel, example("store")]
    lines: LineList
    customer_id: uuid.UUID | None = None  # None: a walk-in sale (a member may be attached before payment)
    discount: Money = msgspec.field(default_factory=lambda: Decimal("0"))  # order-level, shared across lines
    note: Annotated[Note, example("会员生日礼盒")] = ""
    redeem_points: Annotated[RedeemPoints, example(0)] = 0  # the member's points to redeem (needs customer_id)


class QuoteIn(Input):
    """A cart to price without saving it (the till prices as it scans; the order is created on
    submit or when the cart is parked)."""

    lines: LineList
    discount: Money = msgspec.field(default_factory=lambda: Decimal("0"))
    store_id: uuid.UUID | None = None  # with a store, each line says how many units it has available
    customer_id: uuid.UUID | None = None  # the member who redeems points (with redeem_points)
    redeem_points: RedeemPoints = 0


class QuoteLine(msgspec.Struct, kw_only=True):
    product_id: uuid.UUID
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    tax_rate: Decimal
    tax_amount: Decimal
    line_total: Decimal
    available: int | None  # units available at the store (null without store_id)


class Quote(msgspec.Struct, kw_only=True):
    lines: list[QuoteLine]
    discount: Decimal
    points_redeemed: int
    points_discount: Decimal  # what the redeemed points take off (inside discount_total)
    tier_discount: Decimal  # what the member's tier benefit takes off (inside discount_total)
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal
    currency: str


class OrderLinesUpdate(Input):
    """Replace a draft's lines (and optionally its order-level discount)."""

    lines: LineList
    discount: Money | msgspec.UnsetType = msgspec.UNSET


class OrderUpdate(Input):
    """Change a draft's header; omitted fields stay as they are."""

    customer_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET  # null: make it a walk-in sale
    store_id: uuid.UUID | msgspec.UnsetType = msgspec.UNSET
    channel: Channel | msgspec.UnsetType = msgspec.UNSET
    note: Note | msgspec.UnsetType = msgspec.UNSET


class AttachCustomerIn(Input):
    """The member a walk-in order (or one with another customer) now belongs to."""

    customer_id: uuid.UUID


class ApprovalReason(msgspec.Struct, kw_only=True):
    """An approval rule that fired at submit: the tenant's limit and the order's value (the order
    total for `amount_above_threshold`; the largest discount in percent for `discount_above_limit`)."""

    code: Literal["amount_above_threshold", "discount_above_limit"]
    limit: Decimal
    value: Decimal


class OrderEdit(Input):
    """A controlled edit after approval: the complete new set of lines, one per product."""

    lines: LineList
    note: Note = ""


class ReasonIn(Input):
    reason: Reason


class FulfilLineIn(Input):
    line_id: uuid.UUID
    quantity: Quantity


class FulfilIn(Input):
    lines: Annotated[list[FulfilLineIn], msgspec.Meta(min_length=1, max_length=200)]


class ShipIn(Input):
    carrier: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    tracking_number: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    fulfilment_id: uuid.UUID | None = None  # None ships every packed fulfilment


class OrderLine(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    sku: str
    name: str
    name_zh: str  # the product's names when the line was captured (products' convention)
    name_en: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    tax_rate: Decimal
    tax_amount: Decimal
    line_total: Decimal
    fulfilled_quantity: int
    shipped_quantity: int
    returned_quantity: int


class FulfilmentLine(msgspec.Struct, kw_only=True):
    line_id: uuid.UUID
    quantity: int


class Fulfilment(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    status: str
    carrier: str
    tracking_number: str
    lines: list[FulfilmentLine]
    created_at: datetime
    shipped_at: datetime | None
    delivered_at: datetime | None


class OrderEvent(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    kind: str
    from_status: str
    to_status: str
    actor_type: str
    actor_id: uuid.UUID | None
    actor_label: str  # as recorded (a user's e-mail, a key's name, "system")
    actor_name: str | None = None  # the acting user's current name
    note: str
    data: dict[str, Any] | None
    created_at: datetime


class Payments(msgspec.Struct, kw_only=True):
    """The order's money: payments received, refunds given back, and what is still owed
    (balance_due = max(total − paid_total, 0); refunds pay back returned goods, so they do not
    reopen the balance)."""

    paid_total: Decimal
    refunded_total: Decimal
    balance_due: Decimal


Reference = Annotated[str, msgspec.Meta(max_length=100)]


class PaymentIn(Input):
    method: Annotated[PaymentMethod, example("wechat_pay")]
    amount: Annotated[Money, example("256.00")]  # positive, whole cents, at most the balance due
    reference: Annotated[Reference, example("4200002026030112345678")] = ""  # the POS / provider transaction id


class Payment(msgspec.Struct, kw_only=True):
    """A payment as recorded; refunds are negative and name their return."""

    id: uuid.UUID
    order_id: uuid.UUID
    method: str
    amount: Decimal
    reference: str
    return_id: uuid.UUID | None
    recorded_by: uuid.UUID | None
    created_at: datetime


class ReturnLineIn(Input):
    line_id: uuid.UUID
    quantity: Quantity


class ReturnCreate(Input):
    lines: Annotated[list[ReturnLineIn], msgspec.Meta(min_length=1, max_length=200)]
    reason: Reason
    store_id: uuid.UUID | None = None  # where the goods will come back (default: the order's store)
    # The service ticket that asked for it: a ticket linked to this order that the caller can see
    # (else 422). POST /api/v1/tickets/{ticket_id}/returns sets it from the ticket itself.
    ticket_id: Annotated[
        uuid.UUID | None,
        msgspec.Meta(description="A ticket linked to this order (or start the return from the ticket)"),
    ] = None


class ReceiveIn(Input):
    store_id: uuid.UUID | None = None  # the store taking the goods back (default: the return's store)


class RefundIn(Input):
    method: PaymentMethod
    amount: Money | None = None  # default: the returned lines' value, capped at what may be refunded
    reference: Reference = ""


class ReturnLine(msgspec.Struct, kw_only=True):
    line_id: uuid.UUID
    product_id: uuid.UUID
    sku: str
    name: str
    quantity: int


class ReturnSummary(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    status: ReturnStatus
    refund_amount: Decimal
    created_at: datetime


class Return(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    order_id: uuid.UUID
    order_number: str
    status: ReturnStatus
    reason: str
    store_id: uuid.UUID | None
    ticket_id: uuid.UUID | None
    lines: list[ReturnLine]
    value: Decimal  # what the returned units are worth (the default refund before the paid cap)
    refund_amount: Decimal
    allowed_actions: list[ReturnAction]
    created_at: datetime
    updated_at: datetime


class OrderSummary(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    status: OrderStatus
    channel: Channel
    store_id: uuid.UUID
    customer_id: uuid.UUID | None  # null: a walk-in sale
    customer_name: str | None  # masked ("张**") when the caller may not see the customer
    customer_masked: bool
    currency: str
    total: Decimal
    payment_state: PaymentState
    requires_approval: bool
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class Order(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    status: OrderStatus
    channel: Channel
    store_id: uuid.UUID
    customer_id: uuid.UUID | None  # null: a walk-in sale
    customer_name: str | None  # masked ("张**") when the caller may not see the customer
    customer_masked: bool
    currency: str
    lines: list[OrderLine]
    discount: Decimal
    points_redeemed: int  # loyalty points redeemed at capture
    points_discount: Decimal  # what they took off the total (inside discount_total)
    tier_discount: Decimal  # the member's tier benefit at capture (inside discount_total)
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal
    note: str
    requires_approval: bool
    approval_reasons: list[ApprovalReason]  # why it needed approval (empty: it did not)
    payment_state: PaymentState
    reject_reason: str
    cancel_reason: str
    allowed_actions: list[OrderAction]
    fulfilments: list[Fulfilment]
    events: list[OrderEvent]
    payments: Payments
    payment_records: list[Payment]  # every payment and refund, oldest first
    returns: list[ReturnSummary]
    tracking_token: str
    created_by: uuid.UUID | None
    submitted_at: datetime | None
    approved_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class OrderFilters(msgspec.Struct, kw_only=True):
    status: OrderStatus | None = None
    store_id: uuid.UUID | None = None
    channel: Channel | None = None
    customer_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    q: str | None = None  # order number prefix
    phone: str | None = None  # the customer's phone, whole or its last 4 digits
    sort: Sort = "-created_at"


class OrderSettings(msgspec.Struct, kw_only=True):
    approval_amount_threshold: Decimal | None  # an order total strictly above this needs approval
    approval_discount_percent: Decimal | None  # in percent (15 = 15 %): any discount strictly above it
    draft_ttl_hours: int  # drafts (parked carts) untouched this long are discarded
    updated_at: datetime | None


class OrderSettingsUpdate(Input):
    """Both rules, replaced together; null switches a rule off."""

    approval_amount_threshold: Money | None
    approval_discount_percent: Percent | None
    draft_ttl_hours: DraftTtl | msgspec.UnsetType = msgspec.UNSET  # omitted: unchanged


class TrackingEvent(msgspec.Struct, kw_only=True):
    kind: str
    at: datetime


class TrackingShipment(msgspec.Struct, kw_only=True):
    carrier: str
    tracking_number: str  # the waybill number
    shipped_at: datetime | None


class OrderTracking(msgspec.Struct, kw_only=True):
    """What anyone holding the tracking link may see: nothing that identifies the customer."""

    number: str
    status: OrderStatus
    timeline: list[TrackingEvent]
    store_name: str
    customer_name: str  # masked; empty for a walk-in sale
    shipments: list[TrackingShipment]  # shipped parcels, oldest first


# ---- export ----

OrderExportColumn = Literal[
    "number", "created_at", "status", "payment_state", "store", "customer", "channel", "total", "paid_total",
    "refunded_total", "currency",
]  # fmt: skip


class OrderExportFilters(Input):
    """The order list's filters (GET /orders), as the list view has them."""

    status: OrderStatus | None = None
    store_id: uuid.UUID | None = None
    channel: Channel | None = None
    customer_id: uuid.UUID | None = None
    created_from: Instant | None = None
    created_to: Instant | None = None
    q: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None


class OrderExport(Input, tag_field="resource", tag="orders"):
    """Export the order list as filtered; every column unless `columns` says which, in order."""

    filters: OrderExportFilters = msgspec.field(default_factory=OrderExportFilters)
    columns: Annotated[list[OrderExportColumn], msgspec.Meta(min_length=1, max_length=11)] | None = None
    format: Literal["csv", "xlsx"] = "xlsx"
    excel_bom: bool = True  # CSV only: a UTF-8 BOM, so Chinese Excel opens it in the right encoding
