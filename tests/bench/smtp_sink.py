"""The product's SMTP sink (api/mailsink.py) as a process of its own, for the relay cases: the
mail the consumers send leaves the measured process, as it does for a worker in production.

`python -m tests.bench.smtp_sink PORT` listens on 127.0.0.1:PORT until terminated.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

from api.mailsink import MailSink
from tests.bench.servers import free_port


async def _serve(port: int) -> None:
    sink = MailSink(port=port, capacity=10)  # keeps the last few; the bench only needs it to accept
    await sink.start()
    await asyncio.Event().wait()


@contextlib.contextmanager
def smtp_sink(seconds: float = 30) -> Iterator[int]:
    """Run the sink until the block ends; yields its port. Stopped by its pid."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tests.bench.smtp_sink", str(port)])  # noqa: S603
    try:
        deadline = time.monotonic() + seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError("the SMTP sink exited")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the SMTP sink did not listen within {seconds:.0f} s")
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1])))
