"""The benchmark run: data, servers, deterministic counts, interleaved rounds, report."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import random
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from api.app import build_resources
from api.settings import Settings, load_settings
from tenants.tokens import digest, new_api_key
from tests.bench import datagen, environment, load, report, workload
from tests.bench.cluster import Cluster, start, superuser
from tests.bench.floors import CustomerRead, create_order_floor, no_reset, read_customer
from tests.bench.imports import ImportCases
from tests.bench.relay import Backlogs, RelayCases
from tests.bench.segments import SegmentCases
from tests.bench.sending import SendCases
from tests.bench.servers import Server, serve
from tests.bench.smtp_sink import smtp_sink
from tests.bench.wire import Wire, counting_proxy

CONCURRENCY = 16  # keep-alive connections (wrk) or tasks (L_py) for throughput cases
WRITERS = 4  # concurrent order writers, each on its own tenant (gapless numbers lock per tenant)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    rounds: int
    warmup_s: float
    measure_s: float


PROFILES = {"quick": Profile("quick", 3, 1, 5), "full": Profile("full", 6, 2, 8)}


def profile_from_env() -> Profile:
    base = PROFILES[os.environ.get("BENCH_PROFILE", "quick")]
    return Profile(
        base.name,
        int(os.environ.get("BENCH_ROUNDS", base.rounds)),
        float(os.environ.get("BENCH_WARMUP", base.warmup_s)),
        float(os.environ.get("BENCH_SECONDS", base.measure_s)),
    )


def selected_cases() -> list[str]:
    """BENCH_CASES: comma-separated parts of case names to run (e.g. `relay`); empty: all."""
    return [part.strip() for part in os.environ.get("BENCH_CASES", "").split(",") if part.strip()]


# ---- data ----


async def prepare_data(cluster: Cluster, scale: float) -> dict[str, Any]:
    marker = cluster.root / "generated.json"
    wanted = {"version": datagen.VERSION, "scale": scale}
    if marker.exists():
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in wanted} == wanted:
            print(f"data: reusing the cluster generated in {info['timings']['total']:.1f} s ({cluster.root})")
            return {**info, "reused": True}
    print(f"data: generating scale {scale:g} under {cluster.root}", flush=True)
    conn = await superuser(cluster)
    try:
        timings = await datagen.generate(conn, scale)
        counts = await datagen.counts(conn)
    finally:
        await conn.close()
    info = {**wanted, "timings": timings, "counts": counts}
    marker.write_text(json.dumps(info, indent=2))
    print(f"data: generated in {timings['total']:.1f} s: {counts}", flush=True)
    return {**info, "reused": False}


# ---- servers ----


def server_envs(cluster: Cluster, secret: str, database_url: str, bypass: bool = False) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "DATABASE_URL": cluster.bypass_url if bypass else database_url,
        "REDIS_URL": cluster.redis_url,
        "JWT_SECRET": secret,
        "RUN_WORKER": "0",
        "MAIL_SINK": "0",
        "API_KEY_PER_MINUTE": "100000000",
        "PGTZ": "UTC",
    }


def relay_settings(cluster: Cluster, secret: str, smtp_port: int, url: str | None = None) -> Settings:
    """The worker's settings against the benchmark's services (RELAY_CONCURRENCY from the env);
    `url` redirects the database (the counting proxy)."""
    return dataclasses.replace(
        load_settings(),
        env="production",
        database_url=url or cluster.app_url,
        redis_url=cluster.redis_url,
        jwt_secret=secret,
        smtp_port=smtp_port,
    )


def bare_env(cluster: Cluster, secret: str, url: str) -> dict[str, str]:
    kwargs = cluster.asyncpg_kwargs(url)
    return {
        "JWT_SECRET": secret,
        "BENCH_PG_HOST": str(kwargs["host"]),
        "BENCH_PG_PORT": str(kwargs["port"]),
        "BENCH_PG_USER": str(kwargs["user"]),
        "BENCH_PG_PASSWORD": str(kwargs["password"]),
        "BENCH_PG_DATABASE": str(kwargs["database"]),
    }


def start_servers(
    stack: ExitStack, cluster: Cluster, secret: str, probe: tuple[str, str], logs: Path, url: str | None = None
) -> dict[str, Server]:
    """ours, ours_bypass, bare and peer; `url` redirects the app-role ones (the counting proxy)."""
    app_url = url or cluster.app_url
    path, token = probe
    servers = {
        "ours": stack.enter_context(
            serve("ours", "api.app:create_app", server_envs(cluster, secret, app_url), logs, path, token, factory=True)
        ),
        "bare": stack.enter_context(
            serve("bare", "tests.bench.bare:app", bare_env(cluster, secret, app_url), logs, path, token)
        ),
        "peer": stack.enter_context(
            serve(
                "peer", "tests.bench.peer:app", {"BENCH_DATABASE_URL": app_url, "JWT_SECRET": secret}, logs, path, token
            )
        ),
    }
    if url is None:
        servers["ours_bypass"] = stack.enter_context(
            serve(
                "ours_bypass", "api.app:create_app", server_envs(cluster, secret, app_url, bypass=True), logs, path,
                token, factory=True,
            )
        )  # fmt: skip
    return servers


# ---- operations ----


def order_writer(server: Server, plan: datagen.TenantPlan, token: str) -> load.Operation:
    """POST /orders (3 lines), then POST /orders/{id}/submit (approved at once, stock reserved)."""
    conn: list[load.Connection] = []
    headers = {"Authorization": f"Bearer {token}"}

    async def op(i: int) -> None:
        if not conn:
            conn.append(await load.Connection.open("127.0.0.1", server.port))
        status, body = await conn[0].request("POST", "/api/v1/orders", headers, workload.order_body(plan, i))
        if status != 201:
            raise load.HttpError(f"create {status}: {body[:300]!r}")
        order = json.loads(body)
        status, body = await conn[0].request("POST", f"/api/v1/orders/{order['id']}/submit", headers, None)
        if status != 200 or json.loads(body)["status"] != "approved":
            raise load.HttpError(f"submit {status}: {body[:300]!r}")

    return op


def floor_writer(pool: asyncpg.Pool, plan: datagen.TenantPlan) -> load.Operation:
    async def op(i: int) -> None:
        body = workload.order_body(plan, i)
        lines = [(uuid.UUID(str(line["product_id"])), int(line["quantity"])) for line in body["lines"]]  # type: ignore[attr-defined]
        async with pool.acquire() as conn:
            await create_order_floor(
                conn,
                workload.tenant_id(plan.no),
                workload.owner_id(plan.no),
                uuid.UUID(str(body["store_id"])),
                uuid.UUID(str(body["customer_id"])),
                lines,
            )

    return op


def lpy_reader(pool: asyncpg.Pool, pairs: list[tuple[uuid.UUID, uuid.UUID]], worker: int) -> load.Operation:
    read = CustomerRead.compile()

    async def op(i: int) -> None:
        tenant, customer = pairs[(worker * 997 + i) % len(pairs)]
        async with pool.acquire() as conn:
            if await read_customer(conn, read, tenant, customer) is None:
                raise LookupError("customer missing")

    return op


# ---- deterministic figures ----


async def count_costs(
    cluster: Cluster,
    secret: str,
    work: workload.Workload,
    plans: list[datagen.TenantPlan],
    logs: Path,
    smtp_port: int,
) -> dict[str, Any]:
    """Statements and round trips per request, through the counting proxy (nothing timed)."""
    wire = Wire()
    results: dict[str, Any] = {}
    writer_plan = plans[4]
    api_key = await bench_api_key(cluster)
    async with counting_proxy(cluster.socket_dir, wire) as (host, port):
        url = cluster.through(cluster.app_url, host, port)
        with ExitStack() as stack:
            servers = await asyncio.to_thread(start_servers, stack, cluster, secret, work.customer_reads[0], logs, url)

            def bearer(targets: list[tuple[str, str]]) -> list[tuple[str, dict[str, str]]]:
                return [(path, {"Authorization": f"Bearer {token}"}) for path, token in targets]

            by_key = [(f"/api/v1/customers/{workload.customer_id(1, k)}", {"X-API-Key": api_key}) for k in range(1, 6)]
            reads = {
                "ours GET /customers/{id}": ("ours", bearer(work.customer_reads)),
                "ours GET /customers/{id} with an API key": ("ours", by_key),
                "ours GET /orders/{id}": ("ours", bearer(work.order_reads)),
                "ours GET /customers?q=…&limit=50": ("ours", bearer(work.searches)),
                "L_asgi GET /customers/{id}": ("bare", bearer(work.customer_reads)),
                "peer GET /customers/{id}": ("peer", bearer(work.customer_reads)),
            }
            n = 20
            for label, (name, targets) in reads.items():
                conn = await load.Connection.open("127.0.0.1", servers[name].port)
                sample = targets[:5]  # warm: principals cached, statements prepared
                for path, headers in sample * 4:
                    await conn.request("GET", path, headers)
                before = wire.snapshot()
                for path, headers in (sample * n)[:n]:
                    status, _ = await conn.request("GET", path, headers)
                    assert status == 200, (label, status)
                delta = wire.since(before)
                conn.close()
                results[label] = {"round_trips": delta.round_trips / n, "statements": delta.statements / n}
            write = order_writer(
                servers["ours"], writer_plan, work.tokens.get(writer_plan.no) or _token(secret, writer_plan)
            )
            for i in range(3):
                await write(i)
            before = wire.snapshot()
            for i in range(3, 3 + 5):
                await write(i)
            delta = wire.since(before)
            results["ours order create + submit"] = {
                "round_trips": delta.round_trips / 5,
                "statements": delta.statements / 5,
            }
        pool = await _pool(cluster, url)
        try:
            floor = floor_writer(pool, writer_plan)
            await floor(0)
            before = wire.snapshot()
            for i in range(1, 6):
                await floor(i)
            delta = wire.since(before)
            results["raw-SQL order floor"] = {"round_trips": delta.round_trips / 5, "statements": delta.statements / 5}
            reader = lpy_reader(pool, work.customer_pairs, 0)
            await reader(0)
            before = wire.snapshot()
            for i in range(1, 21):
                await reader(i)
            delta = wire.since(before)
            results["L_py read"] = {"round_trips": delta.round_trips / 20, "statements": delta.statements / 20}
        finally:
            await pool.close()
        resources = build_resources(relay_settings(cluster, secret, smtp_port, url))
        try:
            relay = RelayCases(resources, cluster.superuser_dsn, Backlogs(plans, seed=1), wire)
            for label, case in (
                ("outbox relay, per event", relay.relay),
                ("relay consumer floor, per event", relay.floor),
            ):
                await case(0)  # warm: statements prepared, pools filled
                counted = await case(0)
                results[label] = {"round_trips": counted["round_trips"], "statements": counted["statements"]}
        finally:
            await resources.redis.aclose()
            await resources.engine.dispose()
    return results


async def bench_api_key(cluster: Cluster) -> str:
    """An API key of tenant 1 allowed to read customers, with a fresh secret for this run."""
    _, secret, _ = new_api_key()
    key_id = "benchkey00000001"  # fixed, so reruns update the same key
    key = f"crm_{key_id}_{secret}"
    conn = await superuser(cluster)
    try:
        await conn.execute(
            """INSERT INTO api_keys (tenant_id, id, key_id, name, secret_hash, scopes, created_by)
               VALUES ($1, $2, $3, 'bench', $4, ARRAY['customers:read'], $5)
               ON CONFLICT (tenant_id, key_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash""",
            workload.tenant_id(1), workload.md5_uuid("k1"), key_id, digest(secret), workload.owner_id(1),
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO api_key_directory (key_id, tenant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            key_id,
            workload.tenant_id(1),
        )
    finally:
        await conn.close()
    return key


def _token(secret: str, plan: datagen.TenantPlan) -> str:
    from tenants.tokens import TokenConfig, issue_access_token

    config = TokenConfig(secret, "retail-crm", "retail-crm-api", 4 * 3600)
    return issue_access_token(config, workload.owner_id(plan.no), workload.tenant_id(plan.no))


async def _pool(cluster: Cluster, url: str, size: int = 20) -> asyncpg.Pool:
    kwargs = cluster.asyncpg_kwargs(url)
    pool = await asyncpg.create_pool(
        min_size=size // 2, max_size=size, reset=no_reset, server_settings={"timezone": "UTC"}, **kwargs
    )
    assert pool is not None
    return pool


# ---- rounds ----

Measure = Callable[[float], Awaitable[dict[str, Any]]]


async def run_rounds(
    profile: Profile,
    servers: dict[str, Server],
    targets: dict[str, Path],
    pool: asyncpg.Pool,
    work: workload.Workload,
    plans: list[datagen.TenantPlan],
    secret: str,
    relay_cases: RelayCases,
    import_cases: ImportCases | None = None,
    segment_cases: SegmentCases | None = None,
    send_cases: SendCases | None = None,
) -> list[dict[str, Any]]:
    offset = [0]

    def wrk_case(server: str, target: str, connections: int = CONCURRENCY) -> Measure:
        async def measure(seconds: float) -> dict[str, Any]:
            offset[0] += 7919
            r = await asyncio.to_thread(
                load.run_wrk, servers[server].url, targets[target], seconds, connections, offset[0]
            )
            if r.bad_status or r.socket_errors:
                raise RuntimeError(f"{server} {target}: {r.bad_status} bad statuses, {r.socket_errors} socket errors")
            return {
                "rate": r.rps,
                "p50_us": r.p50_us,
                "p99_us": r.p99_us,
                "requests": r.requests,
                "seconds": r.duration_s,
            }

        return measure

    def loop_case(make: Callable[[], list[load.Operation]]) -> Measure:
        async def measure(seconds: float) -> dict[str, Any]:
            s = await load.closed_loop(make(), seconds)
            if s.errors:
                raise RuntimeError(f"{s.errors} failed operations")
            return {
                "rate": s.rate,
                "p50_us": s.percentile(50),
                "p99_us": s.percentile(99),
                "requests": s.ops,
                "seconds": s.seconds,
            }

        return measure

    writers = plans[:WRITERS]
    tokens = {p.no: work.tokens.get(p.no) or _token(secret, p) for p in writers}
    cases: dict[str, Measure] = {
        "L_py customer": loop_case(lambda: [lpy_reader(pool, work.customer_pairs, w) for w in range(CONCURRENCY)]),
        "L_asgi customer": wrk_case("bare", "customers"),
        "peer customer": wrk_case("peer", "customers"),
        "ours customer": wrk_case("ours", "customers"),
        "ours customer BYPASSRLS": wrk_case("ours_bypass", "customers"),
        "ours order": wrk_case("ours", "orders"),
        "ours customer search": wrk_case("ours", "searches"),
        "ours customer 1 client": wrk_case("ours", "customers", 1),
        "ours customer 10 clients": wrk_case("ours", "customers", 10),
        "ours order create": loop_case(lambda: [order_writer(servers["ours"], p, tokens[p.no]) for p in writers]),
        "raw-SQL order floor": loop_case(lambda: [floor_writer(pool, p) for p in writers]),
        **relay_cases.cases(),
        **(import_cases.cases() if import_cases else {}),
        **(segment_cases.cases() if segment_cases else {}),
        **(send_cases.cases() if send_cases else {}),
    }
    if wanted := selected_cases():
        cases = {name: measure for name, measure in cases.items() if any(w in name for w in wanted)}
    rng = random.Random(7)
    rounds = []
    for number in range(1, profile.rounds + 1):
        order = list(cases)
        rng.shuffle(order)
        results: dict[str, Any] = {}
        started = time.perf_counter()
        for name in order:
            await cases[name](profile.warmup_s)
            results[name] = await cases[name](profile.measure_s)
        if "ours customer" in results:
            target_rate = 0.7 * results["ours customer"]["rate"]
            results["ours customer open loop 70%"] = await open_loop_case(
                servers["ours"], work, target_rate, profile.measure_s
            )
        ratios = report.ratios(results)
        rounds.append(
            {
                "round": number,
                "order": order,
                "results": results,
                "ratios": ratios,
                "seconds": time.perf_counter() - started,
            }
        )
        print(report.round_line(number, ratios, time.perf_counter() - started), flush=True)
    return rounds


async def open_loop_case(server: Server, work: workload.Workload, rate: float, seconds: float) -> dict[str, Any]:
    targets = work.customer_reads

    async def connect() -> load.Connection:
        return await load.Connection.open("127.0.0.1", server.port)

    async def request(conn: load.Connection, i: int) -> int:
        path, token = targets[i % len(targets)]
        status, _ = await conn.request("GET", path, {"Authorization": f"Bearer {token}"})
        return status

    s = await load.open_loop(connect, request, rate, seconds)
    return {
        "target_rate": rate,
        "rate": s.rate,
        "p50_us": s.percentile(50),
        "p99_us": s.percentile(99),
        "requests": s.ops,
        "errors": s.errors,
        "seconds": s.seconds,
        "latencies_us": [round(x) for x in s.latencies_us],
    }


async def run(scale: float, root: Path) -> dict[str, Any]:
    profile = profile_from_env()
    env_before = environment.snapshot()
    print(f"bench: profile {profile.name} ({profile.rounds} rounds × {profile.measure_s:g} s), scale {scale:g}")
    cluster = await asyncio.to_thread(start, root)
    data = await prepare_data(cluster, scale)
    plans = datagen.plan(scale)
    secret = secrets.token_hex(32)
    work = workload.build(plans, secret)
    logs = root / "logs"
    targets = {
        "customers": load.write_targets(root / "wrk", "customers", work.customer_reads),
        "orders": load.write_targets(root / "wrk", "orders", work.order_reads),
        "searches": load.write_targets(root / "wrk", "searches", work.searches),
    }
    costs: dict[str, Any] = {}
    allocations: dict[str, Any] = {}
    with ExitStack() as stack:
        smtp_port = stack.enter_context(smtp_sink())
        if selected_cases():
            print(f"only the cases matching BENCH_CASES={os.environ['BENCH_CASES']}; no counts or allocations")
        else:
            print("counting statements and round trips…", flush=True)
            costs = await count_costs(cluster, secret, work, plans, logs, smtp_port)
            print("measuring allocations…", flush=True)
            from tests.bench import allocs

            allocations = await allocs.measure(cluster, secret, work)
        pool = await _pool(cluster, cluster.app_url)
        try:
            servers = await asyncio.to_thread(start_servers, stack, cluster, secret, work.customer_reads[0], logs)
            resources = build_resources(relay_settings(cluster, secret, smtp_port))
            try:
                relay_cases = RelayCases(resources, cluster.superuser_dsn, Backlogs(plans))
                import_cases = ImportCases(resources, cluster.asyncpg_kwargs(cluster.app_url), cluster.superuser_dsn)
                segment_cases = SegmentCases(resources, cluster.asyncpg_kwargs(cluster.app_url))
                send_cases = SendCases(resources, smtp_port)
                rounds = await run_rounds(
                    profile,
                    servers,
                    targets,
                    pool,
                    work,
                    plans,
                    secret,
                    relay_cases,
                    import_cases,
                    segment_cases,
                    send_cases,
                )
            finally:
                await resources.redis.aclose()
                await resources.engine.dispose()
        finally:
            await pool.close()
    conn = await superuser(cluster)
    try:
        pg_version = await conn.fetchval("SHOW server_version")
    finally:
        await conn.close()
    return {
        "profile": profile.__dict__
        if hasattr(profile, "__dict__")
        else {f: getattr(profile, f) for f in profile.__slots__},
        "scale": scale,
        "environment": {
            **environment.describe(pg_version),
            "load_before": env_before,
            "load_after": environment.snapshot(),
        },
        "data": data,
        "deterministic": {"per_request": costs, "allocations": allocations},
        "rounds": rounds,
        "summary": report.summarise(rounds),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
