"""The peer: the same endpoint in FastAPI + SQLAlchemy ORM, written the way that stack's users
usually write it (the full-stack-fastapi-template style): a session dependency, an HTTPBearer
dependency that decodes the JWT and loads the current user, ORM models and pydantic response
models built from attributes. The tenant setting and the explicit tenant filter are the same as
the product's, so both do the same isolation work. It lives in tests/bench/, never in the product.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import ARRAY, String, Uuid, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine(
    os.environ.get("BENCH_DATABASE_URL", "postgresql+asyncpg://localhost/crm"), pool_size=10, max_overflow=10
)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
SECRET = os.environ.get("JWT_SECRET", "")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str]
    status: Mapped[str]
    role_id: Mapped[uuid.UUID]


class Role(Base):
    __tablename__ = "roles"
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String))


class Customer(Base):
    __tablename__ = "customers"
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str]
    gender: Mapped[str]
    birthday: Mapped[date | None]
    phone: Mapped[str | None]
    email: Mapped[str | None]
    province: Mapped[str]
    city: Mapped[str]
    district: Mapped[str]
    address_detail: Mapped[str]
    tags: Mapped[list[str]] = mapped_column(ARRAY(String))
    lifecycle_stage: Mapped[str]
    home_store_id: Mapped[uuid.UUID | None]
    assigned_to: Mapped[uuid.UUID | None]
    email_consent: Mapped[bool]
    email_consent_at: Mapped[datetime | None]
    email_consent_source: Mapped[str]
    sms_consent: Mapped[bool]
    sms_consent_at: Mapped[datetime | None]
    sms_consent_source: Mapped[str]
    notes: Mapped[str]
    external_id: Mapped[str | None]
    created_by: Mapped[uuid.UUID | None]
    updated_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    version: Mapped[int]


class Address(BaseModel):
    province: str
    city: str
    district: str
    detail: str


class ConsentState(BaseModel):
    granted: bool
    at: datetime | None
    source: str


class Consent(BaseModel):
    email: ConsentState
    sms: ConsentState


class CustomerOut(BaseModel):
    id: uuid.UUID
    name: str
    gender: str
    birthday: date | None
    phone: str | None
    email: str | None
    address: Address
    tags: list[str]
    lifecycle_stage: str
    home_store_id: uuid.UUID | None
    assigned_to: uuid.UUID | None
    consent: Consent
    notes: str
    external_id: str | None
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_row(cls, c: Customer) -> CustomerOut:
        return cls(
            id=c.id,
            name=c.name,
            gender=c.gender,
            birthday=c.birthday,
            phone=c.phone,
            email=c.email,
            address=Address(province=c.province, city=c.city, district=c.district, detail=c.address_detail),
            tags=c.tags,
            lifecycle_stage=c.lifecycle_stage,
            home_store_id=c.home_store_id,
            assigned_to=c.assigned_to,
            consent=Consent(
                email=ConsentState(granted=c.email_consent, at=c.email_consent_at, source=c.email_consent_source),
                sms=ConsentState(granted=c.sms_consent, at=c.sms_consent_at, source=c.sms_consent_source),
            ),
            notes=c.notes,
            external_id=c.external_id,
            created_by=c.created_by,
            updated_by=c.updated_by,
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
        )


class CurrentUser(BaseModel):
    tenant_id: uuid.UUID
    id: uuid.UUID
    permissions: list[str]


async def get_db() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_db)]
bearer = HTTPBearer()


async def get_current_user(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]
) -> CurrentUser:
    try:
        claims = jwt.decode(
            credentials.credentials,
            SECRET,
            algorithms=["HS256"],
            audience="retail-crm-api",
            issuer="retail-crm",
            options={"require": ["exp", "iss", "aud", "sub", "tid"]},
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=401, detail="Could not validate credentials") from exc
    tenant_id = uuid.UUID(claims["tid"])
    await session.execute(
        text("SELECT set_config('app.tenant_id', :t, true), set_config('app.store_ids', '*', true)"),
        {"t": str(tenant_id)},
    )
    row = (
        await session.execute(
            select(User, Role.permissions)
            .join(Role, (Role.tenant_id == User.tenant_id) & (Role.id == User.role_id))
            .where(User.tenant_id == tenant_id, User.id == uuid.UUID(claims["sub"]))
        )
    ).one_or_none()
    if row is None or row[0].status != "active":
        raise HTTPException(status_code=401, detail="Inactive user")
    return CurrentUser(tenant_id=tenant_id, id=row[0].id, permissions=row[1])


CurrentUserDep = Annotated[CurrentUser, Depends(get_current_user)]
app = FastAPI()


@app.get("/api/v1/customers/{customer_id}", response_model=CustomerOut)
async def read_customer(customer_id: uuid.UUID, session: SessionDep, user: CurrentUserDep) -> CustomerOut:
    if "customers:read" not in user.permissions:
        raise HTTPException(status_code=403, detail="Not enough permissions")
    customer = (
        await session.execute(
            select(Customer).where(
                Customer.tenant_id == user.tenant_id, Customer.id == customer_id, Customer.deleted_at.is_(None)
            )
        )
    ).scalar_one_or_none()
    if customer is None:
        raise HTTPException(status_code=404, detail="Customer not found")
    return CustomerOut.from_row(customer)
