"""Names of the injected dependencies, declared once so handlers read plainly."""

from typing import TypeAlias

import asyncpg
from arq.connections import ArqRedis
from litestar.di import NamedDependency

from backend.i18n import Lang
from backend.settings import Settings
from backend.storage import ObjectStorage

Db: TypeAlias = NamedDependency[asyncpg.Pool]
Redis: TypeAlias = NamedDependency[ArqRedis]
AppSettings: TypeAlias = NamedDependency[Settings]
Storage: TypeAlias = NamedDependency[ObjectStorage]
# The reader's language (Accept-Language, which the PWA sets to the person's choice): backend/i18n.py.
Language: TypeAlias = NamedDependency[Lang]
