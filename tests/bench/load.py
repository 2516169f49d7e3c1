"""Load generation: wrk (Debian) for closed-loop throughput and latency, and a small asyncio
HTTP/1.1 client for what wrk cannot do (chained writes, an open loop at a constant rate).

Every phase has a time limit; every address is 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

_LUA = """
local reqs = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do
    local path, token = line:match("([^\\t]+)\\t([^\\t]+)")
    reqs[#reqs + 1] = wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
  end
  i = tonumber(args[2]) % #reqs
end
request = function()
  i = i % #reqs + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), summary.duration, latency.max))
end
"""


@dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    bad_status: int
    socket_errors: int
    p50_us: int
    p99_us: int
    duration_s: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install -y wrk)")
    return path


def write_targets(directory: Path, name: str, lines: list[tuple[str, str]]) -> Path:
    """A wrk target list: one `path<TAB>token` per line, and the Lua script that cycles it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "targets.lua").write_text(_LUA, encoding="utf-8")
    path = directory / f"{name}.tsv"
    path.write_text("".join(f"{p}\t{t}\n" for p, t in lines), encoding="utf-8")
    return path


def run_wrk(base_url: str, targets: Path, seconds: float, connections: int, offset: int = 0) -> WrkResult:
    """Closed loop: `connections` keep-alive connections on one wrk thread for `seconds`."""
    command = [
        ensure_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "-s",
        str(targets.parent / "targets.lua"),
        base_url,
        "--",
        str(targets),
        str(offset),
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout  # noqa: S603
    match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if match is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    n, bad, errors, p50, p99, duration_us, _ = (int(x) for x in match.groups())
    return WrkResult(n, bad, errors, p50, p99, duration_us / 1e6)


class HttpError(RuntimeError):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection (requests one at a time; JSON bodies)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer, f"{host}:{port}")

    async def request(self, method: str, path: str, headers: dict[str, str], body: Any = None) -> tuple[int, bytes]:
        payload = msgspec.json.encode(body) if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(payload)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None:
            head.append("Content-Type: application/json")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        status_line = await self.reader.readline()
        status = int(status_line.split(b" ", 2)[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


@dataclass
class Samples:
    """Latencies in microseconds, and how many operations failed."""

    latencies_us: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def ops(self) -> int:
        return len(self.latencies_us)

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_us:
            return float("nan")
        ordered = sorted(self.latencies_us)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


Operation = Callable[[int], Awaitable[None]]


async def closed_loop(workers: list[Operation], seconds: float) -> Samples:
    """Each worker repeats its operation back to back until the time is up."""
    samples = Samples()
    deadline = time.perf_counter() + seconds

    async def worker(op: Operation) -> None:
        i = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                await op(i)
            except Exception:
                samples.errors += 1
                continue
            samples.latencies_us.append((time.perf_counter() - started) * 1e6)
            i += 1

    started = time.perf_counter()
    async with asyncio.timeout(seconds + 30):
        await asyncio.gather(*(worker(op) for op in workers))
    samples.seconds = time.perf_counter() - started
    return samples


async def open_loop(
    connect: Callable[[], Awaitable[Connection]],
    request: Callable[[Connection, int], Awaitable[int]],
    rate: float,
    seconds: float,
    max_connections: int = 64,
) -> Samples:
    """Requests start on a fixed schedule (`rate` per second) whether or not earlier ones have
    finished; latency counts from the scheduled start, so queueing shows (no coordinated omission).
    A request that finds no idle connection opens one, up to `max_connections`; beyond that it
    waits for one, and that wait is part of its latency."""
    samples = Samples()
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    opened = 0
    tasks: set[asyncio.Task[None]] = set()
    interval = 1.0 / rate
    started = time.perf_counter()

    async def one(i: int, scheduled: float) -> None:
        nonlocal opened
        if idle.empty() and opened < max_connections:
            opened += 1
            conn = await connect()
        else:
            conn = await idle.get()
        try:
            status = await request(conn, i)
        except Exception:
            samples.errors += 1
            conn.close()
            opened -= 1
            return
        idle.put_nowait(conn)
        if status >= 400:
            samples.errors += 1
            return
        samples.latencies_us.append((time.perf_counter() - scheduled) * 1e6)

    async with asyncio.timeout(seconds + 30):
        i = 0
        while (now := time.perf_counter()) < started + seconds:
            scheduled = started + i * interval
            if scheduled > now:
                await asyncio.sleep(scheduled - now)
            task = asyncio.ensure_future(one(i, scheduled))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            i += 1
        await asyncio.gather(*tasks)
    samples.seconds = time.perf_counter() - started
    while not idle.empty():
        idle.get_nowait().close()
    return samples
