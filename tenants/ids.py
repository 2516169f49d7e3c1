"""UUIDv7 identifiers: time-ordered, so new rows land at the right edge of every btree."""

from __future__ import annotations

import os
import time
import uuid

from sqlalchemy import ColumnElement, Uuid, literal_column


def uuid7() -> uuid.UUID:
    """Return a RFC 9562 version 7 UUID (48-bit millisecond time, 74 random bits)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & 0x3FFF_FFFF_FFFF_FFFF  # rand_b (62 bits)
    return uuid.UUID(int=value)


def sql_uuid7() -> ColumnElement[uuid.UUID]:
    """uuid7 computed by PostgreSQL (millisecond time in the first 48 bits, version 7, variant
    10), for statements that write many rows at once (a segment rebuild logging a million joins)."""
    return literal_column(
        "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing "
        "substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) "
        "from 1 for 6), 52, 1), 53, 1), 'hex')::uuid",
        Uuid,
    )
