"""Knowledge base: articles (zh-CN/en, draft/published/archived) and their search terms, with
RLS on both tables; support, managers and admins receive kb:read and kb:manage.

Revision ID: 0004
Revises: 0002 (re-pointed to 0003 when the tickets migration lands before it)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.rls import add_default_role_permissions, protect_tenant_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KB_PERMISSIONS = ["kb:manage", "kb:read"]


def upgrade() -> None:
    op.create_table(
        "kb_articles",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=True),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("body_zh", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("tags", sa.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("title_zh <> '' OR title_en <> ''", name=op.f("ck_kb_articles_has_title")),
        sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f("ck_kb_articles_known_status")),
        sa.CheckConstraint(
            "status <> 'published' OR published_at IS NOT NULL", name=op.f("ck_kb_articles_published_has_time")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_kb_articles_tenant_id_created_by"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "updated_by"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_kb_articles_tenant_id_updated_by"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_kb_articles")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_kb_articles_tenant_id_number")),
    )
    op.create_index(
        "ix_kb_articles_tenant_id_created_at_id", "kb_articles", ["tenant_id", "created_at", "id"], unique=False
    )
    op.create_index("ix_kb_articles_tenant_id_created_by", "kb_articles", ["tenant_id", "created_by"], unique=False)
    op.create_index(
        "ix_kb_articles_tenant_id_status_published_at_id",
        "kb_articles",
        ["tenant_id", "status", "published_at", "id"],
        unique=False,
    )
    op.create_index("ix_kb_articles_tenant_id_updated_by", "kb_articles", ["tenant_id", "updated_by"], unique=False)
    op.create_index(
        "uq_kb_articles_tenant_id_slug",
        "kb_articles",
        ["tenant_id", "slug"],
        unique=True,
        postgresql_where=sa.text("slug IS NOT NULL"),
    )
    op.create_table(
        "kb_article_terms",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("term", sa.String(length=120, collation="C"), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "article_id"],
            ["kb_articles.tenant_id", "kb_articles.id"],
            name=op.f("fk_kb_article_terms_tenant_id_article_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "term", "article_id", name=op.f("pk_kb_article_terms")),
    )
    op.create_index(
        "ix_kb_article_terms_tenant_id_article_id", "kb_article_terms", ["tenant_id", "article_id"], unique=False
    )
    for table in ("kb_articles", "kb_article_terms"):
        protect_tenant_table(table)
    add_default_role_permissions(
        {
            "owner": KB_PERMISSIONS,
            "admin": KB_PERMISSIONS,
            "regional_manager": KB_PERMISSIONS,
            "store_manager": KB_PERMISSIONS,
            "support": KB_PERMISSIONS,
        }
    )


def downgrade() -> None:
    op.drop_index("ix_kb_article_terms_tenant_id_article_id", table_name="kb_article_terms")
    op.drop_table("kb_article_terms")
    op.drop_index(
        "uq_kb_articles_tenant_id_slug", table_name="kb_articles", postgresql_where=sa.text("slug IS NOT NULL")
    )
    op.drop_index("ix_kb_articles_tenant_id_updated_by", table_name="kb_articles")
    op.drop_index("ix_kb_articles_tenant_id_status_published_at_id", table_name="kb_articles")
    op.drop_index("ix_kb_articles_tenant_id_created_by", table_name="kb_articles")
    op.drop_index("ix_kb_articles_tenant_id_created_at_id", table_name="kb_articles")
    op.drop_table("kb_articles")
