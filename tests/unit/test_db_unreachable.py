"""Which failures mean "the database is out of reach, retry" (503) and which are a bug (500)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError

from tenants.db import unreachable


def test_a_refused_socket_from_the_driver_is_unreachable() -> None:
    async def connect() -> None:
        await asyncpg.connect(host="/nonexistent-socket-dir", user="x", database="x")

    with pytest.raises(FileNotFoundError) as refused:
        asyncio.run(connect())
    assert unreachable(refused.value)


def test_a_lost_connection_is_unreachable_however_deeply_wrapped() -> None:
    lost = asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
    wrapped = DBAPIError("COMMIT", None, lost)
    wrapped.__cause__ = lost
    assert unreachable(wrapped)
    assert unreachable(asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"))


def test_refusals_and_our_own_errors_are_not_unreachable() -> None:
    assert not unreachable(asyncpg.exceptions.CheckViolationError("refused at commit"))
    assert not unreachable(asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"))
    assert not unreachable(FileNotFoundError("templates/invoice.html"))
    assert not unreachable(ValueError("a bug"))
