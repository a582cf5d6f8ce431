"""Names of the injected dependencies, declared once so handlers read plainly."""

from typing import TypeAlias

import asyncpg
from arq.connections import ArqRedis
from litestar.di import NamedDependency

from backend.settings import Settings
from backend.storage import ObjectStorage

Db: TypeAlias = NamedDependency[asyncpg.Pool]
Redis: TypeAlias = NamedDependency[ArqRedis]
AppSettings: TypeAlias = NamedDependency[Settings]
Storage: TypeAlias = NamedDependency[ObjectStorage]
