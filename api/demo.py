"""The demo tenant for `make run`: a chain with 3 stores in 2 regions, one user per default role,
and ~200 customers with Chinese names and phone numbers;
~30 products in 3 categories with stock in every store. Idempotent: skipped when it exists."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.demo_loyalty import seed_loyalty
from api.demo_marketing import seed_marketing
from api.demo_orders import seed_orders
from domain.catalog import stock
from domain.catalog.categories import create_category
from domain.catalog.products import create_product
from domain.catalog.schemas import CategoryCreate, ProductCreate
from domain.customers.actions import create_customer
from domain.customers.models import Customer
from domain.customers.schemas import Address, ConsentChange, ConsentChanges, CustomerCreate
from domain.kb.actions import create_article, transition
from domain.kb.schemas import ArticleCreate
from domain.kb.states import ArticleAction
from domain.service import categories as ticket_categories
from domain.service import comments as ticket_comments
from domain.service import tickets as service_tickets
from domain.service import transitions as ticket_transitions
from domain.service.schemas import AssignIn, CategoryIn, CommentIn, Priority, TicketCreate
from tenants.context import Ctx
from tenants.db import TenantScope, bind_tenant, platform_session
from tenants.models import Region, Role, Store, User
from tenants.passwords import hash_password
from tenants.permissions import ALL_PERMISSIONS
from tenants.principal import Principal, RequestMeta
from tenants.registry import create_tenant, tenant_by_slug
from tenants.schemas import SignupIn

DEMO_SLUG = "demo"
DEMO_PASSWORD = "Demo-Retail-2026"  # noqa: S105 - published demo credential, dev only
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红梅飞鑫宇浩然子轩欣怡梓涵雨晨思远嘉怡佳琪俊杰"
PROVINCES = [
    ("上海市", "上海市", "黄浦区"),
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "深圳市", "福田区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("北京市", "北京市", "朝阳区"),
]
MOBILE_PREFIXES = ["138", "139", "137", "135", "150", "158", "186", "188", "177", "199"]
TAGS = ["会员", "高价值", "新客", "团购", "线上", "母婴", "美妆"]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    scope: str


DEMO_USERS = [
    ("owner", "owner@demo.example.com", "all"),
    ("admin", "admin@demo.example.com", "all"),
    ("regional_manager", "east.manager@demo.example.com", "region:华东"),
    ("store_manager", "sh01.manager@demo.example.com", "store:SH01"),
    ("sales", "sh01.sales@demo.example.com", "store:SH01"),
    ("support", "support@demo.example.com", "all"),
    ("marketing", "marketing@demo.example.com", "all"),
    ("analyst", "analyst@demo.example.com", "all"),
]


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(role, email, scope) for role, email, scope in DEMO_USERS]


async def seed_demo(sessions: async_sessionmaker[AsyncSession], customers: int = 200) -> bool:
    """Create the demo tenant unless it exists; return whether anything was created."""
    rng = random.Random(20261122)
    async with platform_session(sessions) as session:
        if await tenant_by_slug(session, DEMO_SLUG):
            return False
        tenant, owner, _ = await create_tenant(
            session,
            SignupIn(
                tenant_name="鲜丰连锁（演示）",
                tenant_slug=DEMO_SLUG,
                owner_email=DEMO_USERS[0][1],
                owner_password=DEMO_PASSWORD,
                owner_name="演示店主",
            ),
        )
        await bind_tenant(session, TenantScope(tenant.id))
        east, south = Region(tenant_id=tenant.id, name="华东"), Region(tenant_id=tenant.id, name="华南")
        session.add_all([east, south])
        await session.flush()
        stores = {
            "SH01": Store(
                tenant_id=tenant.id,
                code="SH01",
                name="上海南京路店",
                region_id=east.id,
                address="上海市黄浦区南京东路100号",
                phone="021-63210000",
            ),
            "HZ01": Store(
                tenant_id=tenant.id,
                code="HZ01",
                name="杭州西湖店",
                region_id=east.id,
                address="浙江省杭州市西湖区湖滨路20号",
                phone="0571-87650000",
            ),
            "SZ01": Store(
                tenant_id=tenant.id,
                code="SZ01",
                name="深圳福田店",
                region_id=south.id,
                address="广东省深圳市福田区福华路8号",
                phone="0755-83450000",
            ),
        }
        session.add_all(stores.values())
        await session.flush()
        roles = {r.key: r for r in (await session.execute(select(Role).where(Role.tenant_id == tenant.id))).scalars()}
        password_hash = await hash_password(DEMO_PASSWORD)
        for key, email, scope in DEMO_USERS[1:]:
            kind, _, target = scope.partition(":")
            session.add(
                User(
                    tenant_id=tenant.id,
                    email=email,
                    name=f"演示{roles[key].name}",
                    password_hash=password_hash,
                    role_id=roles[key].id,
                    status="active",
                    locale="zh-CN",
                    scope_kind=kind,
                    scope_region_ids=[east.id] if kind == "region" else [],
                    scope_store_ids=[stores[target].id] if kind == "store" else [],
                )
            )
        await session.flush()
        actor = Principal(
            kind="user",
            tenant_id=tenant.id,
            actor_id=owner.id,
            label="demo-seed",
            permissions=ALL_PERMISSIONS,
            user_id=owner.id,
        )
        ctx = Ctx(session=session, actor=actor, meta=RequestMeta(request_id="demo-seed"))
        store_ids = [s.id for s in stores.values()]
        used_phones: set[str] = set()
        for i in range(customers):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
            if phone in used_phones:
                continue
            used_phones.add(phone)
            province, city, district = rng.choice(PROVINCES)
            await create_customer(
                ctx,
                CustomerCreate(
                    name=name,
                    gender=rng.choice(("male", "female", "unknown")),
                    phone=phone,
                    email=f"customer{i:03d}@example.com" if rng.random() < 0.5 else None,
                    address=Address(
                        province=province, city=city, district=district, detail=f"{rng.randrange(1, 300)}号"
                    ),
                    tags=rng.sample(TAGS, rng.randrange(0, 3)),
                    lifecycle_stage=rng.choice(("lead", "prospect", "customer", "customer", "vip", "churned")),
                    home_store_id=rng.choice([*store_ids, None]),
                    consent=ConsentChanges(
                        email=ConsentChange(granted=rng.random() < 0.6, source="demo"),
                        sms=ConsentChange(granted=rng.random() < 0.7, source="demo"),
                    ),
                ),
            )
        await seed_catalog(ctx, stores)
        await seed_loyalty(ctx)
        await seed_orders(ctx, stores)
        await seed_kb(ctx)
        await seed_service(ctx)
        await seed_marketing(ctx)
    return True


# ---- catalog and stock (appended with the catalog module) ----

# (category, sku, barcode, name_zh, name_en, unit, price)
DEMO_PRODUCTS = [
    ("饮料", "DRK-001", "6901939621103", "可口可乐 330ml", "Coca-Cola 330ml", "罐", "3.50"),
    ("饮料", "DRK-002", "6901939621257", "雪碧 330ml", "Sprite 330ml", "罐", "3.50"),
    ("饮料", "DRK-003", "6921168509256", "农夫山泉 550ml", "Nongfu Spring 550ml", "瓶", "2.00"),
    ("饮料", "DRK-004", "6920202888883", "红牛维生素功能饮料", "Red Bull", "罐", "6.50"),
    ("饮料", "DRK-005", "6925303721367", "统一冰红茶 500ml", "Uni Iced Black Tea", "瓶", "3.00"),
    ("饮料", "DRK-006", "6901285991219", "怡宝纯净水 555ml", "C'estbon Water", "瓶", "2.00"),
    ("饮料", "DRK-007", "6907992100272", "伊利纯牛奶 250ml", "Yili Pure Milk 250ml", "盒", "3.80"),
    ("饮料", "DRK-008", "6923644268503", "蒙牛酸酸乳", "Mengniu Yogurt Drink", "盒", "3.00"),
    ("饮料", "DRK-009", "6902083881405", "娃哈哈AD钙奶", "Wahaha AD Calcium Milk", "瓶", "2.50"),
    ("饮料", "DRK-010", "6948960100047", "元气森林苏打气泡水", "Genki Forest Sparkling Water", "瓶", "5.50"),
    ("粮油零食", "FOOD-001", "6921234500011", "五常大米 5kg", "Wuchang Rice 5kg", "袋", "69.90"),
    ("粮油零食", "FOOD-002", "6902538004045", "金龙鱼调和油 5L", "Arawana Blended Oil 5L", "桶", "79.90"),
    ("粮油零食", "FOOD-003", "6920459950180", "海天生抽 500ml", "Haday Light Soy Sauce", "瓶", "12.80"),
    ("粮油零食", "FOOD-004", "6901668053893", "老干妈风味豆豉", "Lao Gan Ma Chili Sauce", "瓶", "10.50"),
    ("粮油零食", "FOOD-005", "6924187828544", "三只松鼠每日坚果", "Three Squirrels Daily Nuts", "袋", "39.90"),
    ("粮油零食", "FOOD-006", "6924743915763", "乐事原味薯片", "Lay's Classic Chips", "袋", "7.50"),
    ("粮油零食", "FOOD-007", "6901668002761", "奥利奥夹心饼干", "Oreo Cookies", "盒", "9.90"),
    ("粮油零食", "FOOD-008", "6920907800173", "康师傅红烧牛肉面", "Master Kong Beef Noodles", "袋", "4.50"),
    ("粮油零食", "FOOD-009", "6917878030623", "雀巢速溶咖啡", "Nescafe Instant Coffee", "盒", "35.00"),
    ("粮油零食", "FOOD-010", "6911988014320", "达利园法式小面包", "Daliyuan French Bread", "袋", "15.90"),
    ("粮油零食", "FOOD-011", "6901845040968", "徐福记酥心糖", "Hsu Fu Chi Candy", "袋", "19.90"),
    ("粮油零食", "FOOD-012", "6920616312236", "好丽友巧克力派", "Orion Choco Pie", "盒", "16.80"),
    ("日用百货", "HOME-001", "6903148042441", "清风抽纸 3包", "Breeze Tissues 3 Packs", "提", "12.90"),
    ("日用百货", "HOME-002", "6902088710281", "立白洗衣液 2kg", "Liby Laundry Liquid 2kg", "瓶", "29.90"),
    ("日用百货", "HOME-003", "6903148091449", "舒肤佳香皂", "Safeguard Soap", "块", "5.90"),
    ("日用百货", "HOME-004", "6901294179073", "高露洁牙膏", "Colgate Toothpaste", "支", "13.50"),
    ("日用百货", "HOME-005", "6902022135101", "蓝月亮洗手液", "Bluemoon Hand Wash", "瓶", "18.90"),
    ("日用百货", "HOME-006", "6934665082168", "维达卷纸 10卷", "Vinda Toilet Rolls 10", "提", "26.90"),
    ("日用百货", "HOME-007", "6921469860102", "云南白药牙膏", "Yunnan Baiyao Toothpaste", "支", "29.80"),
    ("日用百货", "HOME-008", "6903244983052", "心相印湿巾", "Hearttex Wet Wipes", "包", "8.90"),
]
# Product categories: Chinese name → English name.
DEMO_CATEGORY_NAMES = {"饮料": "Drinks", "粮油零食": "Groceries and snacks", "日用百货": "Household"}
# Low stock on purpose, so the low-stock view has something to show: (sku, store code) → units.
DEMO_LOW_STOCK = {("DRK-004", "SH01"): 2, ("FOOD-005", "HZ01"): 1, ("HOME-007", "SZ01"): 1}


async def seed_catalog(ctx: Ctx, stores: dict[str, Store]) -> None:
    """~30 products in 3 categories, received into every demo store (a few left low)."""
    rng = random.Random(20261123)
    categories: dict[str, uuid.UUID] = {}
    for name in dict.fromkeys(p[0] for p in DEMO_PRODUCTS):
        created_category = await create_category(ctx, CategoryCreate(name=name, name_en=DEMO_CATEGORY_NAMES[name]))
        categories[name] = created_category.id
    ref = stock.Reference("demo", None, ctx.actor.user_id, "开业进货")
    for category, sku, barcode, name_zh, name_en, unit, price in DEMO_PRODUCTS:
        created = await create_product(
            ctx,
            ProductCreate(
                sku=sku,
                barcode=barcode,
                name_zh=name_zh,
                name_en=name_en,
                category_id=categories[category],
                unit=unit,
                list_price=Decimal(price),
                low_stock_threshold=5,
            ),
        )
        for code, store in stores.items():
            units = DEMO_LOW_STOCK.get((sku, code), rng.randrange(20, 120))
            line = [stock.StockLine(created.id, units)]
            await stock.add(ctx.session, ctx.tenant_id, store.id, line, "receipt", ref)


# ---- knowledge base (appended with the knowledge-base module) ----

# (slug, category, tags, title_zh, body_zh, title_en, body_en); the last one stays a draft.
DEMO_ARTICLES = [
    (
        "returns",
        "售后",
        ["退货", "换货"],
        "退货与换货政策",
        "## 七天无理由退货\n商品完好、配件齐全，凭**小票或电子发票**可在任一门店办理。\n\n"
        "- 生鲜与已拆封食品不支持无理由退货\n- 退款原路返回，1–3 个工作日到账",
        "Returns and exchanges",
        "## 7-day returns\nBring the item unused with its **receipt or e-invoice** to any store.\n\n"
        "- Fresh food and opened snacks cannot be returned\n- Refunds go back to the original payment in 1–3 working days",
    ),
    (
        "loyalty-points",
        "会员",
        ["积分", "会员"],
        "会员积分规则",
        "每消费 1 元累计 1 积分，100 积分可抵扣 1 元。积分有效期为两年。",
        "Loyalty points",
        "Earn 1 point per yuan spent; 100 points are worth 1 yuan. Points expire after two years.",
    ),
    (
        "order-tracking",
        "订单",
        ["配送", "订单"],
        "如何查询订单配送进度",
        "下单后您会收到一封包含**追踪链接**的邮件，打开即可查看订单状态，无需登录。",
        "Tracking your order",
        "After you order you receive an e-mail with a **tracking link**; open it to follow the order, no login needed.",
    ),
    (None, "内部", ["收银"], "收银交接班流程（草稿）", "交班前核对现金与 POS 汇总。", "", ""),
]


async def seed_kb(ctx: Ctx) -> None:
    """A few published help articles (both languages) and one internal draft."""
    for slug, category, tags, title_zh, body_zh, title_en, body_en in DEMO_ARTICLES:
        created = await create_article(
            ctx,
            ArticleCreate(
                slug=slug,
                category=category,
                tags=tags,
                title_zh=title_zh,
                body_zh=body_zh,
                title_en=title_en,
                body_en=body_en,
            ),
        )
        if slug:
            await transition(ctx, created.id, ArticleAction.PUBLISH, None)


# ---- customer service (appended with the service module) ----

# Ticket categories: Chinese name → English name.
DEMO_TICKET_CATEGORIES = {
    "商品质量": "Product quality",
    "配送问题": "Delivery",
    "退换货": "Returns and exchanges",
    "会员积分": "Loyalty points",
}
# (category, subject, priority, what happened next)
DEMO_TICKETS: list[tuple[str, str, Priority, str]] = [
    ("商品质量", "保温杯盖子漏水", "high", "replied"),
    ("配送问题", "快递三天未送达", "urgent", "new"),
    ("退换货", "尺码不合适想换货", "normal", "pending"),
    ("会员积分", "积分没有到账", "low", "resolved"),
    ("商品质量", "牛奶临近保质期", "normal", "new"),
]


async def seed_service(ctx: Ctx) -> None:
    """Ticket categories and a few tickets in different states, for the first customers."""
    categories = {
        name: (await ticket_categories.create_category(ctx, CategoryIn(name=name, name_en=name_en))).id
        for name, name_en in DEMO_TICKET_CATEGORIES.items()
    }
    customers = list(
        (
            await ctx.session.execute(
                select(Customer.id)
                .where(Customer.tenant_id == ctx.tenant_id)
                .order_by(Customer.created_at, Customer.id)
                .limit(len(DEMO_TICKETS))
            )
        ).scalars()
    )
    for customer_id, (category, subject, priority, then) in zip(customers, DEMO_TICKETS, strict=False):
        ticket = await service_tickets.create_ticket(
            ctx,
            TicketCreate(subject=subject, customer_id=customer_id, category_id=categories[category], priority=priority),
        )
        if then != "new":  # the demo support user takes them in turn; new ones wait unassigned
            await ticket_transitions.assign(ctx, ticket.id, AssignIn(auto=True))
        if then in ("replied", "pending", "resolved"):
            await ticket_comments.add_comment(
                ctx, ticket.id, CommentIn(body="您好，我们已收到，正在为您处理。", public=True)
            )
        if then == "pending":
            await ticket_transitions.wait(ctx, ticket.id)
        if then == "resolved":
            await ticket_transitions.resolve(ctx, ticket.id)
