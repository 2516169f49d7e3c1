"""SLA arithmetic in business hours: pure functions, no database (unit-tested with fixed times).

A calendar is the tenant's working days and hours in its time zone, minus holidays. Targets are
business minutes. Pending time is measured in business minutes too and pushes the due times out
by exactly that much, so `due = add_business_minutes(created, target + paused)`: the clock has
run `target` business minutes at `due`, not counting the pauses.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from domain.service.states import PRIORITIES, raised

AT_RISK_SHARE = 0.8  # a clock is "at risk" once 80 % of its target has run
MAX_DAYS = 3700  # a calendar must have a working day within ten years; protects the loops
SlaState = Literal["ok", "at_risk", "breached", "paused", "met"]


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working days (ISO weekday numbers, Monday = 1) and hours [start, end) in minutes of the
    local day (end may be 1440, midnight), in `zone`, except `holidays` (local dates)."""

    zone: ZoneInfo
    work_days: frozenset[int]
    start_minute: int
    end_minute: int
    holidays: frozenset[date] = frozenset()

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The business window of a local date in UTC, or None on a day off."""
        if day.isoweekday() not in self.work_days or day in self.holidays:
            return None
        midnight = datetime.combine(day, time(0), tzinfo=self.zone)
        start = (midnight + timedelta(minutes=self.start_minute)).astimezone(UTC)
        end = (midnight + timedelta(minutes=self.end_minute)).astimezone(UTC)
        return start, end

    def windows_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Business windows from the local day of `moment` onwards (clipped to start at `moment`)."""
        day = moment.astimezone(self.zone).date()
        for offset in range(MAX_DAYS):
            window = self.window(day + timedelta(days=offset))
            if window is None or window[1] <= moment:
                continue
            yield max(window[0], moment), window[1]


def business_seconds(calendar: Calendar, start: datetime, end: datetime) -> float:
    """Business time between two moments (0 when end is not after start)."""
    total = 0.0
    if end <= start:
        return total
    for window_start, window_end in calendar.windows_from(start):
        if window_start >= end:
            break
        total += (min(window_end, end) - window_start).total_seconds()
    return total


def business_minutes(calendar: Calendar, start: datetime, end: datetime) -> int:
    """Whole business minutes between two moments (rounded down)."""
    return int(business_seconds(calendar, start, end) // 60)


def add_business_minutes(calendar: Calendar, start: datetime, minutes: int) -> datetime:
    """The moment `minutes` business minutes after `start` (0 → `start` itself)."""
    if minutes <= 0:
        return start
    remaining = minutes * 60.0
    for window_start, window_end in calendar.windows_from(start):
        length = (window_end - window_start).total_seconds()
        if remaining <= length:
            return window_start + timedelta(seconds=remaining)
        remaining -= length
    raise ValueError("the calendar has no business hours in the next ten years")


@dataclass(frozen=True, slots=True)
class Target:
    first_response_minutes: int
    resolution_minutes: int


DEFAULT_TARGETS: dict[str, Target] = {
    "low": Target(480, 2400),
    "normal": Target(240, 1440),
    "high": Target(120, 480),
    "urgent": Target(30, 240),
}


@dataclass(frozen=True, slots=True)
class Clock:
    due_at: datetime
    risk_at: datetime


def clock(calendar: Calendar, started_at: datetime, target_minutes: int, paused_minutes: int) -> Clock:
    """A clock started at `started_at` with `paused_minutes` of pauses so far."""
    risk = math.ceil(target_minutes * AT_RISK_SHARE)
    return Clock(
        due_at=add_business_minutes(calendar, started_at, target_minutes + paused_minutes),
        risk_at=add_business_minutes(calendar, started_at, risk + paused_minutes),
    )


def clock_state(now: datetime, due_at: datetime | None, risk_at: datetime | None, breached: bool) -> SlaState:
    """The state of one running clock."""
    if breached or (due_at is not None and due_at <= now):
        return "breached"
    if risk_at is not None and risk_at <= now:
        return "at_risk"
    return "ok"


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    raise_priority: bool
    reassign_to: uuid.UUID | None  # a user id, or None to keep the assignee


@dataclass(frozen=True, slots=True)
class Escalation:
    priority: str
    assignee_id: uuid.UUID | None
    changed: bool


def escalate(priority: str, assignee_id: uuid.UUID | None, policy: EscalationPolicy) -> Escalation:
    """What a breach does to a ticket: one priority step up (if the policy says so; urgent stays
    urgent) and a new assignee (if the policy names one)."""
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    new_priority = raised(priority) if policy.raise_priority else priority
    new_assignee = policy.reassign_to if policy.reassign_to is not None else assignee_id
    return Escalation(new_priority, new_assignee, new_priority != priority or new_assignee != assignee_id)
