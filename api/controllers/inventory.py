"""Stock per store, movement history, adjustments and transfers between stores."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep
from api.params import Cursor, IfMatch, Limit, with_etag
from api.security import PERMISSION, parse_if_match
from domain.catalog import inventory, transfers
from domain.catalog.schemas import (
    Adjustment,
    AdjustmentCreate,
    Movement,
    MovementFilters,
    MovementKind,
    StockFilters,
    StockItem,
    Transfer,
    TransferCreate,
    TransferFilters,
)
from domain.catalog.states import TransferAction, TransferStatus
from tenants.pagination import DEFAULT_LIMIT, Page


class InventoryController(Controller):
    path = "/api/v1/inventory"
    tags = ["Inventory"]

    @get(
        "/",
        operation_id="ListStock",
        opt={PERMISSION: "inventory:read"},
        summary="Stock per store and product (low_stock: available at or below the threshold)",
    )
    async def list_stock(
        self,
        ctx: CtxDep,
        store_id: FromQuery[uuid.UUID | None] = None,
        product_id: FromQuery[uuid.UUID | None] = None,
        low_stock: FromQuery[bool] = False,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[StockItem]:
        filters = StockFilters(store_id=store_id, product_id=product_id, low_stock=low_stock)
        return await inventory.list_stock(ctx, filters, limit, cursor)

    @get(
        "/movements",
        operation_id="ListStockMovements",
        opt={PERMISSION: "inventory:read"},
        summary="Stock movement history, newest first",
    )
    async def list_movements(
        self,
        ctx: CtxDep,
        store_id: FromQuery[uuid.UUID | None] = None,
        product_id: FromQuery[uuid.UUID | None] = None,
        kind: FromQuery[MovementKind | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Movement]:
        filters = MovementFilters(store_id=store_id, product_id=product_id, kind=kind)
        return await inventory.list_movements(ctx, filters, limit, cursor)

    @post(
        "/adjustments",
        operation_id="AdjustStock",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "inventory:adjust"},
        summary="Receive stock or correct it with a reason (409 insufficient_stock below the available units)",
    )
    async def adjust_stock(self, ctx: CtxDep, data: JSONBody[AdjustmentCreate]) -> Adjustment:
        return await inventory.adjust(ctx, data)


class TransferController(Controller):
    path = "/api/v1/transfers"
    tags = ["Inventory"]

    @get("/", operation_id="ListTransfers", opt={PERMISSION: "inventory:read"}, summary="Transfers, newest first")
    async def list_transfers(
        self,
        ctx: CtxDep,
        status: FromQuery[TransferStatus | None] = None,
        store_id: FromQuery[uuid.UUID | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Transfer]:
        return await transfers.list_transfers(ctx, TransferFilters(status=status, store_id=store_id), limit, cursor)

    @post(
        "/",
        operation_id="CreateTransfer",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "inventory:transfer"},
        summary="Request a transfer of stock between two stores",
    )
    async def create_transfer(self, ctx: CtxDep, data: JSONBody[TransferCreate]) -> Response[Transfer]:
        return with_etag(await transfers.create_transfer(ctx, data), HTTP_201_CREATED)

    @get("/{transfer_id:uuid}", operation_id="GetTransfer", opt={PERMISSION: "inventory:read"})
    async def get_transfer(self, ctx: CtxDep, transfer_id: FromPath[uuid.UUID]) -> Response[Transfer]:
        return with_etag(await transfers.get_transfer(ctx, transfer_id))

    @post(
        "/{transfer_id:uuid}/ship",
        operation_id="ShipTransfer",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "inventory:transfer"},
        summary="Ship from the source store (stock leaves it; 409 insufficient_stock)",
    )
    async def ship_transfer(
        self, ctx: CtxDep, transfer_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Transfer]:
        return with_etag(await transfers.act(ctx, transfer_id, TransferAction.SHIP, parse_if_match(if_match)))

    @post(
        "/{transfer_id:uuid}/receive",
        operation_id="ReceiveTransfer",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "inventory:transfer"},
        summary="Receive at the destination store (stock arrives there)",
    )
    async def receive_transfer(
        self, ctx: CtxDep, transfer_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Transfer]:
        return with_etag(await transfers.act(ctx, transfer_id, TransferAction.RECEIVE, parse_if_match(if_match)))

    @post(
        "/{transfer_id:uuid}/cancel",
        operation_id="CancelTransfer",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "inventory:transfer"},
        summary="Cancel a transfer that has not shipped yet",
    )
    async def cancel_transfer(
        self, ctx: CtxDep, transfer_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Transfer]:
        return with_etag(await transfers.act(ctx, transfer_id, TransferAction.CANCEL, parse_if_match(if_match)))
