"""Transfers between stores: requested → shipped (stock leaves the source) → received (stock
arrives at the destination); cancel while requested. Shipped-but-not-received is "in transit".

Scope: a transfer is visible when either store is in the caller's scope (the RESTRICTIVE policy
says the same). Shipping acts on the source store's stock and receiving on the destination's:
each needs that store in scope (403 store_out_of_scope on a transfer the caller can see).
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import and_, or_, select

from domain.catalog import stock
from domain.catalog.events import TRANSFER, TRANSFER_TOPICS
from domain.catalog.mappers import display_name
from domain.catalog.models import Product as ProductRow
from domain.catalog.models import Transfer as TransferRow
from domain.catalog.models import TransferLine as TransferLineRow
from domain.catalog.schemas import (
    Transfer,
    TransferCreate,
    TransferFilters,
    TransferLine,
)
from domain.catalog.states import LIFECYCLE, TransferAction, TransferStatus
from domain.kernel.recorder import record
from tenants.clock import utcnow
from tenants.context import Ctx
from tenants.counters import yearly_number
from tenants.errors import FieldError, Forbidden, Invalid, check_version, invalid
from tenants.models import Store
from tenants.pagination import Page, keyset_page
from tenants.scoping import load_visible, of_tenant, scoped, visible

# Which store of the transfer an action works on: it must be in the caller's scope.
_ACTING_STORE: dict[TransferAction, str] = {
    TransferAction.SHIP: "from_store_id",
    TransferAction.RECEIVE: "to_store_id",
}


def _may(ctx: Ctx, row: TransferRow, action: TransferAction) -> bool:
    column = _ACTING_STORE.get(action)
    return column is None or ctx.actor.covers_store(getattr(row, column))


def _actions(ctx: Ctx, row: TransferRow) -> list[TransferAction]:
    """The table's actions from the current status that this caller may take."""
    return [a for a in LIFECYCLE.allowed_actions(row.status, permissions=ctx.actor.permissions) if _may(ctx, row, a)]


async def _lines(ctx: Ctx, transfer_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[TransferLine]]:
    rows = await ctx.session.execute(
        select(TransferLineRow, ProductRow.sku, ProductRow.name_zh, ProductRow.name_en)
        .join(
            ProductRow,
            and_(ProductRow.tenant_id == TransferLineRow.tenant_id, ProductRow.id == TransferLineRow.product_id),
        )
        .where(of_tenant(ctx.tenant_id, TransferLineRow), TransferLineRow.transfer_id.in_(transfer_ids))
        .order_by(ProductRow.sku)
    )
    out: dict[uuid.UUID, list[TransferLine]] = defaultdict(list)
    for line, sku, name_zh, name_en in rows.all():
        out[line.transfer_id].append(
            TransferLine(
                product_id=line.product_id, sku=sku, name=display_name(name_zh, name_en), quantity=line.quantity
            )
        )
    return out


def _out(ctx: Ctx, row: TransferRow, lines: list[TransferLine]) -> Transfer:
    return Transfer(
        id=row.id,
        number=row.number,
        from_store_id=row.from_store_id,
        to_store_id=row.to_store_id,
        status=TransferStatus(row.status),
        note=row.note,
        lines=lines,
        in_transit=sum(line.quantity for line in lines) if row.status == "shipped" else 0,
        allowed_actions=_actions(ctx, row),
        created_by=row.created_by,
        created_at=row.created_at,
        shipped_at=row.shipped_at,
        received_at=row.received_at,
        version=row.version,
    )


async def _transfer_out(ctx: Ctx, row: TransferRow) -> Transfer:
    return _out(ctx, row, (await _lines(ctx, [row.id])).get(row.id, []))


