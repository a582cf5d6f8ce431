"""Issued e-results on the wire: what the public verification page shows and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec


class IssuedDocument(msgspec.Struct):
    """The facts of an issued e-result, as printed on it."""

    verification_code: str
    dossier_code: str
    procedure_name: str
    # The names in English; null where nobody translated them.
    procedure_name_en: str | None
    agency_name: str
    agency_name_en: str | None
    title: str
    issued_at: datetime
    # Hex SHA-256 of the signed PDF as issued: a copy with the same hash is that very file.
    sha256: str
    signer: str


class VerificationReport(msgspec.Struct):
    """What the public page says of a PDF copy."""

    # Signed with a certificate that chains to the agency's trust root.
    authentic: bool
    # Signature intact, covering the whole file, and the file is byte for byte the one issued.
    unchanged: bool
    # authentic: genuine and unchanged · altered: ours but modified · foreign: not signed by us ·
    # other_document: genuine and unchanged, but a different document than the code asked about.
    status: Literal["authentic", "altered", "foreign", "other_document"]
    # One sentence for the page, in the reader's language (Accept-Language).
    detail: str
    signer: str | None = None
    signed_at: datetime | None = None
