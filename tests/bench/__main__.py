"""`make bench` / `make bench-full`: run the harness and write the JSON and markdown report.

BENCH_SCALE (default 1: 1M customers, 1M orders; 10 for 10M orders), BENCH_PROFILE (quick|full),
BENCH_ROUNDS / BENCH_SECONDS / BENCH_WARMUP to override the profile, BENCH_DATA_DIR (default
.data/bench; the generated cluster is kept there and reused by the next run at the same scale).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from tests.bench import report
from tests.bench.runner import run


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    base = Path(os.environ.get("BENCH_DATA_DIR", ".data/bench")).resolve()
    root = base / f"scale-{scale:g}"
    started = time.perf_counter()
    result = asyncio.run(run(scale, root))
    result["wall_seconds"] = time.perf_counter() - started
    out = base / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = out / f"bench-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    table = report.markdown(result)
    (out / f"bench-{stamp}.md").write_text(table + "\n")
    print()
    print(table)
    print(f"\nraw samples: {path} (wall time {result['wall_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