async def create_transfer(ctx: Ctx, data: TransferCreate) -> Transfer:
    """Request stock to move. Both stores must be the tenant's and one of them in the caller's
    scope (a store asks another for stock, or sends it some); else a 422 naming the store."""
    if data.from_store_id == data.to_store_id:
        raise invalid("to_store_id", "must differ from from_store_id")
    stores = set(
        (
            await ctx.session.execute(
                select(Store.id).where(
                    of_tenant(ctx.tenant_id, Store), Store.id.in_([data.from_store_id, data.to_store_id])
                )
            )
        ).scalars()
    )
    errors: list[FieldError] = [
        FieldError(field, "is not a store of this tenant")
        for field, store_id in (("from_store_id", data.from_store_id), ("to_store_id", data.to_store_id))
        if store_id not in stores
    ]
    if not errors and not (ctx.actor.covers_store(data.from_store_id) or ctx.actor.covers_store(data.to_store_id)):
        errors.append(FieldError("from_store_id", "one of the two stores must be in your scope"))
    wanted = [line.product_id for line in data.lines]
    known = set(
        (
            await ctx.session.execute(select(ProductRow.id).where(visible(ctx, ProductRow), ProductRow.id.in_(wanted)))
        ).scalars()
    )
    seen: set[uuid.UUID] = set()
    for i, line in enumerate(data.lines):
        if line.product_id not in known:
            errors.append(FieldError(f"lines.{i}.product_id", "is not a product of this tenant"))
        elif line.product_id in seen:
            errors.append(FieldError(f"lines.{i}.product_id", "appears on more than one line"))
        seen.add(line.product_id)
    if errors:
        raise Invalid(errors)
    row = TransferRow(
        tenant_id=ctx.tenant_id,
        from_store_id=data.from_store_id,
        to_store_id=data.to_store_id,
        status=TransferStatus.REQUESTED.value,
        note=data.note.strip(),
        created_by=ctx.actor.user_id,
        version=0,  # the recorder makes the request version 1
    )
    row.number = await yearly_number(ctx.session, ctx.tenant_id, "TR")  # last before the insert, as orders do
    ctx.session.add(row)
    await ctx.session.flush()
    ctx.session.add_all(
        TransferLineRow(tenant_id=ctx.tenant_id, transfer_id=row.id, product_id=line.product_id, quantity=line.quantity)
        for line in data.lines
    )
    lines = [{"product_id": line.product_id, "quantity": line.quantity} for line in data.lines]
    record(ctx, TRANSFER, row, "requested", topic=TRANSFER_TOPICS[None], from_status="", data={"lines": lines})
    await ctx.session.flush()
    await ctx.session.refresh(row)
    return await _transfer_out(ctx, row)


async def get_transfer(ctx: Ctx, transfer_id: uuid.UUID) -> Transfer:
    return await _transfer_out(ctx, await load_visible(ctx, TransferRow, transfer_id))


async def _stock_lines(ctx: Ctx, row: TransferRow) -> list[stock.StockLine]:
    rows = await ctx.session.execute(
        select(TransferLineRow.product_id, TransferLineRow.quantity).where(
            of_tenant(ctx.tenant_id, TransferLineRow), TransferLineRow.transfer_id == row.id
        )
    )
    return [stock.StockLine(product_id, quantity) for product_id, quantity in rows.all()]


async def act(ctx: Ctx, transfer_id: uuid.UUID, action: TransferAction, if_match: int | None = None) -> Transfer:
    """Run one transition: lock the transfer, check its version, the table and the caller's store,
    move the stock (ship: out of the source, 409 insufficient_stock; receive: into the destination)."""
    row = await load_visible(ctx, TransferRow, transfer_id, lock=True)
    check_version("transfer", row.version, if_match)
    before = row.status
    target = LIFECYCLE.advance(action, row.status)
    if not _may(ctx, row, action):
        raise Forbidden(
            f"Only staff of the {'source' if action == 'ship' else 'destination'} store can {action} this transfer.",
            code="store_out_of_scope",
        )
    ref = stock.Reference("transfer", row.id, ctx.actor.user_id, row.number)
    now = utcnow()
    if action is TransferAction.SHIP:
        await stock.remove(
            ctx.session, ctx.tenant_id, row.from_store_id, await _stock_lines(ctx, row), "transfer_out", ref
        )
        row.shipped_at = now
    elif action is TransferAction.RECEIVE:
        await stock.add(ctx.session, ctx.tenant_id, row.to_store_id, await _stock_lines(ctx, row), "transfer_in", ref)
        row.received_at = now
    row.status = target.value
    record(ctx, TRANSFER, row, target.value, topic=TRANSFER_TOPICS[action], from_status=before)
    await ctx.session.flush()
    return await _transfer_out(ctx, row)


async def list_transfers(ctx: Ctx, filters: TransferFilters, limit: int, cursor: str | None) -> Page[Transfer]:
    """Transfers newest first; `store_id` matches either end."""
    query = scoped(ctx, TransferRow)
    if filters.status:
        query = query.where(TransferRow.status == filters.status)
    if filters.store_id:
        query = query.where(
            or_(TransferRow.from_store_id == filters.store_id, TransferRow.to_store_id == filters.store_id)
        )
    page, next_cursor = await keyset_page(ctx.session, query, TransferRow.created_at, TransferRow.id, limit, cursor)
    lines = await _lines(ctx, [r.id for r in page]) if page else {}
    return Page(items=[_out(ctx, r, lines.get(r.id, [])) for r in page], next_cursor=next_cursor)
