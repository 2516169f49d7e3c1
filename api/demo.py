"""The demo tenant for `make run`: a chain with 3 stores in 2 regions, one user per default role,
and ~200 customers with Chinese names and phone numbers. Idempotent: skipped when it exists."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers.schemas import Address, ConsentChange, ConsentChanges, CustomerCreate
from domain.customers.services import create_customer
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
    return True
