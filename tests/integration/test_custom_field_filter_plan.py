"""A `?cf.<key>=` filter stays index-backed under row-level security: as the app role, inside a
tenant session, on a tenant with many customers that all hold the field, the customer list's
query looks its term up on the (tenant_id, term) key of customer_search_terms — never a filter
over the tenant's terms or a jsonb operator over its customers (PITFALLS: those are not
leakproof) — and finds exactly the matching customers."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from api.embedded import EmbeddedUrls
from api.state import Resources
from domain.custom_fields.values import term
from domain.customers.models import Customer, CustomerSearchTerm
from domain.customers.queries import filtered
from domain.customers.schemas import CustomerFilters
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tests.factories import Api, expect

API = "/api/v1"
MANY = 20_000


async def test_a_custom_field_filter_uses_the_term_index_under_rls(
    api: Api, resources: Resources, services: EmbeddedUrls
) -> None:
    t = await api.signup()
    h = t.owner.headers
    body = {"entity": "customer", "key": "tier", "type": "select", "label_en": "Tier", "filterable": True}
    body["options"] = [{"value": "gold"}, {"value": "silver"}]
    expect(await api.client.post(f"{API}/custom-fields", json=body, headers=h), 201)
    gold = [(await api.customer(t.owner, name=f"金卡{i}", custom={"tier": "gold"}))["id"] for i in range(3)]
    tenant = uuid.UUID(t.id)
    # Many silver customers (rows and terms written as the app would), so that scanning the
    # tenant's customers or terms would clearly cost more than a lookup on the term key.
    silver = term("tier", "silver")
    async with tenant_session(resources.sessions, TenantScope(tenant)) as session:
        ids = [uuid.uuid4() for _ in range(MANY)]
        await session.execute(
            insert(Customer),
            [
                {"tenant_id": tenant, "id": i, "name": f"银卡{n}", "custom": {"tier": "silver"}, "version": 1}
                for n, i in enumerate(ids)
            ],
        )
        await session.execute(
            insert(CustomerSearchTerm), [{"tenant_id": tenant, "term": silver, "customer_id": i} for i in ids]
        )
    owner = create_async_engine(services.migration_database_url, poolclass=NullPool)
    async with owner.begin() as conn:  # committed: statistics written by a rolled-back ANALYZE vanish
        await conn.execute(text("ANALYZE customers"))
        await conn.execute(text("ANALYZE customer_search_terms"))
    await owner.dispose()
    principal = Principal("user", tenant, uuid.UUID(t.owner.user_id), "Owner", ALL_PERMISSIONS)
    async with tenant_session(resources.sessions, TenantScope(tenant)) as session:
        ctx = Ctx(session=session, actor=principal, meta=RequestMeta())
        query = filtered(ctx, CustomerFilters(), [term("tier", "gold")])
        sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in (await session.execute(text(f"EXPLAIN {sql}"))).all())
        found = {str(row.id) for row in (await session.execute(query)).scalars()}
        role = (await session.execute(text("SELECT current_user"))).scalar_one()
    assert role == "crm_app"  # the app role: RLS applies (a superuser would pass vacuously)
    assert found == set(gold)
    assert "Seq Scan" not in plan, plan
    on_key = [line for line in plan.splitlines() if "Index Cond" in line and "term" in line]
    assert on_key, plan  # the term condition is part of an index scan, not a filter after it
    assert "pk_customer_search_terms" in plan, plan
