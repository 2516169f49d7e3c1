"""Customer writes: create, change, delete, with duplicate checks on phone, email and external id,
search terms kept current, and audit, in the caller's transaction."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from sqlalchemy import delete, insert, select

from domain.custom_fields import public as custom_fields
from domain.customers.events import CUSTOMER, CUSTOMER_CREATED, CUSTOMER_DELETED, CUSTOMER_UPDATED
from domain.customers.mappers import customer_out
from domain.customers.models import Customer as CustomerRow
from domain.customers.models import CustomerSearchTerm
from domain.customers.references import write_reference
from domain.customers.schemas import Customer, CustomerCreate, CustomerUpdate
from domain.customers.search import customer_terms
from domain.kernel.recorder import record
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.errors import Conflict, FieldError, Invalid, check_version
from tenants.models import User
from tenants.scoping import load_visible, of_tenant, visible
from tenants.stores import is_usable_store
from tenants.unique import flush_or_conflict
from tenants.validation import normalise_email, normalise_phone

_TRACKED = (
    "name",
    "gender",
    "birthday",
    "phone",
    "email",
    "province",
    "city",
    "district",
    "address_detail",
    "tags",
    "lifecycle_stage",
    "home_store_id",
    "assigned_to",
    "email_consent",
    "sms_consent",
    "notes",
    "external_id",
    "language",
    "custom",
)


def _snapshot(row: CustomerRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in _TRACKED}


def clean_fields(values: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """The rules of the writable fields that need no database (name, phone, email, tags, external
    id): the values normalised, and what is wrong with them. The API and imports both use it."""
    errors: list[FieldError] = []
    out = dict(values)
    if "name" in out:
        out["name"] = out["name"].strip()
        if not out["name"]:
            errors.append(FieldError("name", "must not be blank"))
    if out.get("phone"):
        try:
            out["phone"] = normalise_phone(out["phone"])
        except ValueError as exc:
            errors.append(FieldError("phone", str(exc)))
    if out.get("email"):
        try:
            out["email"] = normalise_email(out["email"])
        except ValueError as exc:
            errors.append(FieldError("email", str(exc)))
    if "tags" in out:
        out["tags"] = sorted({t.strip() for t in out["tags"] if t.strip()})
    if out.get("external_id") is not None:
        out["external_id"] = out["external_id"].strip() or None
    return out, errors


async def _normalise(ctx: Ctx, values: dict[str, Any], row: CustomerRow | None = None) -> dict[str, Any]:
    """Validate and normalise the writable fields present in `values` (for `row`, when it is an
    update); raise 422 listing all errors. A home store is checked only when it changes: staff
    who serve a member of another store may edit her without moving her."""
    out, errors = clean_fields(values)
    if out.get("home_store_id") is not None and (row is None or out["home_store_id"] != row.home_store_id):
        store_id = out["home_store_id"]
        if not await is_usable_store(ctx, store_id, active=False):
            errors.append(FieldError("home_store_id", "is not a store you can assign"))
    if out.get("assigned_to") is not None:
        status = (
            await ctx.session.execute(
                select(User.status).where(of_tenant(ctx.tenant_id, User), User.id == out["assigned_to"])
            )
        ).scalar_one_or_none()
        if status != "active":
            errors.append(FieldError("assigned_to", "is not an active user of this tenant"))
    if "custom" in out:
        previous = None if row is None else row.custom
        out["custom"], custom_errors = await custom_fields.check(ctx, "customer", out["custom"], previous)
        errors += custom_errors
    if errors:
        raise Invalid(errors)
    return out


def flatten(data: msgspec.Struct) -> dict[str, Any]:
    """Request body → column values (address and consent expand to their columns)."""
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    address = values.pop("address", None)
    if address is not None:
        values.update(
            province=address.province.strip(),
            city=address.city.strip(),
            district=address.district.strip(),
            address_detail=address.detail.strip(),
        )
    consent = values.pop("consent", None)
    now = utcnow()
    for channel in ("email", "sms"):
        change = getattr(consent, channel, None) if consent is not None else None
        if change is not None:
            values[f"{channel}_consent"] = change.granted
            values[f"{channel}_consent_at"] = now
            values[f"{channel}_consent_source"] = change.source
    return values


async def _conflict_for(ctx: Ctx, row_values: dict[str, Any], exclude: uuid.UUID | None) -> Conflict | None:
    """Explain a uniqueness clash (phone or external id) with the existing customer's id."""
    for column, code, label in (
        ("phone", "phone_taken", "phone number"),
        ("external_id", "external_id_taken", "external id"),
    ):
        value = row_values.get(column)
        if not value:
            continue
        # The clash is reported either way (uniqueness is per tenant), but the existing id only
        # when the caller may see that customer: no ids from outside the caller's scope.
        query = select(CustomerRow.id, visible(ctx, CustomerRow)).where(
            of_tenant(ctx.tenant_id, CustomerRow),
            CustomerRow.deleted_at.is_(None),
            getattr(CustomerRow, column) == value,
        )
        if exclude is not None:
            query = query.where(CustomerRow.id != exclude)
        existing = (await ctx.session.execute(query)).one_or_none()
        if existing is not None:
            existing_id, may_see = existing
            if may_see:
                return Conflict(
                    f"Another customer already has this {label}.",
                    code=code,
                    extra={"existing_customer_id": str(existing_id)},
                )
            return out_of_scope(code)
    return None


