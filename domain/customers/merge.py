"""Merging two records of one person: the other customer's orders, tickets, timeline and
activities move to the survivor, in one transaction.

Both customers must be visible to the caller (store scope applies to both). What references
them moves whatever store it belongs to (an order of a store the caller does not cover still
belongs to the person), so the moves run tenant-wide (`tenants.db.tenant_wide`). Each other
context moves its own rows: the caller passes their movers (the API wires orders' and service's),
so this context imports neither. The other record stays as a tombstone: soft-deleted with
`merged_into`, so its id answers 404 with the survivor's id for integrators to follow.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, update

from domain.customers.actions import write_lookups
from domain.customers.events import CUSTOMER, CUSTOMER_MERGED
from domain.customers.mappers import customer_out
from domain.customers.models import Activity, CustomerSearchTerm, TimelineEntry
from domain.customers.models import Customer as CustomerRow
from domain.customers.schemas import Customer, MergeField, MergeIn
from domain.kernel.recorder import record
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.db import tenant_wide
from tenants.errors import invalid
from tenants.scoping import load_visible, of_tenant

# (ctx, from customer, to customer) → rows moved
Mover = Callable[[Ctx, uuid.UUID, uuid.UUID], Awaitable[int]]

_COLUMNS: dict[MergeField, tuple[str, ...]] = {
    "address": ("province", "city", "district", "address_detail"),
}
_UNIQUE = ("phone", "external_id")  # unique among live customers: the other lets go first


async def _both(ctx: Ctx, survivor_id: uuid.UUID, other_id: uuid.UUID) -> tuple[CustomerRow, CustomerRow]:
    """Both customers, locked in id order (two merges of the same pair cannot deadlock)."""
    if survivor_id == other_id:
        raise invalid("other_id", "must be another customer")
    first, second = sorted((survivor_id, other_id))
    rows = {i: await load_visible(ctx, CustomerRow, i, lock=True) for i in (first, second)}
    return rows[survivor_id], rows[other_id]


async def _move_own(ctx: Ctx, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, int]:
    moved = {}
    for name, model in (("timeline", TimelineEntry), ("activities", Activity)):
        result = await ctx.session.execute(
            update(model).where(of_tenant(ctx.tenant_id, model), model.customer_id == from_id).values(customer_id=to_id)
        )
        moved[name] = int(result.rowcount)  # type: ignore[attr-defined]
    return moved


def _take(survivor: CustomerRow, other: CustomerRow, keep: Mapping[MergeField, str]) -> list[MergeField]:
    """The fields the survivor takes from the other record, as `keep` asks. The unique ones
    (`_UNIQUE`) are only named: the other record must let go of them first."""
    taken = [field for field, whose in keep.items() if whose == "other"]
    for field in taken:
        if field not in _UNIQUE:
            for column in _COLUMNS.get(field, (field,)):
                setattr(survivor, column, getattr(other, column))
    return taken


def _consent(survivor: CustomerRow, other: CustomerRow) -> None:
    """The more restrictive answer per channel: granted only if both records granted it."""
    for channel in ("email", "sms"):
        if getattr(survivor, f"{channel}_consent") and not getattr(other, f"{channel}_consent"):
            setattr(survivor, f"{channel}_consent", False)
            setattr(survivor, f"{channel}_consent_at", getattr(other, f"{channel}_consent_at") or utcnow())
            setattr(survivor, f"{channel}_consent_source", "merge")


async def merge(
    ctx: Ctx,
    survivor_id: uuid.UUID,
    data: MergeIn,
    movers: Sequence[tuple[str, Mover]],
) -> Customer:
    survivor, other = await _both(ctx, survivor_id, data.other_id)
    taken = _take(survivor, other, data.keep)
    other.deleted_at = utcnow()
    other.merged_into = survivor.id
    released = {c: getattr(other, c) for c in _UNIQUE if c in taken}
    for column in released:
        setattr(other, column, None)
    await ctx.session.flush()  # the other record lets go of its phone / external id first
    for column, value in released.items():
        setattr(survivor, column, value)
    survivor.tags = sorted(set(survivor.tags or []) | set(other.tags or []))
    survivor.custom = {**(other.custom or {}), **(survivor.custom or {})}  # hers where both have one
    _consent(survivor, other)
    moved: dict[str, Any] = {}
    async with tenant_wide(ctx.session, ctx.actor.scope):
        for name, mover in movers:
            moved[name] = await mover(ctx, other.id, survivor.id)
        moved.update(await _move_own(ctx, other.id, survivor.id))
    await ctx.session.execute(
        delete(CustomerSearchTerm).where(
            of_tenant(ctx.tenant_id, CustomerSearchTerm), CustomerSearchTerm.customer_id == other.id
        )
    )
    facts = {"merged_id": other.id, "merged_name": other.name, "taken": sorted(taken), "moved": moved}
    record(ctx, CUSTOMER, survivor, "merged", topic=CUSTOMER_MERGED, data=facts)
    record(ctx, CUSTOMER, other, "merged_into", data={"survivor_id": survivor.id})
    await ctx.session.flush()
    await write_lookups(ctx, survivor)
    return customer_out(survivor)
