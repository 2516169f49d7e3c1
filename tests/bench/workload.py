"""What the load asks for: deterministic samples of tenants, customers and orders, and tokens.

Requests pick tenants with the same 1/i skew as the data (seeded), so big chains get most of the
traffic while hundreds of small tenants still appear (and have their principals cached).
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from tenants.tokens import TokenConfig, issue_access_token
from tests.bench.datagen import TenantPlan

SEARCHES = ("王伟", "李芳", "张敏", "刘静", "陈丽", "杨强", "黄磊", "赵军")


def md5_uuid(text: str) -> uuid.UUID:
    """The same value as PostgreSQL's md5(text)::uuid used by the data generator."""
    return uuid.UUID(hashlib.md5(text.encode()).hexdigest())  # noqa: S324 - an id, not a secret


def tenant_id(no: int) -> uuid.UUID:
    return md5_uuid(f"t{no}")


def owner_id(no: int) -> uuid.UUID:
    return md5_uuid(f"u{no}:1")


def customer_id(no: int, k: int) -> uuid.UUID:
    return md5_uuid(f"c{no}:{k}")


def order_id(no: int, k: int) -> uuid.UUID:
    return md5_uuid(f"o{no}:{k}")


def store_id(no: int, k: int) -> uuid.UUID:
    return md5_uuid(f"s{no}:{k}")


def product_id(no: int, k: int) -> uuid.UUID:
    return md5_uuid(f"p{no}:{k}")


@dataclass(frozen=True, slots=True)
class Workload:
    customer_reads: list[tuple[str, str]]  # (path, bearer token)
    order_reads: list[tuple[str, str]]
    searches: list[tuple[str, str]]
    customer_pairs: list[tuple[uuid.UUID, uuid.UUID]]  # (tenant, customer) for L_py
    tokens: dict[int, str]


def build(plans: list[TenantPlan], secret: str, size: int = 4000, seed: int = 20261130) -> Workload:
    rng = random.Random(seed)
    # Tokens outlive the run (the server checks signature, claims and expiry, not the issuing TTL).
    config = TokenConfig(secret, "retail-crm", "retail-crm-api", 4 * 3600)
    weights = [1 / p.no for p in plans]
    picked = rng.choices(plans, weights=weights, k=size)
    tokens: dict[int, str] = {}
    for p in picked:
        if p.no not in tokens:
            tokens[p.no] = issue_access_token(config, owner_id(p.no), tenant_id(p.no))
    customer_reads, order_reads, searches, pairs = [], [], [], []
    for i, p in enumerate(picked):
        k = rng.randint(1, p.customers)
        pairs.append((tenant_id(p.no), customer_id(p.no, k)))
        customer_reads.append((f"/api/v1/customers/{customer_id(p.no, k)}", tokens[p.no]))
        order_reads.append((f"/api/v1/orders/{order_id(p.no, rng.randint(1, p.orders))}", tokens[p.no]))
        searches.append((f"/api/v1/customers?limit=50&q={quote(SEARCHES[i % len(SEARCHES)])}", tokens[p.no]))
    return Workload(customer_reads, order_reads, searches, pairs, tokens)


def order_body(plan: TenantPlan, i: int) -> dict[str, object]:
    """A 3-line order at one of the tenant's stores, for one of its customers."""
    lines = [
        {"product_id": str(product_id(plan.no, 1 + (i * 3 + j * 7) % plan.products)), "quantity": 1 + j}
        for j in range(3)
    ]
    return {
        "customer_id": str(customer_id(plan.no, 1 + (i * 11) % plan.customers)),
        "store_id": str(store_id(plan.no, 1 + i % plan.stores)),
        "channel": "store",
        "lines": lines,
    }
