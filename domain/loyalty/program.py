"""The tenant's program settings: one row, created on first write; until then the defaults,
switched off (no order earns and nothing can be redeemed)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import select

from domain.loyalty.models import LoyaltyProgram
from domain.loyalty.schemas import ProgramSettings, ProgramSettingsUpdate, Tier
from tenants.audit import diff
from tenants.clock import utcnow
from tenants.company import currency_of
from tenants.context import Ctx
from tenants.decimals import check_minor_units
from tenants.errors import FieldError, Invalid
from tenants.scoping import of_tenant
from tenants.unique import flush_or_conflict


@dataclass(frozen=True, slots=True)
class Program:
    """The settings a ledger posting reads."""

    enabled: bool = False
    earn_rate: Decimal = Decimal("1")
    earn_rounding: str = "floor"
    earn_on: str = "completed"
    expiry_months: int = 24
    redeem_rate: int = 100
    tier_basis: str = "spend"
    tiers: tuple[dict[str, Any], ...] = ()
    apply_tier_discount: bool = False
    member_prefix: str = "M"
    member_digits: int = 8
    version: int = 0


DEFAULT = Program()


def _program(row: LoyaltyProgram | None) -> Program:
    if row is None:
        return DEFAULT
    return Program(
        enabled=row.enabled,
        earn_rate=row.earn_rate,
        earn_rounding=row.earn_rounding,
        earn_on=row.earn_on,
        expiry_months=row.expiry_months,
        redeem_rate=row.redeem_rate,
        tier_basis=row.tier_basis,
        tiers=tuple(row.tiers),
        apply_tier_discount=row.apply_tier_discount,
        member_prefix=row.member_prefix,
        member_digits=row.member_digits,
        version=row.version,
    )


async def program_row(ctx: Ctx, *, lock: bool = False) -> LoyaltyProgram | None:
    query = select(LoyaltyProgram).where(of_tenant(ctx.tenant_id, LoyaltyProgram))
    return (await ctx.session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


async def program_of(ctx: Ctx) -> Program:
    return _program(await program_row(ctx))


def _out(program: Program, currency: str) -> ProgramSettings:
    return ProgramSettings(
        enabled=program.enabled,
        earn_rate=_rate_text(program.earn_rate),
        earn_rounding=program.earn_rounding,  # type: ignore[arg-type]  # written only from the Literal
        earn_on=program.earn_on,  # type: ignore[arg-type]
        expiry_months=program.expiry_months,
        redeem_rate=program.redeem_rate,
        tier_basis=program.tier_basis,  # type: ignore[arg-type]
        tiers=[msgspec.convert(t, Tier, strict=False) for t in program.tiers],
        apply_tier_discount=program.apply_tier_discount,
        member_prefix=program.member_prefix,
        member_digits=program.member_digits,
        currency=currency,
        version=program.version,
    )


def _rate_text(rate: Decimal) -> str:
    text = format(rate.normalize(), "f")
    return text


async def get_settings(ctx: Ctx) -> ProgramSettings:
    return _out(await program_of(ctx), await currency_of(ctx.session, ctx.tenant_id))


def _validated_tiers(data: ProgramSettingsUpdate) -> list[dict[str, Any]]:
    errors: list[FieldError] = []
    codes: set[str] = set()
    thresholds: set[Decimal] = set()
    for index, tier in enumerate(data.tiers):
        if tier.code in codes:
            errors.append(FieldError(f"tiers.{index}.code", "appears on more than one tier"))
        if tier.threshold in thresholds:
            errors.append(FieldError(f"tiers.{index}.threshold", "is the threshold of another tier"))
        if data.tier_basis == "points" and tier.threshold != tier.threshold.to_integral_value():
            errors.append(FieldError(f"tiers.{index}.threshold", "must be a whole number of points"))
        if not (tier.name_zh.strip() or tier.name_en.strip()):
            errors.append(FieldError(f"tiers.{index}.name_zh", "needs a Chinese or an English name"))
        codes.add(tier.code)
        thresholds.add(tier.threshold)
    if errors:
        raise Invalid(errors)
    ordered = sorted(data.tiers, key=lambda t: t.threshold)
    return [
        {
            "code": t.code,
            "name_zh": t.name_zh.strip(),
            "name_en": t.name_en.strip(),
            "threshold": str(t.threshold),
            "discount_percent": str(t.discount_percent),
        }
        for t in ordered
    ]


def _snapshot(row: LoyaltyProgram) -> dict[str, Any]:
    return {
        "enabled": row.enabled,
        "earn_rate": _rate_text(row.earn_rate),
        "earn_rounding": row.earn_rounding,
        "earn_on": row.earn_on,
        "expiry_months": row.expiry_months,
        "redeem_rate": row.redeem_rate,
        "tier_basis": row.tier_basis,
        "tiers": row.tiers,
        "apply_tier_discount": row.apply_tier_discount,
        "member_prefix": row.member_prefix,
        "member_digits": row.member_digits,
    }


async def update_settings(ctx: Ctx, data: ProgramSettingsUpdate) -> ProgramSettings:
    """Replace the program; tiers are kept sorted by threshold. A member's tier follows the new
    thresholds at her next points movement."""
    tiers = _validated_tiers(data)
    currency = await currency_of(ctx.session, ctx.tenant_id)
    if data.tier_basis == "spend":
        check_minor_units(currency, [(f"tiers.{i}.threshold", t.threshold) for i, t in enumerate(data.tiers)])
    row = await program_row(ctx, lock=True)
    before = {} if row is None else _snapshot(row)
    if row is None:
        row = LoyaltyProgram(tenant_id=ctx.tenant_id, members=0, version=0)
        ctx.session.add(row)
    row.enabled = data.enabled
    row.earn_rate = Decimal(data.earn_rate)
    row.earn_rounding = data.earn_rounding
    row.earn_on = data.earn_on
    row.expiry_months = data.expiry_months
    row.redeem_rate = data.redeem_rate
    row.tier_basis = data.tier_basis
    row.tiers = tiers
    row.apply_tier_discount = data.apply_tier_discount
    row.member_prefix = data.member_prefix
    row.member_digits = data.member_digits
    changes = diff(before, _snapshot(row))
    if changes or not before:
        row.version += 1
        row.updated_at = utcnow()
    await flush_or_conflict(ctx.session, ("settings_conflict", "The settings were changed at the same time; retry."))
    if changes:
        ctx.audit("loyalty_settings.updated", "loyalty_settings", row.id, changes)
    return _out(_program(row), currency)
