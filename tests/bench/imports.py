"""The customer import cases: the product's import job against a raw COPY floor of the same rows.

- *customer import (rows)*: a GBK CSV of new customers (Chinese names, phones, emails, birthdays,
  tags) in the tenant's file store, run by the import job exactly as the worker runs it
  (`run_import`: streamed rows, batches of 1,000 through CustomerCreate and the API's rules, the
  search terms, masked references, timeline moments, checkpoint and counts per batch, the error
  report, the audit entry); rows/s from the job's start to its end.
- *raw COPY import floor (rows)*: the same kind of rows (read from the same kind of file, phones
  normalised by the same phonenumbers call, the same search terms) written with asyncpg's
  `copy_records_to_table` into temporary tables (COPY cannot write a table under row-level
  security) and moved into customers and customer_search_terms with one `INSERT … SELECT` each,
  in one transaction as the app role, tenant bound once: no validation types, no batching, no
  references, no timeline, no checkpoint, no report.

Both write into the biggest tenant of the data (tenant 1), with phones no other run uses.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import os
import time
import uuid
from datetime import date
from typing import Any

import asyncpg

from api.state import Resources
from domain.customers.imports import IMPORTER
from domain.customers.search import customer_terms
from domain.integrations.imports import COUNTS, run_import
from domain.integrations.jobs import JobRun
from domain.integrations.models import Import as ImportRow
from domain.integrations.models import Job as JobRow
from tenants.clock import utcnow
from tenants.db import TenantScope, tenant_session
from tenants.ids import uuid7
from tenants.validation import normalise_phone
from tests.bench import workload

FIRST_GUESS = 2000.0  # rows/s, to size the first (warm-up) file
MIN_ROWS = 2000
HEADERS = ["姓名", "手机", "邮箱", "生日", "标签"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_COLUMNS = ("tenant_id", "id", "name", "phone", "email", "birthday", "tags", "created_at", "updated_at", "created_by")
# The columns every customer row has, as a new one has them.
_PLAIN_COLUMNS = (
    "gender", "province", "city", "district", "address_detail", "lifecycle_stage", "email_consent",
    "email_consent_source", "sms_consent", "sms_consent_source", "notes", "version",
)  # fmt: skip
_PLAIN = ("unknown", "", "", "", "", "lead", False, "", False, "", "", 1)
_serial = itertools.count(int(time.time()) % 100_000 * 1000)  # a run's rows are its own


def rows(n: int) -> list[list[str]]:
    """n distinct customers, as a shop's member list has them."""
    out = []
    for _ in range(n):
        k = next(_serial)
        name = _SURNAMES[k % 20] + _GIVEN[(k // 20) % 20] + _GIVEN[(k // 400) % 20]
        phone = f"13{(5, 6, 7, 9)[(k // 10**8) % 4]}{k % 10**8:08d}"  # the data's customers have 138
        out.append([name, phone, f"m{k}@example.com", f"19{70 + k % 30}-0{1 + k % 9}-1{k % 10}", "会员"])
    return out


def gbk_file(lines: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(lines)
    return text.getvalue().encode("gbk")


@dataclasses.dataclass
class ImportCases:
    resources: Resources
    app_connect: dict[str, Any]  # asyncpg.connect arguments of the app role
    superuser_dsn: str  # to ANALYZE between measurements, as autovacuum would in production
    estimates: dict[str, float] = dataclasses.field(default_factory=dict)

    tenant = workload.tenant_id(1)
    owner = workload.owner_id(1)

    def _size(self, case: str, seconds: float) -> int:
        """Rows for about `seconds` at the case's last rate, or BENCH_IMPORT_ROWS when set (the
        issue's 200,000-row file: `BENCH_IMPORT_ROWS=200000 BENCH_CASES=import make bench`)."""
        fixed = os.environ.get("BENCH_IMPORT_ROWS")
        if fixed:
            return int(fixed)
        return max(MIN_ROWS, round(self.estimates.get(case, FIRST_GUESS) * seconds))

    def _result(self, case: str, n: int, seconds: float) -> dict[str, Any]:
        self.estimates[case] = n / seconds
        return {"rate": n / seconds, "p50_us": 0.0, "p99_us": 0.0, "requests": n, "seconds": seconds}

    async def _job(self, content: bytes) -> JobRun:
        """The upload in the file store, its import (mapping as suggested) and its job row."""
        files, file_id = self.resources.files, uuid.uuid4()
        files.staging(self.tenant, file_id).write_bytes(content)
        files.publish(self.tenant, file_id)
        async with tenant_session(self.resources.sessions, TenantScope(self.tenant)) as session:
            job = JobRow(
                tenant_id=self.tenant,
                id=uuid7(),
                kind=IMPORTER.kind,
                state="running",
                params={},
                progress={"done": 0, "total": None},
                created_by=self.owner,
                created_at=utcnow(),
            )
            session.add(job)
            await session.flush()
            row = ImportRow(
                tenant_id=self.tenant,
                resource="customers",
                file_id=file_id,
                file_name="bench.csv",
                size=len(content),
                format="csv",
                encoding="gb18030",
                delimiter=",",
                headers=HEADERS,
                mapping={h: f for h, f in IMPORTER.suggest(HEADERS).items() if f},
                policy="skip",
                match_by="phone",
                dry_run=False,
                status="running",
                counts=dict.fromkeys(COUNTS, 0),
                checkpoint=0,
                errors_size=0,
                job_id=job.id,
                created_by=self.owner,
            )
            session.add(row)
            await session.flush()
            job.params = {"import_id": str(row.id), "lang": "zh-CN"}
            params = dict(job.params)
        return JobRun(self.tenant, job.id, params, self.owner, "zh-CN", self.resources.files, self.resources.sessions)

    async def _analyze(self) -> None:
        """Fresh statistics for the tables both sides write (a bench round adds thousands of rows
        in seconds, faster than autovacuum looks): plans as a production table would get them."""
        conn = await asyncpg.connect(self.superuser_dsn)
        try:
            await conn.execute("ANALYZE customers, customer_search_terms, customer_timeline, customer_references")
        finally:
            await conn.close()

    async def product(self, seconds: float) -> dict[str, Any]:
        await self._analyze()
        n = self._size("import", seconds)
        run = await self._job(gbk_file(rows(n)))
        started = time.perf_counter()
        result = await run_import(run, IMPORTER)
        elapsed = time.perf_counter() - started
        if result.get("created") != n:
            raise RuntimeError(f"the import created {result.get('created')} of {n} customers: {result}")
        return self._result("import", n, elapsed)

    async def floor(self, seconds: float) -> dict[str, Any]:
        await self._analyze()
        n = self._size("floor", seconds)
        content = gbk_file(rows(n))
        conn = await asyncpg.connect(**self.app_connect)
        try:
            started = time.perf_counter()
            reader = csv.reader(io.StringIO(content.decode("gb18030")))
            next(reader)
            now = utcnow()
            customers, terms = [], []
            for name, phone, email, birthday, tag in reader:
                customer_id = uuid7()
                e164 = normalise_phone(phone)
                day = date.fromisoformat(birthday)
                customers.append(
                    (self.tenant, customer_id, name, e164, email, day, [tag], now, now, self.owner, *_PLAIN)
                )
                terms += [(self.tenant, t, customer_id) for t in customer_terms(name, e164, email, day)]
            async with conn.transaction():
                await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(self.tenant))
                await conn.execute("SELECT set_config('app.store_ids', '*', true)")
                # COPY cannot write a table under row-level security: into temporary tables, then
                # one INSERT … SELECT each (the policies check every row there).
                columns = [*_COLUMNS, *_PLAIN_COLUMNS]
                listed = ", ".join(columns)  # the constant column names above, nothing from outside
                await conn.execute(
                    f"CREATE TEMP TABLE import_customers ON COMMIT DROP AS SELECT {listed} FROM customers "  # noqa: S608
                    "WITH NO DATA"
                )
                await conn.execute(
                    "CREATE TEMP TABLE import_terms ON COMMIT DROP AS SELECT tenant_id, term, customer_id "
                    "FROM customer_search_terms WITH NO DATA"
                )
                await conn.copy_records_to_table("import_customers", records=customers, columns=columns)
                await conn.copy_records_to_table(
                    "import_terms", records=terms, columns=["tenant_id", "term", "customer_id"]
                )
                await conn.execute(f"INSERT INTO customers ({listed}) SELECT {listed} FROM import_customers")  # noqa: S608
                await conn.execute(
                    "INSERT INTO customer_search_terms SELECT tenant_id, term, customer_id FROM import_terms"
                )
            elapsed = time.perf_counter() - started
        finally:
            await conn.close()
        return self._result("floor", n, elapsed)

    def cases(self) -> dict[str, Any]:
        return {"customer import (rows)": self.product, "raw COPY import floor (rows)": self.floor}
