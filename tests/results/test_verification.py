"""Signed e-results: pyhanko validates them, and the public verification API tells copies apart."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from backend.dossiers import service as dossiers
from backend.errors import Problem
from backend.results import service as results
from backend.results import signing
from backend.results.pdf import ReceiptData, ResultData, receipt_pdf, result_pdf
from backend.settings import Settings
from backend.storage import storage_for
from tests.support import Issued, flip_a_content_byte

PROBLEM = "application/problem+json"


async def _check(client: AsyncTestClient, code: str, data: bytes):
    return await client.post(f"/api/verify/{code}", content=data, headers={"Content-Type": "application/pdf"})


def _pyhanko_status(pdf: bytes, roots):
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    return validate_pdf_signature(signature, signer_validation_context=context)


async def test_a_signed_result_validates_with_pyhanko(issued: Issued, settings: Settings) -> None:
    assert hashlib.sha256(issued.pdf).hexdigest() == issued.result.sha256
    roots = signing.trust_roots(settings)
    status = await asyncio.to_thread(_pyhanko_status, issued.pdf, roots)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "Một Cửa" in signing.subject_of(status.signing_cert)
    text = PdfReader(io.BytesIO(issued.pdf)).pages[0].extract_text()
    assert "TRÍCH LỤC KHAI SINH" in text and f"Mã hồ sơ: {issued.dossier_code}" in text
    assert f"/#/xac-minh/{issued.result.verification_code}" in text
    assert issued.result.verification_url == f"{settings.public_url}/#/xac-minh/{issued.result.verification_code}"


async def test_the_public_facts_of_an_issued_result(client: AsyncTestClient, issued: Issued) -> None:
    response = await client.get(f"/api/verify/{issued.result.verification_code.lower()}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dossier_code"] == issued.dossier_code
    assert body["procedure_name"] and body["agency_name"]
    assert body["title"] == "Trích lục khai sinh"
    assert body["sha256"] == issued.result.sha256
    assert dt.datetime.fromisoformat(body["issued_at"])
    assert "Nguyễn Thị Lan" not in response.text and "Nguyễn Minh An" not in response.text

    unknown = await client.get("/api/verify/AAAAAAAAAAAAAAAA")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith(PROBLEM)
    assert unknown.json()["code"] == "result_not_found"


async def test_the_issued_file_is_authentic_and_unchanged(client: AsyncTestClient, issued: Issued) -> None:
    response = await _check(client, issued.result.verification_code, issued.pdf)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["authentic"] is True and body["unchanged"] is True and body["status"] == "authentic"
    assert "xác thực, chưa bị chỉnh sửa" in body["detail"]


async def test_one_changed_byte_is_reported_altered(client: AsyncTestClient, issued: Issued) -> None:
    response = await _check(client, issued.result.verification_code, flip_a_content_byte(issued.pdf))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["authentic"] is True and body["unchanged"] is False and body["status"] == "altered"
    assert "đã bị chỉnh sửa" in body["detail"]


def _append_incremental_update(pdf: bytes) -> bytes:
    """What an editor does when it 'saves' a signed PDF: a new revision appended after the signature."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.set_info(generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("Bản đã sửa")}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_an_appended_revision_is_reported_altered(client: AsyncTestClient, issued: Issued) -> None:
    extended = _append_incremental_update(issued.pdf)
    assert extended.startswith(issued.pdf) and len(extended) > len(issued.pdf)
    response = await _check(client, issued.result.verification_code, extended)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["authentic"] is True and body["unchanged"] is False and body["status"] == "altered"


async def test_a_document_signed_by_another_key_is_not_authentic(
    client: AsyncTestClient, issued: Issued, tmp_path: Path
) -> None:
    cert, key, _root = signing.ensure_demo_certificates(tmp_path / "forger", common_name="Cơ quan ký số Một Cửa (DEMO)")
    forged = result_pdf(
        ResultData(
            agency_name="UBND phường Nha Trang", dossier_code=issued.dossier_code, title="Trích lục khai sinh",
            lines=["Họ, chữ đệm, tên: Nguyễn Minh An"], issued_at=dt.datetime.now(dt.timezone.utc),
            verification_url=issued.result.verification_url, verification_code=issued.result.verification_code,
        )
    )
    signed = await asyncio.to_thread(
        signing.AgencySigner.from_paths(cert, key).sign, forged, reason="Giả mạo", location="Nơi khác"
    )
    response = await _check(client, issued.result.verification_code, signed)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["authentic"] is False and body["unchanged"] is False and body["status"] == "foreign"
    assert "Không phải văn bản do cơ quan cấp" in body["detail"]


