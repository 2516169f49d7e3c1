"""Python allocations per request on the hot read path, counted by memray (not timed, so not noisy).

Each app runs in its own subprocess with its ASGI lifespan started; after a warm-up, memray
(with Python allocators traced) records N requests driven straight into the ASGI callable, so
the figure is the app's own allocations: routing, auth, database driver, serialisation.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.cluster import Cluster
from tests.bench.workload import Workload

REQUESTS = 200


class _Lifespan:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> None:
        async def receive() -> dict[str, Any]:
            return await self.queue.get()

        async def send(message: dict[str, Any]) -> None:
            await self.sent.put(message)

        self.task = asyncio.ensure_future(
            self.app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
        )
        await self.queue.put({"type": "lifespan.startup"})
        message = await asyncio.wait_for(self.sent.get(), 60)
        assert message["type"] == "lifespan.startup.complete", message

    async def __aexit__(self, *exc: object) -> None:
        await self.queue.put({"type": "lifespan.shutdown"})
        await asyncio.wait_for(self.sent.get(), 60)
        assert self.task is not None
        await self.task


async def _get(app: Any, path: str, token: str) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    await app(scope, receive, send)
    return status


def _load_app(name: str) -> Any:
    if name == "ours":
        from api.app import create_app

        return create_app()
    if name == "bare":
        from tests.bench.bare import app

        return app
    from tests.bench.peer import app as peer_app

    return peer_app


async def _child(name: str, targets: list[list[str]], out: Path) -> dict[str, float]:
    import memray

    app = _load_app(name)
    async with _Lifespan(app):
        for path, token in targets[:50]:
            assert await _get(app, path, token) == 200
        with memray.Tracker(out, trace_python_allocators=True, native_traces=False):
            for i in range(REQUESTS):
                path, token = targets[i % len(targets)]
                await _get(app, path, token)
    reader = memray.FileReader(out)
    count = 0
    size = 0
    for record in reader.get_allocation_records():
        if record.size:
            count += 1
            size += record.size
    return {"allocations": count / REQUESTS, "bytes": size / REQUESTS}


async def measure(cluster: Cluster, secret: str, work: Workload) -> dict[str, dict[str, float]]:
    from tests.bench.runner import bare_env, server_envs

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="crm-bench-allocs-") as tmp:
        targets = Path(tmp) / "targets.json"
        targets.write_text(json.dumps(work.customer_reads[:400]))
        envs = {
            "ours": server_envs(cluster, secret, cluster.app_url),
            "bare": bare_env(cluster, secret, cluster.app_url),
            "peer": {"BENCH_DATABASE_URL": cluster.app_url, "JWT_SECRET": secret},
        }
        labels = {
            "ours": "ours GET /customers/{id}",
            "bare": "L_asgi GET /customers/{id}",
            "peer": "peer GET /customers/{id}",
        }
        for name, env in envs.items():
            command = [sys.executable, "-m", "tests.bench.allocs", name, str(targets), str(Path(tmp) / f"{name}.bin")]
            done = await asyncio.to_thread(
                subprocess.run,
                command,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"allocations of {name} failed:\n{done.stderr[-3000:]}")
            results[labels[name]] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


if __name__ == "__main__":
    app_name, target_file, out_file = sys.argv[1:4]
    result = asyncio.run(_child(app_name, json.loads(Path(target_file).read_text()), Path(out_file)))
    print(json.dumps(result))
