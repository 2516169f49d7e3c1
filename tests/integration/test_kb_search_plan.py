"""Article search stays index-backed under row-level security: as the app role, inside a tenant
session, the term lookups of a Chinese, a pinyin and an English query are index scans on the
(tenant_id, term, article_id) key of kb_article_terms, never a filter over the tenant's rows."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from api.embedded import EmbeddedUrls
from api.state import Resources
from domain.kb.models import ArticleTerm
from domain.kb.search import plan_article_search
from domain.terms import matching_ids
from tenants.db import TenantScope, tenant_session
from tests.factories import Api
from tests.kb_support import article


async def test_term_lookups_use_the_term_index_under_rls(
    api: Api, resources: Resources, services: EmbeddedUrls
) -> None:
    t = await api.signup()
    await article(api, t.owner, title_zh="会员积分兑换规则", title_en="Returns", body_en="Return policy.")
    tenant = uuid.UUID(t.id)
    # A tenant with many terms (a long article's worth, many times over), so that scanning all of
    # its terms would clearly cost more than a range on the term key.
    filler = await article(api, t.owner, title_en="Filler")
    async with tenant_session(resources.sessions, TenantScope(tenant)) as session:
        await session.execute(
            insert(ArticleTerm),
            [{"tenant_id": tenant, "term": f"x:{i:06d}", "article_id": uuid.UUID(filler["id"])} for i in range(20_000)],
        )
    # Fresh statistics (as autovacuum would gather them): the owner role analyses the table.
    owner = create_async_engine(services.migration_database_url, poolclass=NullPool)
    async with owner.begin() as conn:  # committed: statistics written by a rolled-back ANALYZE vanish
        await conn.execute(text("ANALYZE kb_article_terms"))
    await owner.dispose()
    for q in ("积分兑换", "hyjf", "return"):
        query = matching_ids(
            ArticleTerm.tenant_id, ArticleTerm.term, ArticleTerm.article_id, tenant, plan_article_search(q)
        )
        assert query is not None
        sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        async with tenant_session(resources.sessions, TenantScope(tenant)) as session:
            # Forbid sequential scans to see whether the term index is usable at all under the policy
            # (a non-leakproof operator would leave only a filtered sequential scan).
            await session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(row[0] for row in (await session.execute(text(f"EXPLAIN {sql}"))).all())
            found = (await session.execute(query)).all()
        assert "Seq Scan" not in plan, plan
        on_key = [line for line in plan.splitlines() if "Index Cond" in line and "term" in line]
        assert on_key, plan  # the term condition is part of the index scan, not a filter after it
        assert "pk_kb_article_terms" in plan, plan
        assert len(found) == 1, q
