"""Public verification of issued e-results: what the QR code printed on each result opens.

Anyone may call these (no sign-in): the verification code is unguessable, and the answer shows only
what the document itself prints in its heading (no applicant name or other personal data). The
dossier's own downloads are sub-resources of its views (backend/dossiers, backend/processing).
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.params import FromPath

from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Language
from backend.results import service
from backend.results.schemas import IssuedDocument, VerificationReport


class VerificationController(Controller):
    path = "/api/verify"
    tags = ["verification"]

    @get(
        "/{verification_code:str}", summary="The facts of an issued e-result (public)",
        opt={PROBLEMS: {404: ["result_not_found"]}},
    )
    async def issued(self, db: Db, verification_code: FromPath[str]) -> IssuedDocument:
        return await service.issued_document(db, verification_code)

    @post(
        "/{verification_code:str}",
        summary="Check a PDF copy (the raw bytes, at most 10 MB): authentic and unchanged? (public)",
        request_max_body_size=service.MAX_UPLOAD_BYTES + 64 * 1024,
        status_code=200,
        opt={
            RAW_BODY: ["application/pdf"],
            PROBLEMS: {
                404: ["result_not_found"], 413: ["pdf_too_large"], 422: ["empty_upload", "no_signature", "not_a_pdf"],
                503: ["verification_unavailable"],
            },
        },
    )
    async def check(
        self, request: Request, db: Db, lang: Language, settings: AppSettings, verification_code: FromPath[str]
    ) -> VerificationReport:
        try:
            body = await request.body()
        except HTTPException as exc:
            if exc.status_code == 413:
                raise service.pdf_too_large() from exc
            raise
        return await service.check_copy(db, settings, verification_code, body, lang)


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> Response[bytes]:
    """A PDF of ours (e-result, receipt) as a download: private, never cached by a shared cache."""
    disposition = "inline" if inline else "attachment"
    return Response(
        content, media_type="application/pdf",
        headers={"content-disposition": f'{disposition}; filename="{filename}"', "cache-control": "private, no-store"},
    )
