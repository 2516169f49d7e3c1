"""The event catalogue: every topic an aggregate emits, with its typed payload, and the one
envelope every event travels in (outbox, live stream, webhooks, the events feed).

A context declares its topics once (`topic("order.approved", OrderApproved, "...")` in its
`events.py`); the recorder refuses a topic that is not registered and a payload that does not
match its type, and consumers subscribe by topic. The catalogue is published in the contract
(openapi `webhooks`), so a payload change is a contract change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import msgspec

P = TypeVar("P", bound=msgspec.Struct)
# RFC 3339 UTC on the wire (said explicitly: msgspec's schema leaves the format out).
Timestamp = Annotated[datetime, msgspec.Meta(extra_json_schema={"format": "date-time"})]


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """Who made the change: a staff user, an API key, or the system (id null)."""

    type: str  # "user", "api_key" or "system"
    id: uuid.UUID | None
    label: str


class AggregateRef(msgspec.Struct, frozen=True, kw_only=True):
    type: str  # "order", "ticket", ...
    id: uuid.UUID
    version: int  # the aggregate's version after the change: consumers drop stale events by it


class Envelope(msgspec.Struct, Generic[P], kw_only=True):
    """One event as every consumer and subscriber receives it."""

    id: uuid.UUID  # time-ordered; consumers dedupe on it (delivery is at least once)
    type: str  # the topic, e.g. order.approved
    occurred_at: Timestamp
    aggregate: AggregateRef
    store_id: uuid.UUID | None
    actor: Actor
    data: P


@dataclass(frozen=True, slots=True)
class Topic(Generic[P]):
    name: str
    payload: type[P]
    description: str

    def build(self, values: dict[str, Any]) -> P:
        """The payload from plain values; a value of the wrong type, or a field the payload needs
        and `values` lacks, raises (a defect in the emitting code, caught by the tests)."""
        return msgspec.convert(values, self.payload, strict=False)

    def decode(self, data: Any) -> P:
        return msgspec.convert(data, self.payload, strict=False)


class UnknownTopic(LookupError):
    """An event named a topic the catalogue does not have."""


class Catalogue:
    def __init__(self) -> None:
        self._topics: dict[str, Topic[Any]] = {}

    def register(self, topic: Topic[P]) -> Topic[P]:
        if topic.name in self._topics:
            raise ValueError(f"topic {topic.name} is registered twice")
        self._topics[topic.name] = topic
        return topic

    def get(self, name: str) -> Topic[Any]:
        try:
            return self._topics[name]
        except KeyError as exc:
            raise UnknownTopic(name) from exc

    def __contains__(self, topic: object) -> bool:
        return isinstance(topic, Topic) and self._topics.get(topic.name) is topic

    def topics(self) -> list[Topic[Any]]:
        return sorted(self._topics.values(), key=lambda t: t.name)


CATALOGUE = Catalogue()


def topic(name: str, payload: type[P], description: str) -> Topic[P]:
    """Declare a topic in the catalogue (at import time of the context's events module)."""
    return CATALOGUE.register(Topic(name, payload, description))


def names(*topics: Topic[Any]) -> frozenset[str]:
    """The topic names a consumer subscribes to."""
    return frozenset(t.name for t in topics)
