"""Counting what a request costs on the wire: a PostgreSQL protocol proxy on 127.0.0.1.

The embedded PostgreSQL has no pg_stat_statements, so statements and round trips are counted
from the frontend protocol itself, which works with any server and needs no extension:

- a round trip is a message after which the client waits for ReadyForQuery: a simple `Query`
  ('Q', however many statements it holds) or a `Sync` ('S') closing an extended-protocol batch;
- a statement is an extended-protocol `Execute` ('E'), or each statement of a simple `Query`.

The proxy forwards bytes unchanged (timing figures never go through it); `Wire.snapshot()` and
`Wire.since()` give deltas, and `Wire.sql` keeps the statement texts when `keep_sql` is set.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import struct
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

_UNTYPED_CODES = {80877103, 80877104, 80877102}  # SSLRequest, GSSENCRequest, CancelRequest


@dataclass(frozen=True, slots=True)
class Counts:
    round_trips: int = 0
    statements: int = 0

    def __sub__(self, other: Counts) -> Counts:
        return Counts(self.round_trips - other.round_trips, self.statements - other.statements)


def simple_statements(sql: str) -> list[str]:
    """The statements of a simple Query message (our messages carry no semicolons in literals)."""
    return [part.strip() for part in sql.split(";") if part.strip()]


@dataclass
class Wire:
    """Counters shared by every connection through one proxy."""

    keep_sql: bool = False
    round_trips: int = 0
    statements: int = 0
    sql: list[str] = field(default_factory=list)

    def snapshot(self) -> Counts:
        return Counts(self.round_trips, self.statements)

    def since(self, before: Counts) -> Counts:
        return self.snapshot() - before

    def _message(self, kind: bytes, body: bytes, prepared: dict[bytes, str], bound: list[str]) -> None:
        """Count one frontend message; `prepared` maps statement names (b"" = unnamed) to SQL and
        `bound` holds the SQL of the last Bind, which the next Execute runs."""
        if kind == b"Q":
            text = body.rstrip(b"\0").decode()
            self.round_trips += 1
            parts = simple_statements(text)
            self.statements += len(parts)
            if self.keep_sql:
                self.sql.extend(parts)
        elif kind == b"P":
            name, _, rest = body.partition(b"\0")
            prepared[name] = rest.partition(b"\0")[0].decode()
        elif kind == b"B":
            statement = body.partition(b"\0")[2].partition(b"\0")[0]
            bound[:] = [prepared.get(statement, "")]
        elif kind == b"E":
            self.statements += 1
            if self.keep_sql and bound:
                self.sql.append(bound[0])
        elif kind == b"S":
            self.round_trips += 1

    async def _client_to_server(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        prepared: dict[bytes, str] = {}
        bound: list[str] = []
        started = False
        while True:
            if not started:
                head = await reader.readexactly(8)
                length, code = struct.unpack("!ii", head)
                body = await reader.readexactly(length - 8)
                writer.write(head + body)
                started = code not in _UNTYPED_CODES
                if code == 80877102:  # a cancel request closes its connection
                    await writer.drain()
                    return
                continue
            head = await reader.readexactly(5)
            kind, length = head[:1], struct.unpack("!i", head[1:])[0]
            body = await reader.readexactly(length - 4)
            self._message(kind, body, prepared, bound)
            writer.write(head + body)
            if kind == b"X":
                await writer.drain()
                return
            await writer.drain()


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()


def socket_file(socket_dir: Path) -> Path:
    """The server's unix socket in its socket directory."""
    return next(socket_dir.glob(".s.PGSQL.*"))


@contextlib.asynccontextmanager
async def counting_proxy(socket_dir: Path, wire: Wire) -> AsyncIterator[tuple[str, int]]:
    """Listen on 127.0.0.1:<free port>, forward to the server's unix socket, count as it goes."""
    socket_path = socket_file(socket_dir)
    tasks: set[asyncio.Task[None]] = set()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_unix_connection(str(socket_path))
        up = asyncio.ensure_future(_guarded(wire._client_to_server(client_reader, server_writer)))
        down = asyncio.ensure_future(_pump(server_reader, client_writer))
        await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
        for task in (up, down):
            task.cancel()
        for w in (server_writer, client_writer):
            w.close()

    def spawn(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        task = asyncio.ensure_future(handle(r, w))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    server = await asyncio.start_server(spawn, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield "127.0.0.1", port
    finally:
        server.close()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _guarded(coro: asyncio.Future[None] | asyncio.Task[None] | object) -> None:
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        await coro  # type: ignore[misc]


@contextlib.contextmanager
def proxy_thread(socket_dir: Path, wire: Wire) -> Iterator[tuple[str, int]]:
    """The proxy on its own event loop in a thread, for callers whose loop may block (test
    clients that run the app through a blocking portal)."""
    loop = asyncio.new_event_loop()
    ready: concurrent.futures.Future[tuple[str, int]] = concurrent.futures.Future()
    stop = asyncio.Event()

    async def serve() -> None:
        try:
            async with counting_proxy(socket_dir, wire) as address:
                ready.set_result(address)
                await stop.wait()
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)
            raise

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    try:
        yield ready.result(timeout=10)
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
