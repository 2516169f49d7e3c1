"""Importing products from a table: the columns the product knows (with header words in Chinese
and English), how a row's cells become the API's product fields (msgspec's `ProductUpdate`,
then `products.clean_fields`: SKU and barcode forms, prices with the tenant currency's places,
tax rates), a category named by its name in either language or its path (`茶叶/绿茶`), custom
field columns (domain/custom_fields/imports.py), and the batch write
(domain/catalog/import_writes.py): matched by SKU, barcode or external id and skipped, updated
or created anyway.

The file machinery, checkpoints and the error report are the integrations context's
(domain/integrations/imports.py); this module is what it needs to know of products.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import select

from domain.catalog.import_writes import write_rows
from domain.catalog.models import Category as CategoryRow
from domain.catalog.products import clean_fields
from domain.catalog.schemas import ProductUpdate
from domain.custom_fields import public as custom_fields
from domain.integrations import cells
from domain.integrations.imports import Cells, Column, Importer, Outcome, Settings, run_import
from domain.integrations.jobs import JobRun
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.messages import translate
from tenants.scoping import visible

KIND = "import.products"
FIELDS = (
    "sku", "name_zh", "name_en", "list_price", "category", "barcode", "external_id", "unit", "tax_rate",
    "low_stock_threshold", "status",
)  # fmt: skip
LABELS: dict[str, str] = {
    "sku": "SKU",
    "name_zh": "Product name (Chinese)",
    "name_en": "Product name (English)",
    "list_price": "Price",
    "category": "Category",
    "barcode": "Barcode",
    "external_id": "External id",
    "unit": "Unit",
    "tax_rate": "Tax rate",
    "low_stock_threshold": "Low-stock threshold",
    "status": "Status",
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sku": ("商品编码", "货号", "商品编号", "编码", "款号", "sku", "itemcode", "productcode", "code"),
    "name_zh": ("商品名称", "品名", "名称", "中文名称", "商品名", "name", "productname", "chinesename"),
    "name_en": ("英文名称", "英文名", "englishname", "nameen"),
    "list_price": ("售价", "零售价", "价格", "单价", "标价", "price", "listprice", "retailprice", "unitprice"),
    "category": ("分类", "品类", "类别", "商品分类", "category", "productcategory"),
    "barcode": ("条码", "条形码", "商品条码", "barcode", "ean", "upc"),
    "external_id": ("外部编号", "外部id", "externalid"),
    "unit": ("单位", "计量单位", "unit", "uom"),
    "tax_rate": ("税率", "taxrate", "vat", "tax"),
    "low_stock_threshold": ("低库存阈值", "库存预警", "安全库存", "lowstockthreshold", "reorderpoint"),
    "status": ("状态", "商品状态", "status"),
}
_ACTIVE = frozenset({"active", "在售", "上架", "启用", "正常", "有效"})
_ARCHIVED = frozenset({"archived", "停售", "下架", "停用", "已归档", "归档", "无效"})
_PRICE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_RATE = re.compile(r"[0-9]{1,3}(?:\.[0-9]+)?")
_COUNT = re.compile(r"[0-9]{1,7}")
_PATH = re.compile(r"\s*[/>＞›]\s*")


def _words() -> dict[str, str]:
    words: dict[str, str] = {}
    for field in FIELDS:
        for word in (*SYNONYMS[field], LABELS[field], translate(LABELS[field], "zh-CN")):
            words.setdefault(cells.plain(word), field)
    return words


_HEADER_WORDS = _words()


def suggest(headers: list[str]) -> dict[str, str | None]:
    """The field each column probably holds (each field once, the first column that names it)."""
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for header in headers:
        field = _HEADER_WORDS.get(cells.plain(header))
        out[header] = field if field is not None and field not in taken else None
        if field is not None:
            taken.add(field)
    return out


@dataclass(frozen=True, slots=True)
class Categories:
    """The tenant's categories by name (either language) and by path, lower case."""

    by_word: dict[str, set[uuid.UUID]]

    def find(self, text: str) -> uuid.UUID | str:
        """The category a cell names, or why it names none (a message id)."""
        found = self.by_word.get(_path_word(text), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            return "names more than one category: write its path, with / between the levels"
        return "is not a category of this tenant"


def _path_word(text: str) -> str:
    return "/".join(part.strip().lower() for part in _PATH.split(text.strip()) if part.strip())


async def load_categories(ctx: Ctx) -> Categories:
    rows = list(await ctx.session.execute(select(CategoryRow.id, CategoryRow.name, CategoryRow.name_en, CategoryRow.parent_id).where(visible(ctx, CategoryRow))))  # fmt: skip
    by_id = {r.id: r for r in rows}
    words: dict[str, set[uuid.UUID]] = {}

    def path(row: Any, attr: str) -> list[str]:
        out, seen = [], set()
        while row is not None and row.id not in seen:
            seen.add(row.id)
            out.append(getattr(row, attr) or row.name)
            row = by_id.get(row.parent_id)
        return out[::-1]

    for row in rows:
        for attr in ("name", "name_en"):
            if not getattr(row, attr):
                continue
            words.setdefault(_path_word(getattr(row, attr)), set()).add(row.id)
            full = path(row, attr)
            if len(full) > 1:
                words.setdefault(_path_word("/".join(full)), set()).add(row.id)
    return Categories(words)


Problems = list[tuple[str, str]]  # (field, reason msgid)


def _decimal(text: str, pattern: re.Pattern[str]) -> Decimal | None:
    plain = text.replace("¥", "").replace("￥", "").strip()
    return Decimal(plain.replace(",", "")) if pattern.fullmatch(plain) else None


def _body(given: dict[str, str], categories: Categories, problems: Problems) -> dict[str, Any]:
    """The cells of one row (field → text, blanks left out) as the API's product fields."""
    body: dict[str, Any] = {}
    for field, text in given.items():
        if field == "list_price":
            price = _decimal(text, _PRICE)
            if price is None:
                problems.append((field, "is not a price: write it as 128.00"))
            else:
                body[field] = price
        elif field == "tax_rate":
            rate = _decimal(text.removesuffix("%"), _RATE)
            if rate is None:
                problems.append((field, "is not a tax rate: write it as 13% or 0.13"))
            else:
                body[field] = rate / 100 if text.endswith("%") or rate >= 1 else rate
        elif field == "low_stock_threshold":
            if _COUNT.fullmatch(text) is None:
                problems.append((field, "must be a whole number of units from 0 to 1,000,000"))
            else:
                body[field] = int(text)
        elif field == "status":
            word = cells.plain(text)
            if word in _ACTIVE:
                body[field] = "active"
            elif word in _ARCHIVED:
                body[field] = "archived"
            else:
                problems.append((field, "must be active or archived"))
        elif field == "category":
            found = categories.find(text)
            if isinstance(found, str):
                problems.append((field, found))
            else:
                body["category_id"] = found
        elif not field.startswith(custom_fields.PREFIX):  # custom cells: CustomColumns.convert
            body[field] = text
    return body


_ERROR_PATH = re.compile(r" - at `\$\.?([^`]*)`$")
_REASONS = {
    "sku": "must be at most 64 letters, digits and . _ / -, starting with a letter or digit",
    "barcode": "must be at most 64 letters, digits and -",
    "name_zh": "must be at most 200 characters",
    "name_en": "must be at most 200 characters",
    "unit": "must be at most 20 characters",
    "external_id": "must be at most 100 characters",
    "low_stock_threshold": "must be a whole number of units from 0 to 1,000,000",
}


def _convert(body: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """The body checked by the API's ProductUpdate (forms and lengths of SKU, barcode, names…);
    a field it refuses is noted and left out, so every bad cell of a row is reported."""
    while True:
        try:
            data = msgspec.convert(body, ProductUpdate)
        except msgspec.ValidationError as error:
            message = str(error)
            found = _ERROR_PATH.search(message)
            key = found.group(1).split(".", 1)[0] if found else ""
            reason = _REASONS.get(key) or _ERROR_PATH.sub("", message)
            problems.append(("category" if key == "category_id" else key or "sku", reason))
            if key not in body:
                return {}
            del body[key]
            continue
        return {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET and k in body}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A row as product column values (the fields it gives only) or what is wrong with it."""

    values: dict[str, Any] | None
    problems: Problems


def parse(row: dict[str, str], categories: Categories, currency: str, custom: custom_fields.CustomColumns) -> Parsed:
    """One row through the API's rules: ProductUpdate's forms, then `clean_fields` (trimmed,
    prices with the currency's places, tax rates); custom cells as `values["custom"]`. A new
    product's own needs (a name, a price) are the write's to check: an update may lack them."""
    problems: Problems = []
    given = {f: t.strip() for f, t in row.items() if t.strip()}
    body = _body(given, categories, problems)
    status = body.pop("status", None)  # not a ProductUpdate field: the API archives and restores
    custom_values = custom.convert(given, problems)
    values, errors = clean_fields(_convert(body, problems), currency)
    if status is not None:
        values["status"] = status
    problems += [("category" if e.field == "category_id" else e.field, e.message) for e in errors]
    if "sku" not in values and not any(f == "sku" for f, _ in problems):
        problems.append(("sku", "is required"))
    if custom_values:
        values["custom"] = custom_values
    return Parsed(None if problems else values, problems)


class ProductImporter:
    """What domain/integrations/imports.py needs to import products."""

    kind = KIND
    resource = "products"
    required: tuple[str, ...] = ("sku",)
    match_by: tuple[str, ...] = ("sku", "barcode", "external_id")

    async def columns(self, ctx: Ctx) -> list[Column]:
        own = [Column(f, LABELS[f], f in ("sku", "list_price")) for f in FIELDS]
        return own + (await custom_fields.import_columns(ctx, "product")).columns()

    def suggest(self, headers: list[str]) -> dict[str, str | None]:
        return suggest(headers)

    async def _context(self, ctx: Ctx, *, share: bool) -> tuple[Categories, str, custom_fields.CustomColumns]:
        custom = await custom_fields.import_columns(ctx, "product", share=share)
        return await load_categories(ctx), await currency_of(ctx.session, ctx.tenant_id), custom

    async def check(self, ctx: Ctx, rows: list[Cells]) -> list[Problems]:
        categories, currency, custom = await self._context(ctx, share=False)
        return [parse(row, categories, currency, custom).problems for row in rows]

    async def write(self, ctx: Ctx, rows: list[tuple[int, Cells]], settings: Settings) -> list[Outcome]:
        categories, currency, custom = await self._context(ctx, share=True)
        parsed = [(n, parse(row, categories, currency, custom)) for n, row in rows]
        return await write_rows(ctx, parsed, settings, custom)


IMPORTER: Importer = ProductImporter()


async def import_products(run: JobRun) -> dict[str, Any]:
    """The job handler (api/worker.py)."""
    return await run_import(run, IMPORTER)
