"""Emails to staff about their own account: the forgotten-password link and the invitation.

These carry a secret (the link), so they are sent straight from the request that drew it, never
through the outbox, whose events are published to webhooks and the live stream.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlencode

from domain.integrations.mailer import SmtpConfig, render_template, send_message, template_locale
from tenants.formatting import moment
from tenants.ids import uuid7
from tenants.zones import zone_of

_RESET_SUBJECTS = {"zh-CN": "{tenant}：重置您的密码", "en": "{tenant}: reset your password"}
_INVITE_SUBJECTS = {"zh-CN": "{inviter} 邀请您加入 {tenant}", "en": "{inviter} invited you to {tenant}"}


def _local_time(value: datetime, timezone: str, lang: str) -> str:
    """When a link expires, on the tenant's clock, written as the reader's language writes it."""
    return moment(value, lang, zone_of(timezone))


def reset_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/reset-password?{urlencode({'token': token})}"


def invite_url(base_url: str, tenant_slug: str, email: str, token: str) -> str:
    """The SPA's accept-invite page with the form filled in (the same link the owner can copy)."""
    query = urlencode({"tenant": tenant_slug, "email": email, "token": token})
    return f"{base_url.rstrip('/')}/accept-invite?{query}"


async def send_password_reset(
    smtp: SmtpConfig,
    base_url: str,
    *,
    tenant_id: uuid.UUID,
    tenant_name: str,
    timezone: str,
    to: str,
    name: str,
    locale: str,
    token: str,
    expires_at: datetime,
) -> None:
    lang = template_locale(locale)
    body = render_template(
        f"password_reset.{lang}.txt",
        user_name=name,
        email=to,
        tenant_name=tenant_name,
        reset_url=reset_url(base_url, token),
        expires_at=_local_time(expires_at, timezone, lang),
    )
    subject = _RESET_SUBJECTS[lang].format(tenant=tenant_name)
    await send_message(smtp, tenant_id, to, subject, body, message_id=f"<{uuid7()}@retail-crm>")


async def send_invitation(
    smtp: SmtpConfig,
    base_url: str,
    *,
    tenant_id: uuid.UUID,
    tenant_slug: str,
    tenant_name: str,
    timezone: str,
    inviter: str,
    to: str,
    name: str,
    locale: str,
    token: str,
    expires_at: datetime,
) -> None:
    lang = template_locale(locale)
    body = render_template(
        f"invite.{lang}.txt",
        user_name=name,
        inviter=inviter,
        tenant_name=tenant_name,
        invite_url=invite_url(base_url, tenant_slug, to, token),
        expires_at=_local_time(expires_at, timezone, lang),
    )
    subject = _INVITE_SUBJECTS[lang].format(inviter=inviter, tenant=tenant_name)
    await send_message(smtp, tenant_id, to, subject, body, message_id=f"<{uuid7()}@retail-crm>")
