"""Per-tenant order settings: the approval rules and how long a draft may sit (one row per
tenant, created on first write)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from sqlalchemy import select

from domain.orders.approval import ApprovalRules
from domain.orders.models import OrderSettings as SettingsRow
from domain.orders.pricing import CENT, PricingError, check_amount
from domain.orders.schemas import OrderSettings, OrderSettingsUpdate
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.decimals import check_minor_units
from tenants.errors import FieldError, Invalid
from tenants.scoping import of_tenant
from tenants.unique import flush_or_conflict

DEFAULT_DRAFT_TTL_HOURS = 72  # the column's default too (migration 0008)


async def _row(ctx: Ctx, *, lock: bool = False) -> SettingsRow | None:
    query = select(SettingsRow).where(of_tenant(ctx.tenant_id, SettingsRow))
    return (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def _out(row: SettingsRow | None) -> OrderSettings:
    if row is None:
        return OrderSettings(
            approval_amount_threshold=None,
            approval_discount_percent=None,
            draft_ttl_hours=DEFAULT_DRAFT_TTL_HOURS,
            updated_at=None,
        )
    return OrderSettings(
        approval_amount_threshold=row.approval_amount_threshold,
        approval_discount_percent=row.approval_discount_percent,
        draft_ttl_hours=row.draft_ttl_hours,
        updated_at=row.updated_at,
    )


async def approval_rules(ctx: Ctx) -> ApprovalRules:
    row = await _row(ctx)
    if row is None:
        return ApprovalRules()
    return ApprovalRules(row.approval_amount_threshold, row.approval_discount_percent)


async def get_settings(ctx: Ctx) -> OrderSettings:
    return _out(await _row(ctx))


def _validated(data: OrderSettingsUpdate) -> tuple[Decimal | None, Decimal | None]:
    errors: list[FieldError] = []
    amount = data.approval_amount_threshold
    if amount is not None:
        try:
            amount = check_amount("approval_amount_threshold", amount)
        except PricingError as exc:
            errors.append(FieldError(exc.field, exc.message))
    percent = data.approval_discount_percent
    if percent is not None:
        if not percent.is_finite() or percent < 0 or percent >= 100:
            errors.append(FieldError("approval_discount_percent", "must be at least 0 and below 100"))
        elif percent != percent.quantize(CENT):
            errors.append(FieldError("approval_discount_percent", "must have at most 2 decimal places"))
        else:
            percent = percent.quantize(CENT)
    if errors:
        raise Invalid(errors)
    return amount, percent


async def update_settings(ctx: Ctx, data: OrderSettingsUpdate) -> OrderSettings:
    amount, percent = _validated(data)
    currency = await currency_of(ctx.session, ctx.tenant_id)
    check_minor_units(currency, [("approval_amount_threshold", data.approval_amount_threshold)])
    row = await _row(ctx, lock=True)
    before = {} if row is None else _snapshot(row)
    if row is None:
        row = SettingsRow(tenant_id=ctx.tenant_id)
        ctx.session.add(row)
    row.approval_amount_threshold = amount
    row.approval_discount_percent = percent
    if not isinstance(data.draft_ttl_hours, msgspec.UnsetType):
        row.draft_ttl_hours = data.draft_ttl_hours
    elif row.draft_ttl_hours is None:  # a new row: the column default is only applied on insert
        row.draft_ttl_hours = DEFAULT_DRAFT_TTL_HOURS
    row.updated_at = utcnow()
    await flush_or_conflict(ctx.session, ("settings_conflict", "The settings were changed at the same time; retry."))
    ctx.audit("order_settings.updated", "order_settings", row.id, diff(before, _snapshot(row)))
    return _out(row)


def _snapshot(row: SettingsRow) -> dict[str, Decimal | int | None]:
    return {
        "approval_amount_threshold": row.approval_amount_threshold,
        "approval_discount_percent": row.approval_discount_percent,
        "draft_ttl_hours": row.draft_ttl_hours,
    }
