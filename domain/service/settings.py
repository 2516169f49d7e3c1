"""Per-tenant service settings: SLA targets per priority, the business-hours calendar (read in the
tenant's time zone), automatic assignment, escalation, reopen window and survey lifetime.
One row per tenant, created on first write; until then the defaults below apply."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.service import clocks
from domain.service.models import ServiceSettings as SettingsRow
from domain.service.models import Ticket
from domain.service.schemas import BusinessHours, PriorityTarget, ServiceSettings, ServiceSettingsUpdate, Targets
from domain.service.sla import DEFAULT_TARGETS, Calendar, EscalationPolicy, Target
from domain.service.states import DONE
from tenants import clock, staff
from tenants.context import Ctx
from tenants.errors import invalid
from tenants.scoping import of_tenant
from tenants.unique import flush_or_conflict
from tenants.validation import normalise_email
from tenants.zones import zone_name

DEFAULT_WORK_DAYS = [1, 2, 3, 4, 5]
DEFAULT_START, DEFAULT_END = 9 * 60, 18 * 60
DEFAULT_HOURS = 168  # reopen window and survey lifetime: one week


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything the ticket actions need from the settings, in domain types."""

    calendar: Calendar
    targets: dict[str, Target]
    auto_assign: bool
    escalation: EscalationPolicy
    reopen_window: timedelta
    csat_ttl: timedelta
    support_email: str | None = None


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _targets(raw: dict[str, Any] | None) -> dict[str, Target]:
    if not raw:
        return dict(DEFAULT_TARGETS)
    return {
        p: Target(int(raw[p]["first_response_minutes"]), int(raw[p]["resolution_minutes"])) for p in DEFAULT_TARGETS
    }


