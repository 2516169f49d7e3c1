"""The floors the product is measured against: raw asyncpg doing the same database work.

`CustomerRead` is the product's own statement (compiled from the product's model, conditions and
tenants.db.in_scope), so L_py, the bare ASGI app and the product send the same SQL with the same
tenant setting.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

from domain.customers.queries import _by_id
from tenants.db import TenantScope, in_scope, scope_params
from tenants.ids import uuid7


async def no_reset(conn: asyncpg.Connection) -> None:
    """Pool reset hook that sends nothing: every use ends its own transaction, so the pool's
    reset round trip would be pure cost (the product's engine skips it the same way)."""


@dataclass(frozen=True, slots=True)
class CustomerRead:
    """The product's GET /customers/{id} statement for an all-stores caller (tenants.db.in_scope
    around the customers query), compiled once, with the argument list for a tenant and id."""

    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]

    @classmethod
    def compile(cls) -> CustomerRead:
        compiled = in_scope(_by_id(False, False)).compile(dialect=asyncpg_dialect.dialect())
        placeholder = uuid.UUID(int=0)
        defaults = compiled.construct_params(
            {"tenant_id": placeholder, "customer_id": placeholder, **scope_params(TenantScope(placeholder))}
        )  # the constants (setting names, is_local, OFFSET 0) as SQLAlchemy binds them
        return cls(compiled.string, tuple(compiled.positiontup or ()), defaults)

    def args(self, tenant_id: uuid.UUID, customer_id: uuid.UUID) -> list[Any]:
        values = {
            **self.defaults,
            "tenant_id": tenant_id,
            "customer_id": customer_id,
            "scope_tenant_id": str(tenant_id),
            "scope_store_ids": "*",
        }
        return [values[name] for name in self.names]


async def read_customer(
    conn: asyncpg.Connection, read: CustomerRead, tenant_id: uuid.UUID, customer_id: uuid.UUID
) -> Any:
    """One tenant-scoped primary-key read, the statement the product sends (one round trip)."""
    return await conn.fetchrow(read.sql, *read.args(tenant_id, customer_id))


def scope_sql(tenant_id: uuid.UUID) -> str:
    """The product's BEGIN message for a writing transaction: BEGIN plus the tenant setting."""
    return f"BEGIN; {TenantScope(tenant_id).as_sql()}"


_PRICES = "SELECT id, sku, name_zh, list_price, tax_rate FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])"
_COUNTER = (
    "INSERT INTO tenant_counters (tenant_id, name, period, value) VALUES ($1, 'SO', $2, 1) "
    "ON CONFLICT (tenant_id, name, period) DO UPDATE SET value = tenant_counters.value + 1 RETURNING value"
)
_ORDER = """INSERT INTO orders (tenant_id, id, number, channel, store_id, customer_id, status, currency, discount,
    subtotal, discount_total, tax_total, total, paid_total, refunded_total, note, requires_approval, reject_reason,
    cancel_reason, created_by, tracking_token, submitted_at, approved_at, version)
    VALUES ($1, $2, $3, 'store', $4, $5, 'approved', 'CNY', 0, $6, 0, $7, $6, 0, 0, '', false, '', '', $8, $9,
    now(), now(), 4)"""
_LINES = """INSERT INTO order_lines (tenant_id, id, order_id, line_no, product_id, sku, name, quantity, unit_price,
    discount, tax_rate, tax_amount, line_total, fulfilled_quantity, shipped_quantity, returned_quantity)
    SELECT $1, l.id, $2, l.no, l.product_id, l.sku, l.name, l.qty, l.price, 0, l.rate, l.tax, l.total, 0, 0, 0
    FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::text[], $7::text[], $8::int[], $9::numeric[],
                $10::numeric[], $11::numeric[], $12::numeric[]) AS l(id, no, product_id, sku, name, qty, price, rate,
                tax, total)"""
_LINK = "INSERT INTO public_links (token_hash, tenant_id, kind, target_id) VALUES ($1, $2, 'order_tracking', $3)"
_EVENTS = """INSERT INTO order_events (tenant_id, id, order_id, kind, from_status, to_status, actor_type, actor_id,
    actor_label, note, data) SELECT $1, e.id, $2, e.kind, e.from_status, e.to_status, 'user', $3, 'bench', '',
    e.data::jsonb FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
    AS e(id, kind, from_status, to_status, data)"""
_OUTBOX = """INSERT INTO outbox_events (tenant_id, id, topic, aggregate_type, aggregate_id, store_id, payload, attempts)
    SELECT $1, o.id, o.topic, 'order', $2, $3, o.payload::jsonb, 0 FROM unnest($4::uuid[], $5::text[], $6::text[])
    AS o(id, topic, payload)"""
