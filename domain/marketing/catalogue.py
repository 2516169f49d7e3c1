"""The fields segment rules may test: what each field is, which operators it takes, whether it
takes a window of days, what it reads (so an event re-evaluates only the segments it can change)
and whether its answer moves with time alone (swept daily). The fixed fields live here; the
tenant's own ones (custom fields, loyalty tiers, stores, regions) are added per tenant by
`fields.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Source(StrEnum):
    """What a field reads: the events of that context re-evaluate the segments that use it."""

    CUSTOMER = "customer"
    ORDERS = "orders"
    TICKETS = "tickets"
    LOYALTY = "loyalty"
    RFM = "rfm"


class Kind(StrEnum):
    """The shape of a field's values, which decides its operators and the value they take."""

    ENUM = "enum"  # one of `options` (codes)
    TAGS = "tags"  # a set of words
    REF = "ref"  # ids of another resource (`ref`: store, region, product, category)
    NUMBER = "number"  # a whole number
    MONEY = "money"  # a decimal amount in the tenant's currency
    DECIMAL = "decimal"  # a decimal number (a custom field's)
    DATE = "date"  # a moment (compared by the tenant's calendar days)
    BOOLEAN = "boolean"
    MONTH = "month"  # 1–12
    TEXT = "text"


class Group(StrEnum):
    ATTRIBUTE = "attribute"
    BEHAVIOUR = "behaviour"
    LOYALTY = "loyalty"
    RFM = "rfm"
    CUSTOM = "custom"


class Op(StrEnum):
    IN = "in"  # value: list of options / ids
    NOT_IN = "not_in"
    ANY_OF = "any_of"  # tags, products, categories: at least one
    ALL_OF = "all_of"
    NONE_OF = "none_of"
    EQ = "eq"
    NEQ = "neq"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"  # value: [low, high], both included
    BEFORE = "before"  # value: a date YYYY-MM-DD (the tenant's calendar)
    AFTER = "after"
    IN_LAST_DAYS = "in_last_days"  # value: N; within the last N days (moves with time)
    NOT_IN_LAST_DAYS = "not_in_last_days"  # longer ago than N days (moves with time)
    IS_SET = "is_set"  # no value
    IS_NOT_SET = "is_not_set"
    IN_CURRENT_MONTH = "in_current_month"  # birthday month is this month (moves with time)


# Operators whose answer changes by the calendar alone, whatever the field.
RELATIVE_OPS = frozenset({Op.IN_LAST_DAYS, Op.NOT_IN_LAST_DAYS, Op.IN_CURRENT_MONTH})
COMPARE = (Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN)
MOMENT = (Op.BEFORE, Op.AFTER, Op.BETWEEN, Op.IN_LAST_DAYS, Op.NOT_IN_LAST_DAYS)
CHOICE = (Op.IN, Op.NOT_IN)
SET_OPS = (Op.IS_SET, Op.IS_NOT_SET)
OPERATORS: dict[Kind, tuple[Op, ...]] = {
    Kind.ENUM: CHOICE,
    Kind.TAGS: (Op.ANY_OF, Op.ALL_OF, Op.NONE_OF),
    Kind.REF: CHOICE,
    Kind.NUMBER: COMPARE,
    Kind.MONEY: COMPARE,
    Kind.DECIMAL: COMPARE,
    Kind.DATE: MOMENT,
    Kind.BOOLEAN: (Op.EQ,),
    Kind.MONTH: (*CHOICE, Op.IN_CURRENT_MONTH),
    Kind.TEXT: (Op.EQ, Op.NEQ, *SET_OPS),
}


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    group: Group
    kind: Kind
    source: Source
    label_zh: str
    label_en: str
    operators: tuple[Op, ...] = ()  # default: the kind's
    options: tuple[Option, ...] = ()  # ENUM: the codes it takes
    ref: str | None = None  # REF: what the ids name
    windowed: bool = False  # takes `days` (None: ever)
    relative: bool = False  # the answer moves with time whatever the operator (age)
    bounds: tuple[int, int] | None = None  # NUMBER: the range a value may take
    extra_ops: tuple[Op, ...] = field(default=())  # added to the kind's (is_set on nullable ones)

    @property
    def ops(self) -> tuple[Op, ...]:
        return (self.operators or OPERATORS[self.kind]) + self.extra_ops


