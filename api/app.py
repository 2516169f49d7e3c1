"""The application factory: wiring only; behaviour lives in the domain contexts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, ControllerRouterHandler, Message, Receive, Scope, Send
from redis.asyncio import Redis

from api.controllers.api_keys import ApiKeyController
from api.controllers.audit import AuditController
from api.controllers.auth import AuthController
from api.controllers.campaign_public import CampaignTrackingController
from api.controllers.campaigns import CampaignController, MarketingSettingsController
from api.controllers.catalog import CategoryController, ProductController
from api.controllers.company import CompanySettingsController, PublicLogoController
from api.controllers.csat import PublicCsatController
from api.controllers.custom_fields import CustomFieldController
from api.controllers.customers import CustomerController, CustomerSettingsController, CustomerTimelineController
from api.controllers.dev import DEV_ROUTES
from api.controllers.events import event_stream
from api.controllers.health import health, ready
from api.controllers.imports import ImportController
from api.controllers.inventory import InventoryController, TransferController
from api.controllers.jobs import ExportController, JobController
from api.controllers.kb import KbArticleController, PublicKbController
from api.controllers.loyalty import LoyaltyController, LoyaltySettingsController
from api.controllers.me import MeController
from api.controllers.notifications import NotificationController
from api.controllers.orders import OrderController, OrderSettingsController
from api.controllers.public import PublicOrderController
from api.controllers.returns import OrderMoneyController, ReturnController
from api.controllers.roles import PermissionController, RoleController
from api.controllers.segments import SegmentController
from api.controllers.service_settings import ServiceSettingsController, TicketCategoryController
from api.controllers.stores import RegionController, StoreController
from api.controllers.tickets import TicketController
from api.controllers.users import UserController
from api.deps import DEPENDENCIES
from api.embedded import resolve_urls
from api.idempotency import idempotency_middleware
from api.input import input_gate
from api.mailsink import MailSink
from api.openapi import (
    close_input_schemas,
    document_problems,
    link_created_resources,
    openapi_config,
    parameters_are_never_null,
    publish_constraints,
)
from api.openapi_events import document_events
from api.problems import EXCEPTION_HANDLERS
from api.security import authorize, credential_middleware
from api.settings import Settings, load_settings
from api.spa import spa_files, spa_root
from api.state import Resources
from api.worker import InProcessWorker, JobWorker, build_relay, build_sweeper
from domain.marketing.channels import NoSmsGateway, SmsGateway, SmsSink
from tenants import links, pagination
from tenants.auth import AuthConfig
from tenants.db import create_engine, session_factory
from tenants.files import LocalFiles
from tenants.ids import uuid7
from tenants.throttle import LoginLimits
from tenants.tokens import TokenConfig

ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    AuthController,
    MeController,
    UserController,
    RoleController,
    PermissionController,
    RegionController,
    StoreController,
    ApiKeyController,
    AuditController,
    CustomerController,
    CustomerSettingsController,
    CustomerTimelineController,
    LoyaltyController,
    LoyaltySettingsController,
    CustomFieldController,
    SegmentController,
    CampaignController,
    MarketingSettingsController,
    CampaignTrackingController,
    ExportController,
    JobController,
    ImportController,
    CategoryController,
    ProductController,
    InventoryController,
    TransferController,
    OrderController,
    OrderSettingsController,
    CompanySettingsController,
    PublicLogoController,
    OrderMoneyController,
    ReturnController,
    TicketController,
    ServiceSettingsController,
    TicketCategoryController,
    PublicOrderController,
    KbArticleController,
    PublicKbController,
    PublicCsatController,
    NotificationController,
    event_stream,
    health,
    ready,
]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (a sane incoming X-Request-ID is kept) and echo it back."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else str(uuid7())
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_id)

    return middleware


def build_resources(settings: Settings) -> Resources:
    links.use_link_key(settings.jwt_secret)  # campaign links are signed by the web and the worker alike
    urls = resolve_urls(settings.database_url, settings.migration_database_url, settings.redis_url, settings.data_dir)
    engine = create_engine(urls.database_url)
    redis = Redis.from_url(urls.redis_url, socket_connect_timeout=2)  # an unreachable Redis fails fast
    auth = AuthConfig(
        tokens=TokenConfig(
            settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience, settings.access_token_ttl_seconds
        ),
        refresh_ttl_seconds=settings.refresh_token_ttl_seconds,
        login=LoginLimits(
            settings.login_max_failures,
            settings.login_lockout_seconds,
            settings.login_ip_per_minute,
            settings.reset_ip_per_hour,
            settings.reset_account_per_hour,
        ),
        api_key_per_minute=settings.api_key_per_minute,
    )
    files = LocalFiles(Path(settings.data_dir).resolve() / "files")
    sms: SmsGateway = SmsSink() if settings.dev_mode else NoSmsGateway()
    return Resources(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        redis=redis,
        auth=auth,
        files=files,
        sms=sms,
    )


def _bind_options_to_their_routes(app: Litestar) -> None:
    """Litestar 2.25 binds a path's generated OPTIONS handler to the first route object built for
    that path; when a second method is added the route is rebuilt and the handler still answers
    the first one's `Allow` (GET missing on `/public/csat/{token}`). Point each at its route."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            closure = getattr(handler.fn, "__closure__", None)
            if handler.http_methods == {"OPTIONS"} and handler.fn.__name__ == "options_handler" and closure:
                closure[0].cell_contents = route


def create_app(settings: Settings | None = None, resources: Resources | None = None) -> Litestar:
    settings = settings or load_settings()
    settings.check()
    pagination.use_signing_key(settings.jwt_secret)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        res = resources or build_resources(settings)
        app.state.resources = res
        sink = MailSink("127.0.0.1", settings.smtp_port) if settings.mail_sink_in_process else None
        if sink is not None:
            await sink.start()
            res.mail_sink = sink
        worker = (
            InProcessWorker(
                build_relay(res),
                build_sweeper(res.sessions),
                concurrency=settings.relay_concurrency,
                job_worker=JobWorker(res),
            )
            if settings.worker_in_process
            else None
        )
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                await worker.stop()
            if sink is not None:
                await sink.stop()
                res.mail_sink = None
            if resources is None:
                await res.redis.aclose()
                await res.engine.dispose()

    cors = (
        CORSConfig(allow_origins=list(settings.cors_origins), allow_credentials=True) if settings.cors_origins else None
    )
    app = Litestar(
        route_handlers=[*ROUTE_HANDLERS, *(DEV_ROUTES if settings.dev_mode else []), spa_root, spa_files],
        dependencies=DEPENDENCIES,
        guards=[authorize],
        before_request=input_gate,
        middleware=[request_id_middleware, credential_middleware, idempotency_middleware],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(),
        lifespan=[lifespan],
        cors_config=cors,
        request_max_body_size=settings.max_body_bytes,
        state=State({}),
        debug=False,
    )
    _bind_options_to_their_routes(app)
    document_problems(app)
    close_input_schemas(app)
    publish_constraints(app)
    parameters_are_never_null(app)
    link_created_resources(app)
    document_events(app)
    return app
