"""Ratios within a round, their median and spread across rounds, and the markdown table."""

from __future__ import annotations

import statistics
from typing import Any

# (figure, numerator case, denominator case, target, "higher" or "lower" is better)
RATIOS: list[tuple[str, str, str, float]] = [
    ("GET customer ÷ L_py", "ours customer", "L_py customer", 0.55),
    ("GET customer ÷ Peer", "ours customer", "peer customer", 1.5),
    ("GET customer ÷ L_asgi", "ours customer", "L_asgi customer", 0.0),
    ("RLS ÷ BYPASSRLS", "ours customer", "ours customer BYPASSRLS", 0.90),
    ("order creation ÷ raw-SQL floor", "ours order create", "raw-SQL order floor", 0.5),
    ("GET order ÷ GET customer", "ours order", "ours customer", 0.0),
    ("customer search ÷ GET customer", "ours customer search", "ours customer", 0.0),
    ("outbox relay ÷ consumer floor", "outbox relay (events)", "relay consumer floor (events)", 0.5),
    ("customer import ÷ raw COPY floor", "customer import (rows)", "raw COPY import floor (rows)", 0.25),
    ("segment preview ÷ raw-SQL floor", "segment preview", "raw-SQL preview floor", 0.8),
    ("campaign send ÷ raw SMTP floor", "campaign send (messages)", "raw SMTP send floor (messages)", 0.25),
]


def ratios(results: dict[str, Any]) -> dict[str, float]:
    return {
        name: results[num]["rate"] / results[den]["rate"]
        for name, num, den, _ in RATIOS
        if num in results and den in results and results[den]["rate"]
    }


def round_line(number: int, values: dict[str, float], seconds: float) -> str:
    parts = ", ".join(f"{k} {v:.2f}" for k, v in values.items())
    return f"round {number} ({seconds:.0f} s): {parts}"


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"ratios": {}, "cases": {}}
    for name, _, _, target in RATIOS:
        values = [r["ratios"][name] for r in rounds if name in r["ratios"]]
        if values:
            entry = _spread(values)
            entry["target"] = target or None
            entry["met"] = (entry["median"] >= target) if target else None
            summary["ratios"][name] = entry
    for case in rounds[0]["results"]:
        summary["cases"][case] = {
            key: _spread([r["results"][case][key] for r in rounds]) for key in ("rate", "p50_us", "p99_us")
        }
    if "ours customer 10 clients" in summary["cases"]:
        p99_10 = summary["cases"]["ours customer 10 clients"]["p99_us"]["median"] / 1000
        summary["p99_10_clients_ms"] = {"median": p99_10, "target": 10.0, "met": p99_10 <= 10.0}
    return summary


def markdown(result: dict[str, Any]) -> str:
    s = result["summary"]
    env = result["environment"]
    lines = [
        f"Profile {result['profile']['name']}, {len(result['rounds'])} rounds × {result['profile']['measure_s']:g} s, "
        f"scale {result['scale']:g} ({result['data']['counts']['customers']:,} customers, "
        f"{result['data']['counts']['orders']:,} orders, {result['data']['counts']['tenants']:,} tenants); "
        f"{env['cpu']}, {env['cores']} cores, load {env['load_before']['load_1m']:.1f} → {env['load_after']['load_1m']:.1f}; "
        f"PostgreSQL {env['postgresql']}, Python {env['python']}.",
        "",
        "| figure | median | spread (min–max) | target | met |",
        "|---|---|---|---|---|",
    ]
    for name, entry in s["ratios"].items():
        target = f"≥ {entry['target']:.2f}" if entry["target"] else "—"
        met = "—" if entry["met"] is None else ("yes" if entry["met"] else "**no**")
        lines.append(f"| {name} | {entry['median']:.2f} | {entry['min']:.2f}–{entry['max']:.2f} | {target} | {met} |")
    rt = result["deterministic"]["per_request"]
    if "ours GET /customers/{id}" in rt:
        read_rt = rt["ours GET /customers/{id}"]["round_trips"]
        lines.append(
            f"| round trips per tenant-scoped read | {read_rt:g} | (deterministic) | ≤ 2 | {'yes' if read_rt <= 2 else '**no**'} |"
        )
    if p99 := s.get("p99_10_clients_ms"):
        lines.append(
            f"| p99 at 10 concurrent clients (ms) | {p99['median']:.1f} | "
            f"{s['cases']['ours customer 10 clients']['p99_us']['min'] / 1000:.1f}–"
            f"{s['cases']['ours customer 10 clients']['p99_us']['max'] / 1000:.1f} | ≤ 10 | {'yes' if p99['met'] else '**no**'} |"
        )
    lines += ["", "| case | req/s (median, min–max) | p50 ms | p99 ms |", "|---|---|---|---|"]
    for case, entry in s["cases"].items():
        p50, p99_us = entry["p50_us"]["median"], entry["p99_us"]["median"]
        latency = f"{p50 / 1000:.2f} | {p99_us / 1000:.2f}" if p50 or p99_us else "— | —"  # a drain has none
        lines.append(
            f"| {case} | {entry['rate']['median']:,.0f} ({entry['rate']['min']:,.0f}–{entry['rate']['max']:,.0f}) | "
            f"{latency} |"
        )
    if rt:
        lines += ["", "| per request (deterministic) | round trips | statements |", "|---|---|---|"]
    for label, entry in rt.items():
        lines.append(f"| {label} | {entry['round_trips']:g} | {entry['statements']:g} |")
    alloc = result["deterministic"]["allocations"]
    if alloc:
        lines += ["", "| Python allocations per request (memray, in-process) | allocations | bytes |", "|---|---|---|"]
    for label, entry in alloc.items():
        lines.append(f"| {label} | {entry['allocations']:,.0f} | {entry['bytes']:,.0f} |")
    return "\n".join(lines)
