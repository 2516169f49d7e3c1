"""The tenant's field catalogue: the fixed fields, the loyalty tiers as the tier field's options,
and the tenant's customer custom fields (`custom.<key>`), typed by their definition."""

from __future__ import annotations

from dataclasses import replace

from domain.custom_fields import public as custom_fields
from domain.loyalty import public as loyalty
from domain.marketing.catalogue import CUSTOM_PREFIX, FIXED, SET_OPS, Field, Group, Kind, Op, Option, Source
from domain.marketing.schemas import FieldCatalogue, FieldOption, SegmentField
from tenants.company import currency_of
from tenants.context import Ctx

NO_TIER = Option("", "无等级", "No tier")
_CUSTOM_KINDS = {
    "text": Kind.TEXT,
    "number": Kind.NUMBER,
    "decimal": Kind.DECIMAL,
    "date": Kind.DATE,
    "boolean": Kind.BOOLEAN,
    "select": Kind.ENUM,
    "multiselect": Kind.TAGS,
}
# A custom date is a calendar date, not a moment: compared by day, never "in the last N days".
_CUSTOM_DATE_OPS = (Op.BEFORE, Op.AFTER, Op.BETWEEN)


def _custom(key: str, field_type: str, label_zh: str, label_en: str, options: list[dict[str, str]]) -> Field:
    kind = _CUSTOM_KINDS[field_type]
    choices = tuple(Option(str(o["value"]), o.get("label_zh", ""), o.get("label_en", "")) for o in options)
    ops = _CUSTOM_DATE_OPS if kind is Kind.DATE else ()
    return Field(
        CUSTOM_PREFIX + key,
        Group.CUSTOM,
        kind,
        Source.CUSTOMER,
        label_zh or label_en,
        label_en or label_zh,
        operators=ops,
        options=choices,
        extra_ops=() if kind is Kind.TEXT else SET_OPS,
    )


async def tenant_fields(ctx: Ctx) -> dict[str, Field]:
    """Every field a rule of this tenant may test, by key (archived custom fields left out)."""
    tiers = tuple(Option(code, zh, en) for code, zh, en in await loyalty.tier_choices(ctx))
    found: dict[str, Field] = {}
    for f in FIXED:
        found[f.key] = replace(f, options=(NO_TIER, *tiers)) if f.key == "tier" else f
    for row in (await custom_fields.definitions(ctx, "customer")).values():
        if not row.archived:
            found[CUSTOM_PREFIX + row.key] = _custom(row.key, row.type, row.label_zh, row.label_en, row.options or [])
    return found


def field_out(f: Field) -> SegmentField:
    low, high = f.bounds if f.bounds else (None, None)
    if f.kind is Kind.MONTH:
        low, high = 1, 12
    return SegmentField(
        key=f.key,
        group=f.group,
        kind=f.kind,
        label_zh=f.label_zh,
        label_en=f.label_en,
        operators=list(f.ops),
        options=[FieldOption(value=o.value, label_zh=o.label_zh, label_en=o.label_en) for o in f.options],
        ref=f.ref,
        windowed=f.windowed,
        minimum=low,
        maximum=high,
    )


async def catalogue(ctx: Ctx) -> FieldCatalogue:
    fields = await tenant_fields(ctx)
    return FieldCatalogue(
        items=[field_out(f) for f in fields.values()], currency=await currency_of(ctx.session, ctx.tenant_id)
    )
