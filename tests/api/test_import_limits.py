"""What an import refuses as a whole: a file with more rows than the limit fails before any of
its rows is written (not after a million of them), and says why in the user's language."""

from __future__ import annotations

import pytest

from api.state import Resources
from domain.integrations import imports
from tests.factories import Api, expect
from tests.imports_support import API, customers, gbk_csv, imported


async def test_a_file_over_the_row_limit_fails_before_writing_a_row(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    tenant = await api.signup()
    content = gbk_csv(*(f"会员{k},135{k:08d},,,," for k in range(4)))
    done = await imported(api, resources, tenant.owner, content, {"policy": "skip"})
    assert (done["status"], done["checkpoint"], done["counts"]["read"]) == ("failed", 0, 0)
    assert await customers(api, tenant.owner) == []
    url = f"{API}/jobs/{done['job_id']}"
    job = expect(await api.client.get(url, headers=tenant.owner.headers), 200)
    assert job["error"] == "The file has more than 1,000,000 rows; split it into smaller files."
    job = expect(await api.client.get(url, headers={**tenant.owner.headers, "Accept-Language": "zh-CN"}), 200)
    assert job["error"] == "文件超过 1,000,000 行，请拆分为较小的文件。"


async def test_a_file_at_the_row_limit_is_imported_whole(
    api: Api, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    tenant = await api.signup()
    content = gbk_csv(*(f"会员{k},135{k:08d},,,," for k in range(3)), "", "")  # blank lines are no rows
    done = await imported(api, resources, tenant.owner, content, {"policy": "skip"})
    assert (done["status"], done["counts"]["created"]) == ("done", 3)
