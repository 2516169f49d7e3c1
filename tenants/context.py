"""The unit of work a service receives: the tenant session, the actor and request metadata."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenants import audit
from tenants.errors import Forbidden
from tenants.principal import Principal, RequestMeta

log = logging.getLogger("tenants.context")


@dataclass(frozen=True, slots=True)
class Ctx:
    session: AsyncSession
    actor: Principal
    meta: RequestMeta
    # Work to run only once the transaction has committed (cache invalidation, notifications).
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def tenant_id(self) -> uuid.UUID:
        return self.actor.tenant_id

    @property
    def staff_user_id(self) -> uuid.UUID:
        """The acting staff user; an API key has none (routes declare `staff_only`, so this refusal
        is the backstop for code reached another way)."""
        if self.actor.user_id is None:
            raise Forbidden("Only staff users can do this.", code="not_a_user")
        return self.actor.user_id

    def audit(
        self,
        action: str,
        target_type: str,
        target_id: uuid.UUID | str | None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        audit.record(
            self.session,
            tenant_id=self.tenant_id,
            action=action,
            meta=self.meta,
            actor=self.actor,
            target_type=target_type,
            target_id=target_id,
            changes=changes,
        )


async def run_after_commit(hooks: list[Callable[[], Awaitable[None]]]) -> None:
    """Run what waits for the commit. The write has committed: a hook that fails is logged and
    must never turn the response into an error (a retry would find the work done)."""
    for hook in hooks:
        try:
            await hook()
        except Exception:
            log.exception("after-commit work failed; the change itself is committed")
