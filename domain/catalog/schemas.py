"""Catalog, stock and transfer request and response schemas. Money is Decimal (a JSON string)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from domain.catalog.states import TransferAction, TransferStatus
from domain.custom_fields.public import CustomValues
from tenants.decimals import Money, Rate
from tenants.schemas import Input, example

ProductStatus = Literal["active", "archived"]
ProductSort = Literal["name_zh", "-name_zh", "sku", "-sku", "created_at", "-created_at"]
MovementKind = Literal["receipt", "adjustment", "sale", "return", "transfer_out", "transfer_in", "reserve", "release"]
AdjustmentKind = Literal["receipt", "adjustment"]

CategoryName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
Barcode = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
ProductName = Annotated[str, msgspec.Meta(max_length=200)]
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Threshold = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
ExternalId = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Delta = Annotated[int, msgspec.Meta(ge=-1_000_000, le=1_000_000, extra_json_schema={"extra": {"not": {"const": 0}}})]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]


# ---- categories ----


class CategoryNode(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    name_en: str  # "" when the category has no English name (`name` is shown then)
    parent_id: uuid.UUID | None
    product_count: int
    children: list[CategoryNode]


class CategoryTree(msgspec.Struct, kw_only=True):
    items: list[CategoryNode]


class Category(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    name_en: str
    parent_id: uuid.UUID | None
    created_at: datetime


class CategoryCreate(Input):
    name: CategoryName
    name_en: Annotated[str, msgspec.Meta(max_length=100)] = ""
    parent_id: uuid.UUID | None = None


class CategoryUpdate(Input):
    """Rename (`name`) and/or move (`parent_id`; null moves the category to the root)."""

    name: CategoryName | msgspec.UnsetType = msgspec.UNSET
    name_en: Annotated[str, msgspec.Meta(max_length=100)] | msgspec.UnsetType = msgspec.UNSET
    parent_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET


# ---- products ----


class Product(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    sku: str
    barcode: str | None
    name_zh: str
    name_en: str
    category_id: uuid.UUID | None
    unit: str
    unit_en: str  # the unit as an English reader reads it (a Chinese measure word translated)
    list_price: Decimal
    currency: str
    tax_rate: Decimal
    status: ProductStatus
    low_stock_threshold: int
    external_id: str | None
    custom: dict[str, Any]  # the tenant's custom fields, by key (GET /custom-fields?entity=product)
    created_at: datetime
    updated_at: datetime
    version: int


class ProductCreate(Input):
    json_schema_rules: ClassVar[dict[str, Any]] = {
        "anyOf": [
            {"required": ["name_zh"], "properties": {"name_zh": {"type": "string", "minLength": 1}}},
            {"required": ["name_en"], "properties": {"name_en": {"type": "string", "minLength": 1}}},
        ],
        "description": "A product needs a Chinese or an English name (`name_zh` or `name_en`).",
    }

    sku: Annotated[Sku, example("TEA-LJ-250")]
    list_price: Annotated[Money, example("128.00")]
    name_zh: Annotated[ProductName, example("西湖龙井 250g")] = ""
    name_en: Annotated[ProductName, example("West Lake Longjing 250 g")] = ""
    barcode: Annotated[Barcode, example("6901234567892")] | None = None
    category_id: uuid.UUID | None = None
    unit: Annotated[Unit, example("盒")] = "件"
    # Omitted: the catalog default, 0.13 (China's standard VAT rate). UNSET rather than a Decimal
    # default keeps the OpenAPI document plain JSON.
    tax_rate: Rate | msgspec.UnsetType = msgspec.UNSET
    low_stock_threshold: Threshold = 0
    external_id: ExternalId | None = None
    custom: CustomValues = msgspec.field(default_factory=dict)


class ProductUpdate(Input):
    sku: Sku | msgspec.UnsetType = msgspec.UNSET
    name_zh: ProductName | msgspec.UnsetType = msgspec.UNSET
    name_en: ProductName | msgspec.UnsetType = msgspec.UNSET
    barcode: Barcode | msgspec.UnsetType | None = msgspec.UNSET
    category_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    unit: Unit | msgspec.UnsetType = msgspec.UNSET
    list_price: Money | msgspec.UnsetType = msgspec.UNSET
    tax_rate: Rate | msgspec.UnsetType = msgspec.UNSET
    low_stock_threshold: Threshold | msgspec.UnsetType = msgspec.UNSET
    external_id: ExternalId | msgspec.UnsetType | None = msgspec.UNSET
    custom: CustomValues | msgspec.UnsetType = msgspec.UNSET


class ProductFilters(msgspec.Struct, kw_only=True):
    q: str | None = None
    category_id: uuid.UUID | None = None
    status: ProductStatus | None = None
    sort: ProductSort = "name_zh"
    custom: dict[str, list[str]] = msgspec.field(default_factory=dict)  # ?cf.<key>=<value>


# ---- stock ----


class StockItem(msgspec.Struct, kw_only=True):
    """Stock of one product in one store. `in_transit`: units shipped to this store, not yet received."""

    store_id: uuid.UUID
    product_id: uuid.UUID
    sku: str
    name: str
    on_hand: int
    reserved: int
    available: int
    in_transit: int
    low_stock_threshold: int
    is_low: bool
    updated_at: datetime


class StockFilters(msgspec.Struct, kw_only=True):
    store_id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    low_stock: bool = False


class Movement(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    store_id: uuid.UUID
    product_id: uuid.UUID
    sku: str
    name: str  # the product's display name (Chinese, else English)
    kind: MovementKind
    on_hand_delta: int
    reserved_delta: int
    reason: str
    reference_type: str
    reference_id: uuid.UUID | None
    created_by: uuid.UUID | None
    created_at: datetime


class MovementFilters(msgspec.Struct, kw_only=True):
    store_id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    kind: MovementKind | None = None


class AdjustmentCreate(Input):
    store_id: uuid.UUID
    product_id: uuid.UUID
    quantity_delta: Delta
    reason: Reason
    kind: AdjustmentKind = "adjustment"


class Adjustment(msgspec.Struct, kw_only=True):
    stock: StockItem
    movement: Movement


# ---- transfers ----


class TransferLineIn(Input):
    product_id: uuid.UUID
    quantity: Quantity


class TransferCreate(Input):
    json_schema_rules: ClassVar[dict[str, Any]] = {"description": "`to_store_id` must differ from `from_store_id`."}

    from_store_id: uuid.UUID
    to_store_id: uuid.UUID
    lines: Annotated[list[TransferLineIn], msgspec.Meta(min_length=1, max_length=200)]
    note: Note = ""


class TransferLine(msgspec.Struct, kw_only=True):
    product_id: uuid.UUID
    sku: str
    name: str
    quantity: int


class Transfer(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    number: str
    from_store_id: uuid.UUID
    to_store_id: uuid.UUID
    status: TransferStatus
    note: str
    lines: list[TransferLine]
    # Units on the way: the shipped quantity while the transfer is shipped, else 0.
    in_transit: int
    allowed_actions: list[TransferAction]
    created_by: uuid.UUID | None
    created_at: datetime
    shipped_at: datetime | None
    received_at: datetime | None
    version: int


class TransferFilters(msgspec.Struct, kw_only=True):
    status: TransferStatus | None = None
    store_id: uuid.UUID | None = None
