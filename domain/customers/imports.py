"""Importing customers from a table: which columns the product knows (with the header words it
recognises, in Chinese and English: the export's headings and their usual synonyms), how a row
becomes a `CustomerCreate` (the API's own type and rules: msgspec, then `clean_fields`), and the
batch write: duplicates matched by phone, email or external id and skipped, updated or created
anyway, new customers written with their search terms, masked reference and an "imported" moment
on their timeline, a few statements per batch (domain/customers/import_writes.py).

The file machinery, the checkpoints and the error report are the integrations context's
(domain/integrations/imports.py); this module is what it needs to know of customers.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal, get_args

import msgspec
from sqlalchemy import select

from domain.custom_fields import public as custom_fields
from domain.customers.actions import clean_fields, flatten
from domain.customers.exports import HEADINGS, WORDS
from domain.customers.import_writes import write_rows
from domain.customers.schemas import CustomerCreate
from domain.integrations import cells
from domain.integrations.imports import Cells, Column, Importer, Outcome, Settings, run_import
from domain.integrations.jobs import JobRun
from tenants.context import Ctx
from tenants.messages import translate
from tenants.models import Store
from tenants.scoping import of_tenant

KIND = "import.customers"
Field = Literal[
    "name", "phone", "email", "gender", "birthday", "tags", "lifecycle_stage", "home_store", "email_consent",
    "sms_consent", "external_id", "notes", "province", "city", "district", "address",
]  # fmt: skip
FIELDS: tuple[Field, ...] = get_args(Field)
# Field labels, English msgids (the export's headings where it has the column).
LABELS: dict[str, str] = {
    **{k: v for k, v in HEADINGS.items() if k in FIELDS},
    "home_store": "Home store",
    "external_id": "External id",
    "notes": "Notes",
    "province": "Province",
    "city": "City",
    "district": "District",
    "address": "Address",
}
# More header words each field is recognised by (compared without case, spaces or punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "客户姓名", "会员姓名", "客户名称", "name", "fullname", "customername"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话", "移动电话", "phone", "mobile", "tel", "cellphone"),
    "email": ("邮箱", "电子邮件", "电子邮箱", "邮件", "email", "e-mail", "mail"),
    "gender": ("性别", "gender", "sex"),
    "birthday": ("生日", "出生日期", "出生年月日", "birthday", "birthdate", "dateofbirth", "dob"),
    "tags": ("标签", "tags", "tag", "labels"),
    "lifecycle_stage": ("阶段", "客户阶段", "生命周期", "stage", "lifecyclestage"),
    "home_store": ("所属门店", "门店", "门店编码", "门店代码", "店铺", "homestore", "store", "storecode"),
    "email_consent": ("同意接收邮件", "邮件订阅", "emailconsent", "emailoptin"),
    "sms_consent": ("同意接收短信", "短信订阅", "smsconsent", "smsoptin"),
    "external_id": ("外部编号", "外部id", "会员号", "会员编号", "会员卡号", "externalid", "memberid", "memberno"),
    "notes": ("备注", "说明", "notes", "note", "remarks", "comment"),
    "province": ("省", "省份", "province", "state"),
    "city": ("城市", "市", "city"),
    "district": ("区", "区县", "district"),
    "address": ("地址", "详细地址", "address", "street"),
}
_GENDERS = {"男": "male", "先生": "male", "m": "male", "女": "female", "女士": "female", "f": "female"}
_plain = cells.plain


def _words() -> dict[str, str]:
    """Every recognised header word → its field."""
    words: dict[str, str] = {}
    for field in FIELDS:
        for word in (*SYNONYMS[field], LABELS[field], translate(LABELS[field], "zh-CN")):
            words.setdefault(_plain(word), field)
    return words


_HEADER_WORDS = _words()
# Coded values written as the export writes them (either language) or as people type them.
_VALUES: dict[str, dict[str, str]] = {
    "gender": {
        **_GENDERS,
        **{_plain(w): w for w in ("male", "female", "unknown")},
        **{_plain(translate(WORDS[w], lang)): w for w in ("male", "female", "unknown") for lang in ("en", "zh-CN")},
    },
    "lifecycle_stage": {
        _plain(translate(WORDS[w], lang)): w
        for w in ("lead", "prospect", "customer", "vip", "churned")
        for lang in ("en", "zh-CN")
    }
    | {w: w for w in ("lead", "prospect", "customer", "vip", "churned")},
}


def suggest(headers: list[str]) -> dict[str, str | None]:
    """The field each column probably holds (each field once, the first column that names it)."""
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for header in headers:
        field = _HEADER_WORDS.get(_plain(header))
        out[header] = field if field is not None and field not in taken else None
        if field is not None:
            taken.add(field)
    return out


@dataclass(frozen=True, slots=True)
class Stores:
    """The stores the importing user may assign, by code and by name (lower case)."""

    by_word: dict[str, uuid.UUID]


async def usable_stores(ctx: Ctx) -> Stores:
    rows = await ctx.session.execute(select(Store.id, Store.code, Store.name).where(of_tenant(ctx.tenant_id, Store)))
    words: dict[str, uuid.UUID] = {}
    for row in rows:
        if ctx.actor.covers_store(row.id):
            words.setdefault(row.code.strip().lower(), row.id)
            words.setdefault(row.name.strip().lower(), row.id)
    return Stores(words)


Problems = list[tuple[str, str]]  # (field, reason msgid)


def _body(given: dict[str, str], stores: Stores, problems: Problems) -> dict[str, Any]:
    """The cells of one row (field → text, blanks left out) as a CustomerCreate body."""
    body: dict[str, Any] = {}
    address: dict[str, str] = {}
    consent: dict[str, Any] = {}
    for field, text in given.items():
        if field in ("gender", "lifecycle_stage"):
            body[field] = _VALUES[field].get(_plain(text), text)
        elif field == "birthday":
            body[field] = cells.date_text(text)
        elif field == "tags":
            body[field] = cells.items(text)
        elif field == "home_store":
            store_id = stores.by_word.get(text.strip().lower())
            if store_id is None:
                problems.append((field, "is not a store you can assign"))
            else:
                body["home_store_id"] = str(store_id)
        elif field in ("email_consent", "sms_consent"):
            granted = cells.yes_no(text)
            if granted is None:
                problems.append((field, "must be yes or no"))
            else:
                consent[field.removesuffix("_consent")] = {"granted": granted, "source": "import"}
        elif field in ("province", "city", "district", "address"):
            address["detail" if field == "address" else field] = text
        elif not field.startswith(custom_fields.PREFIX):  # custom cells: CustomColumns.convert
            body[field] = text
    if address:
        body["address"] = address
    if consent:
        body["consent"] = consent
    return body


_PATH = re.compile(r" - at `\$\.?([^`]*)`$")


def _field_of(path: str) -> str:
    """A msgspec error path (`address.city`, `consent.email.granted`, `tags[0]`) → the field."""
    head, _, rest = path.partition(".")
    head = head.split("[", 1)[0]
    if head == "address":
        part = rest.split(".", 1)[0]
        return "address" if part == "detail" else part
    if head == "consent":
        return f"{rest.split('.', 1)[0]}_consent"
    return "home_store" if head == "home_store_id" else head


def _convert(body: dict[str, Any], problems: Problems) -> CustomerCreate | None:
    """The body as the API's CustomerCreate; a field it refuses is noted and left out, so every
    bad cell of a row is reported, not only the first."""
    while True:
        try:
            return msgspec.convert(body, CustomerCreate)
        except msgspec.ValidationError as error:
            message = str(error)
            found = _PATH.search(message)
            path = found.group(1) if found else ""
            field = _field_of(path) if path else "name"
            reason = _PATH.sub("", message) or "is invalid"
            if field == "birthday":
                reason = "is not a date; write it as 1990-05-20"
            if "missing required field `name`" in message:
                field, reason = "name", "is required"
            problems.append((field, reason))
            key = path.split(".", 1)[0].split("[", 1)[0] if path else "name"
            if key == "name" or key not in body:
                return None
            del body[key]


# Which columns each body key writes (an update changes only what the row gives).
_ADDRESS_COLUMNS = {"province": "province", "city": "city", "district": "district", "detail": "address_detail"}


def _present(body: dict[str, Any]) -> set[str]:
    columns: set[str] = set()
    for key, value in body.items():
        if key == "address":
            columns |= {_ADDRESS_COLUMNS[k] for k in value}
        elif key == "consent":
            columns |= {f"{c}_consent{s}" for c in value for s in ("", "_at", "_source")}
        else:
            columns.add(key)
    return columns


@dataclass(frozen=True, slots=True)
class Parsed:
    """A row as column values (`values`, the fields it gives only) or what is wrong with it."""

    values: dict[str, Any] | None
    problems: Problems


def parse(row: dict[str, str], stores: Stores, custom: custom_fields.CustomColumns) -> Parsed:
    """One row through the API's rules: CustomerCreate, then clean_fields (phone in E.164, email
    lower-case, tags deduplicated, name not blank); the custom cells as their fields' values
    (`values["custom"]`, only the keys the row gives: merged with the record's at the write)."""
    problems: Problems = []
    given = {f: t.strip() for f, t in row.items() if t.strip()}
    body = _body(given, stores, problems)
    custom_values = custom.convert(given, problems)
    data = _convert(dict(body), problems)
    if data is None:
        return Parsed(None, problems)
    present = _present(body)
    values, errors = clean_fields({k: v for k, v in flatten(data).items() if k in present or k == "name"})
    problems += [(e.field, e.message) for e in errors]
    if custom_values:
        values["custom"] = custom_values
    return Parsed(None if problems else values, problems)


class CustomerImporter:
    """What domain/integrations/imports.py needs to import customers."""

    kind = KIND
    resource = "customers"
    required: tuple[str, ...] = ("name",)
    match_by: tuple[str, ...] = ("phone", "email", "external_id")

    async def columns(self, ctx: Ctx) -> list[Column]:
        own = [Column(f, LABELS[f], f in self.required) for f in FIELDS]
        return own + (await custom_fields.import_columns(ctx, "customer")).columns()

    def suggest(self, headers: list[str]) -> dict[str, str | None]:
        return suggest(headers)

    async def check(self, ctx: Ctx, rows: list[Cells]) -> list[Problems]:
        stores, custom = await usable_stores(ctx), await custom_fields.import_columns(ctx, "customer")
        return [parse(row, stores, custom).problems for row in rows]

    async def write(self, ctx: Ctx, rows: list[tuple[int, Cells]], settings: Settings) -> list[Outcome]:
        stores = await usable_stores(ctx)
        custom = await custom_fields.import_columns(ctx, "customer", share=True)
        return await write_rows(ctx, [(n, parse(row, stores, custom)) for n, row in rows], settings, custom)


IMPORTER: Importer = CustomerImporter()


async def import_customers(run: JobRun) -> dict[str, Any]:
    """The job handler (api/worker.py)."""
    return await run_import(run, IMPORTER)
