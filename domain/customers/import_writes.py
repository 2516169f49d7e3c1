"""Writing one batch of imported customer rows, in the job's transaction: each row matched with
an existing customer (by phone, email or external id) and skipped, updated or created anyway as
the user chose, in file order (rows of the batch that share a key go in later waves, so a file
that names a customer twice behaves as if read row by row). New customers are written in bulk
with their search terms (domain/customers/search.py and the filterable custom fields' `cf:`
terms), masked reference and an `imported` moment on their timeline; updates go through the ORM
row by row. Custom values follow the API's rule: a new customer needs every required custom
field, an update merges the keys the file maps into hers and leaves the others. A clash the
checks could not foresee (a concurrent write of the same phone, or a customer RLS hides from the
user) rolls back to a savepoint and the wave is redone in halves down to the rows that clash.

No outbox event per row: a million `customer.created` events would drown webhook receivers and
the live stream; the import is one audit entry with its counts instead (README "Imports").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ARRAY, ColumnElement, String, and_, any_, bindparam, delete, insert, select, text, update

from domain.custom_fields import public as custom_fields
from domain.customers.actions import out_of_scope
from domain.customers.models import Customer as CustomerRow
from domain.customers.models import CustomerReference, CustomerSearchTerm, TimelineEntry
from domain.customers.references import mask_name
from domain.customers.search import customer_terms, email_terms
from domain.integrations.imports import Outcome, Rows, Settings, write_in_waves
from domain.kernel.recorder import actor_of
from tenants.clock import stamp
from tenants.context import Ctx
from tenants.ids import uuid7
from tenants.scoping import of_tenant, visible

if TYPE_CHECKING:
    from domain.customers.imports import Parsed

_UNIQUE = ("phone", "external_id")  # unique among live customers (domain/customers/models.py)
_TAKEN = {
    "phone": "Another customer already has this phone number.",
    "external_id": "Another customer already has this external id.",
}
_LOOKUP = ("name", "phone", "email", "birthday")  # what the search terms are made of


@dataclass(frozen=True, slots=True)
class _Existing:
    id: uuid.UUID
    phone: str | None
    email: str | None
    external_id: str | None
    custom: dict[str, Any]
    visible: bool


def _keys(values: dict[str, Any], match_by: str) -> set[tuple[str, str]]:
    keys = {(c, str(values[c])) for c in _UNIQUE if values.get(c)}
    if values.get(match_by):
        keys.add((match_by, str(values[match_by])))
    return keys


async def write_rows(
    ctx: Ctx, rows: list[tuple[int, Parsed]], settings: Settings, custom: custom_fields.CustomColumns
) -> list[Outcome]:
    """Each row's outcome, in the rows' order; `custom`: the custom fields, read for this batch."""
    return await write_in_waves(
        ctx,
        rows,
        lambda values: _keys(values, settings.match_by),
        lambda wave: _wave(ctx, wave, settings, custom),
        _hidden_clash,
    )


async def _existing(ctx: Ctx, wave: Rows, match_by: str) -> list[_Existing]:
    """The live customers a wave's rows name (by each unique column and the matching one), oldest
    first: one statement per column, each with one array parameter (see `_named`)."""
    wanted: dict[str, set[str]] = {}
    for _, values in wave:
        for column, value in _keys(values, match_by):
            wanted.setdefault(column, set()).add(value)
    found: dict[uuid.UUID, Any] = {}
    for column, named in sorted(wanted.items()):
        query = select(
            CustomerRow.id,
            CustomerRow.created_at,
            CustomerRow.phone,
            CustomerRow.email,
            CustomerRow.external_id,
            CustomerRow.custom,
            visible(ctx, CustomerRow).label("visible"),
        ).where(of_tenant(ctx.tenant_id, CustomerRow), CustomerRow.deleted_at.is_(None), _named(ctx, column, named))
        for row in await ctx.session.execute(query):
            found[row.id] = row
    rows = sorted(found.values(), key=lambda r: (r.created_at, r.id))
    return [_Existing(r.id, r.phone, r.email, r.external_id, r.custom or {}, bool(r.visible)) for r in rows]


def _named(ctx: Ctx, column: str, values: set[str]) -> ColumnElement[bool]:
    """`column` is one of `values`, through an index: the unique ones' own, an email through its
    search term. One array parameter, not one per value: a prepared statement goes to a generic
    plan after five runs, and a generic plan of `tenant_id = $1 AND phone IN ($2, … $1001)`
    estimates the tenant at the average size and scans all her customers (the biggest tenant's
    import slowed batch by batch; tests/bench/README.md "Customer import")."""
    listed = bindparam(f"{column}_values", sorted(values), type_=ARRAY(String))
    if column != "email":
        unique: ColumnElement[bool] = getattr(CustomerRow, column) == any_(listed)
        return unique
    terms = bindparam("email_terms", sorted(t for v in values for t in email_terms(v)), type_=ARRAY(String))
    by_term = select(CustomerSearchTerm.customer_id).where(
        of_tenant(ctx.tenant_id, CustomerSearchTerm), CustomerSearchTerm.term == any_(terms)
    )
    return and_(CustomerRow.id.in_(by_term), CustomerRow.email == any_(listed))


def _clash(values: dict[str, Any], existing: list[_Existing], itself: uuid.UUID | None) -> tuple[str, str] | None:
    """A unique value (phone, external id) another live customer already has."""
    for column in _UNIQUE:
        value = values.get(column)
        if not value:
            continue
        for other in existing:
            if getattr(other, column) == value and other.id != itself:
                return (column, _TAKEN[column] if other.visible else out_of_scope(f"{column}_taken").detail)
    return None


async def _wave(ctx: Ctx, wave: Rows, settings: Settings, custom: custom_fields.CustomColumns) -> list[Outcome]:
    """One wave of rows. The custom values go through the API's rule: a new customer needs every
    required custom field; an update merges the keys the row gives into hers."""
    existing = await _existing(ctx, wave, settings.match_by)
    outcomes: list[Outcome] = []
    creates: Rows = []
    updates: list[tuple[int, uuid.UUID, dict[str, Any]]] = []
    for number, values in wave:
        key = values.get(settings.match_by)
        match = next((e for e in existing if key and getattr(e, settings.match_by) == key), None)
        if match is not None and settings.policy == "skip":
            outcomes.append(Outcome(number, "skipped", []))
            continue
        if match is not None and settings.policy == "update":
            if not match.visible:
                outcomes.append(Outcome(number, "failed", [(settings.match_by, _hidden(settings.match_by))]))
            elif clash := _clash(values, existing, match.id):
                outcomes.append(Outcome(number, "failed", [clash]))
            elif "custom" in values and (problems := custom.merge(values["custom"], match.custom)[1]):
                outcomes.append(Outcome(number, "failed", problems))
            else:
                updates.append((number, match.id, values))
            continue
        merged, problems = custom.merge(values.get("custom", {}), None)
        if clash := _clash(values, existing, None):
            outcomes.append(Outcome(number, "failed", [clash]))
        elif problems:
            outcomes.append(Outcome(number, "failed", problems))
        else:
            creates.append((number, {**values, "custom": merged}))
    await _create(ctx, creates, settings, custom)
    await _update(ctx, updates, settings, custom)
    outcomes += [Outcome(n, "created", []) for n, _ in creates]
    outcomes += [Outcome(n, "updated", []) for n, _, _ in updates]
    return outcomes


def _hidden_clash(error: str) -> tuple[str, str]:
    """A unique index the pre-check could not see past: the other customer is hidden from the
    importing user by RLS (or was written a moment ago), so nothing about her is told."""
    for column in _UNIQUE:
        if f"uq_customers_tenant_id_{column}" in error:
            return (column, out_of_scope(f"{column}_taken").detail)
    return ("name", "The customer conflicts with an existing one.")


def _hidden(match_by: str) -> str:
    if match_by == "email":
        return "A customer outside your scope already has this email address: ask a manager who serves every store."
    return out_of_scope(f"{match_by}_taken").detail


def _moment(ctx: Ctx, customer_id: uuid.UUID, kind: str, data: dict[str, Any], at: Any) -> dict[str, Any]:
    actor = actor_of(ctx.actor)
    return {
        "tenant_id": ctx.tenant_id,
        "id": uuid7(),
        "customer_id": customer_id,
        "store_id": None,
        "occurred_at": at,
        "subject_type": "customer",
        "subject_id": customer_id,
        "subject_label": "",
        "kind": kind,
        "from_status": "",
        "to_status": "",
        "actor_type": actor.type,
        "actor_id": actor.id,
        "actor_label": actor.label,
        "note": "",
        "data": data,
        "created_at": at,
    }


_DEFAULTS: dict[str, Any] = {
    "gender": "unknown",
    "birthday": None,
    "phone": None,
    "email": None,
    "province": "",
    "city": "",
    "district": "",
    "address_detail": "",
    "tags": [],
    "lifecycle_stage": "lead",
    "home_store_id": None,
    "assigned_to": None,
    "email_consent": False,
    "email_consent_at": None,
    "email_consent_source": "",
    "sms_consent": False,
    "sms_consent_at": None,
    "sms_consent_source": "",
    "notes": "",
    "external_id": None,
    "language": None,
    "custom": {},
}
# What an update compares (a consent's time and source follow its flag).
_TRACKED = frozenset(
    {"name", *_DEFAULTS} - {"email_consent_at", "email_consent_source", "sms_consent_at", "sms_consent_source"}
)


async def _create(ctx: Ctx, rows: Rows, settings: Settings, custom: custom_fields.CustomColumns) -> None:
    if not rows:
        return
    at, user = stamp(), ctx.actor.user_id
    customers, terms, references, moments = [], [], [], []
    facts = {"import_id": str(settings.import_id), "file_name": settings.file_name}
    for _, values in rows:
        customer_id = uuid7()
        row = {**_DEFAULTS, **values}
        customers.append(
            {
                **row,
                "tenant_id": ctx.tenant_id,
                "id": customer_id,
                "created_by": user,
                "updated_by": user,
                "created_at": at,
                "updated_at": at,
                "version": 1,
            }
        )
        found = customer_terms(row["name"], row["phone"], row["email"], row["birthday"])
        found.update(custom.terms(row["custom"]))
        terms += [{"tenant_id": ctx.tenant_id, "term": t, "customer_id": customer_id} for t in sorted(found)]
        references.append(
            {"tenant_id": ctx.tenant_id, "customer_id": customer_id, "masked_name": mask_name(row["name"])}
        )
        moments.append(_moment(ctx, customer_id, "customer.imported", facts, at))
    await ctx.session.execute(insert(CustomerRow), customers)
    if terms:
        await _insert_terms(ctx, terms)
    await ctx.session.execute(insert(CustomerReference), references)
    await ctx.session.execute(insert(TimelineEntry), moments)


# One statement over arrays: an executemany of ~15 terms per customer costs far more.
_TERMS = text(
    "INSERT INTO customer_search_terms (tenant_id, term, customer_id) "
    "SELECT :tenant_id, u.term, u.customer_id FROM unnest(CAST(:terms AS text[]), CAST(:ids AS uuid[])) "
    "AS u(term, customer_id)"
)


async def _insert_terms(ctx: Ctx, terms: list[dict[str, Any]]) -> None:
    await ctx.session.execute(
        _TERMS,
        {"tenant_id": ctx.tenant_id, "terms": [t["term"] for t in terms], "ids": [t["customer_id"] for t in terms]},
    )


async def _update(
    ctx: Ctx, rows: list[tuple[int, uuid.UUID, dict[str, Any]]], settings: Settings, custom: custom_fields.CustomColumns
) -> None:
    if not rows:
        return
    ids = [customer_id for _, customer_id, _ in rows]
    query = select(CustomerRow).where(of_tenant(ctx.tenant_id, CustomerRow), CustomerRow.id.in_(ids))
    loaded = {row.id: row for row in (await ctx.session.execute(query.with_for_update())).scalars()}
    at, moments, relook = stamp(), [], []
    for _, customer_id, values in rows:
        row = loaded[customer_id]
        if "custom" in values:  # merged with her values as locked now (checked against them in the wave)
            values = {**values, "custom": custom.merge(values["custom"], row.custom or {})[0]}
        changed = sorted(k for k, v in values.items() if k in _TRACKED and getattr(row, k) != v)
        if not changed:
            continue
        for key in changed:
            setattr(row, key, values[key])
            if key.endswith("_consent"):  # when and how consent changed, with it
                setattr(row, f"{key}_at", values[f"{key}_at"])
                setattr(row, f"{key}_source", values[f"{key}_source"])
        row.version, row.updated_at, row.updated_by = row.version + 1, at, ctx.actor.user_id
        facts = {"fields": changed, "import_id": str(settings.import_id), "file_name": settings.file_name}
        moments.append(_moment(ctx, row.id, "customer.updated", facts, at))
        if set(changed) & {*_LOOKUP, "custom"}:
            relook.append(row)
    await ctx.session.flush()
    if relook:
        await _relook(ctx, relook, custom)
    if moments:
        await ctx.session.execute(insert(TimelineEntry), moments)


async def _relook(ctx: Ctx, rows: list[CustomerRow], custom: custom_fields.CustomColumns) -> None:
    """Search terms (her filterable custom values' too) and masked names of updated customers, anew."""
    ids = [row.id for row in rows]
    await ctx.session.execute(
        delete(CustomerSearchTerm).where(
            of_tenant(ctx.tenant_id, CustomerSearchTerm), CustomerSearchTerm.customer_id.in_(ids)
        )
    )
    terms = [
        {"tenant_id": ctx.tenant_id, "term": t, "customer_id": row.id}
        for row in rows
        for t in sorted(customer_terms(row.name, row.phone, row.email, row.birthday) | set(custom.terms(row.custom)))
    ]
    if terms:
        await _insert_terms(ctx, terms)
    for row in rows:
        await ctx.session.execute(
            update(CustomerReference)
            .where(CustomerReference.tenant_id == ctx.tenant_id, CustomerReference.customer_id == row.id)
            .values(masked_name=mask_name(row.name))
        )