async def _row(session: AsyncSession, tenant_id: uuid.UUID, *, lock: bool = False) -> SettingsRow | None:
    query = select(SettingsRow).where(of_tenant(tenant_id, SettingsRow))
    return (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def _policy(row: SettingsRow | None, zone: str) -> Policy:
    if row is None:
        return Policy(
            calendar=Calendar(ZoneInfo(zone), frozenset(DEFAULT_WORK_DAYS), DEFAULT_START, DEFAULT_END),
            targets=dict(DEFAULT_TARGETS),
            auto_assign=False,
            escalation=EscalationPolicy(raise_priority=True, reassign_to=None),
            reopen_window=timedelta(hours=DEFAULT_HOURS),
            csat_ttl=timedelta(hours=DEFAULT_HOURS),
        )
    return Policy(
        calendar=Calendar(
            ZoneInfo(zone),
            frozenset(row.work_days),
            row.work_start_minute,
            row.work_end_minute,
            frozenset(row.holidays or []),
        ),
        targets=_targets(row.targets),
        auto_assign=row.auto_assign,
        escalation=EscalationPolicy(row.escalate_raise_priority, row.escalation_assignee_id),
        reopen_window=timedelta(hours=row.reopen_window_hours),
        csat_ttl=timedelta(hours=row.csat_ttl_hours),
        support_email=row.support_email,
    )


async def load_policy(session: AsyncSession, tenant_id: uuid.UUID) -> Policy:
    return _policy(await _row(session, tenant_id), await zone_name(session, tenant_id))


def _defaults(tenant_id: uuid.UUID) -> SettingsRow:
    return SettingsRow(
        tenant_id=tenant_id,
        targets={p: msgspec.structs.asdict(_target_in(t)) for p, t in DEFAULT_TARGETS.items()},
        work_days=list(DEFAULT_WORK_DAYS),
        work_start_minute=DEFAULT_START,
        work_end_minute=DEFAULT_END,
        holidays=[],
        auto_assign=False,
        escalate_raise_priority=True,
        escalation_assignee_id=None,
        reopen_window_hours=DEFAULT_HOURS,
        csat_ttl_hours=DEFAULT_HOURS,
        last_assignee_id=None,
    )


async def row_for_update(session: AsyncSession, tenant_id: uuid.UUID) -> SettingsRow:
    """The settings row locked until commit (created with the defaults when missing)."""
    row = await _row(session, tenant_id, lock=True)
    if row is None:
        row = _defaults(tenant_id)
        session.add(row)
        await flush_or_conflict(session, ("settings_conflict", "The settings were changed at the same time; retry."))
    return row


def _target_in(target: Target) -> PriorityTarget:
    return PriorityTarget(
        first_response_minutes=target.first_response_minutes, resolution_minutes=target.resolution_minutes
    )


def _out(row: SettingsRow | None, zone: str) -> ServiceSettings:
    policy = _policy(row, zone)
    cal = policy.calendar
    return ServiceSettings(
        targets=Targets(**{p: _target_in(t) for p, t in policy.targets.items()}),
        business_hours=BusinessHours(
            work_days=sorted(cal.work_days),
            start=_clock(cal.start_minute),
            end=_clock(cal.end_minute),
            holidays=sorted(cal.holidays),
        ),
        timezone=zone,
        auto_assign=policy.auto_assign,
        escalate_raise_priority=policy.escalation.raise_priority,
        escalation_assignee_id=policy.escalation.reassign_to,
        reopen_window_hours=int(policy.reopen_window.total_seconds() // 3600),
        csat_ttl_hours=int(policy.csat_ttl.total_seconds() // 3600),
        support_email=policy.support_email,
        updated_at=row.updated_at if row is not None else None,
    )


def _support_email(data: ServiceSettingsUpdate) -> str | msgspec.UnsetType | None:
    """The normalised address (blank = none), or UNSET to keep the current one."""
    if data.support_email is msgspec.UNSET or data.support_email is None or not data.support_email.strip():
        return None if data.support_email is not msgspec.UNSET else msgspec.UNSET
    try:
        return normalise_email(data.support_email)
    except ValueError as exc:
        raise invalid("support_email", str(exc)) from exc


async def get_settings(ctx: Ctx) -> ServiceSettings:
    return _out(await _row(ctx.session, ctx.tenant_id), await zone_name(ctx.session, ctx.tenant_id))


async def update_settings(ctx: Ctx, data: ServiceSettingsUpdate) -> ServiceSettings:
    start, end = _minutes(data.business_hours.start), _minutes(data.business_hours.end)
    if start >= end:
        raise invalid("business_hours.end", "must be after the start")
    for priority in DEFAULT_TARGETS:
        target = getattr(data.targets, priority)
        if target.first_response_minutes > target.resolution_minutes:
            raise invalid(f"targets.{priority}.first_response_minutes", "must not exceed the resolution target")
    support_email = _support_email(data)
    assignee = data.escalation_assignee_id
    if assignee is not None and not await staff.can(ctx.session, ctx.tenant_id, assignee, "tickets:update", None):
        raise invalid("escalation_assignee_id", "is not an active user who can work tickets")
    zone = await zone_name(ctx.session, ctx.tenant_id)
    row = await row_for_update(ctx.session, ctx.tenant_id)
    before = _out(row, zone)
    row.targets = msgspec.to_builtins(data.targets)
    row.work_days = sorted(set(data.business_hours.work_days))
    row.work_start_minute, row.work_end_minute = start, end
    row.holidays = sorted(set(data.business_hours.holidays))
    row.auto_assign = data.auto_assign
    row.escalate_raise_priority = data.escalate_raise_priority
    row.escalation_assignee_id = data.escalation_assignee_id
    row.reopen_window_hours = data.reopen_window_hours
    row.csat_ttl_hours = data.csat_ttl_hours
    if support_email is not msgspec.UNSET:
        row.support_email = support_email
    row.updated_at = clock.utcnow()
    await ctx.session.flush()
    after = _out(row, zone)
    changes = {
        key: {"from": value, "to": after_value}
        for (key, value), after_value in zip(
            msgspec.to_builtins(before).items(), msgspec.to_builtins(after).values(), strict=True
        )
        if value != after_value and key != "updated_at"
    }
    ctx.audit("service_settings.updated", "service_settings", row.id, changes or None)
    if "targets" in changes or "business_hours" in changes:
        await _refresh_open_tickets(ctx, _policy(row, zone))
    return after


async def _refresh_open_tickets(ctx: Ctx, policy: Policy) -> None:
    """New targets or hours move the due times of every ticket whose clocks have not stopped."""
    rows = await ctx.session.execute(
        select(Ticket)
        .where(of_tenant(ctx.tenant_id, Ticket), Ticket.status.not_in([s.value for s in DONE]))
        .with_for_update()
    )
    for ticket in rows.scalars():
        clocks.refresh(ticket, policy)
