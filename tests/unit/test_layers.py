"""The import contracts of pyproject.toml hold (api → domain → tenants, no web framework in the
domain, contexts only through public.py, the kernel below the contexts): `make lint` runs the
same check, and this keeps CI honest about it."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
