"""Stock under contention on real PostgreSQL: N concurrent takers for S < N units, each in its
own tenant transaction. Exactly S win, nothing goes negative, movements add up to the stock."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from api.state import Resources
from domain.catalog import stock
from domain.catalog.models import StockLevel, StockMovement
from tenants.db import TenantScope, tenant_session
from tests.catalog_data import product, receive
from tests.factories import Api

TAKERS = 20
STOCK = 7


@dataclass
class Shelf:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    product_id: uuid.UUID


async def shelf(api: Api) -> Shelf:
    tenant = await api.signup()
    store = await api.store(tenant, "SH01")
    item = await product(api, tenant.owner, sku="HOT-1", name_zh="限量月饼")
    await receive(api, tenant.owner, store, item["id"], STOCK)
    return Shelf(uuid.UUID(tenant.id), uuid.UUID(store), uuid.UUID(item["id"]))


async def level(resources: Resources, s: Shelf) -> tuple[int, int, int, int]:
    """(on_hand, reserved, sum of on_hand deltas, sum of reserved deltas)."""
    async with tenant_session(resources.sessions, TenantScope(s.tenant_id)) as session:
        row = (
            await session.execute(
                select(StockLevel.on_hand, StockLevel.reserved).where(
                    StockLevel.tenant_id == s.tenant_id, StockLevel.store_id == s.store_id
                )
            )
        ).one()
        sums = (
            await session.execute(
                select(func.sum(StockMovement.on_hand_delta), func.sum(StockMovement.reserved_delta)).where(
                    StockMovement.tenant_id == s.tenant_id, StockMovement.store_id == s.store_id
                )
            )
        ).one()
    return row[0], row[1], int(sums[0]), int(sums[1])


async def _race(resources: Resources, s: Shelf, take: str) -> list[bool]:
    start = asyncio.Event()

    async def one() -> bool:
        await start.wait()
        try:
            async with tenant_session(resources.sessions, TenantScope(s.tenant_id)) as session:
                ref = stock.Reference("test", uuid.uuid4(), None, "race")
                lines = [stock.StockLine(s.product_id, 1)]
                if take == "reserve":
                    await stock.reserve(session, s.tenant_id, s.store_id, lines, ref)
                else:
                    await stock.remove(session, s.tenant_id, s.store_id, lines, "adjustment", ref)
                await asyncio.sleep(0.01)  # hold the row lock a moment: the others queue behind it
        except stock.InsufficientStock:
            return False
        return True

    tasks = [asyncio.create_task(one()) for _ in range(TAKERS)]
    await asyncio.sleep(0)
    start.set()
    return await asyncio.gather(*tasks)


async def test_concurrent_reservations_never_oversell(api: Api, resources: Resources) -> None:
    s = await shelf(api)
    outcomes = await _race(resources, s, "reserve")
    assert outcomes.count(True) == STOCK
    on_hand, reserved, on_hand_sum, reserved_sum = await level(resources, s)
    assert (on_hand, reserved) == (STOCK, STOCK)
    assert (on_hand_sum, reserved_sum) == (on_hand, reserved)


async def test_concurrent_negative_adjustments_never_go_below_zero(api: Api, resources: Resources) -> None:
    s = await shelf(api)
    outcomes = await _race(resources, s, "remove")
    assert outcomes.count(True) == STOCK
    on_hand, reserved, on_hand_sum, reserved_sum = await level(resources, s)
    assert (on_hand, reserved) == (0, 0)
    assert (on_hand_sum, reserved_sum) == (0, 0)
