"""Signup, login, token refresh and logout. The SPA gets the refresh token as an httpOnly cookie
(double-submit CSRF token alongside); API clients may use the token from the body instead."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import Cookie
from litestar.params import HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from api.deps import request_meta
from api.security import PUBLIC, resources
from api.settings import Settings
from domain.integrations.staff_mail import send_password_reset
from tenants import auth, password_reset, slugs
from tenants.errors import Unauthenticated
from tenants.mappers import tenant_out, user_out
from tenants.schemas import (
    AcceptInvite,
    LoginIn,
    PasswordResetConfirm,
    PasswordResetIn,
    PasswordResetRequested,
    RefreshIn,
    SignupIn,
    SignupOut,
    SlugCheck,
    TokenPair,
)
from tenants.tokens import same_digest

REFRESH_COOKIE = "crm_refresh"
CSRF_COOKIE = "crm_csrf"
CsrfHeader = Annotated[
    str | None, HeaderParameter(name="X-CSRF-Token", description="Equals the crm_csrf cookie when the cookie is used")
]
AUTH_PATH = "/api/v1/auth"
log = logging.getLogger("api.auth")


async def _email_reset_link(settings: Settings, mail: password_reset.ResetMail) -> None:
    """After the answer is sent, so that a known account takes no longer to answer than an
    unknown one; a refused email is logged (the user can ask again)."""
    try:
        await send_password_reset(
            settings.smtp,
            settings.public_base_url,
            tenant_id=mail.tenant_id,
            tenant_name=mail.tenant_name,
            timezone=mail.timezone,
            to=mail.email,
            name=mail.name,
            locale=mail.locale,
            token=mail.token,
            expires_at=mail.expires_at,
        )
    except Exception:
        log.exception("the password reset email for tenant %s could not be sent", mail.tenant_id)


def _session_cookies(settings: Settings, refresh_token: str) -> list[Cookie]:
    return [
        Cookie(
            key=REFRESH_COOKIE,
            value=refresh_token,
            httponly=True,
            samesite="strict",
            path=AUTH_PATH,
            secure=settings.secure_cookies,
            max_age=settings.refresh_token_ttl_seconds,
        ),
        Cookie(
            key=CSRF_COOKIE,
            value=secrets.token_urlsafe(24),
            httponly=False,
            samesite="strict",
            path="/",
            secure=settings.secure_cookies,
            max_age=settings.refresh_token_ttl_seconds,
        ),
    ]


def _clear_cookies() -> list[Cookie]:
    return [
        Cookie(key=REFRESH_COOKIE, value="", path=AUTH_PATH, max_age=0, httponly=True, samesite="strict"),
        Cookie(key=CSRF_COOKIE, value="", path="/", max_age=0, samesite="strict"),
    ]


def _presented_refresh_token(request: Request[Any, Any, Any], data: RefreshIn | None, csrf_header: str | None) -> str:
    """Body token for API clients; cookie token only with a matching CSRF header (double submit)."""
    if data is not None and data.refresh_token:
        return data.refresh_token
    cookie = request.cookies.get(REFRESH_COOKIE)
    if not cookie:
        raise Unauthenticated("No refresh token was presented.", code="invalid_refresh_token")
    csrf_cookie = request.cookies.get(CSRF_COOKIE, "")
    if not csrf_cookie or not csrf_header or not same_digest(csrf_cookie, csrf_header):
        raise Unauthenticated("The CSRF token is missing or does not match.", code="csrf_failed")
    return cookie


class AuthController(Controller):
    path = "/api/v1"
    tags = ["Auth"]
    opt = {PUBLIC: True}

    @post(
        "/signup",
        operation_id="Signup",
        status_code=HTTP_201_CREATED,
        summary="Create a tenant with its owner and default roles",
    )
    async def signup(self, request: Request[Any, Any, Any], data: JSONBody[SignupIn]) -> Response[SignupOut]:
        res = resources(request)
        result = await auth.signup(res.sessions, res.auth, data, request_meta(request))
        body = SignupOut(
            tenant=tenant_out(result.tenant),
            user=user_out(result.user, result.role.name, result.role.key),
            access_token=result.tokens.access_token,
            refresh_token=result.tokens.refresh_token,
            expires_in=result.tokens.expires_in,
        )
        return Response(
            body,
            status_code=HTTP_201_CREATED,
            cookies=_session_cookies(res.settings, result.tokens.refresh_token),
        )

    @get(
        "/signup/slug",
        operation_id="CheckTenantSlug",
        summary="Suggest a tenant slug from a company name (pinyin), or check whether a slug is free",
    )
    async def check_slug(
        self,
        request: Request[Any, Any, Any],
        tenant_name: Annotated[str | None, QueryParameter(max_length=200)] = None,
        tenant_slug: Annotated[str | None, QueryParameter(max_length=60)] = None,
    ) -> SlugCheck:
        return await slugs.check_slug(resources(request).sessions, tenant_name=tenant_name, tenant_slug=tenant_slug)

    @post(
        "/auth/login",
        operation_id="Login",
        status_code=HTTP_200_OK,
        summary="Log in with tenant, email, password",
    )
    async def login(self, request: Request[Any, Any, Any], data: JSONBody[LoginIn]) -> Response[TokenPair]:
        res = resources(request)
        pair = await auth.login(res.sessions, res.redis, res.auth, data, request_meta(request))
        return Response(pair, cookies=_session_cookies(res.settings, pair.refresh_token))

    @post(
        "/auth/refresh",
        operation_id="RefreshTokens",
        status_code=HTTP_200_OK,
        summary="Rotate the refresh token and get a new access token",
    )
    async def refresh(
        self, request: Request[Any, Any, Any], data: JSONBody[RefreshIn | None] = None, csrf_token: CsrfHeader = None
    ) -> Response[TokenPair]:
        res = resources(request)
        token = _presented_refresh_token(request, data, csrf_token)
        pair = await auth.refresh(res.sessions, res.auth, token, request_meta(request))
        return Response(pair, cookies=_session_cookies(res.settings, pair.refresh_token))

    @post(
        "/auth/logout",
        operation_id="Logout",
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke the refresh token family",
    )
    async def logout(
        self, request: Request[Any, Any, Any], data: JSONBody[RefreshIn | None] = None, csrf_token: CsrfHeader = None
    ) -> Response[None]:
        res = resources(request)
        try:
            token = _presented_refresh_token(request, data, csrf_token)
        except Unauthenticated:
            token = ""
        if token:
            await auth.logout(res.sessions, token, request_meta(request))
        return Response(None, status_code=HTTP_204_NO_CONTENT, cookies=_clear_cookies())

    @post(
        "/auth/accept-invite",
        operation_id="AcceptInvite",
        status_code=HTTP_200_OK,
        summary="Set a password with an invite token and log in",
    )
    async def accept_invite(self, request: Request[Any, Any, Any], data: JSONBody[AcceptInvite]) -> Response[TokenPair]:
        res = resources(request)
        pair = await auth.accept_invite(res.sessions, res.auth, data, request_meta(request))
        return Response(pair, cookies=_session_cookies(res.settings, pair.refresh_token))

    @post(
        "/auth/password-reset",
        operation_id="RequestPasswordReset",
        status_code=HTTP_202_ACCEPTED,
        summary="Email a password reset link (the same answer whether or not the account exists)",
    )
    async def request_password_reset(
        self, request: Request[Any, Any, Any], data: JSONBody[PasswordResetIn]
    ) -> Response[PasswordResetRequested]:
        res = resources(request)
        mail = await password_reset.request_reset(res.sessions, res.redis, res.auth.login, data, request_meta(request))
        body = PasswordResetRequested(expires_in_minutes=int(password_reset.RESET_TTL.total_seconds() // 60))
        task = BackgroundTask(_email_reset_link, res.settings, mail) if mail is not None else None
        return Response(body, status_code=HTTP_202_ACCEPTED, background=task)

    @post(
        "/auth/password-reset/confirm",
        operation_id="ConfirmPasswordReset",
        status_code=HTTP_204_NO_CONTENT,
        summary="Set a new password with an emailed reset link; every session of the user ends",
    )
    async def confirm_password_reset(
        self, request: Request[Any, Any, Any], data: JSONBody[PasswordResetConfirm]
    ) -> Response[None]:
        res = resources(request)
        await password_reset.confirm_reset(res.sessions, res.redis, data, request_meta(request))
        return Response(None, status_code=HTTP_204_NO_CONTENT)
