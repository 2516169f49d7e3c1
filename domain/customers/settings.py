"""Per-tenant customer settings: who sees a member (the whole chain, or her home store only).

The setting lives on the tenant row because the customers table's RLS policy reads it there
(migration 0007) and so does the registered visibility rule (`models.shared_chain_wide`): one
value, read by both in SQL, so there is no cached copy to go stale."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select

from domain.customers.schemas import CustomerSettings, CustomerSettingsUpdate, Visibility
from tenants.context import Ctx
from tenants.models import Tenant


async def get_settings(ctx: Ctx) -> CustomerSettings:
    visibility = (
        await ctx.session.execute(select(Tenant.customer_visibility).where(Tenant.id == ctx.tenant_id))
    ).scalar_one()
    return CustomerSettings(visibility=cast(Visibility, visibility))


async def update_settings(ctx: Ctx, data: CustomerSettingsUpdate) -> CustomerSettings:
    tenant = (
        await ctx.session.execute(select(Tenant).where(Tenant.id == ctx.tenant_id).with_for_update())
    ).scalar_one()
    before = tenant.customer_visibility
    if before != data.visibility:
        tenant.customer_visibility = data.visibility
        await ctx.session.flush()
        ctx.audit(
            "customer_settings.updated", "tenant", tenant.id, {"visibility": {"from": before, "to": data.visibility}}
        )
    return CustomerSettings(visibility=data.visibility)
