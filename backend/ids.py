"""Ids are UUIDv7 inside: time-ordered, so indexes stay compact and rows sort by creation."""

import uuid

from uuid_utils.compat import uuid7


def new_id() -> uuid.UUID:
    return uuid7()
