"""The migrations and the models describe the same schema (`alembic check`)."""

from __future__ import annotations

import asyncio

from alembic import command

from api.embedded import EmbeddedUrls
from api.migrate import alembic_config


async def test_models_and_migrations_agree(services: EmbeddedUrls) -> None:
    # alembic's env runs its own event loop, so it runs in a worker thread.
    await asyncio.to_thread(command.check, alembic_config(services.migration_database_url))
