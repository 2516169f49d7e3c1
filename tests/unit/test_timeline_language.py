"""Timeline entries: the product's own actor names and notes read in the reader's language; a
person's name and note stay exactly as written."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.kernel.timeline import readable
from domain.service.schemas import TicketEvent
from tenants.ids import uuid7


def _entry(actor_type: str, label: str, note: str = "") -> TicketEvent:
    return TicketEvent(
        id=uuid7(),
        kind="escalated",
        from_status="open",
        to_status="open",
        actor_type=actor_type,
        actor_id=None,
        actor_label=label,
        note=note,
        data=None,
        created_at=datetime(2026, 1, 2, tzinfo=UTC),
    )


def test_system_and_customer_labels_are_translated_people_are_not() -> None:
    entries = [
        _entry("system", "SLA monitor"),
        _entry("customer", "customer (survey link)"),
        _entry("user", "system", "approval rules"),  # a user named "system": left alone
    ]
    zh = readable(entries, "zh-CN")
    assert [(e.actor_label, e.note) for e in zh] == [
        ("SLA 监控", ""),
        ("客户（问卷链接）", ""),
        ("system", "approval rules"),
    ]
    assert zh[2] is entries[2]
    assert readable(entries, "en") == entries
