"""Walking a request body's msgspec type: every node with the path that reaches it, once per
struct along a path (types may refer to themselves). The input gate finds the decimals it checks
this way, and the contract the body types that refuse unknown fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

# Where a value sits in a body: field names, with "*" for every item of a list.
Path = tuple[str, ...]


def type_nodes(body_type: Any) -> Iterator[tuple[Path, msgspec.inspect.Type]]:
    yield from _nodes(msgspec.inspect.type_info(body_type), (), frozenset())


def _nodes(
    info: msgspec.inspect.Type, path: Path, seen: frozenset[type]
) -> Iterator[tuple[Path, msgspec.inspect.Type]]:
    yield path, info
    if isinstance(info, msgspec.inspect.Metadata):
        yield from _nodes(info.type, path, seen)
    elif isinstance(info, msgspec.inspect.StructType) and info.cls not in seen:
        for field in info.fields:
            yield from _nodes(field.type, (*path, field.encode_name), seen | {info.cls})
    elif isinstance(info, msgspec.inspect.UnionType):
        for member in info.types:
            yield from _nodes(member, path, seen)
    elif isinstance(info, msgspec.inspect.ListType | msgspec.inspect.VarTupleType | msgspec.inspect.SetType):
        yield from _nodes(info.item_type, (*path, "*"), seen)