STAGES = (
    Option("lead", "潜在客户", "Lead"),
    Option("prospect", "意向客户", "Prospect"),
    Option("customer", "成交客户", "Customer"),
    Option("vip", "VIP", "VIP"),
    Option("churned", "已流失", "Churned"),
)
GENDERS = (Option("female", "女", "Female"), Option("male", "男", "Male"), Option("unknown", "未知", "Unknown"))
# The named RFM segments (domain/marketing/rfm.py decides them from the three scores).
RFM_SEGMENTS = (
    Option("champions", "重要价值客户", "Champions"),
    Option("loyal", "忠诚客户", "Loyal"),
    Option("potential_loyalist", "潜力忠诚客户", "Potential loyalist"),
    Option("new", "新客户", "New customers"),
    Option("promising", "有潜力客户", "Promising"),
    Option("need_attention", "需要关注", "Need attention"),
    Option("about_to_sleep", "即将沉睡", "About to sleep"),
    Option("at_risk", "流失风险", "At risk"),
    Option("cant_lose", "不能失去", "Can't lose them"),
    Option("hibernating", "沉睡客户", "Hibernating"),
    Option("lost", "已流失客户", "Lost"),
)
SCORE = (1, 5)
A, B, L, R = Group.ATTRIBUTE, Group.BEHAVIOUR, Group.LOYALTY, Group.RFM

FIXED: tuple[Field, ...] = (
    Field("lifecycle_stage", A, Kind.ENUM, Source.CUSTOMER, "客户阶段", "Lifecycle stage", options=STAGES),
    Field("tags", A, Kind.TAGS, Source.CUSTOMER, "标签", "Tags"),
    Field("home_store", A, Kind.REF, Source.CUSTOMER, "所属门店", "Home store", ref="store", extra_ops=SET_OPS),
    Field("region", A, Kind.REF, Source.CUSTOMER, "所属区域", "Region", ref="region"),
    Field("gender", A, Kind.ENUM, Source.CUSTOMER, "性别", "Gender", options=GENDERS),
    Field("birthday_month", A, Kind.MONTH, Source.CUSTOMER, "生日月份", "Birthday month"),
    Field("age", A, Kind.NUMBER, Source.CUSTOMER, "年龄", "Age", relative=True, bounds=(0, 130)),
    Field("created_at", A, Kind.DATE, Source.CUSTOMER, "建档日期", "Created"),
    Field("email_consent", A, Kind.BOOLEAN, Source.CUSTOMER, "同意接收邮件", "Email consent"),
    Field("sms_consent", A, Kind.BOOLEAN, Source.CUSTOMER, "同意接收短信", "SMS consent"),
    Field("has_email", A, Kind.BOOLEAN, Source.CUSTOMER, "有邮箱", "Has an email address"),
    Field("has_phone", A, Kind.BOOLEAN, Source.CUSTOMER, "有手机号", "Has a phone number"),
    Field("order_count", B, Kind.NUMBER, Source.ORDERS, "订单数", "Orders", windowed=True, bounds=(0, 1_000_000)),
    Field("spend", B, Kind.MONEY, Source.ORDERS, "消费金额", "Spend", windowed=True),
    Field("average_basket", B, Kind.MONEY, Source.ORDERS, "客单价", "Average basket", windowed=True),
    Field("first_purchase_at", B, Kind.DATE, Source.ORDERS, "首次购买", "First purchase", extra_ops=(Op.IS_NOT_SET,)),
    Field("last_purchase_at", B, Kind.DATE, Source.ORDERS, "最近购买", "Last purchase", extra_ops=(Op.IS_NOT_SET,)),
    Field(
        "bought_product",
        B,
        Kind.REF,
        Source.ORDERS,
        "购买过的商品",
        "Bought product",
        operators=(Op.ANY_OF, Op.NONE_OF),
        ref="product",
        windowed=True,
    ),
    Field(
        "bought_category",
        B,
        Kind.REF,
        Source.ORDERS,
        "购买过的品类",
        "Bought from category",
        operators=(Op.ANY_OF, Op.NONE_OF),
        ref="category",
        windowed=True,
    ),
    Field("open_tickets", B, Kind.NUMBER, Source.TICKETS, "未解决工单", "Open tickets", bounds=(0, 10_000)),
    Field(
        "csat_average", B, Kind.NUMBER, Source.TICKETS, "满意度均分", "Average CSAT", bounds=SCORE, extra_ops=SET_OPS
    ),
    Field("tier", L, Kind.ENUM, Source.LOYALTY, "会员等级", "Loyalty tier"),
    Field("points_balance", L, Kind.NUMBER, Source.LOYALTY, "积分余额", "Points balance", bounds=(0, 100_000_000)),
    Field("rfm_recency", R, Kind.NUMBER, Source.RFM, "R 近度分", "Recency score", bounds=SCORE),
    Field("rfm_frequency", R, Kind.NUMBER, Source.RFM, "F 频度分", "Frequency score", bounds=SCORE),
    Field("rfm_monetary", R, Kind.NUMBER, Source.RFM, "M 额度分", "Monetary score", bounds=SCORE),
    Field("rfm_segment", R, Kind.ENUM, Source.RFM, "RFM 分群", "RFM segment", options=RFM_SEGMENTS),
)
FIXED_BY_KEY = {f.key: f for f in FIXED}
CUSTOM_PREFIX = "custom."
