"""Every English message the server can put in a problem, found in the source (AST), as the
shape the catalogue keys have: each f-string placeholder becomes `{}` (`tenants.messages.shape`).

A message is a string literal or f-string passed as the `detail` of a DomainError subclass (or the
`reason` of a transition error), as the `message` of a FieldError / `invalid(...)` / PricingError,
as the `detail` of `problem(...)` in the web layer, the 404 detail of a scoping `Rule`, the
`("code", "Detail.")` pairs of unique-constraint conflicts, the ValueErrors of the input rules (their text
reaches a 422 through msgspec), the password rules, the reasons lifecycle guards return, the problem titles, and what the product
writes on timelines by itself (system actor names and their notes). Names are followed to
their assignment in the same function or module, `+` and `a if c else b` to every combination."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "tenants", "domain")
# Where a ValueError's text is a field message the client sees.
VALUE_ERROR_FILES = {
    "tenants/input.py",
    "tenants/validation.py",
    "domain/custom_fields/values.py",
    "domain/custom_fields/imports.py",
}
# Functions whose returned strings are field messages.
RETURNING_MESSAGES = {"password_problem"}
# Dictionaries of user-facing texts, by module and variable name.
TEXT_TABLES = {("api/problems.py", "_TITLES"), ("domain/catalog/imports.py", "_REASONS")}

# Callable name → (positional indexes, keyword names) of its message arguments.
_FIELD_MESSAGE = ((1,), ("message",))
CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "FieldError": _FIELD_MESSAGE,
    "invalid": _FIELD_MESSAGE,
    "PricingError": _FIELD_MESSAGE,
    "_refuse": _FIELD_MESSAGE,
    "problem": ((2,), ("detail",)),
    "Invalid": ((1,), ("detail",)),
    "Rule": ((0,), ("missing",)),  # tenants.scoping: the 404 detail of a model
    "system_actor": ((0,), ("label",)),  # a system actor's name, shown on timelines
}
_CODE = re.compile(r"[a-z][a-z_]*")
_DOMAIN_ROOTS = {"DomainError"}


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            yield rel, ast.parse(path.read_text(encoding="utf-8"), rel)


def _base_names(node: ast.ClassDef) -> list[str]:
    return [b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases]


def _error_classes(modules: list[tuple[str, ast.Module]]) -> dict[str, tuple[tuple[int, ...], tuple[str, ...]]]:
    """DomainError and its subclasses (by name) → where their message arguments are."""
    classes = {node.name: node for _, module in modules for node in ast.walk(module) if isinstance(node, ast.ClassDef)}
    known: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {"DomainError": ((0,), ("detail",))}
    changed = True
    while changed:
        changed = False
        for name, node in classes.items():
            if name in known:
                continue
            parents = [b for b in _base_names(node) if b in known]
            if not parents:
                continue
            init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            if init is None:
                known[name] = known[parents[0]]
            else:
                params = [a.arg for a in init.args.args[1:]] + [a.arg for a in init.args.kwonlyargs]
                wanted = tuple(p for p in params if p in ("detail", "reason", "message"))
                positions = tuple(i for i, p in enumerate(a.arg for a in init.args.args[1:]) if p in wanted)
                known[name] = (positions, wanted)
            changed = True
    return known


class _Resolver:
    """String expressions → every text (shape) they can produce."""

    def __init__(self, module: ast.Module, everywhere: dict[str, list[ast.expr]]) -> None:
        self.module_names = _assignments(module.body)
        self.everywhere = everywhere  # module constants of every module (`events.APPROVAL_RULES`)

    def shapes(self, node: ast.expr, local: dict[str, list[ast.expr]], depth: int = 0) -> list[str]:
        if depth > 5:
            return []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value))
                else:
                    parts.append("{}")
            return ["".join(parts)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.shapes(node.left, local, depth + 1), self.shapes(node.right, local, depth + 1)
            return [a + b for a, b in itertools.product(left, right)]
        if isinstance(node, ast.IfExp):
            return self.shapes(node.body, local, depth + 1) + self.shapes(node.orelse, local, depth + 1)
        if isinstance(node, ast.Name):
            found = local.get(node.id) or self.module_names.get(node.id) or []
            return [s for value in found for s in self.shapes(value, local, depth + 1)]
        if isinstance(node, ast.Attribute) and node.attr.isupper():
            return [s for value in self.everywhere.get(node.attr, []) for s in self.shapes(value, {}, depth + 1)]
        return []


def _assignments(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    names: dict[str, list[ast.expr]] = {}
    for stmt in body:
        for node in (
            ast.walk(stmt) if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else []
        ):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                names.setdefault(node.targets[0].id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                names.setdefault(node.target.id, []).append(node.value)
    return names


def _function_scopes(module: ast.Module) -> Iterator[tuple[ast.AST, dict[str, list[ast.expr]], str | None]]:
    """(node, local assignments, enclosing class name) for every function and the module body."""

    def visit(node: ast.AST, cls: str | None) -> Iterator[tuple[ast.AST, dict[str, list[ast.expr]], str | None]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from visit(child, child.name)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                local: dict[str, list[ast.expr]] = {}
                for sub in ast.walk(child):
                    if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.targets[0], ast.Name):
                        local.setdefault(sub.targets[0].id, []).append(sub.value)
                yield child, local, cls
                yield from visit(child, cls)

    yield module, {}, None
    yield from visit(module, None)


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function (or module) body, not of the functions nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if func.attr == "__init__":
            return "__init__"
        return func.attr
    return ""


def messages() -> dict[str, set[str]]:
    """Every message shape → the files it appears in."""
    modules = list(_sources())
    errors = _error_classes(modules)
    class_bases = {
        node.name: _base_names(node)
        for _, module in modules
        for node in ast.walk(module)
        if isinstance(node, ast.ClassDef)
    }
    calls = {**CALLS, **errors}
    found: dict[str, set[str]] = {}

    def add(shapes: list[str], where: str) -> None:
        for shape in shapes:
            found.setdefault(shape, set()).add(where)

    # Lifecycle guards (`step(..., guard=fn)`): the reason they return ends a transition's 409.
    guards: set[str] = set()
    for _, module in modules:
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and _callee(node) == "step":
                given = [k.value for k in node.keywords if k.arg == "guard"] + node.args[3:4]
                guards |= {g.id for g in given if isinstance(g, ast.Name)}
    returning = RETURNING_MESSAGES | guards
    everywhere: dict[str, list[ast.expr]] = {}
    for _, module in modules:
        for name, values in _assignments(module.body).items():
            everywhere.setdefault(name, []).extend(values)
    for rel, module in modules:
        resolver = _Resolver(module, everywhere)
        for scope, local, cls in _function_scopes(module):
            for node in _own_nodes(scope):
                if isinstance(node, ast.Call):
                    name = _callee(node)
                    if name == "__init__" and cls in errors:
                        # super().__init__(...) in an error class: its first error base's signature
                        base = next((b for b in class_bases[cls] if b in errors), None)
                        if base is None:
                            continue
                        positions, keywords = errors[base]
                    elif name in calls and name != "__init__":
                        positions, keywords = calls[name]
                    elif name == "ValueError" and rel in VALUE_ERROR_FILES:
                        positions, keywords = (0,), ()
                    elif name == "record" and any(k.arg == "by" for k in node.keywords):
                        positions, keywords = (), ("note",)  # a note the product writes itself
                    elif name == "Principal" and rel.startswith("domain/"):
                        positions, keywords = (), ("label",)  # the product acting (SLA job, survey link)
                    else:
                        continue
                    args = [node.args[i] for i in positions if i < len(node.args)]
                    args += [k.value for k in node.keywords if k.arg in keywords]
                    for arg in args:
                        add(resolver.shapes(arg, local), rel)
                elif (
                    # ConflictText (tenants.unique): ("code", "Detail.") pairs kept in tables
                    isinstance(node, ast.Tuple)
                    and len(node.elts) == 2
                    and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
                    and _CODE.fullmatch(str(node.elts[0].value))  # type: ignore[attr-defined]
                    and str(node.elts[1].value).endswith(".")  # type: ignore[attr-defined]
                ):
                    add(resolver.shapes(node.elts[1], local), rel)
                elif (
                    isinstance(node, ast.Return)
                    and node.value is not None
                    and isinstance(scope, ast.FunctionDef)
                    and scope.name in returning
                ):
                    add(resolver.shapes(node.value, local), rel)
        for target_rel, table in TEXT_TABLES:
            if target_rel == rel:
                for value in resolver.module_names.get(table, []):
                    if isinstance(value, ast.Dict):
                        for item in value.values:
                            add(resolver.shapes(item, {}), rel)
    return found
