"""The live event stream (SSE): the tenant's delivered events, filtered to the caller's scope."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from litestar import Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_200_OK
from redis.asyncio import Redis

from api.security import AUTHENTICATED, principal_of, resources
from domain.integrations.stream import StreamEvent, channel, read_permission
from tenants.principal import Principal

HEARTBEAT_SECONDS = 15.0
# Streams end after this long; EventSource reconnects (and re-authenticates) by itself.
MAX_STREAM_SECONDS = 600.0


def visible(principal: Principal, event: StreamEvent) -> bool:
    return (
        event.tenant_id == principal.tenant_id
        and principal.can(read_permission(event.topic))
        and principal.covers_store(event.store_id)
    )


async def stream(
    redis: Redis, principal: Principal, heartbeat: float = HEARTBEAT_SECONDS, lifetime: float = MAX_STREAM_SECONDS
) -> AsyncIterator[ServerSentEventMessage]:
    pubsub: Any = redis.pubsub()
    await pubsub.subscribe(channel(principal.tenant_id))
    try:
        yield ServerSentEventMessage(data=None, comment="subscribed", retry=3000)  # no data: not an event
        started = last = time.monotonic()
        while time.monotonic() - started < lifetime:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(1.0, heartbeat))
            if message is not None and message.get("type") == "message":
                try:
                    event = msgspec.json.decode(message["data"], type=StreamEvent)
                except msgspec.ValidationError:
                    continue
                if visible(principal, event):
                    last = time.monotonic()
                    yield ServerSentEventMessage(
                        data=msgspec.json.encode(event).decode(), event=event.topic, id=str(event.id)
                    )
            if time.monotonic() - last >= heartbeat:
                last = time.monotonic()
                yield ServerSentEventMessage(data=None, comment="heartbeat")
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()


@get(
    "/api/v1/events/stream",
    operation_id="StreamEvents",
    tags=["Events"],
    opt={AUTHENTICATED: True},
    summary="Live events (text/event-stream) for the caller's stores; a heartbeat comment every 15 s",
    responses={
        HTTP_200_OK: ResponseSpec(
            data_container=StreamEvent,
            media_type="text/event-stream",
            generate_examples=False,
            description="A stream of server-sent events: `event` is the topic, `id` the event id and "
            "`data` one StreamEvent as JSON. The stream ends after 10 minutes; clients reconnect.",
        )
    },
)
async def event_stream(request: Request[Any, Any, Any]) -> ServerSentEvent:
    principal = principal_of(request)
    return ServerSentEvent(stream(resources(request).redis, principal))
