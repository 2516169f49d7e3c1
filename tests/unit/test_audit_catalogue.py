"""The audit action catalogue names every action the source writes, and nothing it does not: read
from the calls themselves (ctx.audit, audit.record, the change recorder), so a new action without a
catalogue entry (and so without a label in the SPA) fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from domain.catalog.states import TransferStatus
from domain.kb.events import ARTICLE_CHANGES
from domain.loyalty.events import CHANGES as POINTS_CHANGES
from domain.marketing.campaigns import CHANGES as CAMPAIGN_CHANGES
from domain.service.transitions import _MOVES
from tenants.audit_catalogue import AUDIT_ACTIONS, AUDIT_TARGET_TYPES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("api", "tenants", "domain") for p in sorted((ROOT / d).rglob("*.py"))]

# Calls whose action is computed; each is expanded from the table it is computed from.
DYNAMIC = {
    ("tenants/context.py", "audit.record"): set(),  # Ctx.audit passes its argument on
    ("domain/kernel/recorder.py", "audit"): set(),  # the recorder composes kind + change
    ("domain/catalog/products.py", "audit"): set(),  # _apply: its callers' literals are read below
    ("domain/catalog/transfers.py", "record transfer"): {f"transfer.{s.value}" for s in TransferStatus},
    ("domain/orders/returns.py", "record order"): set(),  # _record: its callers' literals are read below
    ("domain/kb/actions.py", "record kb_article"): {f"kb_article.{c}" for c, _ in ARTICLE_CHANGES.values()},
    ("domain/service/transitions.py", "record ticket"): {f"ticket.{c}" for c, _ in _MOVES.values()},
    ("domain/loyalty/ledger.py", "record loyalty_account"): {f"loyalty_account.{c}" for c in POINTS_CHANGES.values()},
    ("domain/integrations/imports.py", "audit"): {
        "import.customers",
        "import.products",
    },  # import.<resource> of each importer
    ("domain/integrations/list_exports.py", "audit"): {"export.customers", "export.orders"},  # each list export
    ("domain/marketing/campaigns.py", "record campaign"): {f"campaign.{c}" for c in CAMPAIGN_CHANGES.values()},
}


def _literals(node: ast.expr) -> set[str] | None:
    """The strings an expression can be: a literal, `a if c else b`, or an f-string of those."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.JoinedStr):
        out = {""}
        for part in node.values:
            options = _literals(part.value if isinstance(part, ast.FormattedValue) else part)
            if options is None:
                return None
            out = {a + b for a in out for b in options}
        return out
    return None


def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                if isinstance(func, ast.Name) and func.id == "AggregateKind":
                    target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
                    first = node.value.args[0]
                    assert isinstance(target, ast.Name)
                    assert isinstance(first, ast.Constant)
                    kinds[target.id] = str(first.value)
    return kinds


def written_actions() -> tuple[set[str], set[tuple[str, str]]]:
    """(actions read from the source, call sites whose action is not a literal)."""
    kinds = _kinds()
    found: set[str] = set()
    dynamic: set[tuple[str, str]] = set()
    for path in SOURCES:
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            site: str | None = None
            prefix, arg = "", None
            if isinstance(func, ast.Attribute) and name == "audit" and node.args:
                site, arg = "audit", node.args[0]
            elif isinstance(func, ast.Attribute) and name == "record" and getattr(func.value, "id", None) == "audit":
                site, arg = "audit.record", next((k.value for k in node.keywords if k.arg == "action"), None)
            elif name == "record" and len(node.args) >= 4 and getattr(node.args[1], "id", None) in kinds:
                kind = kinds[getattr(node.args[1], "id", "")]
                site, prefix, arg = f"record {kind}", f"{kind}.", node.args[3]
            elif rel == "domain/orders/returns.py" and name == "_record" and len(node.args) >= 4:
                site, prefix, arg = "_record", "order.return_", node.args[3]
            elif rel == "domain/catalog/products.py" and name == "_apply" and len(node.args) >= 4:
                site, arg = "_apply", node.args[3]
            if site is None:
                continue
            values = _literals(arg) if arg is not None else None
            if values is None:
                dynamic.add((rel, site))
            else:
                found |= {prefix + v for v in values}
    return found, dynamic


def test_every_written_audit_action_is_in_the_catalogue() -> None:
    found, dynamic = written_actions()
    assert dynamic == set(DYNAMIC), "a new computed audit action: expand it in DYNAMIC"
    for expanded in DYNAMIC.values():
        found |= expanded
    assert len(found) > 60
    assert sorted(found - set(AUDIT_ACTIONS)) == []
    assert sorted(set(AUDIT_ACTIONS) - found) == []


def test_the_catalogue_lists_each_action_and_type_once() -> None:
    assert len(set(AUDIT_ACTIONS)) == len(AUDIT_ACTIONS)
    assert len(set(AUDIT_TARGET_TYPES)) == len(AUDIT_TARGET_TYPES)
    assert {a.split(".")[0] for a in AUDIT_ACTIONS} - {"auth", "inventory", "category"} <= set(AUDIT_TARGET_TYPES)
