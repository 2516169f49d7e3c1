"""Building a field's filter terms as a long job: when a field is made filterable, the values
records already hold need their `cf:` terms, and a tenant with a million customers cannot have
them written in the request.

The job (`custom_fields.index`, queued by actions.update_field in the request's transaction)
writes 1,000 records' terms per transaction, together with the checkpoint on the field
(`index_after`, the last record id done), so a worker killed mid-job leaves committed batches and
the job run again goes on at the next one: no batch lost, none needed twice (terms are inserted
ON CONFLICT DO NOTHING anyway). The last batch marks the field `filter_ready`; until then the
lists refuse its filter with a 409 (records.matching_terms), rather than answer with part of the
matches. Cancelling the job turns the field's filter off again (see `_give_up`).

Each batch holds the field's row FOR UPDATE: a record write validating its values holds the
definitions FOR SHARE and writes the record's terms itself (records.filter_terms), so the two
take turns and neither loses the other's terms. A batch that finds the field no longer filterable,
or indexed by a newer job (switched off and on again), stops: that job, or nothing, is the truth.

The job works as the whole tenant (every store), not as its user: the terms are the tenant's
index, and its user needed every store to change the field in the first place.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select, true
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.custom_fields.entities import entity_table
from domain.custom_fields.models import CustomField as FieldRow
from domain.custom_fields.values import term_ranges, terms_of
from domain.integrations.jobs import Cancelled, JobRun
from tenants import scoping
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tenants.scoping import of_tenant

KIND = "custom_fields.index"
BATCH = 1000


async def _batch(session: AsyncSession, tenant_id: uuid.UUID, field_id: uuid.UUID, job_id: uuid.UUID) -> int | None:
    """Index the next records of the field; how many (0: it is ready now), None: not this job's."""
    row = (
        await session.execute(
            select(FieldRow).where(of_tenant(tenant_id, FieldRow), FieldRow.id == field_id).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None or not row.filterable or row.index_job_id != job_id:
        return None
    table = entity_table(row.entity)
    model = table.model
    live = scoping.rule_of(model).live
    page = (
        await session.execute(
            select(model.id, model.custom[row.key])
            .where(
                of_tenant(tenant_id, model),
                model.custom.has_key(row.key),
                live() if live is not None else true(),
                model.id > (row.index_after or uuid.UUID(int=0)),
            )
            .order_by(model.id)
            .limit(BATCH)
        )
    ).all()
    if not page:
        row.filter_ready, row.index_job_id, row.index_after = True, None, None
        return 0
    found = [
        {"tenant_id": tenant_id, "term": t, table.owner: record_id}
        for record_id, value in page
        for t in terms_of(row.key, row.type, value)
    ]
    if found:
        await session.execute(insert(table.terms).on_conflict_do_nothing(), found)
    row.index_after = page[-1][0]
    return len(page)


async def clear_terms(session: AsyncSession, tenant_id: uuid.UUID, row: FieldRow) -> None:
    """Every term of the field, on every record (one range delete per spelling)."""
    terms = entity_table(row.entity).terms
    for start, end in term_ranges(row.key):
        await session.execute(delete(terms).where(of_tenant(tenant_id, terms), terms.term >= start, terms.term < end))


async def _give_up(run: JobRun, field_id: uuid.UUID) -> None:
    """A cancelled preparation turns the field's filter off (its partial terms go), so the field
    never stays "preparing" with nothing preparing it; making it filterable again starts anew."""
    async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
        query = select(FieldRow).where(of_tenant(run.tenant_id, FieldRow), FieldRow.id == field_id)
        row = (await session.execute(query.with_for_update())).scalar_one_or_none()
        if row is None or row.index_job_id != run.job_id:
            return
        await clear_terms(session, run.tenant_id, row)
        row.filterable, row.filter_ready, row.index_job_id, row.index_after = False, True, None, None
        row.version += 1
        row.updated_at = utcnow()


async def index_terms(run: JobRun) -> dict[str, Any]:
    """The job: batches until the field is ready (or no longer this job's to index)."""
    field_id = uuid.UUID(str(run.params["field_id"]))
    done = 0
    try:
        while True:
            async with tenant_session(run.sessions, TenantScope(run.tenant_id)) as session:
                count = await _batch(session, run.tenant_id, field_id, run.job_id)
            if count is None:
                return {"records": done, "superseded": True}
            if count == 0:
                await run.progress(done, done)
                return {"records": done}
            done += count
            await run.progress(done)
    except Cancelled:
        await _give_up(run, field_id)
        raise
