"""Benchmark harness entry point (`make bench`). The measured cases arrive with the benchmark issue."""

import sys

print(
    "No benchmarks yet: the harness (tenant-scoped reads vs raw asyncpg, a bare ASGI app and a peer) "
    "is built by the benchmark issue. See tests/bench/README.md."
)
sys.exit(0)
