"""What a campaign's recipient opens without logging in: the open pixel, tracked links (redirect
only to the URL stored for that link) and the unsubscribe page and its one-click POST (RFC 8058)."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_302_FOUND

from api.openapi import PROBLEMS
from api.security import PUBLIC, resources
from domain.marketing import tracking
from domain.marketing.tracking import UnsubscribePage

Token = Annotated[str, PathParameter(max_length=100)]
# A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"Cache-Control": "no-store"}


class CampaignTrackingController(Controller):
    path = "/api/v1/public"
    tags = ["Public"]
    opt = {PUBLIC: True}

    @get(
        "/o/{token:str}",
        operation_id="OpenCampaignPixel",
        media_type="image/gif",
        summary="The open pixel of a campaign email: counts the open, answers a 1×1 GIF",
        opt={PROBLEMS: {404}},
    )
    async def pixel(self, request: Request[Any, Any, Any], token: Token) -> Response[bytes]:
        await tracking.record_open(resources(request).sessions, token)
        return Response(PIXEL, media_type="image/gif", headers=NO_STORE)

    @get(
        "/c/{token:str}",
        operation_id="FollowCampaignLink",
        status_code=HTTP_302_FOUND,
        summary="A tracked link: counts the click and redirects to the URL stored for it (nowhere else)",
        opt={PROBLEMS: {404}},
    )
    async def click(self, request: Request[Any, Any, Any], token: Token) -> Response[None]:
        url = await tracking.record_click(resources(request).sessions, token)
        return Response(None, status_code=HTTP_302_FOUND, headers={"Location": url, **NO_STORE})

    @get(
        "/unsubscribe/{token:str}",
        operation_id="GetUnsubscribePage",
        summary="What the unsubscribe link is about: the sender, the channel, the masked address",
        opt={PROBLEMS: {404}},
    )
    async def unsubscribe_page(self, request: Request[Any, Any, Any], token: Token) -> UnsubscribePage:
        return await tracking.unsubscribe_page(resources(request).sessions, token)

    @post(
        "/unsubscribe/{token:str}",
        operation_id="Unsubscribe",
        status_code=HTTP_200_OK,
        summary="Unsubscribe in one click (the page's button, or a mail client's RFC 8058 POST with "
        "`List-Unsubscribe=One-Click`): consent withdrawn, once",
        opt={PROBLEMS: {404}, "body_ignored": True},
    )
    async def unsubscribe(self, request: Request[Any, Any, Any], token: Token) -> UnsubscribePage:
        return await tracking.unsubscribe(resources(request).sessions, token)
