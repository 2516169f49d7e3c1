"""Deterministic data: 1,000 tenants with a Zipf skew, customers, products, stock and orders.

Everything is `INSERT ... SELECT generate_series` run by the superuser (no Python loop per row),
with ids derived from md5 of (kind, tenant number, row number), so the same scale gives the same
rows on every machine. Foreign-key triggers are skipped while loading (the data is consistent by
construction) and the tables are analysed afterwards.

Tenant i (1-based) holds a share of customers and orders proportional to 1/i: tenant 1 is a
chain with ~13 % of all rows, tenant 1,000 a shop with a few hundred.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import asyncpg

from tenants.permissions import ALL_PERMISSIONS

TENANTS = 1000
CUSTOMERS = 1_000_000
ORDERS = 1_000_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉志国海云飞鹏宇"
VERSION = 3  # bump when the generated data changes, so cached clusters are rebuilt


@dataclass(frozen=True, slots=True)
class TenantPlan:
    no: int
    customers: int
    orders: int
    stores: int
    products: int


def plan(scale: float) -> list[TenantPlan]:
    harmonic = sum(1 / i for i in range(1, TENANTS + 1))
    plans = []
    for i in range(1, TENANTS + 1):
        share = 1 / i / harmonic
        stores = 50 if i <= 10 else 10 if i <= 100 else 2
        products = 500 if i <= 10 else 100 if i <= 100 else 20
        plans.append(
            TenantPlan(
                i, max(20, round(CUSTOMERS * scale * share)), max(20, round(ORDERS * scale * share)), stores, products
            )
        )
    return plans


def uid(kind: str, tenant: str, row: str) -> str:
    """The SQL expression of a deterministic uuid (kind, tenant number, row number)."""
    return f"md5('{kind}' || {tenant} || ':' || ({row}))::uuid"


_SCHEMA = """
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
CREATE TABLE bench.tenants (no int PRIMARY KEY, id uuid NOT NULL, customers int NOT NULL, orders int NOT NULL,
                            stores int NOT NULL, products int NOT NULL);
