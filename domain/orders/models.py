"""Order tables. Money is NUMERIC(14,2) in the tenant currency; quantities are whole units."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, UniqueConstraint, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.timeline import TimelineColumns
from tenants.audit_targets import register_target
from tenants.models import MONEY, RATE, Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


def _when() -> Mapped[datetime | None]:
    return mapped_column(DateTime(timezone=True), nullable=True)


class OrderSettings(TenantScoped, Base):
    """Per-tenant approval rules (one row per tenant): above either threshold an order waits for
    `orders:approve`; unset thresholds never require approval."""

    __tablename__ = "order_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)
    approval_amount_threshold: Mapped[Decimal | None] = mapped_column(MONEY, nullable=True)
    approval_discount_percent: Mapped[Decimal | None] = mapped_column(RATE, nullable=True)
    # Drafts untouched this long are discarded by the sweep (parked carts nobody came back for).
    draft_ttl_hours: Mapped[int] = mapped_column(Integer, default=72, server_default=text("72"))
    updated_at: Mapped[datetime] = _now()


class Order(TenantScoped, Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "tracking_token"),
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["created_by"], "users"),
        Index("ix_orders_tenant_id_store_id_created_at", "tenant_id", "store_id", "created_at"),
        Index("ix_orders_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_orders_tenant_id_status_created_at", "tenant_id", "status", "created_at"),
        Index("ix_orders_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_orders_tenant_id_created_by", "tenant_id", "created_by"),
        Index(
            "ix_orders_tenant_id_drafts_updated_at",
            "tenant_id",
            "updated_at",
            postgresql_where=text("status = 'draft'"),
        ),
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("paid_total >= 0", name="paid_not_negative"),
        CheckConstraint("points_redeemed >= 0", name="points_redeemed_not_negative"),
    )
    number: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))  # store | phone | online | api
    store_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # None: a walk-in sale
    status: Mapped[str] = mapped_column(String(30), default="draft")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))  # order-level, before tax
    subtotal: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    discount_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    tax_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    # Loyalty points redeemed at capture and the money they took off (an order-level discount
    # besides `discount`, shared across lines the same way).
    points_redeemed: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    points_discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default=text("0"))
    # The member's tier benefit (its discount percent of what is left after the staff's discount).
    tier_discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default=text("0"))
    paid_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    refunded_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    note: Mapped[str] = mapped_column(Text, default="")
    requires_approval: Mapped[bool] = mapped_column(default=False)
    # The approval rules that fired at submit: [{"code", "limit", "value"}] (empty: none did).
    approval_reasons: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # Unguessable public tracking token (secrets.token_urlsafe(32)); public_links holds its hash.
    tracking_token: Mapped[str] = mapped_column(String(43))
    submitted_at: Mapped[datetime | None] = _when()
    approved_at: Mapped[datetime | None] = _when()
    shipped_at: Mapped[datetime | None] = _when()
    delivered_at: Mapped[datetime | None] = _when()
    completed_at: Mapped[datetime | None] = _when()
    cancelled_at: Mapped[datetime | None] = _when()
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    version: Mapped[int] = mapped_column(default=1)


class OrderLine(TenantScoped, Base):
    """A line priced from the catalog at capture (never from the client)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        tenant_fk(["product_id"], "products"),
        UniqueConstraint("tenant_id", "order_id", "line_no"),
        Index("ix_order_lines_tenant_id_product_id", "tenant_id", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity", name="fulfilled_within"),
        CheckConstraint("shipped_quantity >= 0 AND shipped_quantity <= fulfilled_quantity", name="shipped_within"),
        CheckConstraint("returned_quantity >= 0 AND returned_quantity <= shipped_quantity", name="returned_within"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))  # the name shown by default (zh, else en, else SKU)
    name_zh: Mapped[str] = mapped_column(String(200), default="", server_default="")  # the catalog's, at capture
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    tax_rate: Mapped[Decimal] = mapped_column(RATE)
    tax_amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    line_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    fulfilled_quantity: Mapped[int] = mapped_column(Integer, default=0)
    shipped_quantity: Mapped[int] = mapped_column(Integer, default=0)
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0)


