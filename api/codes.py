"""The codes the SPA must put into words, published next to the contract (openapi/codes.json):
permission codes, audit action codes and record types, and every problem `code` the API can
answer with (read from the source: error classes, `raise …(code=…)`, `problem(status, "code", …)`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tenants.audit_catalogue import AUDIT_ACTIONS, AUDIT_TARGET_TYPES
from tenants.permissions import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
CODES_FILE = ROOT / "openapi" / "codes.json"
_PACKAGES = ("api", "tenants", "domain")


_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|^[a-z]+$")


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _named_code(target: ast.expr) -> bool:
    return getattr(target, "id", None) == "code" or getattr(target, "attr", None) == "code"


def _is_conflict_text(node: ast.Tuple) -> bool:
    """("email_taken", "A user with this email already exists."): a code and its detail sentence."""
    if len(node.elts) != 2:
        return False
    code, detail = (_string(e) for e in node.elts)
    return bool(code and detail and "_" in code and _CODE.match(code) and " " in detail and detail.endswith("."))


def _code_params(tree: ast.AST) -> dict[str, int]:
    """Functions taking a `code` parameter, with its position: `problem(status, code, detail)`."""
    params: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [a.arg for a in node.args.args]
            if "code" in names:
                params[node.name] = names.index("code")
    return params


def _codes_in(tree: ast.AST, params: dict[str, int]) -> set[str]:
    """Literals that reach a problem's `code`: assigned to `code` (class attribute, `self.code`),
    passed as `code=` or as a function's `code` parameter, named `code` in a loop over literal
    tuples, dict values of a `*_CODES` table, and (code, detail) conflict texts."""
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(_named_code(t) for t in node.targets):
            found.add(_string(node.value))
        elif isinstance(node, ast.Call):
            found.update(_string(k.value) for k in node.keywords if k.arg == "code")
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = params.get(name or "")
            if index is not None:
                offset = 1 if isinstance(node.func, ast.Attribute) and index > 0 else 0
                if len(node.args) > index - offset >= 0:
                    found.add(_string(node.args[index - offset]))
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
            names = [getattr(e, "id", None) for e in node.target.elts]
            if "code" in names and isinstance(node.iter, ast.Tuple | ast.List):
                at = names.index("code")
                for row in node.iter.elts:
                    if isinstance(row, ast.Tuple) and len(row.elts) > at:
                        found.add(_string(row.elts[at]))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "id", "").endswith("_CODES") for t in targets):
                found.update(_string(v) for v in node.value.values)
        elif isinstance(node, ast.Tuple) and _is_conflict_text(node):
            found.add(_string(node.elts[0]))
    return {c for c in found if c and _CODE.match(c)}


def problem_codes() -> list[str]:
    trees = [
        ast.parse(path.read_text(encoding="utf-8"))
        for package in _PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    ]
    params: dict[str, int] = {}
    for tree in trees:
        params.update(_code_params(tree))
    return sorted(set().union(*(_codes_in(tree, params) for tree in trees)))


def codes_document() -> dict[str, list[str]]:
    return {
        "permissions": [p.key for p in CATALOGUE],
        "audit_actions": list(AUDIT_ACTIONS),
        "audit_target_types": list(AUDIT_TARGET_TYPES),
        "problem_codes": problem_codes(),
    }
