"""Public verification of issued e-results: what the QR code printed on each result opens.

Anyone may call these (no sign-in): the verification code is unguessable, and the answer shows only
what the document itself prints in its heading (no applicant name or other personal data).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import HTTPException
from litestar.params import FromPath

from backend.deps import AppSettings, Db
from backend.errors import Problem
from backend.processing import results


class IssuedDocument(msgspec.Struct):
    """The facts of an issued e-result, as printed on it."""

    verification_code: str
    dossier_code: str
    procedure_name: str
    agency_name: str
    title: str
    issued_at: dt.datetime
    # Hex SHA-256 of the signed PDF as issued: a copy with the same hash is that very file.
    sha256: str
    signer: str


class VerificationOut(msgspec.Struct):
    authentic: bool
    unchanged: bool
    status: Literal["authentic", "altered", "foreign", "other_document"]
    detail: str
    signer: str | None = None
    signed_at: dt.datetime | None = None


def _unknown_code() -> Problem:
    return Problem(
        404, "result_not_found", "Không tìm thấy văn bản",
        "Không có văn bản nào mang mã xác minh này. Hãy kiểm tra lại mã hoặc quét lại mã QR trên văn bản.",
    )


class VerificationController(Controller):
    path = "/api/verify"
    tags = ["verification"]

    @get("/{verification_code:str}", summary="The facts of an issued e-result (public)")
    async def issued(self, db: Db, verification_code: FromPath[str]) -> IssuedDocument:
        row = await results.result_by_code(db, verification_code)
        if row is None:
            raise _unknown_code()
        return IssuedDocument(
            verification_code=row["verification_code"],
            dossier_code=row["dossier_code"],
            procedure_name=row["procedure_name"],
            agency_name=row["agency_name"],
            title=row["title"],
            issued_at=row["signed_at"],
            sha256=row["sha256"],
            signer=row["signer_subject"],
        )

    @post(
        "/{verification_code:str}",
        summary="Check a PDF copy (the raw bytes, at most 10 MB): authentic and unchanged? (public)",
        request_max_body_size=results.MAX_UPLOAD_BYTES + 64 * 1024,
        status_code=200,
    )
    async def check(self, request: Request, db: Db, settings: AppSettings, verification_code: FromPath[str]) -> VerificationOut:
        if await results.result_by_code(db, verification_code) is None:
            raise _unknown_code()
        try:
            body = await request.body()
        except HTTPException as exc:
            if exc.status_code == 413:
                raise Problem(413, "pdf_too_large", "Tệp quá lớn", "Tệp PDF cần kiểm tra không được lớn hơn 10 MB.") from exc
            raise
        report = await results.verify_upload(db, settings, body, expected_code=verification_code)
        return VerificationOut(
            authentic=report.authentic,
            unchanged=report.unchanged,
            status=report.status,
            detail=report.detail,
            signer=report.signer,
            signed_at=report.signed_at,
        )
