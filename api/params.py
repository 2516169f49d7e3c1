"""Parameter types and response helpers shared by controllers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Protocol, TypeVar

from litestar import Response
from litestar.params import HeaderParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from api.security import IF_MATCH_FORM
from tenants.pagination import MAX_LIMIT

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Page size (max {MAX_LIMIT})")]
# The `next_cursor` of the page before, sent back unchanged: signed for its list, sort and filters
# (tenants.pagination), so any other text is a 422 `cursor`.
Cursor = Annotated[
    str | None,
    QueryParameter(
        description="The `next_cursor` of the previous page, unchanged (valid only for the same list, sort "
        "and filters); none or empty for the first page",
        schema_extra={"pattern": r"^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?$"},  # empty: the first page
    ),
]
IfMatch = Annotated[str | None, HeaderParameter(name="If-Match", schema_extra={"pattern": IF_MATCH_FORM})]
# A moment in a filter: RFC 3339 with its offset (Litestar drops msgspec's `tz` constraint on query
# parameters and converts leniently, so the input gate, api/input.py, checks the written form;
# bodies use tenants.schemas.Instant).
Moment = Annotated[
    datetime | None, QueryParameter(description="RFC 3339 date-time with an offset, e.g. 2026-03-01T00:00:00+08:00")
]


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def with_etag(resource: V, status_code: int = HTTP_200_OK) -> Response[V]:
    """The resource with its version as ETag (what a later PATCH sends back in If-Match)."""
    return Response(resource, status_code=status_code, headers={"ETag": f'"{resource.version}"'})


CUSTOM_FILTER_PREFIX = "cf."
CUSTOM_FILTERS_DOC = (
    "\n\nCustom fields: `?cf.<key>=<value>` filters by a filterable custom field (GET /custom-fields), "
    "e.g. `?cf.member_tier=gold&cf.opened_on=2026-03-01`: text matches whole (case aside), numbers and "
    "decimals by value, dates as YYYY-MM-DD, booleans as true/false, a multiselect holds the value; "
    "filters are AND-ed. An unknown, archived or non-filterable key, or a value its type cannot take, "
    "is a 422 naming `cf.<key>`; a field made filterable lately is a 409 `custom_field_filter_preparing` "
    "until its records' terms are written (its `filter_state` is `preparing`, then `ready`)."
)


def custom_filters(query: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The `cf.<key>` query parameters (OpenAPI cannot declare names made of data, so the handler
    reads them from the request; api/input.py leaves names it does not know alone)."""
    found: dict[str, list[str]] = {}
    for name, value in query:
        if name.startswith(CUSTOM_FILTER_PREFIX):
            found.setdefault(name[len(CUSTOM_FILTER_PREFIX) :], []).append(value)
    return found
