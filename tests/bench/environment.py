"""Where the figures came from: CPU, load, and the versions of everything measured."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from typing import Any


def snapshot() -> dict[str, float]:
    one, five, fifteen = os.getloadavg()
    return {"load_1m": one, "load_5m": five, "load_15m": fifteen}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def _wrk_version() -> str:
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=5, check=False)  # noqa: S607
    except OSError:
        return "missing"
    return (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else "unknown"


def describe(pg_version: str) -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "wrk": _wrk_version(),
        "packages": {
            p: _version(p)
            for p in (
                "litestar",
                "uvicorn",
                "uvloop",
                "httptools",
                "asyncpg",
                "sqlalchemy",
                "msgspec",
                "fastapi",
                "pydantic",
            )
        },
    }
