"""Demo marketing: segments a chain's marketer would keep (built at once, as the job would), the
RFM scores of the demo's buyers, and a draft campaign with content in both languages."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from domain.marketing import membership, rfm
from domain.marketing.actions import create_segment
from domain.marketing.campaign_schemas import CampaignCreate
from domain.marketing.campaigns import create_campaign
from domain.marketing.schemas import RuleGroup, SegmentCreate
from tenants.clock import utcnow
from tenants.context import Ctx


def _rules(match: str, *conditions: dict[str, Any]) -> RuleGroup:
    return msgspec.convert({"type": "group", "match": match, "conditions": list(conditions)}, RuleGroup)


def _when(field: str, operator: str, value: Any = None, days: int | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"type": "condition", "field": field, "operator": operator, "value": value}
    if days is not None:
        found["days"] = days
    return found


DEMO_SEGMENTS = [
    ("高价值会员", "近一年消费满 50 元的会员", _rules("all", _when("spend", "gte", "50", days=365))),
    (
        "注册未购买",
        "还没有下单、可以发邮件的客户",
        _rules("all", _when("order_count", "lt", 1), _when("email_consent", "eq", True)),
    ),
    (
        "可发短信的 VIP",
        "VIP 阶段或带 VIP 标签、同意接收短信",
        _rules(
            "all",
            _when("sms_consent", "eq", True),
            {
                "type": "group",
                "match": "any",
                "conditions": [_when("lifecycle_stage", "in", ["vip"]), _when("tags", "any_of", ["VIP"])],
            },
        ),
    ),
    (
        "重要价值客户",
        "RFM 分群：重要价值客户与忠诚客户",
        _rules("all", _when("rfm_segment", "in", ["champions", "loyal"])),
    ),
]
FIRST_ORDER = {
    "zh-CN": {
        "subject": "{{ customer.name }}，您的首单礼券到了",
        "html": "<p>{{ customer.name }}您好！</p><p>{{ store.name }}为您准备了首单礼：凭券码 <b>{{ coupon }}</b>"
        " 满 100 减 20。您当前积分 {{ loyalty.points }}。</p>"
        '<p><a href="https://shop.example.com/welcome-back">查看本周优惠</a></p>',
        "text": "{{ customer.name }}您好！凭券码 {{ coupon }} 满 100 减 20。",
    },
    "en": {
        "subject": "{{ customer.name }}, your first-order coupon is here",
        "html": "<p>Hello {{ customer.name }},</p><p>{{ store.name }} has a first-order gift for you: code "
        "<b>{{ coupon }}</b> takes ¥20 off ¥100. You have {{ loyalty.points }} points.</p>"
        '<p><a href="https://shop.example.com/welcome-back">See this week\'s offers</a></p>',
        "text": "Hello {{ customer.name }}, code {{ coupon }} takes ¥20 off ¥100.",
    },
}


async def seed_marketing(ctx: Ctx) -> None:
    await rfm.recompute(ctx.session, ctx.tenant_id, utcnow())
    ids: dict[str, uuid.UUID] = {}
    for name, description, rules in DEMO_SEGMENTS:
        segment = await create_segment(ctx, SegmentCreate(name=name, description=description, rules=rules))
        await membership.rebuild(ctx, segment.id)
        ids[name] = segment.id
    await create_campaign(
        ctx,
        msgspec.convert(
            {
                "name": "首单礼：满 100 减 20",
                "channel": "email",
                "include_segment_ids": [str(ids["注册未购买"])],
                "content": FIRST_ORDER,
                "coupon_code": "FIRST20",
                "control_percent": 10,
                "cost": "200.00",
            },
            CampaignCreate,
        ),
    )
