"""Products, categories and per-store stock. Stock never changes without a movement row."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from domain.custom_fields.public import register_entity
from domain.kernel.timeline import TimelineColumns
from tenants.audit_targets import register_target
from tenants.models import MONEY, RATE, Base, TenantScoped, tenant_fk
from tenants.scoping import Rule, register


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Category(TenantScoped, Base):
    """A node of the product category tree."""

    __tablename__ = "product_categories"
    __table_args__ = (
        tenant_fk(["parent_id"], "product_categories"),
        Index("ix_product_categories_tenant_id_parent_id", "tenant_id", "parent_id"),
        Index(
            "uq_product_categories_tenant_id_parent_name",
            "tenant_id",
            text("coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid)"),
            "name",
            unique=True,
        ),
    )
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="", server_default="")  # shown to English readers
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = _now()


class Product(TenantScoped, Base):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sku"),
        Index(
            "uq_products_tenant_id_barcode",
            "tenant_id",
            "barcode",
            unique=True,
            postgresql_where=text("barcode IS NOT NULL"),
        ),
        Index(
            "uq_products_tenant_id_external_id",
            "tenant_id",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        tenant_fk(["category_id"], "product_categories"),
        Index("ix_products_tenant_id_category_id", "tenant_id", "category_id"),
        Index("ix_products_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        CheckConstraint("list_price >= 0", name="list_price_not_negative"),
        CheckConstraint("tax_rate >= 0 AND tax_rate < 1", name="tax_rate_fraction"),
    )
    sku: Mapped[str] = mapped_column(String(64))
    barcode: Mapped[str | None] = mapped_column(String(64), nullable=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    category_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    unit: Mapped[str] = mapped_column(String(20), default="件")
    list_price: Mapped[Decimal] = mapped_column(MONEY)
    tax_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal("0.13"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    low_stock_threshold: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The tenant's custom fields (domain/custom_fields), canonical values by key.
    custom: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    version: Mapped[int] = mapped_column(default=1)


class ProductSearchTerm(Base):
    """Searchable terms of a product (name n-grams, pinyin initials, SKU and barcode prefixes)."""

    __tablename__ = "product_search_terms"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "term", "product_id"),
        tenant_fk(["product_id"], "products", ondelete="CASCADE"),
        Index("ix_product_search_terms_tenant_id_product_id", "tenant_id", "product_id"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    term: Mapped[str] = mapped_column(String(120, collation="C"))
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class StockLevel(Base):
    """On-hand and reserved units of one product in one store; available = on_hand - reserved.

    The CHECK constraints are the last line against overselling: a conditional UPDATE that would
    take reserved past on_hand fails in the database even if a service got it wrong.
    """

    __tablename__ = "stock_levels"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "store_id", "product_id"),
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["product_id"], "products"),
        Index("ix_stock_levels_tenant_id_product_id", "tenant_id", "product_id"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved_within_on_hand"),
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    store_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = _now()


class StockMovement(TenantScoped, Base):
    """An append-only record of every on-hand change (and of reservations, for the history)."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        tenant_fk(["store_id"], "stores"),
        tenant_fk(["product_id"], "products"),
        tenant_fk(["created_by"], "users"),
        Index("ix_stock_movements_tenant_id_store_product_at", "tenant_id", "store_id", "product_id", "created_at"),
        Index("ix_stock_movements_tenant_id_product_id", "tenant_id", "product_id"),
        Index("ix_stock_movements_tenant_id_created_by", "tenant_id", "created_by"),
        Index("ix_stock_movements_tenant_id_reference", "tenant_id", "reference_type", "reference_id"),
    )
    store_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # receipt | adjustment | sale | return | transfer_out | transfer_in | reserve | release
    kind: Mapped[str] = mapped_column(String(20))
    on_hand_delta: Mapped[int] = mapped_column(Integer, default=0)
    reserved_delta: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    reference_type: Mapped[str] = mapped_column(String(30), default="")
    reference_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = _now()


class Transfer(TenantScoped, Base):
    """Stock moving between stores: requested → shipped (out of the source) → received."""

    __tablename__ = "stock_transfers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        tenant_fk(["from_store_id"], "stores"),
        tenant_fk(["to_store_id"], "stores"),
        tenant_fk(["created_by"], "users"),
        Index("ix_stock_transfers_tenant_id_from_store_id", "tenant_id", "from_store_id"),
        Index("ix_stock_transfers_tenant_id_to_store_id", "tenant_id", "to_store_id"),
        Index("ix_stock_transfers_tenant_id_created_by", "tenant_id", "created_by"),
        CheckConstraint("from_store_id <> to_store_id", name="distinct_stores"),
    )
    number: Mapped[str] = mapped_column(String(30))
    from_store_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    to_store_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = _now()
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = _now()
    version: Mapped[int] = mapped_column(default=1)


class TransferEvent(TimelineColumns, TenantScoped, Base):
    """The transfer's status history (its timeline), written by the change recorder."""

    __tablename__ = "stock_transfer_events"
    __table_args__ = (
        tenant_fk(["transfer_id"], "stock_transfers", ondelete="CASCADE"),
        Index("ix_stock_transfer_events_tenant_id_transfer_id_at", "tenant_id", "transfer_id", "created_at"),
    )
    transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class TransferLine(TenantScoped, Base):
    __tablename__ = "stock_transfer_lines"
    __table_args__ = (
        tenant_fk(["transfer_id"], "stock_transfers", ondelete="CASCADE"),
        tenant_fk(["product_id"], "products"),
        UniqueConstraint("tenant_id", "transfer_id", "product_id"),
        Index("ix_stock_transfer_lines_tenant_id_product_id", "tenant_id", "product_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )
    transfer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    quantity: Mapped[int] = mapped_column(Integer)


# Products and categories belong to the whole chain; a transfer is visible from either store
# (the RESTRICTIVE policy says the same).
register(Product, Rule("No such product."))
register(Category, Rule("No such category."))
# Stock and its history are the store's.
register(StockLevel, Rule("No stock of this product in this store.", stores=("store_id",)))
register(StockMovement, Rule("No such stock movement.", stores=("store_id",)))
register(Transfer, Rule("No such transfer.", stores=("from_store_id", "to_store_id")))
register_target(
    "product",
    Product,
    lambda: func.coalesce(func.nullif(Product.name_zh, ""), Product.name_en),
    label_en=lambda: func.coalesce(func.nullif(Product.name_en, ""), Product.name_zh),
)
register_target(
    "product_category",
    Category,
    lambda: Category.name,
    label_en=lambda: func.coalesce(func.nullif(Category.name_en, ""), Category.name),
)
register_target("transfer", Transfer, lambda: Transfer.number)
register_entity("product", Product, ProductSearchTerm, "product_id")
