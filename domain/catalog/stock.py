"""Stock primitives: every change is one conditional UPDATE plus a movement row, in the caller's
transaction. Rows are touched in product-id order so concurrent callers lock in the same order
(no deadlocks); the conditions make overselling impossible, and CHECK constraints back them up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import TextClause

from domain.catalog.models import StockMovement
from tenants.errors import Conflict


@dataclass(frozen=True, slots=True)
class StockLine:
    product_id: uuid.UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class Reference:
    """What caused a movement (an order, a transfer, an adjustment) and who did it."""

    type: str
    id: uuid.UUID | None
    actor_id: uuid.UUID | None
    reason: str = ""


def merged(lines: Iterable[StockLine]) -> list[StockLine]:
    """One line per product (quantities summed), in lock order."""
    totals: dict[uuid.UUID, int] = {}
    for line in lines:
        totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
    return [StockLine(p, q) for p, q in sorted(totals.items()) if q != 0]


_RESERVE = text(
    "UPDATE stock_levels SET reserved = reserved + :q, updated_at = now() "
    "WHERE tenant_id = :t AND store_id = :s AND product_id = :p AND on_hand - reserved >= :q "
    "RETURNING on_hand - reserved"
)
_RELEASE = text(
    "UPDATE stock_levels SET reserved = reserved - :q, updated_at = now() "
    "WHERE tenant_id = :t AND store_id = :s AND product_id = :p AND reserved >= :q RETURNING reserved"
)
_CONSUME = text(
    "UPDATE stock_levels SET on_hand = on_hand - :q, reserved = reserved - :q, updated_at = now() "
    "WHERE tenant_id = :t AND store_id = :s AND product_id = :p AND reserved >= :q RETURNING on_hand"
)
_ADD = text(
    "INSERT INTO stock_levels (tenant_id, store_id, product_id, on_hand, reserved) VALUES (:t, :s, :p, :q, 0) "
    "ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE "
    "SET on_hand = stock_levels.on_hand + :q, updated_at = now() RETURNING on_hand"
)
_REMOVE = text(
    "UPDATE stock_levels SET on_hand = on_hand - :q, updated_at = now() "
    "WHERE tenant_id = :t AND store_id = :s AND product_id = :p AND on_hand - reserved >= :q RETURNING on_hand"
)
_AVAILABLE = text(
    "SELECT product_id, on_hand - reserved FROM stock_levels "
    "WHERE tenant_id = :t AND store_id = :s AND product_id = ANY(:ps)"
)


class InsufficientStock(Conflict):
    """Not enough available units; `extra["short_lines"]` lists product, requested, available."""

    code = "insufficient_stock"


async def _available(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, products: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = await session.execute(_AVAILABLE, {"t": tenant_id, "s": store_id, "ps": products})
    return {row[0]: int(row[1]) for row in rows}


async def available(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, products: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Available units (on hand − reserved) of `products` at one store; a product the store never
    stocked is 0. A read for showing, not a promise: reserve() decides."""
    found = await _available(session, tenant_id, store_id, products)
    return {product: found.get(product, 0) for product in products}


def _movement(
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    line: StockLine,
    kind: str,
    ref: Reference,
    *,
    on_hand: int,
    reserved: int,
) -> StockMovement:
    return StockMovement(
        tenant_id=tenant_id,
        store_id=store_id,
        product_id=line.product_id,
        kind=kind,
        on_hand_delta=on_hand,
        reserved_delta=reserved,
        reason=ref.reason,
        reference_type=ref.type,
        reference_id=ref.id,
        created_by=ref.actor_id,
    )


async def _apply(
    session: AsyncSession,
    statement: TextClause,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    lines: Iterable[StockLine],
) -> list[StockLine]:
    """Run one conditional statement per line (in lock order); return the lines it refused."""
    refused = []
    for line in merged(lines):
        result = await session.execute(
            statement, {"t": tenant_id, "s": store_id, "p": line.product_id, "q": line.quantity}
        )
        if result.first() is None:
            refused.append(line)
    return refused


async def _refuse(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, refused: list[StockLine], detail: str
) -> None:
    available = await _available(session, tenant_id, store_id, [line.product_id for line in refused])
    raise InsufficientStock(
        detail,
        extra={
            "short_lines": [
                {
                    "product_id": str(line.product_id),
                    "requested": line.quantity,
                    "available": available.get(line.product_id, 0),
                }
                for line in refused
            ]
        },
    )


async def reserve(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, lines: Iterable[StockLine], ref: Reference
) -> None:
    """Reserve every line or raise InsufficientStock listing the short ones. On refusal the
    caller's transaction must roll back (it does: the error ends the request), undoing any line
    reserved before the short one."""
    wanted = merged(lines)
    refused = await _apply(session, _RESERVE, tenant_id, store_id, wanted)
    if refused:
        await _refuse(session, tenant_id, store_id, refused, "Not enough stock for some lines; nothing was reserved.")
    session.add_all(
        _movement(tenant_id, store_id, line, "reserve", ref, on_hand=0, reserved=line.quantity) for line in wanted
    )


async def release(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, lines: Iterable[StockLine], ref: Reference
) -> None:
    """Give reserved units back (cancellation, edits that lower a quantity)."""
    wanted = merged(lines)
    if await _apply(session, _RELEASE, tenant_id, store_id, wanted):
        raise Conflict("Releasing more than is reserved.", code="reservation_mismatch")
    session.add_all(
        _movement(tenant_id, store_id, line, "release", ref, on_hand=0, reserved=-line.quantity) for line in wanted
    )


async def consume(
    session: AsyncSession, tenant_id: uuid.UUID, store_id: uuid.UUID, lines: Iterable[StockLine], ref: Reference
) -> None:
    """Reserved units leave the store (shipment): on_hand and reserved both go down."""
    wanted = merged(lines)
    if await _apply(session, _CONSUME, tenant_id, store_id, wanted):
        raise Conflict("Shipping more than is reserved.", code="reservation_mismatch")
    session.add_all(
        _movement(tenant_id, store_id, line, "sale", ref, on_hand=-line.quantity, reserved=-line.quantity)
        for line in wanted
    )


async def add(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    lines: Iterable[StockLine],
    kind: str,
    ref: Reference,
) -> None:
    """Units arrive (receipt, positive adjustment, return, transfer in)."""
    wanted = merged(lines)
    await _apply(session, _ADD, tenant_id, store_id, wanted)
    session.add_all(
        _movement(tenant_id, store_id, line, kind, ref, on_hand=line.quantity, reserved=0) for line in wanted
    )


async def remove(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    lines: Iterable[StockLine],
    kind: str,
    ref: Reference,
) -> None:
    """Units leave without a reservation (negative adjustment, transfer out): only available units."""
    wanted = merged(lines)
    refused = await _apply(session, _REMOVE, tenant_id, store_id, wanted)
    if refused:
        await _refuse(session, tenant_id, store_id, refused, "Not enough available stock; nothing was changed.")
    session.add_all(
        _movement(tenant_id, store_id, line, kind, ref, on_hand=-line.quantity, reserved=0) for line in wanted
    )
