"""The public help pages: published articles of one tenant, no login; everything else is 404."""

from __future__ import annotations

import uuid

from tests.factories import Api, expect
from tests.kb_support import API, KB, article, publish, published

PUBLIC = f"{API}/public/kb"


async def test_published_articles_are_listed_and_read_without_login(api: Api) -> None:
    t = await api.signup()
    first = await published(api, t.owner, title_zh="七天无理由退货", body_zh="## 条件\n商品完好。", slug="returns")
    second = await published(api, t.owner, title_en="Opening hours", body_en="9 to 21.", title_zh="", body_zh="")
    draft = await article(api, t.owner, title_zh="内部草稿", body_zh="不公开。")
    index = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles"), 200)
    assert index["tenant_name"] == f"Chain {t.slug}"
    assert [i["public_ref"] for i in index["items"]] == [str(second["number"]), "returns"]
    assert set(index["items"][0]) == {
        "number",
        "slug",
        "public_ref",
        "title_zh",
        "title_en",
        "category",
        "tags",
        "published_at",
    }
    for ref in ("returns", str(first["number"]), first["id"]):
        page = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles/{ref}"), 200)
        assert (page["title_zh"], page["body_zh"]) == ("七天无理由退货", "## 条件\n商品完好。")
        assert page["tenant_name"] == f"Chain {t.slug}"
        assert "created_by" not in page
        assert "id" not in page
    missing = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles/{draft['id']}"), 404)
    assert missing["code"] == "not_found"
    assert draft["id"] not in str(index)


async def test_public_search_finds_published_only(api: Api) -> None:
    t = await api.signup()
    live = await published(api, t.owner, title_zh="会员积分兑换规则", body_zh="积分兑换礼品。")
    await article(api, t.owner, title_zh="会员积分草稿", body_zh="还没发布。")

    async def found(q: str) -> list[int]:
        body = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles", params={"q": q}), 200)
        return [i["number"] for i in body["items"]]

    assert await found("会员积分") == [live["number"]]
    assert await found("hyjf") == [live["number"]]
    assert await found("草稿") == []
    assert await found("nothing") == []


async def test_drafts_archived_unknown_and_other_tenants_are_404_alike(api: Api) -> None:
    t = await api.signup()
    other = await api.signup()
    theirs = await published(api, other.owner, title_zh="别家的文章", body_zh="不是你的。", slug="theirs")
    draft = await article(api, t.owner, slug="draft-one")
    gone = await published(api, t.owner, title_zh="已归档", body_zh="旧内容。", slug="old")
    expect(await api.client.post(f"{KB}/{gone['id']}/archive", headers=t.owner.headers), 200)
    unpublished = await published(api, t.owner, title_zh="撤回", body_zh="撤回的内容。", slug="pulled")
    expect(await api.client.post(f"{KB}/{unpublished['id']}/unpublish", headers=t.owner.headers), 200)
    urls = [
        f"{PUBLIC}/{t.slug}/articles/draft-one",
        f"{PUBLIC}/{t.slug}/articles/{draft['id']}",
        f"{PUBLIC}/{t.slug}/articles/{draft['number']}",
        f"{PUBLIC}/{t.slug}/articles/old",
        f"{PUBLIC}/{t.slug}/articles/{gone['id']}",
        f"{PUBLIC}/{t.slug}/articles/pulled",
        f"{PUBLIC}/{t.slug}/articles/theirs",  # another tenant's slug under this tenant
        f"{PUBLIC}/{t.slug}/articles/{theirs['id']}",  # another tenant's id under this tenant
        f"{PUBLIC}/{t.slug}/articles/{uuid.uuid4()}",
        f"{PUBLIC}/{t.slug}/articles/999",
        f"{PUBLIC}/no-such-tenant/articles/theirs",
        f"{PUBLIC}/no-such-tenant/articles",
    ]
    details = set()
    for url in urls:
        response = await api.client.get(url)
        problem = expect(response, 404)
        assert problem["code"] == "not_found", url
        assert response.headers["content-type"].startswith("application/problem+json")
        details.add(problem["detail"])
    assert len(details) == 1
    listed = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles"), 200)
    assert listed["items"] == []
    assert expect(await api.client.get(f"{PUBLIC}/{other.slug}/articles/theirs"), 200)["title_zh"] == "别家的文章"


async def test_public_list_pages_and_rejects_bad_cursors(api: Api) -> None:
    t = await api.signup()
    numbers = [
        (await published(api, t.owner, title_en=f"A{i}", body_en="x", title_zh="", body_zh=""))["number"]
        for i in range(3)
    ]
    page1 = expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles", params={"limit": 2}), 200)
    page2 = expect(
        await api.client.get(f"{PUBLIC}/{t.slug}/articles", params={"limit": 2, "cursor": page1["next_cursor"]}), 200
    )
    assert [i["number"] for i in page1["items"] + page2["items"]] == numbers[::-1]
    assert page2["next_cursor"] is None
    bad = await api.client.get(f"{PUBLIC}/{t.slug}/articles", params={"cursor": "garbage"})
    assert expect(bad, 422)["errors"][0]["field"] == "cursor"
    assert expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles", params={"limit": 0}), 422)["status"] == 422


async def test_publishing_again_after_unpublish_keeps_the_link(api: Api) -> None:
    t = await api.signup()
    a = await published(api, t.owner, slug="faq")
    expect(await api.client.post(f"{KB}/{a['id']}/unpublish", headers=t.owner.headers), 200)
    await publish(api, t.owner, a["id"])
    assert expect(await api.client.get(f"{PUBLIC}/{t.slug}/articles/faq"), 200)["number"] == a["number"]
