"""Response schemas of the integration machinery's own resources: long jobs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

import msgspec

from domain.integrations.models import Job as JobRow
from tenants.messages import translate

JobStateName = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobProgress(msgspec.Struct, kw_only=True):
    done: int
    total: int | None  # unknown until the job has counted its work


class Job(msgspec.Struct, kw_only=True):
    """A long job as its user follows it: poll it (or watch the live stream) until `state` is
    final; a succeeded export has `result.file_id` and `file_url` until `expires_at`."""

    id: uuid.UUID
    kind: str
    state: JobStateName
    progress: JobProgress
    result: dict[str, Any] | None
    error: str  # why it failed, in the reader's language; empty otherwise
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None
    file_url: str | None


def job_out(row: JobRow, lang: str, *, file_available: bool) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        state=row.state,  # type: ignore[arg-type]  # written only from JobState
        progress=JobProgress(done=int(row.progress.get("done", 0)), total=row.progress.get("total")),
        result=row.result,
        error=translate(row.error, lang) if row.error else "",
        cancel_requested=row.cancel_requested,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        expires_at=row.expires_at,
        file_url=f"/api/v1/jobs/{row.id}/file" if file_available else None,
    )
