"""Business-hours SLA arithmetic with fixed times: nights, weekends, holidays, pauses, time zones,
the at-risk point, and the escalation rule."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.service.sla import (
    Calendar,
    EscalationPolicy,
    add_business_minutes,
    business_minutes,
    clock,
    clock_state,
    escalate,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday to Friday, 09:00–18:00 Shanghai time (01:00–10:00 UTC); 2026-10-01 (Thursday) is a holiday.
CAL = Calendar(SHANGHAI, frozenset({1, 2, 3, 4, 5}), 9 * 60, 18 * 60, frozenset({date(2026, 10, 1)}))


def sh(day: int, hour: int, minute: int = 0, month: int = 9) -> datetime:
    """A Shanghai wall-clock time in September 2026 (the 28th is a Monday), as UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def test_within_one_working_day() -> None:
    assert add_business_minutes(CAL, sh(28, 10), 90) == sh(28, 11, 30)
    assert business_minutes(CAL, sh(28, 10), sh(28, 11, 30)) == 90


def test_overnight_carries_to_the_next_morning() -> None:
    # 17:00 Monday + 120 min = 60 min on Monday, 60 on Tuesday from 09:00.
    assert add_business_minutes(CAL, sh(28, 17), 120) == sh(29, 10)
    assert business_minutes(CAL, sh(28, 17), sh(29, 10)) == 120


def test_a_start_outside_hours_begins_at_the_next_opening() -> None:
    assert add_business_minutes(CAL, sh(28, 7), 30) == sh(28, 9, 30)
    assert add_business_minutes(CAL, sh(28, 22), 30) == sh(29, 9, 30)
    assert business_minutes(CAL, sh(28, 18, 30), sh(29, 8, 59)) == 0


def test_weekends_are_skipped() -> None:
    # Friday 2026-10-02 is a working day; from Friday 17:00, 120 minutes end Monday 10:00.
    friday_five = sh(2, 17, month=10)
    assert add_business_minutes(CAL, friday_five, 120) == sh(5, 10, month=10)
    assert business_minutes(CAL, friday_five, sh(5, 10, month=10)) == 120


def test_holidays_are_skipped() -> None:
    # Wednesday 30 Sep 17:00 + 120 min: 60 that day, the 1 Oct holiday skipped, 60 on Friday.
    assert add_business_minutes(CAL, sh(30, 17), 120) == sh(2, 10, month=10)
    assert business_minutes(CAL, sh(1, 0, month=10), sh(1, 23, month=10)) == 0


def test_an_exact_window_end_stays_on_that_day() -> None:
    assert add_business_minutes(CAL, sh(28, 9), 540) == sh(28, 18)
    assert add_business_minutes(CAL, sh(28, 9), 541) == sh(29, 9, 1)


def test_zero_minutes_and_reversed_intervals() -> None:
    assert add_business_minutes(CAL, sh(28, 22), 0) == sh(28, 22)
    assert business_minutes(CAL, sh(29, 10), sh(28, 10)) == 0


def test_multi_day_targets() -> None:
    # 3 business days (3 × 540 min) from Monday 09:00 end Wednesday 18:00.
    assert add_business_minutes(CAL, sh(28, 9), 3 * 540) == sh(30, 18)
    assert business_minutes(CAL, sh(28, 9), sh(5, 9, month=10)) == 4 * 540  # Mon-Wed, Fri; not the holiday


def test_a_round_the_clock_calendar() -> None:
    always = Calendar(ZoneInfo("UTC"), frozenset(range(1, 8)), 0, 1440)
    start = datetime(2026, 9, 26, 23, 0, tzinfo=UTC)  # Saturday
    assert add_business_minutes(always, start, 120) == datetime(2026, 9, 27, 1, 0, tzinfo=UTC)


