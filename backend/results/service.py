"""E-results and receipts: render, sign, store, record, and vouch for them on the public verification page.

The back office (backend/processing) calls `issue_result` when the specialist issues the result and
`store_receipt` when a dossier is received; the dossier views call `result_for_dossier`, and the
downloads `result_file` / `receipt_file`. The verification routes call `issued_document` and `check_copy`.
This domain knows dossiers only as the rows it is handed: it renders and vouches, it moves nothing.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from backend.errors import Problem
from backend.i18n import DEFAULT_LANG, Lang, Text
from backend.ids import new_id
from backend.clock import VIETNAM
from backend.results import pdf as documents
from backend.results import queries, signing
from backend.results.schemas import IssuedDocument, VerificationReport
from backend.settings import Settings
from backend.storage import ObjectStorage

Conn = asyncpg.Connection | asyncpg.Pool

# Largest PDF the verification page accepts (an e-result is well under 1 MB).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class IssuedResult:
    id: UUID
    verification_code: str
    sha256: str
    storage_key: str = ""
    verification_url: str = ""


def new_verification_code() -> str:
    """80 random bits as 16 base32 characters (A–Z, 2–7): unguessable, short in a URL and a QR code."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def normalise_code(code: str) -> str:
    return code.strip().upper()


def verification_url(settings: Settings, code: str) -> str:
    return f"{settings.public_url.rstrip('/')}/#/xac-minh/{code}"


def _signing_unavailable() -> Problem:
    return Problem(
        503, "signing_unavailable", Text("Chưa ký số được", "Cannot sign yet"),
        Text(
            "Hệ thống chưa được cấu hình chứng thư số của cơ quan nên chưa ký được kết quả. Hãy báo quản trị viên.",
            "The agency's signing certificate is not configured, so the result cannot be signed. Tell the administrator.",
        ),
    )


def _render_and_sign(settings: Settings, data: documents.ResultData) -> tuple[bytes, str]:
    try:
        signer = signing.AgencySigner.from_settings(settings)
    except signing.SigningNotConfigured as exc:
        raise _signing_unavailable() from exc
    unsigned = documents.result_pdf(data)
    signed = signer.sign(unsigned, reason=f"Cấp kết quả hồ sơ {data.dossier_code}", location=settings.signing_location)
    return signed, signer.subject


async def issue_result(
    conn: Conn,
    storage: ObjectStorage,
    settings: Settings,
    dossier_row: Any,
    *,
    title: str,
    body: Sequence[str],
    issued_by: Any,
) -> IssuedResult:
    """Render the e-result of `dossier_row` (a backend.dossiers.queries row), sign it, store it, record it.

    `issued_by` is the staff Principal (or its id) who approved it. The file is stored before the row is
    written, so a row never points at a missing file; run inside the caller's transaction.
    """
    result_id = new_id()
    code = new_verification_code()
    url = verification_url(settings, code)
    now = dt.datetime.now(dt.timezone.utc)
    data = documents.ResultData(
        agency_name=dossier_row["agency_name"],
        dossier_code=dossier_row["code"],
        title=title,
        lines=list(body),
        issued_at=now,
        verification_url=url,
        verification_code=code,
    )
    signed, subject = await asyncio.to_thread(_render_and_sign, settings, data)
    digest = hashlib.sha256(signed).hexdigest()
    key = f"results/{dossier_row['id']}/{result_id}.pdf"
    await storage.put(key, signed, content_type="application/pdf")
    staff_id = getattr(issued_by, "id", issued_by)
    await queries.insert_result(conn, (result_id, dossier_row["id"], code, title, key, digest, now, subject, staff_id))
    return IssuedResult(id=result_id, verification_code=code, sha256=digest, storage_key=key, verification_url=url)


async def result_for_dossier(conn: Conn, dossier_id: UUID) -> asyncpg.Record | None:
    """The latest result issued for the dossier, with dossier code, procedure and agency names."""
    return await queries.latest_result(conn, dossier_id)


async def result_by_code(conn: Conn, verification_code: str) -> asyncpg.Record | None:
    return await queries.result_by_code(conn, normalise_code(verification_code))


def _unknown_code() -> Problem:
    return Problem(
        404, "result_not_found", Text("Không tìm thấy văn bản", "Document not found"),
        Text(
            "Không có văn bản nào mang mã xác minh này. Hãy kiểm tra lại mã hoặc quét lại mã QR trên văn bản.",
            "No document has this verification code. Check the code, or scan the QR code on the document again.",
        ),
    )


