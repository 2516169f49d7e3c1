"""Who on the staff may act on a store, in one query: notification recipients, assignees.

The rule is the one a signed-in user gets (tenants.auth.load_user_principal, then
`Principal.can` and `Principal.covers_store`): an active user whose role has the permission and
whose scope covers the store. Scope: `all` covers every store; `own` with no stores listed
covers every store; otherwise the listed stores, plus for `region` the stores of its regions.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, any_, exists, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.models import Role, Store, User
from tenants.scoping import of_tenant


class StaffMember(NamedTuple):
    user_id: uuid.UUID
    locale: str


def _chain_wide() -> ColumnElement[bool]:
    """Users whose scope is every store (their principal's `store_ids` is None)."""
    no_stores = func.coalesce(func.cardinality(User.scope_store_ids), 0) == 0
    return or_(User.scope_kind == "all", and_(User.scope_kind == "own", no_stores))


def _covers(tenant_id: uuid.UUID, store_id: uuid.UUID) -> ColumnElement[bool]:
    """Users whose scope lists the store, directly or (region scope) through its region."""
    in_region = exists().where(
        of_tenant(tenant_id, Store),
        Store.id == store_id,
        Store.region_id == any_(User.scope_region_ids),
    )
    return or_(
        literal(store_id) == any_(User.scope_store_ids),
        and_(User.scope_kind == "region", in_region),
    )


async def users_who_can(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    permission: str | None,
    store_id: uuid.UUID | None,
    *,
    chain_wide: bool = True,
    only: Collection[uuid.UUID] | None = None,
    where: ColumnElement[bool] | None = None,
) -> list[StaffMember]:
    """Active users whose role has `permission` (None: any) and whose scope covers `store_id`
    (None: no store to cover), in id order. `chain_wide=False` leaves out users whose scope is
    the whole chain (a store's own managers); `only` narrows to these users; `where` adds a
    condition on User/Role (e.g. the role key)."""
    query = (
        select(User.id, User.locale)
        .join(Role, (Role.tenant_id == User.tenant_id) & (Role.id == User.role_id))
        .where(of_tenant(tenant_id, User), User.status == "active")
        .order_by(User.id)
    )
    if permission is not None:
        query = query.where(literal(permission) == any_(Role.permissions))
    wide = _chain_wide() if chain_wide else false()
    if store_id is not None:
        query = query.where(or_(wide, _covers(tenant_id, store_id)))
    elif not chain_wide:
        query = query.where(~_chain_wide())
    if only is not None:
        query = query.where(User.id.in_(list(only)) if only else false())
    if where is not None:
        query = query.where(where)
    return [StaffMember(user_id, locale) for user_id, locale in (await session.execute(query)).all()]


async def can(
    session: AsyncSession, tenant_id: uuid.UUID, user_id: uuid.UUID, permission: str, store_id: uuid.UUID | None
) -> bool:
    """Whether one user passes `users_who_can` (an assignee check)."""
    return bool(await users_who_can(session, tenant_id, permission, store_id, only=[user_id]))
