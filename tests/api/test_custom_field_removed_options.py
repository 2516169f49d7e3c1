"""An option removed from a select or multiselect field while records hold it: the records keep
the value, an update of her other fields sends it back unchanged and goes through, and it is
refused anywhere it would be new (another record, a new record, re-adding it to a multiselect)."""

from __future__ import annotations

from tests.api.test_custom_fields import HOBBIES, TIERS, define
from tests.factories import Api, expect

API = "/api/v1"
BRONZE = {"value": "bronze", "label_zh": "铜卡", "label_en": "Bronze"}
NOT_AN_OPTION = "is not one of the field's options"


async def test_a_removed_option_stays_on_the_records_that_hold_it_and_nowhere_else(api: Api) -> None:
    t = await api.signup()
    h = t.owner.headers
    tier = await define(api, t.owner, "tier", "select", options=[*TIERS, BRONZE])
    hobbies = await define(api, t.owner, "hobbies", "multiselect", options=HOBBIES)
    held = await api.customer(t.owner, custom={"tier": "bronze", "hobbies": ["chess", "tea"]})
    other = await api.customer(t.owner, name="李四", custom={"tier": "gold"})
    expect(
        await api.client.patch(
            f"{API}/custom-fields/{tier['id']}", json={"options": TIERS}, headers={**h, "If-Match": '"1"'}
        ),
        200,
    )
    expect(
        await api.client.patch(
            f"{API}/custom-fields/{hobbies['id']}", json={"options": HOBBIES[:2]}, headers={**h, "If-Match": '"1"'}
        ),
        200,
    )
    read = expect(await api.client.get(f"{API}/customers/{held['id']}", headers=h), 200)
    assert read["custom"] == {"tier": "bronze", "hobbies": ["chess", "tea"]}

    # The edit form sends every field back as it found it, with a new name.
    renamed = await api.client.patch(
        f"{API}/customers/{held['id']}",
        json={"name": "张三丰", "custom": {"tier": "bronze", "hobbies": ["chess", "tea"]}},
        headers={**h, "If-Match": '"1"'},
    )
    body = expect(renamed, 200)
    assert (body["name"], body["custom"]) == ("张三丰", {"tier": "bronze", "hobbies": ["chess", "tea"]})
    # A multiselect may keep its removed option while other choices change.
    kept = await api.client.patch(
        f"{API}/customers/{held['id']}", json={"custom": {"hobbies": ["chess", "hiking"]}}, headers=h
    )
    assert expect(kept, 200)["custom"]["hobbies"] == ["chess", "hiking"]

    # Nowhere new: another record, a new record.
    for refused in (
        await api.client.patch(f"{API}/customers/{other['id']}", json={"custom": {"tier": "bronze"}}, headers=h),
        await api.client.post(f"{API}/customers", json={"name": "王五", "custom": {"tier": "bronze"}}, headers=h),
    ):
        assert expect(refused, 422)["errors"] == [{"field": "custom.tier", "message": NOT_AN_OPTION}]

    # Once changed away, it cannot come back.
    moved_on = await api.client.patch(
        f"{API}/customers/{held['id']}", json={"custom": {"tier": "silver", "hobbies": ["hiking"]}}, headers=h
    )
    assert expect(moved_on, 200)["custom"] == {"tier": "silver", "hobbies": ["hiking"]}
    back = await api.client.patch(
        f"{API}/customers/{held['id']}", json={"custom": {"tier": "bronze", "hobbies": ["chess"]}}, headers=h
    )
    assert expect(back, 422)["errors"] == [
        {"field": "custom.tier", "message": NOT_AN_OPTION},
        {"field": "custom.hobbies", "message": NOT_AN_OPTION},
    ]
