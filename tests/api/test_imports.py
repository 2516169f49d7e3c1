"""Importing customers: a GBK CSV with Chinese headers is previewed (encoding, delimiter,
suggested mapping, the first rows checked cell by cell), run as a job with the API's own rules,
bad rows reported with their row numbers, duplicates skipped, updated or created as chosen, a dry
run writing nothing; an import is its user's own and needs customers:import."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import xlsxwriter

from api.state import Resources
from domain.integrations import imports
from tests.factories import Api, expect
from tests.imports_support import API, ZH, customers, gbk_csv, imported, run_job, start, upload


async def test_a_gbk_csv_from_chinese_excel_is_previewed_with_its_mapping_and_cell_errors(api: Api) -> None:
    tenant = await api.signup()
    await api.store(tenant, "SH01")
    content = gbk_csv(
        "张三丰,13800138000,zhang@example.com,1990/5/20,SH01,VIP、老客",
        "李四,12345,li@example,1990-13-01,XX99,",
        "王五,13900139000,,,,",
    )
    preview = await upload(api, tenant.owner, content, headers=ZH)

    assert (preview["format"], preview["encoding"], preview["delimiter"]) == ("csv", "gb18030", ",")
    assert preview["headers"] == ["姓名", "手机", "邮箱", "生日", "门店", "标签"]
    assert preview["mapping"] == {
        "姓名": "name",
        "手机": "phone",
        "邮箱": "email",
        "生日": "birthday",
        "门店": "home_store",
        "标签": "tags",
    }
    assert [c["suggested_field"] for c in preview["columns"]] == [
        "name",
        "phone",
        "email",
        "birthday",
        "home_store",
        "tags",
    ]
    assert (preview["status"], preview["size"], preview["file_name"]) == ("previewed", len(content), "客户.csv")
    assert {f["field"]: f["label"] for f in preview["fields"]}["phone"] == "手机"
    rows = preview["preview"]
    assert [r["row"] for r in rows] == [2, 3, 4]
    assert rows[0] == {
        "row": 2,
        "cells": ["张三丰", "13800138000", "zhang@example.com", "1990/5/20", "SH01", "VIP、老客"],
        "errors": [],
    }
    assert rows[1]["errors"] == [
        {"column": "手机", "reason": "不是有效的电话号码"},
        {"column": "邮箱", "reason": "不是有效的邮箱地址"},
        {"column": "生日", "reason": "不是日期，请写成 1990-05-20 的格式"},
        {"column": "门店", "reason": "不是您可分配的门店"},
    ]
    assert rows[2]["errors"] == []


async def test_a_started_import_creates_customers_by_the_api_rules_and_reports_bad_rows(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    store = await api.store(tenant, "SH01")
    content = gbk_csv(
        "张三丰,138 0013 8000,Zhang@Example.com,1990/5/20,SH01,VIP、老客",
        ",13900139001,,,,",
        "李四,12345,,,,",
        "",
        "王五,13900139000,,19850101,,",
    )
    done = await imported(api, resources, tenant.owner, content, {"policy": "skip", "match_by": "phone"})

    assert done["status"] == "done", done
    assert done["counts"] == {"read": 4, "created": 2, "updated": 0, "skipped": 0, "failed": 2}
    assert (done["total"], done["checkpoint"]) == (4, 4)
    job = expect(await api.client.get(f"{API}/jobs/{done['job_id']}", headers=tenant.owner.headers), 200)
    assert (job["state"], job["kind"], job["progress"]) == ("succeeded", "import.customers", {"done": 4, "total": 4})

    found = {c["name"]: c for c in await customers(api, tenant.owner)}
    assert sorted(found) == ["张三丰", "王五"]
    zhang = found["张三丰"]
    assert (zhang["phone"], zhang["email"], zhang["birthday"]) == ("+8613800138000", "zhang@example.com", "1990-05-20")
    assert (zhang["tags"], zhang["home_store_id"]) == (["VIP", "老客"], store)
    assert found["王五"]["birthday"] == "1985-01-01"
    # Search terms are built as the API builds them: pinyin initials and the phone's last 4.
    assert [c["name"] for c in await customers(api, tenant.owner, q="zsf")] == ["张三丰"]
    assert [c["name"] for c in await customers(api, tenant.owner, q="8000")] == ["张三丰"]
    timeline = expect(
        await api.client.get(f"{API}/customers/{zhang['id']}/timeline", headers=tenant.owner.headers), 200
    )
    assert [(i["kind"], i["data"]["file_name"]) for i in timeline["items"]] == [("customer.imported", "客户.csv")]

    report = await api.client.get(done["error_report_url"], headers={**tenant.owner.headers, **ZH})
    assert report.status_code == 200
    assert report.headers["content-disposition"].startswith("attachment;")
    assert report.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines == [
        ["Row", "Column", "Reason", "姓名", "手机", "邮箱", "生日", "门店", "标签"],
        ["3", "姓名", "is required", "", "13900139001", "", "", "", ""],
        ["4", "手机", "is not a valid phone number", "李四", "12345", "", "", "", ""],
    ]
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"action": "import.customers"}, headers=tenant.owner.headers),
        200,
    )
    assert [
        (e["target_type"], e["target_id"], e["changes"]["created"], e["changes"]["failed"]) for e in audit["items"]
    ] == [("import", done["id"], 2, 2)]


async def _tenant_with_a_member(api: Api) -> tuple[object, dict[str, object]]:
    tenant = await api.signup()
    member = await api.customer(tenant.owner, name="旧名", phone="13800138000", email="old@example.com", tags=["老客"])
    return tenant, member


FILE = gbk_csv("新名,13800138000,new@example.com,,,新标签", "赵六,13700137000,zhao@example.com,,,")


@pytest.mark.parametrize(
    ("policy", "counts", "names"),
    [
        ("skip", {"read": 2, "created": 1, "updated": 0, "skipped": 1, "failed": 0}, ["旧名", "赵六"]),
        ("update", {"read": 2, "created": 1, "updated": 1, "skipped": 0, "failed": 0}, ["新名", "赵六"]),
        ("create", {"read": 2, "created": 1, "updated": 0, "skipped": 0, "failed": 1}, ["旧名", "赵六"]),
    ],
)
async def test_duplicate_policies_matched_by_phone(
    api: Api, resources: Resources, policy: str, counts: dict[str, int], names: list[str]
) -> None:
    tenant = await api.signup()
    member = await api.customer(tenant.owner, name="旧名", phone="13800138000", email="old@example.com", tags=["老客"])
    done = await imported(api, resources, tenant.owner, FILE, {"policy": policy, "match_by": "phone"})

    assert (done["status"], done["counts"]) == ("done", counts)
    found = await customers(api, tenant.owner)
    assert sorted(c["name"] for c in found) == names
    again = expect(await api.client.get(f"{API}/customers/{member['id']}", headers=tenant.owner.headers), 200)
    if policy == "update":  # the row's non-empty cells replace hers; the rest stays
        assert (again["email"], again["tags"], again["version"]) == ("new@example.com", ["新标签"], 2)
        assert [c["name"] for c in await customers(api, tenant.owner, q="xm")] == ["新名"]
    else:
        assert (again["name"], again["email"], again["version"]) == ("旧名", "old@example.com", 1)
    if policy == "create":  # the phone is unique: the row cannot make a second customer with it
        report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
        assert list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))[1][:3] == [
            "2",
            "手机",
            "Another customer already has this phone number.",
        ]
    else:
        assert done["error_report_url"] is None


async def test_create_anyway_matched_by_email_makes_a_second_record(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="旧名", email="same@example.com")
    content = gbk_csv("新名,,same@example.com,,,")
    done = await imported(api, resources, tenant.owner, content, {"policy": "create", "match_by": "email"})
    assert done["counts"] == {"read": 1, "created": 1, "updated": 0, "skipped": 0, "failed": 0}
    assert sorted(c["name"] for c in await customers(api, tenant.owner)) == ["新名", "旧名"]


async def test_a_file_naming_a_customer_twice_reads_row_by_row(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    content = gbk_csv("第一,13800138000,,,,", "第二,13800138000,,,,")
    skip = await imported(api, resources, tenant.owner, content, {"policy": "skip"})
    assert skip["counts"] == {"read": 2, "created": 1, "updated": 0, "skipped": 1, "failed": 0}
    update = await imported(api, resources, tenant.owner, content, {"policy": "update"})
    assert update["counts"] == {"read": 2, "created": 0, "updated": 2, "skipped": 0, "failed": 0}
    assert [c["name"] for c in await customers(api, tenant.owner)] == ["第二"]


async def test_a_dry_run_counts_and_reports_but_writes_nothing(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    await api.customer(tenant.owner, name="旧名", phone="13800138000")
    content = gbk_csv("新名,13800138000,,,,", "赵六,13700137000,,,,", "坏,123,,,,")
    done = await imported(api, resources, tenant.owner, content, {"policy": "update", "dry_run": True})

    assert (done["status"], done["dry_run"]) == ("done", True)
    assert done["counts"] == {"read": 3, "created": 1, "updated": 1, "skipped": 0, "failed": 1}
    assert [c["name"] for c in await customers(api, tenant.owner)] == ["旧名"]
    report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
    assert [line[0] for line in csv.reader(io.StringIO(report.decode("utf-8-sig")))] == ["Row", "4"]


async def test_an_xlsx_file_with_numbers_and_dates_in_its_cells(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Name", "Phone", "Birthday", "Gender", "SMS consent", "External id"])
    sheet.write_row(1, 0, ["Alice Li", 13800138000])
    sheet.write_datetime(1, 2, date(1992, 3, 4), dates)  # type: ignore[arg-type]
    sheet.write_row(1, 3, ["女", "是", "M-001"])
    sheet.write_row(2, 0, ["Bob Wu", 13900139000, None, "male", "maybe", "M-002"])
    book.close()
    preview = await upload(api, tenant.owner, out.getvalue(), name="members.xlsx")
    assert (preview["format"], preview["encoding"], preview["delimiter"]) == ("xlsx", "", "")
    assert preview["mapping"] == {
        "Name": "name",
        "Phone": "phone",
        "Birthday": "birthday",
        "Gender": "gender",
        "SMS consent": "sms_consent",
        "External id": "external_id",
    }
    assert preview["preview"][0]["cells"] == ["Alice Li", "13800138000", "1992-03-04", "女", "是", "M-001"]
    assert preview["preview"][1]["errors"] == [{"column": "SMS consent", "reason": "must be yes or no"}]

    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"], "match_by": "external_id"})
    await run_job(resources, tenant.id, started["job_id"])
    [alice] = await customers(api, tenant.owner)
    assert (alice["phone"], alice["birthday"], alice["gender"]) == ("+8613800138000", "1992-03-04", "female")
    assert (alice["external_id"], alice["consent"]["sms"]["granted"], alice["consent"]["sms"]["source"]) == (
        "M-001",
        True,
        "import",
    )


async def test_a_semicolon_csv_in_utf8_with_a_bom_and_english_headers(api: Api) -> None:
    tenant = await api.signup()
    content = "\ufeffFull name;Mobile;E-mail;Notes\n周一;13800138000;zhou@example.com;来自老系统\n".encode()
    preview = await upload(api, tenant.owner, content, name="export.csv")
    assert (preview["encoding"], preview["delimiter"]) == ("utf-8-sig", ";")
    assert preview["mapping"] == {"Full name": "name", "Mobile": "phone", "E-mail": "email", "Notes": "notes"}
    assert preview["preview"][0]["cells"] == ["周一", "13800138000", "zhou@example.com", "来自老系统"]


async def test_wrong_choices_are_a_422_naming_them_and_a_started_import_cannot_start_again(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, gbk_csv("张三,13800138000,,,,"))
    wrong = {"mapping": {"手机": "phone", "星座": "name", "邮箱": "planet"}, "match_by": "external_id"}
    refused = await start(api, tenant.owner, preview["id"], wrong, status=422)
    assert sorted((e["field"], e["message"]) for e in refused["errors"]) == [
        ("mapping", "must map a column to name"),
        ("mapping.星座", "is not a column of the file"),
        ("mapping.邮箱", "is not a field that can be imported"),
        ("match_by", "must be a mapped field"),
    ]
    again = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)
    assert (again["status"], again["job_id"]) == ("previewed", None)
    bad_policy = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"], "policy": "merge"}, 422)
    assert bad_policy["errors"][0]["field"] == "policy"

    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    assert started["status"] == "running"
    twice = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]}, status=409)
    assert twice["code"] == "import_started"
    await run_job(resources, tenant.id, started["job_id"])


async def test_files_that_are_no_table_or_too_large_are_refused(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    tenant = await api.signup()
    empty = await upload(api, tenant.owner, b"", status=422)
    assert empty["errors"] == [{"field": "file", "message": "The file is empty."}]
    binary = await upload(api, tenant.owner, b"\x00\x01\x02garbage", status=422)
    assert binary["errors"][0]["field"] == "file"
    no_resource = await api.client.post(
        f"{API}/imports", files={"file": ("a.csv", b"name\nx\n", "text/csv")}, headers=tenant.owner.headers
    )
    assert expect(no_resource, 422)["errors"] == [
        {"field": "resource", "message": "must be one of: customers, products"}
    ]
    json_body = await api.client.post(f"{API}/imports", json={"resource": "customers"}, headers=tenant.owner.headers)
    assert expect(json_body, 422)["errors"][0]["field"] == "body"
    monkeypatch.setattr(imports, "MAX_BYTES", 1000)
    large = await upload(api, tenant.owner, b"name\n" + b"x" * 2000, status=413, headers=ZH)
    assert (large["code"], large["detail"]) == ("file_too_large", "文件超过 100 MB，请拆分为较小的文件。")


async def test_an_import_is_its_users_alone_and_needs_customers_import(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    preview = await upload(api, tenant.owner, gbk_csv("坏,1,,,,"))
    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    await run_job(resources, tenant.id, started["job_id"])
    other = await api.signup()
    colleague = await api.user(tenant, "store_manager")
    for outsider in (other.owner, colleague):
        for path in ("", "/errors"):
            response = await api.client.get(f"{API}/imports/{preview['id']}{path}", headers=outsider.headers)
            assert expect(response, 404)["code"] == "not_found"
        resumed = await api.client.post(f"{API}/imports/{preview['id']}/resume", headers=outsider.headers)
        assert resumed.status_code == 404
    sales = await api.user(tenant, "sales")
    refused = await api.client.post(
        f"{API}/imports",
        data={"resource": "customers"},
        files={"file": ("a.csv", b"x", "text/csv")},
        headers=sales.headers,
    )
    assert expect(refused, 403)["permission"] == "customers:import"
    assert (await api.client.get(f"{API}/imports/{preview['id']}", headers=sales.headers)).status_code == 403
    key = await api.api_key(tenant, ["customers:import"])
    assert expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=key.headers), 403)["code"] == (
        "not_a_user"
    )


async def test_a_store_manager_imports_within_her_scope(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    here = await api.store(tenant, "SH01")
    await api.store(tenant, "SH02")
    await api.client.put(f"{API}/settings/customers", json={"visibility": "home_store"}, headers=tenant.owner.headers)
    other = await api.customer(tenant.owner, name="别店会员", phone="13800138000", home_store_id=tenant.stores["SH02"])
    manager = await api.user(tenant, "store_manager", scope={"kind": "store", "store_ids": [here]})
    content = gbk_csv("别店会员新名,13800138000,,,,", "本店新客,13700137000,,,SH01,", "想去别店,13600136000,,,SH02,")
    done = await imported(api, resources, manager, content, {"policy": "update", "match_by": "phone"})

    assert done["counts"] == {"read": 3, "created": 1, "updated": 0, "skipped": 0, "failed": 2}
    report = (await api.client.get(done["error_report_url"], headers=manager.headers)).content.decode("utf-8-sig")
    assert [line[:3] for line in csv.reader(io.StringIO(report))][1:] == [
        [
            "2",
            "手机",
            "A customer outside your scope already has this phone number: ask a manager who serves every store.",
        ],
        ["4", "门店", "is not a store you can assign"],
    ]
    untouched = expect(await api.client.get(f"{API}/customers/{other['id']}", headers=tenant.owner.headers), 200)
    assert (untouched["name"], untouched["version"]) == ("别店会员", 1)
    [mine] = await customers(api, manager)
    assert (mine["name"], mine["home_store_id"]) == ("本店新客", here)


async def test_a_few_thousand_rows_go_in_batches_of_a_thousand(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    n = 2500
    content = gbk_csv(*(f"会员{k},135{k:08d},m{k}@example.com,,,批量" for k in range(n)))
    done = await imported(api, resources, tenant.owner, content, {"policy": "skip"})
    assert done["counts"] == {"read": n, "created": n, "updated": 0, "skipped": 0, "failed": 0}
    assert (done["checkpoint"], done["total"], done["error_report_url"]) == (n, n, None)
    page = expect(
        await api.client.get(f"{API}/customers", params={"q": "135000024", "limit": 100}, headers=tenant.owner.headers),
        200,
    )
    assert sorted(c["name"] for c in page["items"]) == sorted(f"会员{k}" for k in range(2400, 2500))
    found = expect(
        await api.client.get(f"{API}/customers", params={"q": "13500002499"}, headers=tenant.owner.headers), 200
    )
    assert [c["name"] for c in found["items"]] == ["会员2499"]


async def test_a_required_custom_field_fails_new_rows_and_leaves_updates_alone(api: Api, resources: Resources) -> None:
    """The API's rule on an import: a new customer needs the tenant's required custom fields, so a
    new row of a file that maps no column to one fails with the field named; updates need none."""
    tenant = await api.signup()
    field = {"entity": "customer", "key": "tier", "type": "text", "label_zh": "等级", "required": True}
    expect(await api.client.post(f"{API}/custom-fields", json=field, headers=tenant.owner.headers), 201)
    member = await api.customer(tenant.owner, name="旧名", phone="13800138000", custom={"tier": "金卡"})

    done = await imported(api, resources, tenant.owner, FILE, {"policy": "update", "match_by": "phone"})

    assert done["counts"] == {"read": 2, "created": 0, "updated": 1, "skipped": 0, "failed": 1}
    assert sorted(c["name"] for c in await customers(api, tenant.owner)) == ["新名"]
    again = expect(await api.client.get(f"{API}/customers/{member['id']}", headers=tenant.owner.headers), 200)
    assert again["custom"] == {"tier": "金卡"}
    report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
    assert list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))[1][:3] == ["3", "custom.tier", "is required"]
