"""The servers under test, each one uvicorn process (uvloop, httptools, no access log) on
127.0.0.1, so the product, the bare ASGI app and the peer run under identical conditions."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _wait_ready(server: Server, probe: str, token: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{log.read_text(errors='replace')[-3000:]}")
        request = urllib.request.Request(server.url + probe, headers={"Authorization": f"Bearer {token}"})
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not answer {probe} within {seconds:.0f} s")


@contextlib.contextmanager
def serve(
    name: str, target: str, env: dict[str, str], logs: Path, probe: str, token: str, *, factory: bool = False
) -> Iterator[Server]:
    """Run `target` (module:attribute) under uvicorn until the block ends; stop it by its pid."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    command += ["--factory"] if factory else []
    with log.open("wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    server = Server(name, port, process)
    try:
        _wait_ready(server, probe, token, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
