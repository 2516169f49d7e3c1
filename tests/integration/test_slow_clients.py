"""Slow clients cannot hold connections: the request head and the body each have a deadline
(api/http_deadlines.py), however steadily the bytes trickle in; normal clients, and keep-alive
connections idle between requests, are unaffected."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from urllib.parse import urlsplit

from api.settings import Settings
from tests.live import live_server

HEAD = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
REQUEST = HEAD + b"\r\n"


async def _open(base: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    url = urlsplit(base)
    return await asyncio.open_connection(url.hostname, url.port)


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """What the server sent before closing; fails if it is still open after `seconds`."""
    async with asyncio.timeout(seconds):
        return await reader.read()


async def _response(reader: asyncio.StreamReader) -> bytes:
    async with asyncio.timeout(10):
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        return head + await reader.readexactly(length)


async def test_a_head_or_body_that_never_ends_is_cut_off(settings: Settings) -> None:
    quick = dataclasses.replace(settings, http_head_timeout_seconds=1, http_body_timeout_seconds=1)
    async with live_server(quick) as base:
        stalled_reader, stalled = await _open(base)
        stalled.write(HEAD)  # and never the blank line that ends the headers
        started = time.monotonic()
        assert await _closed_within(stalled_reader, 10) == b""
        assert time.monotonic() - started >= 0.9

        trickle_reader, trickle = await _open(base)
        endless = HEAD + b"X-Padding: " + b"a" * 200
        sent = 0

        async def drip() -> None:  # one byte every 0.1 s: never idle, never done
            nonlocal sent
            for byte in endless:
                trickle.write(bytes([byte]))
                sent += 1
                await asyncio.sleep(0.1)

        dripping = asyncio.create_task(drip())
        assert await _closed_within(trickle_reader, 10) == b""
        dripping.cancel()
        assert sent < len(endless) / 2, "the server kept reading a head that never ends"

        body_reader, body = await _open(base)
        body.write(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
        body.write(b'Content-Length: 100\r\n\r\n{"tenant_slug": ')  # a body announced, then stalled
        assert b"200 OK" not in await _closed_within(body_reader, 10)

        reader, writer = await _open(base)
        writer.write(REQUEST)
        assert (await _response(reader)).startswith(b"HTTP/1.1 200")
        await asyncio.sleep(1.5)  # idle between requests longer than the head deadline: keep-alive's business
        writer.write(REQUEST)
        assert (await _response(reader)).startswith(b"HTTP/1.1 200")
        for w in (stalled, trickle, body, writer):
            w.close()
