"""Public, token-addressed pages for customers (no login): order tracking."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import PathParameter

from api.security import PUBLIC, resources
from domain.orders import tracking
from domain.orders.schemas import OrderTracking


class PublicOrderController(Controller):
    path = "/api/v1/public/orders"
    tags = ["Public"]
    opt = {PUBLIC: True}

    @get(
        "/{token:str}",
        operation_id="TrackOrder",
        summary="Order status timeline for the holder of a tracking link (no login)",
    )
    async def track(
        self, request: Request[Any, Any, Any], token: Annotated[str, PathParameter(max_length=100)]
    ) -> OrderTracking:
        return await tracking.track(resources(request).sessions, token)