async def test_another_genuine_result_is_named_as_another_document(
    client: AsyncTestClient, issued: Issued, db: asyncpg.Pool, settings: Settings
) -> None:
    row = await dossiers.load(db, issued.dossier_id)
    other = await results.issue_result(
        db, storage_for(settings), settings, row, title="Bản sao trích lục", body=["Bản sao"], issued_by=None
    )
    copy = await storage_for(settings).get(other.storage_key)
    body = (await _check(client, issued.result.verification_code, copy)).json()
    assert body["authentic"] is True and body["status"] == "other_document"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_upload"),
        (b"hello, this is not a PDF", "not_a_pdf"),
        (b"%PDF-1.7\n%broken beyond repair\n", "not_a_pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_a_pdf"),
        (None, "no_signature"),  # a real PDF, but unsigned
    ],
)
async def test_junk_uploads_get_a_vietnamese_problem(
    client: AsyncTestClient, issued: Issued, data: bytes | None, code: str
) -> None:
    if data is None:
        data = receipt_pdf(
            ReceiptData(
                agency_name="UBND phường Nha Trang", dossier_code=issued.dossier_code, applicant_name="Nguyễn Văn A",
                procedure_name="Đăng ký khai sinh", received_at=dt.datetime.now(dt.timezone.utc), officer_name="Cán bộ",
            )
        )
    response = await _check(client, issued.result.verification_code, data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["code"] == code and problem["title"] == "Không kiểm tra được tệp" and problem["detail"]


async def test_checking_against_an_unknown_code_is_not_found(client: AsyncTestClient, issued: Issued) -> None:
    response = await _check(client, "AAAAAAAAAAAAAAAA", issued.pdf)
    assert response.status_code == 404 and response.json()["code"] == "result_not_found"


def test_demo_certificates_are_made_once(tmp_path: Path) -> None:
    first = signing.ensure_demo_certificates(tmp_path / "signing")
    contents = [p.read_bytes() for p in first]
    again = signing.ensure_demo_certificates(tmp_path / "signing")
    assert again == first and [p.read_bytes() for p in again] == contents
    assert (first[1].stat().st_mode & 0o777) == 0o600


def test_signing_material_can_come_from_environment_values(tmp_path: Path, settings: Settings) -> None:
    cert, key, root = signing.ensure_demo_certificates(tmp_path / "env")
    one_line = lambda path: path.read_text().replace("\n", "\\n")  # noqa: E731 - as an .env file holds it
    configured = Settings.from_env({
        "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url,
        "SIGNING_CERT_PEM": one_line(cert), "SIGNING_KEY_PEM": one_line(key), "SIGNING_ROOT_CERT_PEM": one_line(root),
    })
    signer = signing.AgencySigner.from_settings(configured)
    signed = signer.sign(receipt_pdf(ReceiptData(
        agency_name="UBND", dossier_code="X", applicant_name="A", procedure_name="P",
        received_at=dt.datetime.now(dt.timezone.utc), officer_name="B",
    )), reason="Thử", location="Khánh Hòa")
    verdict = signing.validate(signed, signing.trust_roots(configured))
    assert verdict.authentic and verdict.intact and verdict.signed_at is not None
    assert not signing.validate(signed, signing.trust_roots(settings)).authentic


def test_production_refuses_to_sign_without_a_certificate(settings: Settings) -> None:
    production = Settings.from_env({
        "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url,
        "ENVIRONMENT": "production", "SECRET_KEY": "x" * 32,
    })
    with pytest.raises(signing.SigningNotConfigured):
        signing.AgencySigner.from_settings(production)


async def test_verification_without_a_configured_root_is_unavailable_not_an_error(
    settings: Settings, db: asyncpg.Pool, issued: Issued
) -> None:
    production = Settings.from_env({
        "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url,
        "ENVIRONMENT": "production", "SECRET_KEY": "x" * 32,
    })
    with pytest.raises(Problem) as raised:
        await results.verify_upload(db, production, issued.pdf)
    assert raised.value.status == 503 and raised.value.code == "verification_unavailable"
