from datetime import datetime
from uuid import UUID

import msgspec


class WalletDocument(msgspec.Struct):
    id: UUID
    document_type: str
    title: str
    source_dossier_code: str | None
    pages: int
    created_at: datetime


class WalletPage(msgspec.Struct):
    items: list[WalletDocument]
