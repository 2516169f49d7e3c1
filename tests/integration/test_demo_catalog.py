"""The demo seed builds a catalog with stock in every demo store (some of it low), orders at every
stage, a help center and tickets."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from api.demo import DEMO_ARTICLES, DEMO_LOW_STOCK, DEMO_PRODUCTS, DEMO_SLUG, DEMO_TICKET_CATEGORIES, seed_demo
from api.demo_orders import DEMO_ORDER_STAGES
from api.state import Resources
from domain.catalog.models import Category, Product, StockLevel, StockMovement
from domain.orders.models import Order
from domain.service.models import Ticket, TicketCategory
from tenants.db import TenantScope, platform_session, tenant_session
from tenants.registry import tenant_by_slug
from tests.factories import Api, expect


async def test_demo_has_products_and_stock_in_every_store(resources: Resources) -> None:
    assert await seed_demo(resources.sessions, customers=3) is True
    async with platform_session(resources.sessions) as session:
        tenant = await tenant_by_slug(session, DEMO_SLUG)
    assert tenant is not None
    async with tenant_session(resources.sessions, TenantScope(tenant.id)) as session:
        products = (await session.execute(select(func.count()).select_from(Product))).scalar_one()
        categories = (await session.execute(select(func.count()).select_from(Category))).scalar_one()
        levels = (await session.execute(select(func.count()).select_from(StockLevel))).scalar_one()
        low = (
            await session.execute(
                select(Product.sku)
                .join(StockLevel, StockLevel.product_id == Product.id)
                .where(StockLevel.on_hand - StockLevel.reserved <= Product.low_stock_threshold)
                .order_by(Product.sku)
            )
        ).scalars()
        receipts = (await session.execute(select(func.count()).where(StockMovement.kind == "receipt"))).scalar_one()
    assert (products, categories) == (len(DEMO_PRODUCTS), 3)
    assert levels == receipts == 3 * len(DEMO_PRODUCTS)
    assert list(low) == sorted(sku for sku, _ in DEMO_LOW_STOCK)


async def test_demo_help_center_has_the_published_articles(api: Api, resources: Resources) -> None:
    """After the test above: the demo also publishes help articles and keeps one draft internal."""
    await seed_demo(resources.sessions, customers=3)  # False when already seeded (the usual case)
    listed = expect(await api.client.get(f"/api/v1/public/kb/{DEMO_SLUG}/articles"), 200)
    assert {a["slug"] for a in listed["items"]} == {a[0] for a in DEMO_ARTICLES if a[0]}
    found = expect(await api.client.get(f"/api/v1/public/kb/{DEMO_SLUG}/articles", params={"q": "退货"}), 200)
    assert [a["slug"] for a in found["items"]] == ["returns"]


async def test_demo_has_ticket_categories_and_tickets(resources: Resources) -> None:
    await seed_demo(resources.sessions, customers=20)  # the first test may have created it already
    async with platform_session(resources.sessions) as session:
        tenant = await tenant_by_slug(session, DEMO_SLUG)
    assert tenant is not None
    async with tenant_session(resources.sessions, TenantScope(tenant.id)) as session:
        categories = (await session.execute(select(func.count()).select_from(TicketCategory))).scalar_one()
        rows = await session.execute(select(TicketCategory.name, TicketCategory.name_en))
        names = {name: name_en for name, name_en in rows.all()}
        rows = await session.execute(select(Category.name, Category.name_en))
        product_categories = {name: name_en for name, name_en in rows.all()}
        statuses = sorted((await session.execute(select(Ticket.status))).scalars())
    assert categories == len(DEMO_TICKET_CATEGORIES)
    # Seeded in both languages: English readers see English category names.
    assert names == DEMO_TICKET_CATEGORIES
    assert product_categories == {"饮料": "Drinks", "粮油零食": "Groceries and snacks", "日用百货": "Household"}
    # One ticket per customer, up to the list's length (the first test seeds 3 customers).
    assert statuses == sorted(["open", "new", "pending", "resolved", "new"][: len(statuses)])
    assert len(statuses) >= 3


async def test_demo_has_orders_at_every_stage(resources: Resources) -> None:
    await seed_demo(resources.sessions, customers=3)  # the first test may have created it already
    async with platform_session(resources.sessions) as session:
        tenant = await tenant_by_slug(session, DEMO_SLUG)
    assert tenant is not None
    async with tenant_session(resources.sessions, TenantScope(tenant.id)) as session:
        rows = (await session.execute(select(Order.status, func.count()).group_by(Order.status))).all()
        paid = (await session.execute(select(func.count()).where(Order.paid_total == Order.total))).scalar_one()
    assert dict(rows) == dict(Counter(DEMO_ORDER_STAGES))
    shipped_or_later = sum(1 for stage in DEMO_ORDER_STAGES if stage in ("shipped", "delivered", "completed"))
    assert paid == shipped_or_later
