"""Which records carry custom fields: each owning context registers its table once, next to its
model, so this context never imports theirs (it sits below them) and a new entity is a name in
`schemas.Entity` plus one `register_entity` call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EntityTable:
    model: Any  # the records: tenant_id, id and a `custom` jsonb column
    terms: Any  # their search-term table: tenant_id, term and `owner`
    owner: str  # the term table's column naming the record


_ENTITIES: dict[str, EntityTable] = {}


def register_entity(name: str, model: Any, terms: Any, owner: str) -> None:
    """Declare that `model` rows carry custom fields of entity `name`, found through `terms`."""
    table = EntityTable(model, terms, owner)
    if _ENTITIES.get(name, table) != table:
        raise ValueError(f"{name} already has custom fields")
    _ENTITIES[name] = table


def entity_table(name: str) -> EntityTable:
    return _ENTITIES[name]
