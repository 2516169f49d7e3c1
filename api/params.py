"""Query parameter types shared by list endpoints."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from tenants.pagination import MAX_LIMIT

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Page size (max {MAX_LIMIT})")]
