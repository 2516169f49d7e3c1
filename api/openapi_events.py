"""The event catalogue in the contract: every registered topic as an OpenAPI 3.1 webhook whose
body is the one envelope with that topic's payload, so subscribers code against the same file
as API clients (and a payload change shows up as a contract change)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    PathItem,
    Reference,
    RequestBody,
    Schema,
)

from domain.catalog import events as transfer_events
from domain.customers import events as customer_events
from domain.kb import events as article_events
from domain.kernel.events import CATALOGUE, Actor, AggregateRef, Envelope
from domain.loyalty import events as loyalty_events
from domain.marketing import events as marketing_events
from domain.orders import events as order_events
from domain.service import events as ticket_events

# The modules that declare topics: importing them registers every topic before the contract is
# written, whichever routes happen to import them.
EVENT_MODULES = (
    order_events,
    ticket_events,
    article_events,
    transfer_events,
    customer_events,
    loyalty_events,
    marketing_events,
)

ENVELOPE = "EventEnvelope"
_REFS = "#/components/schemas/{name}"
_KEYS = {
    "anyOf": "any_of",
    "allOf": "all_of",
    "additionalProperties": "additional_properties",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
}
_FORMATS = {f.value for f in OpenAPIFormat}


def _spec(raw: Any) -> Schema | Reference:
    """A JSON Schema (as msgspec writes it) as Litestar's OpenAPI objects."""
    if "$ref" in raw:
        return Reference(ref=raw["$ref"])
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("title", "description", "enum", "required", "default"):
            kwargs[key] = value
        elif key == "type":
            kwargs["type"] = OpenAPIType(value)
        elif key == "format":
            if value in _FORMATS:
                kwargs["format"] = OpenAPIFormat(value)
            elif value == "decimal":  # money and quantities: a decimal number as a string
                kwargs["description"] = raw.get("description") or "A decimal number, as a string."
        elif key == "properties":
            kwargs["properties"] = {name: _spec(sub) for name, sub in value.items()}
        elif key == "items":
            kwargs["items"] = _spec(value)
        elif key in ("anyOf", "allOf"):
            kwargs[_KEYS[key]] = [_spec(sub) for sub in value]
        elif key == "additionalProperties":
            kwargs[_KEYS[key]] = value if isinstance(value, bool) else _spec(value)
        elif key in _KEYS:
            kwargs[_KEYS[key]] = value
    return Schema(**kwargs)


def _component(raw: Any) -> Schema:
    spec = _spec(raw)
    if not isinstance(spec, Schema):
        raise TypeError("a component schema is an object, never a reference")
    return spec


def document_events(app: Litestar) -> None:
    """Add the envelope, every payload type and one webhook per topic to the app's contract."""
    schema = app.openapi_schema
    topics = CATALOGUE.topics()
    _, components = msgspec.json.schema_components(
        [Envelope[Any], Actor, AggregateRef, *(t.payload for t in topics)], ref_template=_REFS
    )
    envelope = components.pop(next(name for name in components if name.startswith("Envelope")))
    envelope["title"] = ENVELOPE
    existing = schema.components.schemas or {}
    added = {name: _component(raw) for name, raw in components.items() if name not in existing}
    schema.components.schemas = {**existing, **added, ENVELOPE: _component(envelope)}
    schema.webhooks = {topic.name: _webhook(topic.name, topic.payload.__name__, topic.description) for topic in topics}


def _webhook(name: str, payload: str, description: str) -> PathItem:
    body = Schema(
        all_of=[
            Reference(ref=_REFS.format(name=ENVELOPE)),
            Schema(
                type=OpenAPIType.OBJECT,
                properties={"type": Schema(const=name), "data": Reference(ref=_REFS.format(name=payload))},
            ),
        ]
    )
    return PathItem(
        post=Operation(
            operation_id="Event" + "".join(part.title() for part in name.replace(".", "_").split("_")),
            summary=description,
            tags=["Events"],
            request_body=RequestBody(required=True, content={"application/json": OpenAPIMediaType(schema=body)}),
            responses={"2XX": OpenAPIResponse(description="The subscriber received the event.")},
        )
    )
