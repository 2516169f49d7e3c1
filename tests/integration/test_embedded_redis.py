"""The embedded Redis is supervised: killed, it is back at the same address within seconds, and
the app's client reconnects by itself; stopped, no process is left."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from api.embedded import RedisSupervisor


def _wait_for_ping(client: Redis, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return True
        except (OSError, RedisError):  # refused while it is down
            pass
        time.sleep(0.1)
    return False


def test_a_killed_embedded_redis_comes_back_at_the_same_address() -> None:
    root = Path(tempfile.mkdtemp(prefix="crm-redis-", dir="/tmp"))
    supervisor = RedisSupervisor(root)
    try:
        client = Redis(unix_socket_path=str(supervisor.socket), socket_connect_timeout=1)
        client.set("kept-through-restart", "no")  # nothing is persisted: Redis is a cache here
        first = supervisor.process.pid
        os.kill(first, signal.SIGKILL)
        assert _wait_for_ping(client, 10), "the embedded Redis did not come back"
        deadline = time.monotonic() + 5  # the supervisor notes the restart just after the socket is up
        while supervisor.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (supervisor.restarts, supervisor.process.pid != first) == (1, True)
        assert client.get("kept-through-restart") is None
    finally:
        supervisor.stop()
    assert supervisor.process.poll() is not None
