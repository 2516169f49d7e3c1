"""A field's type change and a write of a value for it never cross: the change waits for the
record's transaction (which holds the definitions FOR SHARE) and then sees its value (409
`custom_field_in_use`); a value written after the change is checked against the new type."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from api.state import Resources
from domain.custom_fields import actions as field_actions
from domain.custom_fields.schemas import CustomFieldUpdate
from domain.customers import actions as customer_actions
from domain.customers.schemas import CustomerCreate
from tenants.context import Ctx
from tenants.db import TenantScope, tenant_session
from tenants.errors import Conflict
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tests.factories import Api, expect

API = "/api/v1"


async def test_a_type_change_waits_for_a_write_of_a_value_and_then_refuses(api: Api, resources: Resources) -> None:
    t = await api.signup()
    body = {"entity": "customer", "key": "visits", "type": "number", "label_en": "Visits"}
    field = expect(await api.client.post(f"{API}/custom-fields", json=body, headers=t.owner.headers), 201)
    tenant = uuid.UUID(t.id)
    owner = Principal(
        "user", tenant, uuid.UUID(t.owner.user_id), "Owner", ALL_PERMISSIONS, user_id=uuid.UUID(t.owner.user_id)
    )
    scope = TenantScope(tenant)
    writing = asyncio.Event()
    release = asyncio.Event()

    async def write_value() -> None:
        async with tenant_session(resources.sessions, scope) as session:
            ctx = Ctx(session=session, actor=owner, meta=RequestMeta())
            await customer_actions.create_customer(ctx, CustomerCreate(name="并发客", custom={"visits": 3}))
            writing.set()
            await release.wait()  # the transaction stays open, holding the definitions

    async def change_type() -> None:
        async with tenant_session(resources.sessions, scope) as session:
            ctx = Ctx(session=session, actor=owner, meta=RequestMeta())
            await field_actions.update_field(ctx, uuid.UUID(field["id"]), CustomFieldUpdate(type="text"), None)

    writer = asyncio.create_task(write_value())
    await writing.wait()
    changer = asyncio.create_task(change_type())
    await asyncio.sleep(0.5)
    assert not changer.done()  # waiting for the write's transaction
    release.set()
    await writer
    with pytest.raises(Conflict) as refused:
        await changer
    assert refused.value.code == "custom_field_in_use"
    after = expect(await api.client.get(f"{API}/custom-fields/{field['id']}", headers=t.owner.headers), 200)
    assert (after["type"], after["version"]) == ("number", 1)