async def issued_document(conn: Conn, verification_code: str) -> IssuedDocument:
    """The facts printed on an issued e-result (no personal data), or 404."""
    row = await result_by_code(conn, verification_code)
    if row is None:
        raise _unknown_code()
    return IssuedDocument(
        verification_code=row["verification_code"], dossier_code=row["dossier_code"],
        procedure_name=row["procedure_name"], procedure_name_en=row["procedure_name_en"],
        agency_name=row["agency_name"], agency_name_en=row["agency_name_en"], title=row["title"],
        issued_at=row["signed_at"], sha256=row["sha256"], signer=row["signer_subject"],
    )


async def check_copy(
    conn: Conn, settings: Settings, verification_code: str, pdf_bytes: bytes, lang: Lang
) -> VerificationReport:
    """The public page's check of a copy against the document issued under `verification_code`."""
    if await result_by_code(conn, verification_code) is None:
        raise _unknown_code()
    return await verify_upload(conn, settings, pdf_bytes, expected_code=verification_code, lang=lang)


async def result_file(conn: Conn, storage: ObjectStorage, dossier_row: Any) -> tuple[bytes, str]:
    """The signed PDF exactly as issued, and its file name; 404 while the dossier has none."""
    result = await result_for_dossier(conn, dossier_row["id"])
    if result is None:
        raise Problem(
            404, "result_not_found", Text("Chưa có kết quả", "No result yet"),
            Text("Hồ sơ này chưa có kết quả điện tử.", "This dossier has no electronic result yet."),
        )
    return await storage.get(result["storage_key"]), f"{dossier_row['code']}-ket-qua.pdf"


# The receipt-and-appointment form (phiếu tiếp nhận và hẹn trả kết quả)


def _address(place: dict) -> str | None:
    return ", ".join(str(place[k]) for k in ("street",) if place.get(k)) or None


def receipt_data(row: Any, received_at: dt.datetime, due: dt.date, officer_name: str) -> documents.ReceiptData:
    """What the form prints, from a dossier row (backend.dossiers.queries) received at `received_at`."""
    applicant = row["applicant"] or {}
    delivery = row["delivery"] or {}
    fee = (row["fee_quote"] or {}).get("total") or 0
    received = [
        documents.ReceivedDocument(name=d["name"], copies=d.get("copies", 1), kind="Bản điện tử")
        for d in row["procedure_documents"]
        if d.get("required", True)
    ]
    return documents.ReceiptData(
        agency_name=row["agency_name"], dossier_code=row["code"], applicant_name=applicant.get("full_name") or "",
        procedure_name=row["procedure_name"], received_at=received_at, officer_name=officer_name,
        documents=received, applicant_phone=applicant.get("phone"), applicant_address=_address(applicant),
        due_date=due, working_days=row["working_days"],
        return_method="post" if delivery.get("method") == "post" else "counter",
        delivery_address=_address(delivery) if delivery.get("method") == "post" else None,
        fee=fee, fee_mode="at_result" if fee else "free",
    )


async def store_receipt(
    storage: ObjectStorage, row: Any, received_at: dt.datetime, due: dt.date, officer_name: str
) -> str:
    """Render and store the receipt of a dossier being received; its storage key."""
    pdf = await asyncio.to_thread(documents.receipt_pdf, receipt_data(row, received_at, due, officer_name))
    key = f"receipts/{row['id']}/{received_at.astimezone(VIETNAM):%Y%m%dT%H%M%S}.pdf"
    await storage.put(key, pdf, content_type="application/pdf")
    return key


async def receipt_file(storage: ObjectStorage, dossier_row: Any) -> tuple[bytes, str]:
    if not dossier_row["receipt_key"]:
        raise Problem(
            404, "receipt_not_found", Text("Chưa có phiếu tiếp nhận", "No receipt yet"),
            Text(
                "Hồ sơ chưa được tiếp nhận nên chưa có phiếu hẹn trả.",
                "The dossier has not been received yet, so there is no appointment slip.",
            ),
        )
    return await storage.get(dossier_row["receipt_key"]), f"{dossier_row['code']}-phieu-tiep-nhan.pdf"


def _junk(code: str, detail: Text) -> Problem:
    return Problem(422, code, Text("Không kiểm tra được tệp", "The file cannot be checked"), detail)


