"""Loyalty tables: one program per tenant, one account per member (the derived, locked row), and
the append-only points ledger the account is derived from."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, Numeric, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import text

from tenants.audit_targets import register_target
from tenants.models import MONEY, Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


class LoyaltyProgram(TenantScoped, Base):
    """The tenant's program settings (one row; absent: the defaults, switched off)."""

    __tablename__ = "loyalty_programs"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        CheckConstraint("earn_rate >= 0", name="earn_rate_not_negative"),
        CheckConstraint("redeem_rate > 0", name="redeem_rate_positive"),
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    earn_rate: Mapped[Decimal] = mapped_column(Numeric(10, 4))  # points per currency unit spent
    earn_rounding: Mapped[str] = mapped_column(String(10))  # floor | half_up
    earn_on: Mapped[str] = mapped_column(String(20))  # the order status that earns
    expiry_months: Mapped[int] = mapped_column(Integer)  # 0: points never expire
    redeem_rate: Mapped[int] = mapped_column(Integer)  # points worth one currency unit
    tier_basis: Mapped[str] = mapped_column(String(10))  # spend | points, over a rolling 12 months
    apply_tier_discount: Mapped[bool] = mapped_column(default=False)  # tiers' discount_percent at capture
    tiers: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB
    )  # [{code, name_zh, name_en, threshold, discount_percent}]
    member_prefix: Mapped[str] = mapped_column(String(10))
    member_digits: Mapped[int] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(Integer, default=0)  # member numbers handed out so far
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=0)


class LoyaltyAccount(TenantScoped, Base):
    """A member's points: balance and tier derived from the ledger, kept here so a redemption can
    lock one row (SELECT … FOR UPDATE) and the CHECK refuses a negative balance."""

    __tablename__ = "loyalty_accounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id"),
        UniqueConstraint("tenant_id", "member_number"),
        tenant_fk(["customer_id"], "customers"),
        Index(
            "ix_loyalty_accounts_tenant_id_tier_checked_at",
            "tenant_id",
            "tier_checked_at",
            postgresql_where=text("tier <> ''"),
        ),
        CheckConstraint("balance >= 0", name="balance_not_negative"),
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    member_number: Mapped[str] = mapped_column(String(30))
    balance: Mapped[int] = mapped_column(Integer, default=0)
    tier: Mapped[str] = mapped_column(String(30), default="")  # a tier code of the program, "" below the first
    # Earned points expiring up to this moment have been written off (the expiry job's mark).
    expiry_checked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # When her tier was last judged against the rolling 12 months (the daily tier review).
    tier_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    version: Mapped[int] = mapped_column(default=0)


class LedgerEntry(TenantScoped, Base):
    """One movement of points, never changed once written (the app role may only insert).

    Credits (earn, restore, positive adjust) are lots that expire `expires_at`; debits consume the
    oldest lots first, so what expires is computed, not stored (rules.remainders)."""

    __tablename__ = "loyalty_ledger"
    __table_args__ = (
        tenant_fk(["account_id"], "loyalty_accounts"),
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["order_id"], "orders"),
        tenant_fk(["return_id"], "order_returns"),
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["created_by"], "users"),
        Index("ix_loyalty_ledger_tenant_id_account_id_created_at_id", "tenant_id", "account_id", "created_at", "id"),
        Index("ix_loyalty_ledger_tenant_id_account_id_expires_at", "tenant_id", "account_id", "expires_at"),
        Index(
            "uq_loyalty_ledger_tenant_id_order_id_kind",
            "tenant_id",
            "order_id",
            "kind",
            unique=True,
            postgresql_where=text("kind IN ('earn', 'redeem', 'restore')"),
        ),
        Index("uq_loyalty_ledger_tenant_id_return_id", "tenant_id", "return_id", unique=True),
        Index("ix_loyalty_ledger_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_loyalty_ledger_tenant_id_store_id", "tenant_id", "store_id"),
        Index("ix_loyalty_ledger_tenant_id_created_by", "tenant_id", "created_by"),
        CheckConstraint("kind IN ('earn', 'reverse', 'redeem', 'restore', 'adjust', 'expire')", name="kind"),
        CheckConstraint("points <> 0", name="points_not_zero"),
    )
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column(Integer)  # signed: credits > 0, debits < 0
    amount: Mapped[Decimal | None] = mapped_column(
        MONEY, nullable=True
    )  # the money it stands for (earn, reverse, redeem)
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    return_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # where it happened (informative)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # credits only
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# A member's account is the chain's: labelled by member number wherever the audit log names it.
register(LoyaltyAccount, Rule("No such member."))
register_target("loyalty_account", LoyaltyAccount, lambda: LoyaltyAccount.member_number)