class OrderEvent(TimelineColumns, TenantScoped, Base):
    """The order's status history and every change worth showing on its timeline."""

    __tablename__ = "order_events"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        Index("ix_order_events_tenant_id_order_id_at", "tenant_id", "order_id", "created_at"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class Fulfilment(TenantScoped, Base):
    """Picked and packed units of an order; shipped with a carrier and tracking number."""

    __tablename__ = "fulfilments"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        Index("ix_fulfilments_tenant_id_order_id", "tenant_id", "order_id"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default="packed")  # packed | shipped | delivered | cancelled
    carrier: Mapped[str] = mapped_column(String(60), default="")
    tracking_number: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = _now()
    shipped_at: Mapped[datetime | None] = _when()
    delivered_at: Mapped[datetime | None] = _when()


class FulfilmentLine(TenantScoped, Base):
    __tablename__ = "fulfilment_lines"
    __table_args__ = (
        tenant_fk(["fulfilment_id"], "fulfilments", ondelete="CASCADE"),
        tenant_fk(["order_line_id"], "order_lines", ondelete="CASCADE"),
        Index("ix_fulfilment_lines_tenant_id_fulfilment_id", "tenant_id", "fulfilment_id"),
        Index("ix_fulfilment_lines_tenant_id_order_line_id", "tenant_id", "order_line_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )
    fulfilment_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    order_line_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    quantity: Mapped[int] = mapped_column(Integer)


class Payment(TenantScoped, Base):
    """A payment as the POS or provider reported it; refunds are negative amounts."""

    __tablename__ = "payments"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        tenant_fk(["return_id"], "order_returns"),
        tenant_fk(["recorded_by"], "users"),
        Index("ix_payments_tenant_id_order_id", "tenant_id", "order_id"),
        Index("ix_payments_tenant_id_return_id", "tenant_id", "return_id"),
        Index("ix_payments_tenant_id_recorded_by", "tenant_id", "recorded_by"),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    method: Mapped[str] = mapped_column(String(20))  # cash | card | wechat_pay | alipay | bank_transfer | store_credit
    amount: Mapped[Decimal] = mapped_column(MONEY)
    reference: Mapped[str] = mapped_column(String(100), default="")
    return_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = _now()


class OrderReturn(TenantScoped, Base):
    """A return (RMA): requested → approved | rejected → received (stock back) → refunded."""

    __tablename__ = "order_returns"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["ticket_id"], "tickets"),
        Index("ix_order_returns_tenant_id_order_id", "tenant_id", "order_id"),
        Index("ix_order_returns_tenant_id_ticket_id", "tenant_id", "ticket_id"),
        Index("ix_order_returns_tenant_id_store_id", "tenant_id", "store_id"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="requested")
    reason: Mapped[str] = mapped_column(Text, default="")
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # where the goods come back
    refund_amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # the service ticket that asked
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()


class ReturnLine(TenantScoped, Base):
    __tablename__ = "order_return_lines"
    __table_args__ = (
        tenant_fk(["return_id"], "order_returns", ondelete="CASCADE"),
        tenant_fk(["order_line_id"], "order_lines", ondelete="CASCADE"),
        Index("ix_order_return_lines_tenant_id_return_id", "tenant_id", "return_id"),
        Index("ix_order_return_lines_tenant_id_order_line_id", "tenant_id", "order_line_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )
    return_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    order_line_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    quantity: Mapped[int] = mapped_column(Integer)


class Invoice(TenantScoped, Base):
    """Issued once per order, with a gapless per-tenant number."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "order_id"),
        tenant_fk(["order_id"], "orders", ondelete="CASCADE"),
    )
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(30))
    issued_at: Mapped[datetime] = _now()


# Orders are the store's; an `own`-scoped caller sees the orders they created.
register(Order, Rule("No such order.", stores=("store_id",), own=("created_by",)))
register_target("order", Order, lambda: Order.number)
