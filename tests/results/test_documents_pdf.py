"""The receipt and the e-result render Vietnamese correctly and carry the right QR codes (no database)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter

import segno
from pypdf import PdfReader

from backend.clock import VIETNAM
from backend.results.pdf import ReceiptData, ReceivedDocument, ResultData, receipt_pdf, result_pdf

RECEIVED_AT = dt.datetime(2027, 2, 3, 9, 5, tzinfo=VIETNAM)
VERIFY_URL = "https://motcua.example.gov.vn/#/xac-minh/ABCDEFGHJK234567"


def _receipt(**changes) -> ReceiptData:
    values = dict(
        agency_name="UBND phường Nha Trang",
        parent_agency_name="Tỉnh Khánh Hòa",
        place="Nha Trang",
        dossier_code="56001-270203-0007",
        applicant_name="Nguyễn Thị Lan",
        applicant_phone="+84912345678",
        applicant_address="12 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
        procedure_name="Đăng ký khai sinh",
        documents=[
            ReceivedDocument("Tờ khai đăng ký khai sinh", 1, "Bản chính"),
            ReceivedDocument("Giấy chứng sinh", 2, "Bản sao"),
            "Giấy tờ tùy thân của người đi đăng ký",
        ],
        received_at=RECEIVED_AT,
        due_date=dt.date(2027, 2, 22),
        working_days=5,
        return_method="post",
        delivery_address="34 Lê Thánh Tôn, phường Nha Trang, tỉnh Khánh Hòa",
        fee=1_250_000,
        fee_mode="at_result",
        officer_name="Trần Văn Bình",
    )
    return ReceiptData(**(values | changes))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _embedded_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "the TrueType font must be embedded"
            fonts.add(str(font["/BaseFont"]))
    return fonts


def _qr_matrix(pdf: bytes) -> list[list[int]]:
    """Read the vector QR code back from the page: its filled squares, one module high each."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    rects = [
        tuple(float(n) for n in match)
        for match in re.findall(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f", content)
    ]
    unit = Counter(round(abs(h), 2) for _x, _y, _w, h in rects).most_common(1)[0][0]
    modules = [r for r in rects if round(abs(r[3]), 2) == unit]
    left, top = min(r[0] for r in modules), max(r[1] for r in modules)
    cells = set()
    for x, y, w, _h in modules:
        row, first = round((top - y) / unit), round((x - left) / unit)
        cells.update((row, column) for column in range(first, first + round(w / unit)))
    size = max(c for _, c in cells) + 1
    return [[int((row, column) in cells) for column in range(size)] for row in range(size)]


def _segno_matrix(data: str) -> list[list[int]]:
    return [list(row) for row in segno.make(data, error="m", micro=False).matrix]


def test_receipt_has_the_official_form_in_vietnamese() -> None:
    pdf = receipt_pdf(_receipt())
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND PHƯỜNG NHA TRANG",
        "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 56001-270203-0007",
        "Ông/Bà: Nguyễn Thị Lan",
        "Số điện thoại: +84912345678",
        "Địa chỉ: 12 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh Bản sao 02",
        "Giấy tờ tùy thân của người đi đăng ký",
        "Thời gian nhận hồ sơ: 03/02/2027 09:05",
        "(ngày hẹn trả): 22/02/2027",
        "Qua dịch vụ bưu chính công ích, đến địa chỉ: 34 Lê Thánh Tôn",
        "Phí, lệ phí: 1.250.000 ₫ (nộp khi nhận kết quả)",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
    ):
        assert expected in text, expected
    assert "hẹn trả kết quả" in text.lower() and "phiếu tiếp nhận" in text.lower()
    assert any("OpenSans" in font for font in _embedded_fonts(pdf))


def test_receipt_qr_code_carries_the_dossier_code() -> None:
    pdf = receipt_pdf(_receipt(return_method="counter", delivery_address=None, fee=0, fee_mode="exempt"))
    assert _qr_matrix(pdf) == _segno_matrix("56001-270203-0007")
    text = _text(pdf)
    assert "Tại Bộ phận tiếp nhận và trả kết quả" in text
    assert "miễn phí, lệ phí" in text


def test_receipt_time_is_shown_in_vietnam_time() -> None:
    utc = dt.datetime(2027, 2, 3, 2, 5, tzinfo=dt.timezone.utc)  # 09:05 in Hà Nội
    assert "03/02/2027 09:05" in _text(receipt_pdf(_receipt(received_at=utc)))


def test_result_has_title_body_and_a_qr_code_of_its_verification_url() -> None:
    pdf = result_pdf(
        ResultData(
            agency_name="UBND phường Nha Trang",
            dossier_code="56001-270203-0007",
            title="Giấy khai sinh",
            lines=["Họ, chữ đệm, tên: Nguyễn Minh An", "Ngày, tháng, năm sinh: 01/11/2026", "Nơi sinh: Khánh Hòa"],
            issued_at=RECEIVED_AT,
            verification_url=VERIFY_URL,
            verification_code="ABCDEFGHJK234567",
        )
    )
    text = _text(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY KHAI SINH",
        "Mã hồ sơ: 56001-270203-0007",
        "Họ, chữ đệm, tên: Nguyễn Minh An",
        "ngày 03 tháng 02 năm 2027",
        VERIFY_URL,
        "Mã xác minh: ABCDEFGHJK234567",
    ):
        assert expected in text, expected
    assert _qr_matrix(pdf) == _segno_matrix(VERIFY_URL)
    links = [a.get_object()["/A"]["/URI"] for a in PdfReader(io.BytesIO(pdf)).pages[0]["/Annots"]]
    assert VERIFY_URL in links


def test_combining_diacritics_are_normalised() -> None:
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Lan"  # "Nguyễn Thị Lan" typed with combining marks
    assert "Ông/Bà: Nguyễn Thị Lan" in _text(receipt_pdf(_receipt(applicant_name=decomposed)))
