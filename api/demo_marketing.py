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
    ("高价值会员", "近一年消费满 500 元的会员", _rules("all", _when("spend", "gte", "500", days=365))),
    (
        "沉睡客户",
        "买过但 30 天没有再来的客户",
        _rules("all", _when("last_purchase_at", "not_in_last_days", 30), _when("order_count", "gte", 1)),
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
WINBACK = {
    "zh-CN": {
        "subject": "{{ customer.name }}，好久不见，送您一张回归券",
        "html": "<p>{{ customer.name }}您好！</p><p>{{ store.name }}为您准备了回归礼：凭券码 <b>{{ coupon }}</b>"
        " 满 100 减 20。您当前积分 {{ loyalty.points }}。</p>"
        '<p><a href="https://shop.example.com/welcome-back">查看本周优惠</a></p>',
        "text": "{{ customer.name }}您好！凭券码 {{ coupon }} 满 100 减 20。",
    },
    "en": {
        "subject": "{{ customer.name }}, we miss you: a welcome-back coupon",
        "html": "<p>Hello {{ customer.name }},</p><p>{{ store.name }} has a welcome-back gift for you: code "
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
                "name": "沉睡客户回归礼",
                "channel": "email",
                "include_segment_ids": [str(ids["沉睡客户"])],
                "content": WINBACK,
                "coupon_code": "BACK20",
                "control_percent": 10,
                "cost": "200.00",
            },
            CampaignCreate,
        ),
    )
