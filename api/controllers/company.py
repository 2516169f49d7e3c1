"""Company settings (name, logo, time zone, currency, default language) and the public logo."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK

from api.deps import CtxDep
from api.security import PERMISSION, PUBLIC, resources
from domain.orders.public import has_orders
from tenants import company
from tenants.schemas import CompanySettings, CompanySettingsUpdate


class CompanySettingsController(Controller):
    path = "/api/v1/settings/company"
    tags = ["Tenant"]

    @get(
        "/",
        operation_id="GetCompanySettings",
        opt={PERMISSION: "tenant:manage"},
        summary="The company: name, logo, time zone, currency and default language",
    )
    async def get_company(self, ctx: CtxDep) -> CompanySettings:
        return await company.get_company(ctx, has_orders=await has_orders(ctx))

    @patch(
        "/",
        operation_id="UpdateCompanySettings",
        opt={PERMISSION: "tenant:manage"},
        summary="Change the fields sent; the currency only while the tenant has no orders; logo null removes it",
    )
    async def update_company(self, ctx: CtxDep, data: JSONBody[CompanySettingsUpdate]) -> CompanySettings:
        return await company.update_company(ctx, data, has_orders=await has_orders(ctx))


class PublicLogoController(Controller):
    path = "/api/v1/public/logos"
    tags = ["Public"]
    opt = {PUBLIC: True}

    @get(
        "/{tenant_slug:str}",
        operation_id="GetCompanyLogo",
        summary="A company's logo (PNG or JPEG); the URL in its settings carries a version, so it caches for good",
        media_type="image/png",
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=bytes, media_type="image/png", generate_examples=False, description="The logo image"
            )
        },
    )
    async def logo(
        self, request: Request[Any, Any, Any], tenant_slug: Annotated[str, PathParameter(max_length=60)]
    ) -> Response[bytes]:
        content, media_type, digest = await company.public_logo(resources(request).sessions, tenant_slug)
        return Response(
            content,
            media_type=media_type,
            headers={
                "Cache-Control": "public, max-age=31536000, immutable"
                if request.query_params.get("v") == digest[:16]
                else "public, max-age=300",
                "ETag": f'"{digest[:16]}"',
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'",
            },
        )
