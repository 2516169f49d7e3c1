"""L_asgi: a bare ASGI app (no framework) serving the same tenant-scoped read as the product.

It verifies the same bearer token (PyJWT, same key and claims), sends the product's BEGIN message,
query and COMMIT over an asyncpg pool, and encodes the row with msgspec. Configuration comes from
the environment (BENCH_DSN_* and JWT_SECRET), set by the harness.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import asyncpg
import jwt
import msgspec

from tests.bench.floors import CustomerRead, no_reset, read_customer

_PREFIX = "/api/v1/customers/"
_encoder = msgspec.json.Encoder()


def _default(value: Any) -> Any:
    return str(value)


class BareApp:
    def __init__(self) -> None:
        self.pool: asyncpg.Pool | None = None
        self.read = CustomerRead.compile()
        self.secret = os.environ.get("JWT_SECRET", "")
        self.encoder = msgspec.json.Encoder(enc_hook=_default)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.pool = await asyncpg.create_pool(
                    host=os.environ["BENCH_PG_HOST"],
                    port=int(os.environ["BENCH_PG_PORT"]),
                    user=os.environ["BENCH_PG_USER"],
                    password=os.environ["BENCH_PG_PASSWORD"],
                    database=os.environ["BENCH_PG_DATABASE"],
                    min_size=10,
                    max_size=10,
                    server_settings={"timezone": "UTC"},
                    reset=no_reset,
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.pool is not None:
                    await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _respond(self, send: Any, status: int, body: bytes) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path: str = scope["path"]
        if scope["method"] != "GET" or not path.startswith(_PREFIX):
            await self._respond(send, 404, b'{"status":404}')
            return
        auth = dict(scope["headers"]).get(b"authorization", b"").decode()
        try:
            claims = jwt.decode(
                auth[7:],
                self.secret,
                algorithms=["HS256"],
                audience="retail-crm-api",
                issuer="retail-crm",
                options={"require": ["exp", "iss", "aud", "sub", "tid"]},
            )
            tenant_id = uuid.UUID(claims["tid"])
            customer_id = uuid.UUID(path[len(_PREFIX) :])
        except (jwt.PyJWTError, ValueError):
            await self._respond(send, 401, b'{"status":401}')
            return
        assert self.pool is not None
        async with self.pool.acquire() as conn:
            row = await read_customer(conn, self.read, tenant_id, customer_id)
        if row is None:
            await self._respond(send, 404, b'{"status":404}')
            return
        await self._respond(send, 200, self.encoder.encode(dict(row)))


app = BareApp()