def out_of_scope(code: str) -> Conflict:
    """The clash is with a customer the caller may not see (another store's member when the tenant
    keeps members to their home store, or another salesperson's): say who can help, reveal nothing."""
    if code == "phone_taken":
        detail = "A customer outside your scope already has this phone number: ask a manager who serves every store."
    else:
        detail = "A customer outside your scope already has this external id: ask a manager who serves every store."
    return Conflict(detail, code=code, extra={"out_of_scope": True})


_HIDDEN_CLASHES = ("phone_taken", "external_id_taken")


async def write_lookups(ctx: Ctx, row: CustomerRow) -> None:
    """The search terms and the masked reference, after create and after name/phone/email changes."""
    await write_reference(ctx, row)
    # The custom field terms first: they hold the definitions until commit, so a field made
    # filterable meanwhile waits for this rewrite, or has finished its own before it.
    terms = set(await custom_fields.filter_terms(ctx, "customer", row.custom or {}))
    await ctx.session.execute(
        delete(CustomerSearchTerm).where(
            of_tenant(ctx.tenant_id, CustomerSearchTerm), CustomerSearchTerm.customer_id == row.id
        )
    )
    terms |= customer_terms(row.name, row.phone, row.email, row.birthday)
    if terms:
        await ctx.session.execute(
            insert(CustomerSearchTerm),
            [{"tenant_id": ctx.tenant_id, "term": t, "customer_id": row.id} for t in sorted(terms)],
        )


_UNIQUE_CONFLICTS = {
    "uq_customers_tenant_id_phone": ("phone_taken", "Another customer already has this phone number."),
    "uq_customers_tenant_id_external_id": ("external_id_taken", "Another customer already has this external id."),
}


async def _flush(ctx: Ctx) -> None:
    """Flush; a clash the pre-check could not see is with a customer that RLS hides from the
    caller (or, rarely, a concurrent write): a 409 named after the violated constraint."""
    try:
        await flush_or_conflict(
            ctx.session, ("customer_conflict", "The customer conflicts with an existing one."), _UNIQUE_CONFLICTS
        )
    except Conflict as clash:
        if clash.code in _HIDDEN_CLASHES:
            raise out_of_scope(clash.code) from clash
        raise


async def create_customer(ctx: Ctx, data: CustomerCreate) -> Customer:
    values = await _normalise(ctx, flatten(data))
    if conflict := await _conflict_for(ctx, values, None):
        raise conflict
    row = CustomerRow(
        tenant_id=ctx.tenant_id, created_by=ctx.actor.user_id, updated_by=ctx.actor.user_id, version=0, **values
    )
    ctx.session.add(row)
    await _flush(ctx)
    await write_lookups(ctx, row)
    await ctx.session.refresh(row)
    record(ctx, CUSTOMER, row, "created", topic=CUSTOMER_CREATED, audit=diff({}, _snapshot(row)))
    await ctx.session.flush()
    return customer_out(row)


async def update_customer(ctx: Ctx, customer_id: uuid.UUID, data: CustomerUpdate, if_match: int | None) -> Customer:
    row = await load_visible(ctx, CustomerRow, customer_id, lock=True)
    check_version("customer", row.version, if_match)
    values = await _normalise(ctx, flatten(data), row)
    if conflict := await _conflict_for(ctx, values, row.id):
        raise conflict
    before = _snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    changes = diff(before, _snapshot(row))
    if changes:
        row.updated_by = ctx.actor.user_id
        fields = sorted(changes)
        record(ctx, CUSTOMER, row, "updated", topic=CUSTOMER_UPDATED, data={"fields": fields}, audit=changes)
        await _flush(ctx)
        if {"name", "phone", "email", "birthday", "custom"} & set(changes):
            await write_lookups(ctx, row)
    return customer_out(row)


async def delete_customer(ctx: Ctx, customer_id: uuid.UUID) -> None:
    """Soft delete: the row stays for history (orders, audit) but leaves lists, search and uniqueness."""
    row = await load_visible(ctx, CustomerRow, customer_id, lock=True)
    row.deleted_at = utcnow()
    await ctx.session.execute(
        delete(CustomerSearchTerm).where(
            of_tenant(ctx.tenant_id, CustomerSearchTerm), CustomerSearchTerm.customer_id == row.id
        )
    )
    record(ctx, CUSTOMER, row, "deleted", topic=CUSTOMER_DELETED, audit={"name": row.name})


async def withdraw_consent(ctx: Ctx, customer_id: uuid.UUID, channel: str, source: str) -> bool:
    """She asked for no more marketing on `channel` (email or sms) — an unsubscribe link, a STOP
    reply: consent off with its source and time, recorded like any change of her (timeline, audit,
    `customer.updated`). The caller is the product itself, acting for her: no staff scope. False
    when there was nothing to withdraw."""
    row = (
        await ctx.session.execute(
            select(CustomerRow)
            .where(of_tenant(ctx.tenant_id, CustomerRow), CustomerRow.id == customer_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None or not getattr(row, f"{channel}_consent"):
        return False
    before = _snapshot(row)
    setattr(row, f"{channel}_consent", False)
    setattr(row, f"{channel}_consent_at", utcnow())
    setattr(row, f"{channel}_consent_source", source)
    changes = diff(before, _snapshot(row))
    data = {"fields": sorted(changes), "source": source}
    record(ctx, CUSTOMER, row, "updated", topic=CUSTOMER_UPDATED, data=data, audit=changes)
    return True
