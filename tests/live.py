"""A real uvicorn server on a free port in the test's event loop, for what the in-process test
client cannot do: concurrent requests and never-ending responses (SSE)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn

from api.app import create_app
from api.http_deadlines import http_protocol
from api.settings import Settings


@asynccontextmanager
async def live_server(settings: Settings) -> AsyncIterator[str]:
    """Serve a fresh app (its own lifespan, engine and Redis client); yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
        access_log=False,
        http=http_protocol(settings.http_head_timeout_seconds, settings.http_body_timeout_seconds),
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(30):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
