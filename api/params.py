"""Parameter types and response helpers shared by controllers."""

from __future__ import annotations

from typing import Annotated, Protocol, TypeVar

from litestar import Response
from litestar.params import HeaderParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenants.pagination import MAX_LIMIT

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Page size (max {MAX_LIMIT})")]
IfMatch = Annotated[str | None, HeaderParameter(name="If-Match")]


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def with_etag(resource: V, status_code: int = HTTP_200_OK) -> Response[V]:
    """The resource with its version as ETag (what a later PATCH sends back in If-Match)."""
    return Response(resource, status_code=status_code, headers={"ETag": f'"{resource.version}"'})
