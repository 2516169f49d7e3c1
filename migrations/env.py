"""Alembic environment: runs as the owner role; the URL comes from the migrate command."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

import domain.catalog.models
import domain.custom_fields.models
import domain.customers.models
import domain.integrations.models
import domain.kb.models
import domain.orders.models
import domain.service.models  # noqa: F401 - registers the tables on the metadata
from tenants.models import Base

config = context.config
target_metadata = Base.metadata


def _ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """PgQueuer's tables are installed by migration 0015 from its own DDL, not from our models."""
    return not (type_ == "table" and (name or "").startswith("pgqueuer"))


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True, include_object=_ours)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
asyncio.run(_run_async())
