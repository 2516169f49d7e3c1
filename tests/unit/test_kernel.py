"""The aggregate kernel without a database: the lifecycle table mechanism, its one error shape,
the event catalogue (registration, refusal of unknown topics and of payloads of the wrong type)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import cast

import msgspec
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.openapi_events import EVENT_MODULES
from domain.kernel.errors import InvalidTransition
from domain.kernel.events import CATALOGUE, AggregateRef, Catalogue, Topic, UnknownTopic, names
from domain.kernel.lifecycle import Lifecycle, step
from domain.kernel.recorder import emit, system_actor
from domain.orders.events import ORDER_APPROVED, ORDER_CREATED
from tenants.clock import utcnow


class Light(StrEnum):
    RED = "red"
    GREEN = "green"


class Move(StrEnum):
    GO = "go"
    STOP = "stop"
    HONK = "honk"


def _no_rain(weather: str) -> str | None:
    return "it is raining" if weather == "rain" else None


LIGHT = Lifecycle(
    "traffic_light",
    Light,
    {
        Move.GO: step([Light.RED], "lights:switch", Light.GREEN, _no_rain),
        Move.STOP: step([Light.GREEN], "lights:switch", Light.RED),
        Move.HONK: step([Light.RED, Light.GREEN], "lights:honk"),
    },
)


def test_allowed_actions_follow_status_guard_and_permission() -> None:
    assert LIGHT.allowed_actions("red", "sun") == ["go", "honk"]
    assert LIGHT.allowed_actions("red", "rain") == ["honk"]
    assert LIGHT.allowed_actions("green") == ["stop", "honk"]
    assert LIGHT.allowed_actions("red", "sun", frozenset({"lights:honk"})) == ["honk"]
    assert LIGHT.allowed_actions("red", "sun", frozenset()) == []


def test_advance_returns_the_target_and_refusals_share_one_shape() -> None:
    assert LIGHT.advance(Move.GO, "red", "sun") is Light.GREEN
    with pytest.raises(InvalidTransition) as wrong_status:
        LIGHT.advance(Move.STOP, "red")
    assert wrong_status.value.code == "invalid_transition"
    assert wrong_status.value.detail == "Cannot stop a traffic light that is red."
    assert wrong_status.value.extra == {
        "entity": "traffic_light",
        "action": "stop",
        "current_status": "red",
        "allowed_actions": ["go", "honk"],
    }
    with pytest.raises(InvalidTransition) as guarded:
        LIGHT.ensure_allowed(Move.GO, "red", "rain")
    assert guarded.value.detail == "Cannot go a traffic light that is red: it is raining."
    assert guarded.value.extra["allowed_actions"] == ["honk"]


def test_an_action_without_a_fixed_target_has_none() -> None:
    with pytest.raises(ValueError, match="no fixed target"):
        LIGHT.target(Move.HONK)


class Ping(msgspec.Struct, kw_only=True):
    n: int


def test_a_catalogue_registers_each_topic_once_and_refuses_unknown_names() -> None:
    catalogue = Catalogue()
    ping = catalogue.register(Topic("test.ping", Ping, "A ping."))
    assert catalogue.get("test.ping") is ping
    assert ping in catalogue
    assert Topic("test.ping", Ping, "Another ping.") not in catalogue  # same name, not the registered one
    with pytest.raises(ValueError, match="registered twice"):
        catalogue.register(Topic("test.ping", Ping, "Again."))
    with pytest.raises(UnknownTopic):
        catalogue.get("test.pong")
    assert ping not in CATALOGUE  # the product's catalogue holds only the product's topics


def test_a_payload_must_match_its_topic_type() -> None:
    values = {
        "number": "SO-2026-000001",
        "status": "approved",
        "customer_id": str(uuid.uuid4()),
        "total": "12.50",
        "currency": "CNY",
        "requires_approval": False,
    }
    created = ORDER_CREATED.build(values)
    assert (created.status, created.total) == ("approved", Decimal("12.50"))
    with pytest.raises(msgspec.ValidationError, match="automatic"):
        ORDER_APPROVED.build(values)  # order.approved says whether it was automatic
    with pytest.raises(msgspec.ValidationError, match="status"):
        ORDER_CREATED.build({**values, "status": "lost"})


def test_every_registered_topic_is_declared_by_an_events_module() -> None:
    declared = {
        value.name
        for module in EVENT_MODULES
        for value in vars(module).values()
        if isinstance(value, Topic) and value in CATALOGUE
    }
    assert declared == {t.name for t in CATALOGUE.topics()}
    assert names(ORDER_CREATED, ORDER_APPROVED) == {"order.created", "order.approved"}


def test_the_outbox_writer_refuses_a_topic_outside_the_catalogue() -> None:
    unregistered = Topic("test.ping", Ping, "A ping nobody declared.")
    aggregate = AggregateRef(type="order", id=uuid.uuid4(), version=1)
    no_session = cast(AsyncSession, None)  # refused before anything is written
    with pytest.raises(UnknownTopic):
        emit(no_session, uuid.uuid4(), unregistered, aggregate, None, system_actor("tests"), {"n": 1}, utcnow())
