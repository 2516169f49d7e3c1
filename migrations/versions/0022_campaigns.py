"""Campaigns: an email or SMS message to the customers of segments (content per language, a
schedule, a lifecycle), each recipient frozen at send start with the state it reached (sent,
failed, skipped and why, held out as control) and what it did next (opens, clicks, unsubscribe),
and the tenant's marketing rules (frequency cap, SMS quiet hours, attribution window).
Permissions `campaigns:read`, `campaigns:manage`, `campaigns:send`, `campaigns:approve`.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from migrations.rls import add_default_role_permissions, protect_tenant_table
from migrations.rls import tenant_foreign_key as _fk

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# tenants/permissions.py when this was written.
READERS = ("owner", "admin", "marketing", "analyst", "regional_manager", "store_manager")
MANAGERS = ("owner", "admin", "marketing")
APPROVERS = ("owner", "admin", "regional_manager")


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "marketing_settings",
        sa.Column("frequency_cap", sa.SmallInteger(), nullable=False),  # marketing messages per customer…
        sa.Column("frequency_days", sa.SmallInteger(), nullable=False),  # …within this many days (0 cap: none)
        sa.Column("quiet_start_minute", sa.SmallInteger(), nullable=False),  # SMS quiet hours, tenant time
        sa.Column("quiet_end_minute", sa.SmallInteger(), nullable=False),
        sa.Column("attribution_days", sa.SmallInteger(), nullable=False),
        sa.Column("require_approval", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_marketing_settings")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_marketing_settings_tenant_id")),
    )
    op.create_table(
        "campaigns",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("include_segment_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("exclude_segment_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("store_ids", postgresql.ARRAY(sa.Uuid()), nullable=True),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("coupon_code", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("control_percent", sa.SmallInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("cost", sa.Numeric(14, 2), nullable=False, server_default=sa.text("0")),
        _when("scheduled_at"),
        _when("submitted_at"),
        _when("approved_at"),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("reject_reason", sa.Text(), nullable=False, server_default=""),
        _when("started_at"),
        _when("finished_at"),
        _when("next_run_at"),  # sending waits (SMS quiet hours) until then
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("channel IN ('email', 'sms')", name=op.f("ck_campaigns_channel")),
        sa.CheckConstraint(
            "status IN ('draft', 'pending_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')",
            name=op.f("ck_campaigns_status"),
        ),
        sa.CheckConstraint("control_percent BETWEEN 0 AND 50", name=op.f("ck_campaigns_control_percent")),
        _fk("campaigns", "approved_by", "users"),
        _fk("campaigns", "created_by", "users"),
        _fk("campaigns", "updated_by", "users"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_campaigns")),
    )
    op.create_index("uq_campaigns_tenant_id_name", "campaigns", ["tenant_id", "name"], unique=True)
    op.create_index("ix_campaigns_tenant_id_created_at_id", "campaigns", ["tenant_id", "created_at", "id"])
    op.create_index("ix_campaigns_tenant_id_status_scheduled_at", "campaigns", ["tenant_id", "status", "scheduled_at"])
    for column in ("approved_by", "created_by", "updated_by"):
        op.create_index(f"ix_campaigns_tenant_id_{column}", "campaigns", ["tenant_id", column])
    op.create_table(
        "campaign_recipients",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False, server_default=""),
        sa.Column("store_id", sa.Uuid(), nullable=True),  # her home store when frozen (revenue by store)
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),  # SMS quiet hours
        sa.Column("attempts", sa.SmallInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("error", sa.Text(), nullable=False, server_default=""),
        _when("sent_at"),
        _when("first_opened_at"),
        sa.Column("opens", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _when("first_clicked_at"),
        sa.Column("clicks", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _when("unsubscribed_at"),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "state IN ('queued', 'sent', 'failed', 'bounced', 'skipped', 'control')",
            name=op.f("ck_campaign_recipients_state"),
        ),
        _fk("campaign_recipients", "campaign_id", "campaigns", cascade=True),
        _fk("campaign_recipients", "customer_id", "customers", cascade=True),
        _fk("campaign_recipients", "store_id", "stores"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_campaign_recipients")),
    )
    op.create_index(
        "uq_campaign_recipients_tenant_id_campaign_id_customer_id",
        "campaign_recipients",
        ["tenant_id", "campaign_id", "customer_id"],
        unique=True,
    )
    op.create_index(  # the send loop claims queued recipients of a campaign
        "ix_campaign_recipients_tenant_id_campaign_id_state",
        "campaign_recipients",
        ["tenant_id", "campaign_id", "state"],
    )
    op.create_index(  # the frequency cap: a customer's recent marketing messages
        "ix_campaign_recipients_tenant_id_customer_id_sent_at",
        "campaign_recipients",
        ["tenant_id", "customer_id", "sent_at"],
    )
    op.create_index("ix_campaign_recipients_tenant_id_store_id", "campaign_recipients", ["tenant_id", "store_id"])
    op.create_table(
        "campaign_links",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        _fk("campaign_links", "campaign_id", "campaigns", cascade=True),
        sa.PrimaryKeyConstraint("tenant_id", "campaign_id", "position", name=op.f("pk_campaign_links")),
    )
    protect_tenant_table("marketing_settings", grants="SELECT, INSERT, UPDATE")
    protect_tenant_table("campaigns")
    protect_tenant_table("campaign_recipients", grants="SELECT, INSERT, UPDATE")
    protect_tenant_table("campaign_links", grants="SELECT, INSERT, DELETE")
    add_default_role_permissions({key: ["campaigns:read"] for key in READERS})
    add_default_role_permissions({key: ["campaigns:manage", "campaigns:send"] for key in MANAGERS})
    add_default_role_permissions({key: ["campaigns:approve"] for key in APPROVERS})


def downgrade() -> None:
    op.drop_table("campaign_links")
    op.drop_table("campaign_recipients")
    op.drop_table("campaigns")
    op.drop_table("marketing_settings")
