"""Payments, returns (RMA) and invoices of an order; return lifecycle actions as sub-resources."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.security import PERMISSION
from domain.orders import invoices, payments, returns
from domain.orders.schemas import Payment, PaymentIn, ReasonIn, ReceiveIn, RefundIn, Return, ReturnCreate

PDF = "application/pdf"


class OrderMoneyController(Controller):
    """Sub-resources of an order: its payments, its returns and its invoice."""

    path = "/api/v1/orders"
    tags = ["Orders"]

    @post(
        "/{order_id:uuid}/payments",
        operation_id="RecordPayment",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "payments:record"},
        summary="Record a (partial) payment the POS or provider reported; at most the balance due",
    )
    async def record_payment(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[PaymentIn]) -> Payment:
        return await payments.record_payment(ctx, order_id, data)

    @get(
        "/{order_id:uuid}/payments",
        operation_id="ListOrderPayments",
        opt={PERMISSION: "orders:read"},
        summary="The order's payments and refunds (negative), oldest first",
    )
    async def list_payments(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> list[Payment]:
        return await payments.list_payments(ctx, order_id)

    @post(
        "/{order_id:uuid}/returns",
        operation_id="RequestReturn",
        status_code=HTTP_201_CREATED,
        opt={PERMISSION: "orders:return"},
        summary="Request a return (RMA) of delivered units",
    )
    async def request_return(self, ctx: CtxDep, order_id: FromPath[uuid.UUID], data: JSONBody[ReturnCreate]) -> Return:
        return await returns.request_return(ctx, order_id, data)

    @get(
        "/{order_id:uuid}/returns",
        operation_id="ListOrderReturns",
        opt={PERMISSION: "orders:read"},
        summary="The order's returns, oldest first",
    )
    async def list_returns(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> list[Return]:
        return await returns.list_returns(ctx, order_id)

    @get(
        "/{order_id:uuid}/invoice.pdf",
        operation_id="DownloadOrderInvoice",
        media_type=PDF,
        opt={PERMISSION: "orders:read", PROBLEMS: {409}},  # no invoice for this status yet
        summary="The invoice as PDF; its number is assigned at the first download and kept",
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=bytes, media_type=PDF, generate_examples=False, description="The invoice PDF"
            )
        },
    )
    async def invoice(self, ctx: CtxDep, order_id: FromPath[uuid.UUID]) -> Response[bytes]:
        issued = await invoices.invoice_pdf(ctx, order_id)
        return Response(
            issued.content,
            media_type=PDF,
            headers={"Content-Disposition": f'attachment; filename="{issued.number}.pdf"'},
        )


class ReturnController(Controller):
    path = "/api/v1/returns"
    tags = ["Returns"]

    @get("/{return_id:uuid}", operation_id="GetReturn", opt={PERMISSION: "orders:read"})
    async def get_return(self, ctx: CtxDep, return_id: FromPath[uuid.UUID]) -> Return:
        return await returns.get_return(ctx, return_id)

    @post(
        "/{return_id:uuid}/approve",
        operation_id="ApproveReturn",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:return"},
    )
    async def approve(self, ctx: CtxDep, return_id: FromPath[uuid.UUID]) -> Return:
        return await returns.approve(ctx, return_id)

    @post(
        "/{return_id:uuid}/reject",
        operation_id="RejectReturn",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:return"},
    )
    async def reject(self, ctx: CtxDep, return_id: FromPath[uuid.UUID], data: JSONBody[ReasonIn]) -> Return:
        return await returns.reject(ctx, return_id, data.reason)

    @post(
        "/{return_id:uuid}/receive",
        operation_id="ReceiveReturn",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:return"},
        summary="The goods are back: stock is added to the store (movement kind return)",
    )
    async def receive(self, ctx: CtxDep, return_id: FromPath[uuid.UUID], data: JSONBody[ReceiveIn]) -> Return:
        return await returns.receive(ctx, return_id, data.store_id)

    @post(
        "/{return_id:uuid}/refund",
        operation_id="RefundReturn",
        status_code=HTTP_200_OK,
        opt={PERMISSION: "orders:refund"},
        summary="Refund a received return as a negative payment; never more than was paid",
    )
    async def refund(self, ctx: CtxDep, return_id: FromPath[uuid.UUID], data: JSONBody[RefundIn]) -> Return:
        return await returns.refund(ctx, return_id, data)
