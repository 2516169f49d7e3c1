"""Custom fields as import columns: suggested from the tenant's labels, each cell read as its
type's value and checked by the API's rule (required fields, options), reported by row and
column; an update merges the keys the file maps; filterable values are found by `?cf.`."""

from __future__ import annotations

import csv
import io
from typing import Any

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.imports_support import API, ZH, customers, run_job, start, upload

FIELDS = [
    {
        "entity": "customer",
        "key": "tier",
        "type": "select",
        "label_zh": "会员等级",
        "label_en": "Member tier",
        "required": True,
        "filterable": True,
        "options": [
            {"value": "gold", "label_zh": "金卡", "label_en": "Gold"},
            {"value": "silver", "label_zh": "银卡", "label_en": "Silver"},
        ],
    },
    {"entity": "customer", "key": "visits", "type": "number", "label_en": "Visits"},
    {"entity": "customer", "key": "since", "type": "date", "label_zh": "入会日期"},
    {"entity": "customer", "key": "note", "type": "text", "label_zh": "备注二"},
]


async def _fields(api: Api, actor: Actor) -> None:
    for field in FIELDS:
        expect(await api.client.post(f"{API}/custom-fields", json=field, headers=actor.headers), 201)


def _csv(*lines: str, header: str = "姓名,手机,会员等级,visits,入会日期") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def _report(body: bytes) -> list[list[str]]:
    return [line[:3] for line in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]


async def _run(api: Api, resources: Resources, actor: Actor, content: bytes, choices: dict[str, Any]) -> Any:
    preview = await upload(api, actor, content, headers=ZH)
    started = await start(api, actor, preview["id"], {"mapping": preview["mapping"], **choices})
    await run_job(resources, actor.tenant_id, started["job_id"])
    return expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=actor.headers), 200)


async def test_custom_columns_are_suggested_checked_in_the_preview_and_required_fields_satisfied(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    await _fields(api, tenant.owner)
    content = _csv(
        "张三,13800138000,金卡,3,2020/1/5",
        "李四,13900139000,钻石,三次,2020-13-01",
        "王五,13700137000,,,",
        "赵六,13600136000,silver,1,",
    )
    preview = await upload(api, tenant.owner, content, headers=ZH)

    assert preview["mapping"] == {
        "姓名": "name",
        "手机": "phone",
        "会员等级": "custom.tier",
        "visits": "custom.visits",
        "入会日期": "custom.since",
    }
    fields = {f["field"]: f for f in preview["fields"]}
    assert fields["custom.tier"] == {"field": "custom.tier", "label": "会员等级", "required": True, "must_map": False}
    assert fields["custom.visits"] == {
        "field": "custom.visits",
        "label": "Visits",
        "required": False,
        "must_map": False,
    }
    assert fields["custom.note"]["label"] == "备注二"
    assert preview["preview"][1]["errors"] == [
        {"column": "会员等级", "reason": "不是该字段的选项之一"},
        {"column": "visits", "reason": "是整数字段：请填写整数，如 12"},
        {"column": "入会日期", "reason": "必须是 YYYY-MM-DD 格式的日期"},
    ]

    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"], "policy": "skip"})
    await run_job(resources, tenant.owner.tenant_id, started["job_id"])
    done = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)

    assert done["counts"] == {"read": 4, "created": 2, "updated": 0, "skipped": 0, "failed": 2}
    found = {c["name"]: c["custom"] for c in await customers(api, tenant.owner)}
    assert found == {
        "张三": {"tier": "gold", "visits": 3, "since": "2020-01-05"},
        "赵六": {"tier": "silver", "visits": 1},
    }
    report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
    assert _report(report) == [
        ["3", "会员等级", "is not one of the field's options"],
        ["3", "visits", "is a whole-number field: write a whole number such as 12"],
        ["3", "入会日期", "must be a date written YYYY-MM-DD"],
        ["4", "会员等级", "is required"],
    ]
    # The filterable field's terms were written with the bulk insert.
    assert [c["name"] for c in await customers(api, tenant.owner, **{"cf.tier": "gold"})] == ["张三"]
    assert [c["name"] for c in await customers(api, tenant.owner, **{"cf.tier": "silver"})] == ["赵六"]


async def test_an_update_changes_only_the_custom_keys_the_file_maps(api: Api, resources: Resources) -> None:
    tenant = await api.signup()
    await _fields(api, tenant.owner)
    member = await api.customer(
        tenant.owner, name="旧名", phone="13800138000", custom={"tier": "silver", "note": "老客户", "visits": 9}
    )
    content = _csv("新名,13800138000,Gold", "新客,13900139000,", header="姓名,手机,Member tier")

    done = await _run(api, resources, tenant.owner, content, {"policy": "update", "match_by": "phone"})

    assert done["counts"] == {"read": 2, "created": 0, "updated": 1, "skipped": 0, "failed": 1}
    again = expect(await api.client.get(f"{API}/customers/{member['id']}", headers=tenant.owner.headers), 200)
    assert (again["name"], again["custom"]) == ("新名", {"tier": "gold", "note": "老客户", "visits": 9})
    assert [c["name"] for c in await customers(api, tenant.owner, **{"cf.tier": "gold"})] == ["新名"]
    assert await customers(api, tenant.owner, **{"cf.tier": "silver"}) == []
    report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
    assert _report(report) == [["3", "Member tier", "is required"]]


async def test_a_row_that_only_renames_keeps_her_custom_values_and_their_terms(api: Api, resources: Resources) -> None:
    """Search terms are rebuilt when the name changes: the filterable custom terms are kept."""
    tenant = await api.signup()
    await _fields(api, tenant.owner)
    await api.customer(tenant.owner, name="旧名", phone="13800138000", custom={"tier": "silver"})
    content = _csv("新名,13800138000", header="姓名,手机")

    done = await _run(api, resources, tenant.owner, content, {"policy": "update", "match_by": "phone"})

    assert done["counts"]["updated"] == 1
    assert [c["name"] for c in await customers(api, tenant.owner, **{"cf.tier": "silver"})] == ["新名"]
    assert [c["name"] for c in await customers(api, tenant.owner, q="xm")] == ["新名"]
