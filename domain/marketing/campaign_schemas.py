"""Campaign request and response schemas, and the tenant's marketing settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from domain.marketing.campaign_states import CampaignAction, CampaignStatus
from tenants.decimals import Money
from tenants.schemas import Input, example

Channel = Literal["email", "sms"]
Language = Literal["zh-CN", "en"]
CampaignName = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
SegmentIds = Annotated[list[uuid.UUID], msgspec.Meta(max_length=20)]
StoreIds = Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=200)]
Subject = Annotated[str, msgspec.Meta(max_length=200)]
Html = Annotated[str, msgspec.Meta(max_length=200_000)]
Text = Annotated[str, msgspec.Meta(max_length=50_000)]
Coupon = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[A-Za-z0-9_-]*$")]
Percent = Annotated[int, msgspec.Meta(ge=0, le=50)]
Minutes = Annotated[int, msgspec.Meta(ge=0, le=1439)]
TestShare = Annotated[int, msgspec.Meta(ge=0, le=100)]
TestHours = Annotated[int, msgspec.Meta(ge=1, le=168)]
TestMetric = Literal["clicks", "revenue"]
Variant = Literal["a", "b"]


class Message(Input):
    """One language's content: `subject`, `html` and `text` for email (text: the plain part), only
    `text` for SMS. Templates may say {{ customer.name }}, {{ loyalty.points }}, {{ loyalty.tier }},
    {{ store.name }}, {{ coupon }}."""

    subject: Annotated[Subject, example("{{ customer.name }}，您的专属优惠")] = ""
    html: Annotated[Html, example("<p>{{ customer.name }}您好，凭券码 {{ coupon }} 享 8 折。</p>")] = ""
    text: Annotated[Text, example("{{ customer.name }}您好，凭券码 {{ coupon }} 享 8 折。")] = ""


class Content(Input):
    zh_cn: Message | None = msgspec.field(default=None, name="zh-CN")
    en: Message | None = None


class CampaignCreate(Input):
    name: Annotated[CampaignName, example("双十二会员专享")]
    channel: Annotated[Channel, example("email")]
    include_segment_ids: SegmentIds = msgspec.field(default_factory=list)
    exclude_segment_ids: SegmentIds = msgspec.field(default_factory=list)
    store_ids: StoreIds | None = None
    content: Content = msgspec.field(default_factory=Content)
    coupon_code: Coupon = ""
    control_percent: Percent = 0  # held out of the send to measure uplift
    cost: Money = msgspec.field(default_factory=lambda: Decimal("0"))
    content_b: Content | None = None  # A/B: the second variant's content
    test_percent: TestShare = 0  # the share of the eligible that tests A against B (0: no test)
    test_metric: TestMetric = "clicks"  # what picks the winner: click rate or attributed revenue
    test_hours: TestHours = 24  # how long the test runs before the winner goes to the rest


class CampaignUpdate(Input):
    name: CampaignName | msgspec.UnsetType = msgspec.UNSET
    include_segment_ids: SegmentIds | msgspec.UnsetType = msgspec.UNSET
    exclude_segment_ids: SegmentIds | msgspec.UnsetType = msgspec.UNSET
    store_ids: StoreIds | msgspec.UnsetType | None = msgspec.UNSET
    content: Content | msgspec.UnsetType = msgspec.UNSET
    coupon_code: Coupon | msgspec.UnsetType = msgspec.UNSET
    control_percent: Percent | msgspec.UnsetType = msgspec.UNSET
    cost: Money | msgspec.UnsetType = msgspec.UNSET
    content_b: Content | msgspec.UnsetType | None = msgspec.UNSET
    test_percent: TestShare | msgspec.UnsetType = msgspec.UNSET
    test_metric: TestMetric | msgspec.UnsetType = msgspec.UNSET
    test_hours: TestHours | msgspec.UnsetType = msgspec.UNSET


class ScheduleRequest(Input):
    scheduled_at: datetime | None = None  # absent: as soon as possible


class RejectRequest(Input):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class RenderRequest(Input):
    customer_id: uuid.UUID
    language: Language | None = None  # absent: hers, else the tenant's
    variant: Variant = "a"


class TestSend(Input):
    """Send the campaign once to a staff address or phone, rendered for `customer_id` (absent: made-up
    values), marked as a test; nothing is recorded against any customer."""

    to: Annotated[str, msgspec.Meta(min_length=3, max_length=254, examples=["marketing@example.com"])]
    customer_id: uuid.UUID | None = None
    language: Language | None = None
    variant: Variant = "a"


class TestSent(msgspec.Struct, kw_only=True):
    channel: Channel
    to: str  # normalised: an email address, or a phone in E.164
    language: Language
    subject: str


class Rendered(msgspec.Struct, kw_only=True):
    language: Language
    subject: str
    html: str
    text: str  # the SMS as sent (opt-out line included) or the email's plain part
    sms_characters: int | None
    sms_parts: int | None


class Audience(msgspec.Struct, kw_only=True):
    customers: int  # in the included segments, not in the excluded ones, that the caller may see
    computed_at: datetime


class Campaign(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    name: str
    channel: Channel
    status: CampaignStatus
    allowed_actions: list[CampaignAction]
    include_segment_ids: list[uuid.UUID]
    exclude_segment_ids: list[uuid.UUID]
    store_ids: list[uuid.UUID] | None
    content: Content
    coupon_code: str
    control_percent: int
    cost: Decimal
    content_b: Content | None
    test_percent: int
    test_metric: TestMetric
    test_hours: int
    winner: Variant | None  # chosen after the test period
    scheduled_at: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None
    approved_by: uuid.UUID | None
    reject_reason: str
    started_at: datetime | None
    finished_at: datetime | None
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class MarketingSettings(msgspec.Struct, kw_only=True):
    frequency_cap: int  # marketing messages per customer within frequency_days (0: no cap)
    frequency_days: int
    quiet_start_minute: int  # SMS quiet hours in the tenant's time; start == end: none
    quiet_end_minute: int
    attribution_days: int  # orders within this many days after a send count for the campaign
    require_approval: bool  # campaigns wait for a manager's approval before they are scheduled
    version: int


class MarketingSettingsUpdate(Input):
    frequency_cap: Annotated[int, msgspec.Meta(ge=0, le=100)] = 2
    frequency_days: Annotated[int, msgspec.Meta(ge=1, le=90)] = 7
    quiet_start_minute: Minutes = 21 * 60
    quiet_end_minute: Minutes = 8 * 60
    attribution_days: Annotated[int, msgspec.Meta(ge=1, le=90)] = 7
    require_approval: bool = False


class StoreResult(msgspec.Struct, kw_only=True):
    store_id: uuid.UUID | None  # where the attributed orders were placed
    orders: int
    revenue: Decimal


class VariantResult(msgspec.Struct, kw_only=True):
    variant: Variant
    test: bool  # the test share (False: the rest, sent the winner)
    sent: int
    opened: int
    clicked: int
    click_rate: Decimal  # clicked ÷ sent, 0–1
    orders: int  # attributed
    revenue: Decimal


class GroupResult(msgspec.Struct, kw_only=True):
    customers: int
    converted: int  # bought within the attribution window
    rate: Decimal  # converted ÷ customers, 0–1 (4 places)


class CampaignReport(msgspec.Struct, kw_only=True):
    """The funnel (audience → eligible → sent → delivered → opened → clicked → ordered), the skips by
    reason, attributed orders and revenue (last touch within the tenant's attribution window), ROI
    and the control group's uplift."""

    audience: int  # every customer frozen at the start
    skipped: dict[str, int]  # by reason: no_address, no_consent, unsubscribed, frequency_cap, cancelled
    control: int  # held out
    eligible: int  # neither skipped nor held out
    sent: int  # handed to the mail server or SMS gateway
    failed: int  # refused after being handed over, or errors
    bounced: int
    delivered: int  # sent and not refused
    opened: int  # recipients who opened (email)
    clicked: int
    unsubscribed: int
    ordered: int  # recipients with an attributed order
    orders: int
    revenue: Decimal
    cost: Decimal
    roi: Decimal | None  # (revenue − cost) ÷ cost; None without a cost
    attribution_days: int
    by_store: list[StoreResult]
    treatment: GroupResult  # the recipients sent to
    control_group: GroupResult
    uplift: Decimal  # treatment rate − control rate (percentage points as a fraction)
    variants: list[VariantResult]  # A/B: each variant's test share (and the rest, once sent)
    winner: Variant | None
    computed_at: datetime
