"""The live event stream (SSE): the tenant's delivered events, filtered to the caller's scope."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from litestar import Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_200_OK
from redis.asyncio import Redis

from api.openapi import PROBLEMS
from api.security import AUTHENTICATED, principal_of, resources
from domain.integrations.stream import StreamEvent, channel, read_permission
from tenants import redis_outage
from tenants.errors import Unavailable
from tenants.principal import Principal
from tenants.redis_outage import RETRY_AFTER_SECONDS, UNREACHABLE

HEARTBEAT_SECONDS = 15.0
# Streams end after this long; EventSource reconnects (and re-authenticates) by itself.
MAX_STREAM_SECONDS = 600.0


def visible(principal: Principal, event: StreamEvent) -> bool:
    return (
        event.tenant_id == principal.tenant_id
        and principal.can(read_permission(event.topic))
        and principal.covers_store(event.store_id)
    )


async def subscribe(redis: Redis, principal: Principal) -> Any:
    """The tenant's channel, subscribed before the response starts: without Redis there is no
    live stream, and the client gets a 503 to retry (EventSource reconnects by itself)."""
    pubsub: Any = redis.pubsub()
    try:
        await pubsub.subscribe(channel(principal.tenant_id))
    except UNREACHABLE as exc:
        redis_outage.failed("subscribing to the live stream", exc)
        await pubsub.aclose()
        raise Unavailable(
            "The live stream is unavailable for a moment; retry shortly.", retry_after=RETRY_AFTER_SECONDS
        ) from exc
    return pubsub


async def stream(
    pubsub: Any, principal: Principal, heartbeat: float = HEARTBEAT_SECONDS, lifetime: float = MAX_STREAM_SECONDS
) -> AsyncIterator[ServerSentEventMessage]:
    try:
        yield ServerSentEventMessage(data=None, comment="subscribed", retry=3000)  # no data: not an event
        started = last = time.monotonic()
        while time.monotonic() - started < lifetime:
            try:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(1.0, heartbeat))
            except UNREACHABLE as exc:  # Redis went away: end the stream; the client reconnects
                redis_outage.failed("reading the live stream", exc)
                return
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
        with contextlib.suppress(*UNREACHABLE):
            await pubsub.unsubscribe()
        await pubsub.aclose()


@get(
    "/api/v1/events/stream",
    operation_id="StreamEvents",
    tags=["Events"],
    opt={AUTHENTICATED: True, PROBLEMS: {503}},  # 503 while Redis is out of reach
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
    pubsub = await subscribe(resources(request).redis, principal)
    return ServerSentEvent(stream(pubsub, principal))