def test_the_time_zone_decides_the_window() -> None:
    utc_cal = Calendar(ZoneInfo("UTC"), frozenset({1, 2, 3, 4, 5}), 9 * 60, 18 * 60)
    moment = sh(28, 10)  # 02:00 UTC: inside Shanghai hours, before UTC hours
    assert add_business_minutes(CAL, moment, 60) == sh(28, 11)
    assert add_business_minutes(utc_cal, moment, 60) == datetime(2026, 9, 28, 10, 0, tzinfo=UTC)


def test_pauses_push_the_due_time_out_by_their_business_minutes() -> None:
    created = sh(28, 10)
    plain = clock(CAL, created, 240, 0)
    assert plain.due_at == sh(28, 14)
    assert plain.risk_at == sh(28, 13, 12)  # 80 % of 240 = 192 minutes
    # Pending Monday 11:00 → Tuesday 10:00 = 7 h Monday + 1 h Tuesday = 480 business minutes.
    paused = business_minutes(CAL, sh(28, 11), sh(29, 10))
    assert paused == 480
    resumed = clock(CAL, created, 240, paused)
    assert resumed.due_at == sh(29, 13)  # 60 min Monday before the pause, 180 min Tuesday after
    assert business_minutes(CAL, created, resumed.due_at) - paused == 240


def test_clock_states() -> None:
    due, risk = sh(28, 14), sh(28, 13, 12)
    assert clock_state(sh(28, 13), due, risk, breached=False) == "ok"
    assert clock_state(sh(28, 13, 12), due, risk, breached=False) == "at_risk"
    assert clock_state(sh(28, 14), due, risk, breached=False) == "breached"
    assert clock_state(sh(28, 10), due, risk, breached=True) == "breached"


@pytest.mark.parametrize(
    ("priority", "raised"), [("low", "normal"), ("normal", "high"), ("high", "urgent"), ("urgent", "urgent")]
)
def test_escalation_raises_priority_one_step(priority: str, raised: str) -> None:
    keep = uuid.uuid4()
    plan = escalate(priority, keep, EscalationPolicy(raise_priority=True, reassign_to=None))
    assert (plan.priority, plan.assignee_id, plan.changed) == (raised, keep, priority != raised)


def test_escalation_reassigns_when_the_policy_names_someone() -> None:
    lead, agent = uuid.uuid4(), uuid.uuid4()
    plan = escalate("urgent", agent, EscalationPolicy(raise_priority=True, reassign_to=lead))
    assert (plan.priority, plan.assignee_id, plan.changed) == ("urgent", lead, True)
    quiet = escalate("normal", agent, EscalationPolicy(raise_priority=False, reassign_to=None))
    assert (quiet.priority, quiet.assignee_id, quiet.changed) == ("normal", agent, False)
    unassigned = escalate("low", None, EscalationPolicy(raise_priority=False, reassign_to=lead))
    assert (unassigned.assignee_id, unassigned.changed) == (lead, True)
    with pytest.raises(ValueError, match="unknown priority"):
        escalate("extreme", None, EscalationPolicy(raise_priority=True, reassign_to=None))


def test_a_calendar_without_hours_fails_loudly() -> None:
    closed = Calendar(SHANGHAI, frozenset(), 9 * 60, 18 * 60)
    with pytest.raises(ValueError, match="no business hours"):
        add_business_minutes(closed, sh(28, 10), 1)


def test_daylight_saving_changes_move_the_utc_window() -> None:
    berlin = Calendar(ZoneInfo("Europe/Berlin"), frozenset(range(1, 8)), 9 * 60, 18 * 60)
    # Clocks go forward on Sunday 2026-03-29: the window is 08:00–17:00 UTC before, 07:00–16:00 after.
    assert berlin.window(date(2026, 3, 28)) == (
        datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 28, 17, 0, tzinfo=UTC),
    )
    assert berlin.window(date(2026, 3, 29)) == (
        datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 16, 0, tzinfo=UTC),
    )
    saturday_five = datetime(2026, 3, 28, 16, 0, tzinfo=UTC)
    assert add_business_minutes(berlin, saturday_five, 120) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