_PENDING = "INSERT INTO outbox_pending (event_id, tenant_id) SELECT id, $1 FROM unnest($2::uuid[]) AS p(id)"
_AUDIT = """INSERT INTO audit_log (tenant_id, id, actor_type, actor_id, actor_label, action, target_type, target_id,
    changes, request_id, ip) SELECT $1, a.id, 'user', $2, 'bench', a.action, 'order', $3, NULL, '', '127.0.0.1'
    FROM unnest($4::uuid[], $5::text[]) AS a(id, action)"""
_RESERVE = """UPDATE stock_levels s SET reserved = s.reserved + r.qty, updated_at = now()
    FROM unnest($3::uuid[], $4::int[]) AS r(product_id, qty)
    WHERE s.tenant_id = $1 AND s.store_id = $2 AND s.product_id = r.product_id AND s.on_hand - s.reserved >= r.qty"""
_MOVEMENTS = """INSERT INTO stock_movements (tenant_id, id, store_id, product_id, kind, on_hand_delta, reserved_delta,
    reason, reference_type, reference_id, created_by)
    SELECT $1, m.id, $2, m.product_id, 'reserve', 0, m.qty, $3, 'order', $4, $5
    FROM unnest($6::uuid[], $7::uuid[], $8::int[]) AS m(id, product_id, qty)"""


async def create_order_floor(
    conn: asyncpg.Connection,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    customer_id: uuid.UUID,
    lines: list[tuple[uuid.UUID, int]],
) -> uuid.UUID:
    """The writes of capture + automatic approval in one transaction: number, order, lines,
    tracking link, timeline events, outbox events, audit, reservation and stock movements."""
    await conn.execute(scope_sql(tenant_id))
    try:
        products = {r["id"]: r for r in await conn.fetch(_PRICES, tenant_id, [p for p, _ in lines])}
        priced = [(products[p], q) for p, q in lines]
        totals = [r["list_price"] * q for r, q in priced]
        taxes = [
            (t * r["tax_rate"] / (1 + r["tax_rate"])).quantize(Decimal("0.01"))
            for (r, _), t in zip(priced, totals, strict=True)
        ]
        year = str(datetime.now(UTC).year)
        number = f"SO-{year}-{await conn.fetchval(_COUNTER, tenant_id, year):06d}"
        order_id = uuid7()
        token = secrets.token_urlsafe(32)
        await conn.execute(
            _ORDER, tenant_id, order_id, number, store_id, customer_id, sum(totals), sum(taxes), user_id, token
        )
        await conn.execute(
            _LINES, tenant_id, order_id, [uuid7() for _ in priced], list(range(1, len(priced) + 1)),
            [r["id"] for r, _ in priced], [r["sku"] for r, _ in priced], [r["name_zh"] for r, _ in priced],
            [q for _, q in priced], [r["list_price"] for r, _ in priced], [r["tax_rate"] for r, _ in priced],
            taxes, totals,
        )  # fmt: skip
        await conn.execute(_LINK, hashlib.sha256(token.encode()).hexdigest(), tenant_id, order_id)
        kinds = [("created", "", ""), ("submitted", "", ""), ("approved", "draft", "approved")]
        await conn.execute(
            _EVENTS, tenant_id, order_id, user_id, [uuid7() for _ in kinds], [k for k, _, _ in kinds],
            [f for _, f, _ in kinds], [t for _, _, t in kinds], [json.dumps({"total": str(sum(totals))})] * 3,
        )  # fmt: skip
        topics = ["order.created", "order.submitted", "order.approved"]
        event_ids = [uuid7() for _ in topics]
        payload = json.dumps({"order_id": str(order_id), "number": number, "total": str(sum(totals))})
        await conn.execute(_OUTBOX, tenant_id, order_id, store_id, event_ids, topics, [payload] * 3)
        await conn.execute(_PENDING, tenant_id, event_ids)
        await conn.execute(
            _AUDIT, tenant_id, user_id, str(order_id), [uuid7() for _ in kinds], [f"order.{k}" for k, _, _ in kinds]
        )
        status = await conn.execute(_RESERVE, tenant_id, store_id, [p for p, _ in lines], [q for _, q in lines])
        if status != f"UPDATE {len(lines)}":
            raise RuntimeError("stock ran out in the benchmark data")
        await conn.execute(
            _MOVEMENTS, tenant_id, store_id, number, order_id, user_id, [uuid7() for _ in lines],
            [p for p, _ in lines], [q for _, q in lines],
        )  # fmt: skip
    except BaseException:
        await conn.execute("ROLLBACK")
        raise
    await conn.execute("COMMIT")
    return order_id
