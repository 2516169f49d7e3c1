"""Importing products: a GBK CSV with Chinese headers (and a UTF-8 one in English) is previewed
with its suggested mapping, run through the API's product rules (SKU and barcode forms, prices
with the currency's places, categories by name or path, custom fields), bad rows reported with
their row numbers; matched by SKU, barcode or external id and skipped, updated or created as
chosen; the import needs products:manage."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from api.state import Resources
from tests.factories import Actor, Api, expect
from tests.imports_support import API, ZH, imported, run_job, start, upload

ZH_HEADERS = "商品编码,商品名称,英文名称,售价,分类,条码,产地"


def _zh(*lines: str, encoding: str = "gbk") -> bytes:
    """Chinese headers as Excel saves them: GBK, or UTF-8 with a BOM (CRLF either way)."""
    return ("\r\n".join([ZH_HEADERS, *lines]) + "\r\n").encode(encoding)


def _utf8(*lines: str, header: str) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


async def _catalog(api: Api, actor: Actor) -> dict[str, str]:
    """茶叶 > 绿茶 and 咖啡 > 绿茶 (two categories of one name), and the custom field 产地."""
    ids: dict[str, str] = {}
    for path, name, parent in (
        ("茶叶", "茶叶", None),
        ("茶叶/绿茶", "绿茶", "茶叶"),
        ("咖啡", "咖啡", None),
        ("咖啡/绿茶", "绿茶", "咖啡"),
    ):
        body = {"name": name, "name_en": {"茶叶": "Tea", "绿茶": "Green tea", "咖啡": "Coffee"}[name]}
        if parent:
            body["parent_id"] = ids[parent]
        ids[path] = expect(await api.client.post(f"{API}/product-categories", json=body, headers=actor.headers), 201)[
            "id"
        ]
    field = {
        "entity": "product",
        "key": "origin",
        "type": "select",
        "label_zh": "产地",
        "label_en": "Origin",
        "filterable": True,
        "options": [
            {"value": "hangzhou", "label_zh": "杭州", "label_en": "Hangzhou"},
            {"value": "suzhou", "label_zh": "苏州", "label_en": "Suzhou"},
        ],
    }
    expect(await api.client.post(f"{API}/custom-fields", json=field, headers=actor.headers), 201)
    return ids


async def _products(api: Api, actor: Actor, **params: Any) -> dict[str, dict[str, Any]]:
    page = expect(await api.client.get(f"{API}/products", params={"limit": 100, **params}, headers=actor.headers), 200)
    return {p["sku"]: p for p in page["items"]}


def _report(body: bytes) -> list[list[str]]:
    return [line[:3] for line in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]


@pytest.mark.parametrize(("encoding", "found"), [("gbk", "gb18030"), ("utf-8-sig", "utf-8-sig")])
async def test_a_csv_of_products_with_chinese_headers_is_previewed_and_imported_by_the_api_rules(
    api: Api, resources: Resources, encoding: str, found: str
) -> None:
    tenant = await api.signup()
    ids = await _catalog(api, tenant.owner)
    content = _zh(
        "TEA-1,西湖龙井,Longjing,128.00,茶叶/绿茶,6901234567892,杭州",
        'TEA-2,碧螺春,,"1,280.5",茶叶,,Suzhou',
        "茶 3,白茶,,12.345,绿茶,69-01,北京",
        "TEA-4,红茶,,,,,",
        "TEA-5,普洱,,￥35,咖啡,,",
        encoding=encoding,
    )
    preview = await upload(api, tenant.owner, content, "商品.csv", headers=ZH, resource="products")

    assert (preview["resource"], preview["encoding"], preview["match_by"]) == ("products", found, "sku")
    assert preview["mapping"] == {
        "商品编码": "sku",
        "商品名称": "name_zh",
        "英文名称": "name_en",
        "售价": "list_price",
        "分类": "category",
        "条码": "barcode",
        "产地": "custom.origin",
    }
    labels = {f["field"]: (f["label"], f["required"]) for f in preview["fields"]}
    assert (labels["sku"], labels["list_price"], labels["custom.origin"]) == (
        ("商品编码", True),
        ("售价", True),
        ("产地", False),
    )
    assert preview["preview"][2]["errors"] == [
        {"column": "商品编码", "reason": "最多 64 个字母、数字及 . _ / -，须以字母或数字开头"},
        {"column": "售价", "reason": "小数位数超过了 CNY 的位数（2 位）"},
        {"column": "分类", "reason": "对应多个分类：请写出完整路径，各级之间用 / 分隔"},
        {"column": "产地", "reason": "不是该字段的选项之一"},
    ]

    started = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"]})
    await run_job(resources, tenant.owner.tenant_id, started["job_id"])
    done = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)

    assert done["counts"] == {"read": 5, "created": 3, "updated": 0, "skipped": 0, "failed": 2}
    job = expect(await api.client.get(f"{API}/jobs/{done['job_id']}", headers=tenant.owner.headers), 200)
    assert (job["state"], job["kind"]) == ("succeeded", "import.products")
    products = await _products(api, tenant.owner)
    assert sorted(products) == ["TEA-1", "TEA-2", "TEA-5"]
    one = products["TEA-1"]
    assert (one["name_zh"], one["name_en"], one["list_price"], one["barcode"]) == (
        "西湖龙井",
        "Longjing",
        "128.00",
        "6901234567892",
    )
    assert (one["category_id"], one["custom"], one["unit"], one["tax_rate"]) == (
        ids["茶叶/绿茶"],
        {"origin": "hangzhou"},
        "件",
        "0.1300",
    )
    assert (products["TEA-2"]["list_price"], products["TEA-2"]["category_id"]) == ("1280.50", ids["茶叶"])
    assert (products["TEA-5"]["list_price"], products["TEA-5"]["category_id"]) == ("35.00", ids["咖啡"])
    # Search terms as products.py builds them, and the custom filter.
    assert list(await _products(api, tenant.owner, q="xhlj")) == ["TEA-1"]
    assert list(await _products(api, tenant.owner, q="6901234")) == ["TEA-1"]
    assert list(await _products(api, tenant.owner, **{"cf.origin": "suzhou"})) == ["TEA-2"]

    report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
    assert _report(report) == [
        ["4", "商品编码", "must be at most 64 letters, digits and . _ / -, starting with a letter or digit"],
        ["4", "售价", "has more decimal places than CNY has (2)"],
        ["4", "分类", "names more than one category: write its path, with / between the levels"],
        ["4", "产地", "is not one of the field's options"],
        ["5", "售价", "is required"],
    ]
    audit = expect(
        await api.client.get(f"{API}/audit-log", params={"action": "import.products"}, headers=tenant.owner.headers),
        200,
    )
    assert [(e["target_id"], e["changes"]["created"]) for e in audit["items"]] == [(done["id"], 3)]


EXISTING = {"sku": "TEA-1", "name_zh": "龙井", "list_price": "100.00", "barcode": "6901234567892"}
FILE = _utf8(
    "TEA-1,West Lake Longjing,138,6901234567892",
    "TEA-9,Oolong,58,",
    header="SKU,English name,Price,Barcode",
)


@pytest.mark.parametrize(
    ("policy", "counts", "price"),
    [
        ("skip", {"read": 2, "created": 1, "updated": 0, "skipped": 1, "failed": 0}, "100.00"),
        ("update", {"read": 2, "created": 1, "updated": 1, "skipped": 0, "failed": 0}, "138.00"),
        ("create", {"read": 2, "created": 1, "updated": 0, "skipped": 0, "failed": 1}, "100.00"),
    ],
)
async def test_duplicate_policies_matched_by_sku(
    api: Api, resources: Resources, policy: str, counts: dict[str, int], price: str
) -> None:
    tenant = await api.signup()
    expect(await api.client.post(f"{API}/products", json=EXISTING, headers=tenant.owner.headers), 201)

    done = await imported(api, resources, tenant.owner, FILE, {"policy": policy}, "products.csv", "products")

    assert done["counts"] == counts
    found = await _products(api, tenant.owner)
    assert sorted(found) == ["TEA-1", "TEA-9"]
    assert found["TEA-1"]["list_price"] == price
    assert found["TEA-1"]["name_zh"] == "龙井"  # a name the file does not give stays
    if policy == "create":
        report = (await api.client.get(done["error_report_url"], headers=tenant.owner.headers)).content
        assert _report(report) == [["2", "SKU", "Another product already has this SKU."]]


async def test_matched_by_barcode_an_update_changes_the_sku_and_merges_custom_values(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    await _catalog(api, tenant.owner)
    expect(
        await api.client.post(
            f"{API}/products", json={**EXISTING, "custom": {"origin": "suzhou"}}, headers=tenant.owner.headers
        ),
        201,
    )
    content = _utf8("TEA-1B,6901234567892,Hangzhou,archived", header="SKU,Barcode,Origin,Status")
    preview = await upload(api, tenant.owner, content, "p.csv", resource="products")
    assert preview["mapping"] == {"SKU": "sku", "Barcode": "barcode", "Origin": "custom.origin", "Status": "status"}
    refused = await start(api, tenant.owner, preview["id"], {"mapping": preview["mapping"], "match_by": "phone"}, 422)
    assert [e["field"] for e in refused["errors"]] == ["match_by"]
    started = await start(
        api, tenant.owner, preview["id"], {"mapping": preview["mapping"], "policy": "update", "match_by": "barcode"}
    )
    await run_job(resources, tenant.owner.tenant_id, started["job_id"])
    done = expect(await api.client.get(f"{API}/imports/{preview['id']}", headers=tenant.owner.headers), 200)

    assert done["counts"] == {"read": 1, "created": 0, "updated": 1, "skipped": 0, "failed": 0}
    [product] = (await _products(api, tenant.owner, status="archived")).values()
    assert (product["sku"], product["custom"], product["version"]) == ("TEA-1B", {"origin": "hangzhou"}, 2)
    assert list(await _products(api, tenant.owner, q="tea-1b")) == ["TEA-1B"]
    assert list(await _products(api, tenant.owner, **{"cf.origin": "hangzhou"})) == ["TEA-1B"]


async def test_a_products_import_needs_products_manage(api: Api) -> None:
    tenant = await api.signup()
    await api.custom_role(tenant, "importer", ["customers:import", "customers:read"])
    importer = await api.user(tenant, "importer")
    content = _utf8("TEA-1,Tea,10", header="SKU,English name,Price")

    refused = await upload(api, importer, content, "p.csv", resource="products", status=403)
    assert refused["permission"] == "products:manage"
    mine = await upload(api, tenant.owner, content, "p.csv", resource="products")
    # Another user's import is hers alone; the permission is asked first.
    response = await api.client.get(f"{API}/imports/{mine['id']}", headers=importer.headers)
    assert expect(response, 404)["code"] == "not_found"


async def test_a_few_thousand_products_go_in_batches_and_a_sku_named_twice_is_read_row_by_row(
    api: Api, resources: Resources
) -> None:
    tenant = await api.signup()
    n = 2100
    lines = [f"P{k:05d},商品{k},{k}.50" for k in range(n)]
    lines.insert(10, "P00003,改名三号,9.90")  # the same SKU again, in the first batch: an update
    content = _utf8(*lines, header="货号,品名,零售价")

    done = await imported(api, resources, tenant.owner, content, {"policy": "update"}, "p.csv", "products")

    assert done["counts"] == {"read": n + 1, "created": n, "updated": 1, "skipped": 0, "failed": 0}
    assert (done["checkpoint"], done["total"]) == (n + 1, n + 1)
    found = await _products(api, tenant.owner, q="P0209")
    assert sorted(found) == [f"P0209{k}" for k in range(10)]
    three = (await _products(api, tenant.owner, q="P00003"))["P00003"]
    assert (three["name_zh"], three["list_price"], three["version"]) == ("改名三号", "9.90", 2)
