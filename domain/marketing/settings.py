"""The tenant's marketing settings (one row, created on first write): frequency cap, SMS quiet
hours, attribution window, approval."""

from __future__ import annotations

from sqlalchemy import select

from domain.marketing.campaign_schemas import MarketingSettings, MarketingSettingsUpdate
from domain.marketing.models import MarketingSettings as SettingsRow
from tenants.audit import diff
from tenants.context import Ctx
from tenants.errors import check_version
from tenants.ids import uuid7
from tenants.scoping import of_tenant

DEFAULTS = MarketingSettingsUpdate()


async def _row(ctx: Ctx, *, lock: bool = False) -> SettingsRow | None:
    query = select(SettingsRow).where(of_tenant(ctx.tenant_id, SettingsRow))
    return (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def _out(row: SettingsRow | None) -> MarketingSettings:
    source = row if row is not None else DEFAULTS
    return MarketingSettings(
        frequency_cap=source.frequency_cap,
        frequency_days=source.frequency_days,
        quiet_start_minute=source.quiet_start_minute,
        quiet_end_minute=source.quiet_end_minute,
        attribution_days=source.attribution_days,
        require_approval=source.require_approval,
        version=row.version if row is not None else 0,
    )


async def get_settings(ctx: Ctx) -> MarketingSettings:
    return _out(await _row(ctx))


async def update_settings(ctx: Ctx, data: MarketingSettingsUpdate, if_match: int | None) -> MarketingSettings:
    row = await _row(ctx, lock=True)
    check_version("marketing settings", row.version if row is not None else 0, if_match)
    before = _out(row)
    if row is None:
        row = SettingsRow(tenant_id=ctx.tenant_id, id=uuid7(), version=0, **_values(DEFAULTS))
        ctx.session.add(row)
    for name, value in _values(data).items():
        setattr(row, name, value)
    row.version += 1
    await ctx.session.flush()
    after = _out(row)
    changes = diff(_values(before), _values(after))
    if changes:
        ctx.audit("marketing_settings.updated", "marketing_settings", row.id, changes)
    return after


def _values(source: MarketingSettings | MarketingSettingsUpdate) -> dict[str, object]:
    names = MarketingSettingsUpdate.__struct_fields__
    return {name: getattr(source, name) for name in names}
