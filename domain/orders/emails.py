"""Order emails to the customer (submitted, approved, shipped, delivered): plain-text jinja2
templates in zh-CN and en, chosen by the tenant's locale, sent over SMTP by the consumer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.integrations.mailer import render_template, template_locale
from tenants.formatting import money

_SUBJECTS = {
    "zh-CN": {
        "order.submitted": "已收到您的订单 {number}",
        "order.approved": "您的订单 {number} 已确认",
        "order.shipped": "您的订单 {number} 已发货",
        "order.delivered": "您的订单 {number} 已送达",
    },
    "en": {
        "order.submitted": "We received your order {number}",
        "order.approved": "Your order {number} is confirmed",
        "order.shipped": "Your order {number} has shipped",
        "order.delivered": "Your order {number} has been delivered",
    },
}
_STATUS_LABELS = {
    "zh-CN": {
        "draft": "草稿",
        "pending_approval": "待审批",
        "approved": "已确认",
        "rejected": "已拒绝",
        "processing": "备货中",
        "fulfilled": "已备货",
        "shipped": "已发货",
        "delivered": "已送达",
        "completed": "已完成",
        "cancelled": "已取消",
    },
}


def render_order_email(locale: str, topic: str, values: dict[str, Any]) -> tuple[str, str]:
    """(subject, plain-text body) for one order event in the tenant's language; `values["total"]`
    (a Decimal) is written as that language writes money (`¥103.95`)."""
    lang = template_locale(locale)
    status = str(values.get("status") or "")
    total = values.get("total")
    body = render_template(
        f"order_status.{lang}.txt",
        topic=topic,
        status_label=_STATUS_LABELS.get(lang, {}).get(status, status),
        **{**values, "total": money(Decimal(total), str(values["currency"]), lang) if total is not None else ""},
    )
    return _SUBJECTS[lang][topic].format(number=values["number"]), body