"""

_STEPS: list[tuple[str, str]] = [
    (
        "tenants",
        f"""INSERT INTO tenants (id, slug, name, status, currency, locale, timezone, created_at)
        SELECT id, 'bench-' || lpad(no::text, 4, '0'), '连锁' || no, 'active', 'CNY', 'zh-CN', 'Asia/Shanghai',
               timestamptz '2024-01-01' FROM bench.tenants;
        INSERT INTO roles (tenant_id, id, key, name, description, permissions, is_system)
        SELECT id, {uid("r", "no", "1")}, 'owner', '所有者', '', $1::varchar[], true FROM bench.tenants;
        INSERT INTO users (tenant_id, id, email, name, role_id, status, locale, scope_kind, scope_region_ids,
                           scope_store_ids, version)
        SELECT id, {uid("u", "no", "1")}, 'owner@bench-' || no || '.example.com', '店主' || no,
               {uid("r", "no", "1")}, 'active', 'zh-CN', 'all', '{{}}', '{{}}', 1 FROM bench.tenants;
        INSERT INTO stores (tenant_id, id, code, name, address, phone, status)
        SELECT t.id, {uid("s", "t.no", "k")}, 'S' || lpad(k::text, 3, '0'), '门店' || k, '', '', 'active'
        FROM bench.tenants t, generate_series(1, t.stores) k;""",
    ),
    (
        "products and stock",
        f"""INSERT INTO products (tenant_id, id, sku, name_zh, name_en, unit, list_price, tax_rate, status,
                               low_stock_threshold, version)
        SELECT t.id, {uid("p", "t.no", "k")}, 'SKU-' || lpad(k::text, 5, '0'), '商品' || k, 'Product ' || k, 'pcs',
               10 + (k % 50) * 3.5, 0.13, 'active', 5, 1
        FROM bench.tenants t, generate_series(1, t.products) k;
        INSERT INTO stock_levels (tenant_id, store_id, product_id, on_hand, reserved)
        SELECT t.id, {uid("s", "t.no", "s")}, {uid("p", "t.no", "p")}, 1000000000, 0
        FROM bench.tenants t, generate_series(1, t.stores) s, generate_series(1, t.products) p;""",
    ),
    (
        "customers",
        f"""INSERT INTO customers (tenant_id, id, name, gender, phone, email, province, city, district,
                address_detail, tags, lifecycle_stage, home_store_id, email_consent, email_consent_source,
                sms_consent, sms_consent_source, notes, created_at, updated_at, version)
        SELECT t.id, {uid("c", "t.no", "k")},
               substr('{SURNAMES}', 1 + (k * 7 + t.no) % 20, 1) || substr('{GIVEN}', 1 + (k * 13) % 40, 1)
                 || CASE WHEN k % 3 = 0 THEN '' ELSE substr('{GIVEN}', 1 + (k * 29 + 11) % 40, 1) END,
               (ARRAY['male','female','unknown'])[1 + k % 3],
               '+86138' || lpad(k::text, 8, '0'),
               CASE WHEN k % 4 = 0 THEN 'c' || k || '@example.com' END,
               '上海', '上海', '浦东新区', '世纪大道 ' || k || ' 号',
               CASE WHEN k % 5 = 0 THEN ARRAY['vip'] ELSE '{{}}' END,
               (ARRAY['lead','prospect','customer','vip'])[1 + k % 4],
               CASE WHEN k % 10 = 0 THEN NULL ELSE {uid("s", "t.no", "1 + k % t.stores")} END,
               k % 2 = 0, 'import', k % 3 = 0, 'import', '',
               timestamptz '2025-01-01' + k * interval '17 seconds',
               timestamptz '2025-01-01' + k * interval '17 seconds', 1
        FROM bench.tenants t, generate_series(1, t.customers) k;""",
    ),
    (
        "customer search terms",
        """INSERT INTO customer_search_terms (tenant_id, term, customer_id)
        SELECT c.tenant_id, x.term, c.id FROM customers c,
          LATERAL (SELECT 'n1:' || substr(c.name, i, 1) FROM generate_series(1, char_length(c.name)) i
                   UNION SELECT 'n2:' || substr(c.name, i, 2) FROM generate_series(1, char_length(c.name) - 1) i) x(term);""",
    ),
    (
        "customer references",
        """INSERT INTO customer_references (tenant_id, customer_id, masked_name)
        SELECT tenant_id, id, left(name, 1) || '**' FROM customers;""",
    ),
    (
        "orders",
        f"""INSERT INTO orders (tenant_id, id, number, channel, store_id, customer_id, status, currency, discount,
                subtotal, discount_total, tax_total, total, paid_total, refunded_total, note, requires_approval,
                reject_reason, cancel_reason, created_by, tracking_token, submitted_at, approved_at, shipped_at,
                delivered_at, completed_at, created_at, updated_at, version)
        SELECT t.id, {uid("o", "t.no", "k")}, 'SO-2025-' || lpad(k::text, 8, '0'), 'store',
               {uid("s", "t.no", "1 + k % t.stores")}, {uid("c", "t.no", "1 + (k * 7) % t.customers")},
               'completed', 'CNY', 0, s.total, 0, round(s.total * 0.13 / 1.13, 2), s.total, s.total, 0, '', false,
               '', '', {uid("u", "t.no", "1")}, left(md5('k' || t.no || ':' || k) || md5('K' || t.no || ':' || k), 43),
               o.at, o.at, o.at, o.at, o.at, o.at, o.at, 6
        FROM bench.tenants t, generate_series(1, t.orders) k,
          LATERAL (SELECT timestamptz '2025-01-01' + k * interval '23 seconds' AS at) o,
          LATERAL (SELECT sum((10 + ((k * 31 + l * 17) % t.products + 1) % 50 * 3.5) * (1 + (k + l) % 3)) AS total
                   FROM generate_series(1, 1 + k % 3) l) s;""",
    ),
    (
        "order lines and events",
        f"""INSERT INTO order_lines (tenant_id, id, order_id, line_no, product_id, sku, name, quantity, unit_price,
                discount, tax_rate, tax_amount, line_total, fulfilled_quantity, shipped_quantity, returned_quantity)
        SELECT t.id, {uid("l", "t.no", "k || ':' || l")}, {uid("o", "t.no", "k")}, l, {uid("p", "t.no", "p.no")},
               'SKU-' || lpad(p.no::text, 5, '0'), '商品' || p.no, q.qty, p.price, 0, 0.13,
               round(p.price * q.qty * 0.13 / 1.13, 2), p.price * q.qty, q.qty, q.qty, 0
        FROM bench.tenants t, generate_series(1, t.orders) k, generate_series(1, 1 + k % 3) l,
          LATERAL (SELECT (k * 31 + l * 17) % t.products + 1 AS no,
                          10 + ((k * 31 + l * 17) % t.products + 1) % 50 * 3.5 AS price) p,
          LATERAL (SELECT 1 + (k + l) % 3 AS qty) q;
        INSERT INTO order_events (tenant_id, id, order_id, kind, from_status, to_status, actor_type, actor_id,
                actor_label, note, created_at)
        SELECT t.id, {uid("e", "t.no", "k")}, {uid("o", "t.no", "k")}, 'created', '', 'draft', 'user',
               {uid("u", "t.no", "1")}, 'owner', '', timestamptz '2025-01-01' + k * interval '23 seconds'
        FROM bench.tenants t, generate_series(1, t.orders) k;""",
    ),
]


async def generate(conn: asyncpg.Connection, scale: float) -> dict[str, float]:
    """Fill an empty, migrated database; returns seconds per step (and 'total')."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    await conn.execute(_SCHEMA)
    await conn.executemany(
        "INSERT INTO bench.tenants VALUES ($1::int, md5('t' || $1::int::text)::uuid, $2, $3, $4, $5)",
        [(p.no, p.customers, p.orders, p.stores, p.products) for p in plan(scale)],
    )
    await conn.execute("SET session_replication_role = replica")  # consistent by construction
    for name, sql in _STEPS:
        step = time.perf_counter()
        async with conn.transaction():
            for statement in sql.split(";\n"):
                if "$1" in statement:
                    await conn.execute(statement, sorted(ALL_PERMISSIONS))
                elif statement.strip():
                    await conn.execute(statement)
        timings[name] = time.perf_counter() - step
        print(f"  {name}: {timings[name]:.1f} s", flush=True)
    await conn.execute("RESET session_replication_role")
    step = time.perf_counter()
    await conn.execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return timings


async def counts(conn: asyncpg.Connection) -> dict[str, int]:
    tables = (
        "tenants",
        "stores",
        "products",
        "stock_levels",
        "customers",
        "customer_search_terms",
        "customer_references",
        "orders",
    )
    tables += ("order_lines", "order_events")
    return {t: int(await conn.fetchval(f"SELECT count(*) FROM {t}")) for t in tables}
