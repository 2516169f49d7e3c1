"""Product categories and products."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.deps import CtxDep
from api.openapi import PROBLEMS
from api.params import CUSTOM_FILTERS_DOC, Cursor, IfMatch, Limit, custom_filters, with_etag
from api.security import PERMISSION, parse_if_match
from domain.catalog import categories, products
from domain.catalog.schemas import (
    Category,
    CategoryCreate,
    CategoryTree,
    CategoryUpdate,
    Product,
    ProductCreate,
    ProductFilters,
    ProductSort,
    ProductStatus,
    ProductUpdate,
)
from tenants.pagination import DEFAULT_LIMIT, Page


class CategoryController(Controller):
    path = "/api/v1/product-categories"
    tags = ["Catalog"]

    @get("/", operation_id="ListProductCategories", opt={PERMISSION: "products:read"}, summary="The category tree")
    async def list_categories(self, ctx: CtxDep) -> CategoryTree:
        return await categories.category_tree(ctx)

    @post("/", operation_id="CreateProductCategory", status_code=HTTP_201_CREATED, opt={PERMISSION: "products:manage"})
    async def create_category(self, ctx: CtxDep, data: JSONBody[CategoryCreate]) -> Category:
        return await categories.create_category(ctx, data)

    @patch(
        "/{category_id:uuid}",
        operation_id="UpdateProductCategory",
        opt={PERMISSION: "products:manage"},
        summary="Rename a category and/or move it under another parent (null: to the root)",
    )
    async def update_category(
        self, ctx: CtxDep, category_id: FromPath[uuid.UUID], data: JSONBody[CategoryUpdate]
    ) -> Category:
        return await categories.update_category(ctx, category_id, data)

    @delete(
        "/{category_id:uuid}",
        operation_id="DeleteProductCategory",
        status_code=HTTP_204_NO_CONTENT,
        opt={PERMISSION: "products:manage", PROBLEMS: {409}},
        summary="Delete a category that has no products and no subcategories",
    )
    async def delete_category(self, ctx: CtxDep, category_id: FromPath[uuid.UUID]) -> None:
        await categories.delete_category(ctx, category_id)


class ProductController(Controller):
    path = "/api/v1/products"
    tags = ["Catalog"]

    @get(
        "/",
        operation_id="ListProducts",
        opt={PERMISSION: "products:read", PROBLEMS: {409}},
        summary="List and search products (q: Chinese name, pinyin initials, English words, SKU or barcode prefix)",
        description="Filters are AND-ed; `sort` orders the page." + CUSTOM_FILTERS_DOC,
    )
    async def list_products(
        self,
        ctx: CtxDep,
        request: Request[Any, Any, Any],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        category_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[ProductStatus | None] = None,
        sort: FromQuery[ProductSort] = "name_zh",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[Product]:
        custom = custom_filters(request.query_params.multi_items())
        filters = ProductFilters(q=q, category_id=category_id, status=status, sort=sort, custom=custom)
        return await products.list_products(ctx, filters, limit, cursor)

    @post("/", operation_id="CreateProduct", status_code=HTTP_201_CREATED, opt={PERMISSION: "products:manage"})
    async def create_product(self, ctx: CtxDep, data: JSONBody[ProductCreate]) -> Response[Product]:
        return with_etag(await products.create_product(ctx, data), HTTP_201_CREATED)

    @get("/{product_id:uuid}", operation_id="GetProduct", opt={PERMISSION: "products:read"})
    async def get_product(self, ctx: CtxDep, product_id: FromPath[uuid.UUID]) -> Response[Product]:
        return with_etag(await products.get_product(ctx, product_id))

    @patch(
        "/{product_id:uuid}",
        operation_id="UpdateProduct",
        opt={PERMISSION: "products:manage"},
        summary="Change a product; send If-Match with the ETag to avoid lost updates (412 when stale)",
    )
    async def update_product(
        self, ctx: CtxDep, product_id: FromPath[uuid.UUID], data: JSONBody[ProductUpdate], if_match: IfMatch = None
    ) -> Response[Product]:
        return with_etag(await products.update_product(ctx, product_id, data, parse_if_match(if_match)))

    @post(
        "/{product_id:uuid}/archive",
        operation_id="ArchiveProduct",
        status_code=200,
        opt={PERMISSION: "products:manage"},
        summary="Archive a product: it stays in history and stock but can no longer be ordered",
    )
    async def archive_product(
        self, ctx: CtxDep, product_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Product]:
        return with_etag(await products.set_product_status(ctx, product_id, "archived", parse_if_match(if_match)))

    @post(
        "/{product_id:uuid}/restore",
        operation_id="RestoreProduct",
        status_code=200,
        opt={PERMISSION: "products:manage"},
        summary="Make an archived product orderable again",
    )
    async def restore_product(
        self, ctx: CtxDep, product_id: FromPath[uuid.UUID], if_match: IfMatch = None
    ) -> Response[Product]:
        return with_etag(await products.set_product_status(ctx, product_id, "active", parse_if_match(if_match)))
