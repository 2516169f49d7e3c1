"""The segment preview case: the product's preview against a hand-written SQL floor of the same
answer, on the biggest tenant of the data (tenant 1: ~13 % of the customers and orders).

The rules: female customers who are not tagged vip, with at least 2 purchases and at least 300
spent (ever), or any customer whose lifecycle stage is vip: attributes on the customer row, and
behaviour through the per-customer totals of every order (one grouped semi-join for both
behaviour conditions, as the compiler writes it and as one would by hand).

- *segment preview*: `domain.marketing.queries.preview` as the owner (every store), in one tenant
  transaction per preview, as the API's handler runs it: the field catalogue (custom fields,
  loyalty tiers), rule checks, compilation, the count and the newest 20.
- *raw-SQL preview floor*: the same count and sample as one hand-written statement with raw
  asyncpg (the same work_mem), tenant bound once per transaction: no catalogue, no checks, no
  scope rule (the owner sees everyone), no mapping.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import asyncpg
import msgspec

from api.state import Resources
from domain.marketing.queries import preview
from domain.marketing.schemas import PreviewRequest, RuleGroup
from tenants.auth import load_user_principal
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.principal import RequestMeta
from tests.bench import workload

RULES: dict[str, Any] = {
    "type": "group",
    "match": "any",
    "conditions": [
        {
            "type": "group",
            "match": "all",
            "conditions": [
                {"type": "condition", "field": "gender", "operator": "in", "value": ["female"]},
                {"type": "condition", "field": "tags", "operator": "none_of", "value": ["vip"]},
                {"type": "condition", "field": "order_count", "operator": "gte", "value": 2},
                {"type": "condition", "field": "spend", "operator": "gte", "value": "300"},
            ],
        },
        {"type": "condition", "field": "lifecycle_stage", "operator": "in", "value": ["vip"]},
    ],
}
_MATCH = """c.tenant_id = $1 AND c.deleted_at IS NULL AND (
  (c.gender = 'female' AND NOT coalesce(c.tags && ARRAY['vip']::varchar[], false)
   AND c.id IN (SELECT customer_id FROM orders WHERE tenant_id = $1 AND customer_id IS NOT NULL
                AND status IN ('approved','processing','fulfilled','shipped','delivered','completed') GROUP BY customer_id
                HAVING count(*) >= 2 AND sum(total - refunded_total) >= 300))
  OR c.lifecycle_stage = 'vip')"""
# The count and the newest 20 in one statement, with room to hash in memory (as the product does).
PREVIEW = (
    "SELECT count(*) OVER () AS total, c.id, c.name, c.phone, c.home_store_id, c.lifecycle_stage "
    "FROM customers c WHERE " + _MATCH + " ORDER BY c.created_at DESC, c.id DESC LIMIT 20"
)


@dataclasses.dataclass
class SegmentCases:
    resources: Resources
    app_connect: dict[str, Any]

    tenant = workload.tenant_id(1)
    owner = workload.owner_id(1)
    counts: dict[str, int] = dataclasses.field(default_factory=dict)

    def _result(self, n: int, seconds: float) -> dict[str, Any]:
        return {"rate": n / seconds, "p50_us": 0.0, "p99_us": 0.0, "requests": n, "seconds": seconds}

    async def product(self, seconds: float) -> dict[str, Any]:
        body = PreviewRequest(rules=_rules())
        async with tenant_session(self.resources.sessions, TenantScope(self.tenant)) as session:
            principal = await load_user_principal(session, self.tenant, self.owner)  # the API caches it
        assert principal is not None
        n, started = 0, time.perf_counter()
        while n == 0 or time.perf_counter() - started < seconds:
            async with tenant_session(self.resources.sessions, principal.scope) as session:
                found = await preview(Ctx(session=session, actor=principal, meta=RequestMeta()), body)
            self._agree("product", found.count)
            n += 1
        return self._result(n, time.perf_counter() - started)

    async def floor(self, seconds: float) -> dict[str, Any]:
        conn = await asyncpg.connect(**self.app_connect)
        try:
            n, started = 0, time.perf_counter()
            while n == 0 or time.perf_counter() - started < seconds:
                async with conn.transaction():
                    await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(self.tenant))
                    await conn.execute("SELECT set_config('app.store_ids', '*', true)")
                    await conn.execute("SELECT set_config('work_mem', '64MB', true)")
                    rows = await conn.fetch(PREVIEW, self.tenant)
                self._agree("floor", int(rows[0]["total"]) if rows else 0)
                n += 1
            return self._result(n, time.perf_counter() - started)
        finally:
            await conn.close()

    def _agree(self, side: str, count: int) -> None:
        """Both sides must count the same customers, or the ratio compares different work."""
        self.counts[side] = count
        if len(set(self.counts.values())) > 1:
            raise RuntimeError(f"the preview and its floor disagree: {self.counts}")

    def cases(self) -> dict[str, Any]:
        return {"segment preview": self.product, "raw-SQL preview floor": self.floor}


def _rules() -> RuleGroup:
    return msgspec.convert(RULES, RuleGroup)