def pdf_too_large() -> Problem:
    return Problem(
        413, "pdf_too_large", Text("Tệp quá lớn", "The file is too large"),
        Text("Tệp PDF cần kiểm tra không được lớn hơn 10 MB.", "The PDF to check may be at most 10 MB."),
    )


async def verify_upload(
    conn: Conn, settings: Settings, pdf_bytes: bytes, *, expected_code: str | None = None, lang: Lang = DEFAULT_LANG
) -> VerificationReport:
    """Is this PDF a document the agency issued, unchanged?

    Authentic: the signature's certificate chains to the configured trust root. Unchanged: the signature
    is intact and covers the whole file (nothing appended after signing) and the file is byte for byte
    one the agency issued (found by its SHA-256). With `expected_code`, an authentic document issued
    under another code is reported as `other_document`. Junk (empty, not a PDF, unreadable, unsigned)
    raises a 422 Problem. The report's sentence is in `lang`.
    """
    if not pdf_bytes:
        raise _junk(
            "empty_upload",
            Text(
                "Chưa có tệp nào được gửi lên. Hãy chọn tệp PDF văn bản cần kiểm tra.",
                "No file was sent. Choose the PDF document to check.",
            ),
        )
    if len(pdf_bytes) > MAX_UPLOAD_BYTES:
        raise pdf_too_large()
    try:
        roots = await asyncio.to_thread(signing.trust_roots, settings)
    except signing.SigningNotConfigured as exc:
        raise Problem(
            503, "verification_unavailable", Text("Chưa kiểm tra được", "Cannot check yet"),
            Text(
                "Hệ thống chưa được cấu hình chứng thư gốc để kiểm tra văn bản. Hãy thử lại sau.",
                "The root certificate to check documents is not configured yet. Please try again later.",
            ),
        ) from exc
    try:
        verdict = await asyncio.to_thread(signing.validate, pdf_bytes, roots)
    except signing.UnreadablePdf as exc:
        raise _junk(
            "not_a_pdf",
            Text(
                "Tệp gửi lên không phải tệp PDF đọc được. Hãy chọn đúng tệp PDF văn bản mà cơ quan đã cấp.",
                "The file sent is not a readable PDF. Choose the PDF document the agency issued.",
            ),
        ) from exc
    except signing.NoSignature as exc:
        raise _junk(
            "no_signature",
            Text(
                "Tệp PDF này không có chữ ký số nên không phải văn bản điện tử do cơ quan cấp. "
                "Hãy chọn đúng tệp đã tải về từ ứng dụng.",
                "This PDF has no digital signature, so it is not an electronic document the agency issued. "
                "Choose the file downloaded from the app.",
            ),
        ) from exc
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    issued_code = await queries.result_code_by_sha256(conn, digest)
    common = {"signer": verdict.signer, "signed_at": verdict.signed_at}
    why = verdict.detail
    if not verdict.authentic:
        detail = Text(f"Không phải văn bản do cơ quan cấp: {why.vi}", f"Not a document the agency issued: {why.en}")
        return VerificationReport(authentic=False, unchanged=False, status="foreign", detail=detail[lang], **common)
    if not verdict.intact:
        detail = Text(f"Văn bản đã bị chỉnh sửa. {why.vi}", f"The document was changed. {why.en}")
        return VerificationReport(authentic=True, unchanged=False, status="altered", detail=detail[lang], **common)
    if issued_code is None:
        detail = Text(
            "Văn bản đã bị chỉnh sửa: chữ ký số của cơ quan hợp lệ nhưng tệp không trùng với văn bản đã cấp.",
            "The document was changed: the agency's digital signature is valid but the file is not the one issued.",
        )
        return VerificationReport(authentic=True, unchanged=False, status="altered", detail=detail[lang], **common)
    if expected_code is not None and issued_code != normalise_code(expected_code):
        detail = Text(
            f"Đây là văn bản xác thực của cơ quan nhưng là văn bản khác (mã xác minh {issued_code}), "
            "không phải văn bản của mã đang kiểm tra.",
            f"This is an authentic document of the agency, but another one (verification code {issued_code}), "
            "not the document of the code being checked.",
        )
        return VerificationReport(authentic=True, unchanged=True, status="other_document", detail=detail[lang], **common)
    detail = Text(
        "Văn bản xác thực, chưa bị chỉnh sửa: đúng văn bản cơ quan đã cấp, chữ ký số hợp lệ.",
        "Authentic and unchanged: the very document the agency issued, with a valid digital signature.",
    )
    return VerificationReport(authentic=True, unchanged=True, status="authentic", detail=detail[lang], **common)
