"""The agency's printed documents as PDF: pure functions, data in, bytes out.

- `receipt_pdf`: the receipt-and-appointment form (Phiếu tiếp nhận hồ sơ và hẹn trả kết quả), laid out
  like the official form (Mẫu số 01, Thông tư 01/2018/TT-VPCP), with a QR code of the dossier code.
- `result_pdf`: the e-result body with a QR code of its public verification URL; signed afterwards
  (backend/processing/signing.py).

`Document` (an A4 page with the fonts, the national header, labelled lines and vector QR codes) and
`signature_block` are shared with the e-receipt (backend/payments/receipt_pdf.py).

Text is set in Open Sans (the `ttf-opensans` package ships the TTF files), embedded as a subset with a
ToUnicode map, so Vietnamese renders with its diacritics and copies out of the PDF as real text.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import segno
import ttf_opensans
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backend.clock import VIETNAM

_FONT_DIR = Path(ttf_opensans.__file__).resolve().parent / "ttf"
FONT = "OpenSans"
MOTTO_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_FEE_MODES = {
    "at_submission": "nộp khi nộp hồ sơ",
    "at_result": "nộp khi nhận kết quả",
    "paid": "đã nộp",
    "unpaid": "chưa nộp",
    "exempt": "miễn phí, lệ phí",
    "free": "không thu phí, lệ phí",
}
_RETURN_METHODS = {
    "counter": "Tại Bộ phận tiếp nhận và trả kết quả",
    "post": "Qua dịch vụ bưu chính công ích",
}


@dataclass(frozen=True)
class ReceivedDocument:
    """One line of "Thành phần hồ sơ": the paper and how many copies were received."""

    name: str
    copies: int = 1
    # "Bản chính", "Bản sao", "Bản điện tử", … (free text; empty leaves the column blank).
    kind: str = ""


@dataclass(frozen=True)
class ReceiptData:
    agency_name: str
    dossier_code: str
    applicant_name: str
    procedure_name: str
    received_at: dt.datetime
    officer_name: str
    documents: Sequence[ReceivedDocument | str] = ()
    applicant_phone: str | None = None
    applicant_address: str | None = None
    due_date: dt.date | None = None
    working_days: int | None = None
    return_method: Literal["counter", "post"] = "counter"
    delivery_address: str | None = None
    fee: int = 0
    # A key of _FEE_MODES ("at_submission", "at_result", "paid", "exempt", …) or words to print.
    fee_mode: str = ""
    # The body the agency belongs to, printed above its name (e.g. "UBND TỈNH KHÁNH HÒA").
    parent_agency_name: str | None = None
    place: str | None = None
    # What the QR code carries; the dossier code itself when unset.
    tracking_url: str | None = None


@dataclass(frozen=True)
class ResultData:
    agency_name: str
    dossier_code: str
    title: str
    lines: Sequence[str]
    issued_at: dt.datetime
    # `{PUBLIC_URL}/#/xac-minh/{verification_code}`; the QR code carries it.
    verification_url: str
    verification_code: str = ""
    parent_agency_name: str | None = None
    place: str | None = None
    # Printed under the signature block, e.g. "CHỦ TỊCH" / the signer's name.
    signer_title: str | None = None
    signer_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def format_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime) -> str:
    return _local(value).strftime("%d/%m/%Y %H:%M")


def format_vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(VIETNAM) if value.tzinfo else value


def _text(value: object) -> str:
    # NFC: the font has precomposed Vietnamese letters; combining marks would render apart.
    return unicodedata.normalize("NFC", str(value))


class Document(FPDF):
    """An A4 page in Open Sans, titled `title`, ready to be written on."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(_FONT_DIR / "OpenSans-Regular.ttf"))
        self.add_font(FONT, "B", str(_FONT_DIR / "OpenSans-Bold.ttf"))
        self.add_font(FONT, "I", str(_FONT_DIR / "OpenSans-Italic.ttf"))
        self.set_title(_text(title))
        self.set_creator("Một Cửa")
        self.set_lang("vi")
        self.add_page()

    def write_text(self, text: str, *, size: float = 11, style: str = "", align: str = "L", height: float = 6) -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, height, _text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def labelled(self, label: str, value: str, *, size: float = 11) -> None:
        """"Label: value" with the label in regular and the value in bold, wrapping as one paragraph."""
        self.set_font(FONT, "", size)
        self.multi_cell(
            0, 6, f"{_text(label)}: **{_text(value)}**", markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def national_header(self, agency_name: str, parent: str | None, place: str | None, when: dt.date) -> None:
        top = self.get_y()
        left_w, gap = 72, 4
        right_x = self.l_margin + left_w + gap
        right_w = self.w - self.r_margin - right_x
        # Left: the issuing body.
        self.set_xy(self.l_margin, top)
        if parent:
            self.set_font(FONT, "", 10.5)
            self.multi_cell(left_w, 5, _text(parent).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(FONT, "B", 10.5)
        self.multi_cell(left_w, 5, _text(agency_name).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        left_bottom = self.get_y()
        self.line(self.l_margin + left_w / 2 - 12, left_bottom + 1, self.l_margin + left_w / 2 + 12, left_bottom + 1)
        # Right: the national motto.
        self.set_xy(right_x, top)
        self.set_font(FONT, "B", 10.5)
        self.multi_cell(right_w, 5, MOTTO_NATION, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font(FONT, "B", 11.5)
        self.multi_cell(right_w, 6, MOTTO, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        motto_w = self.get_string_width(MOTTO)
        line_y = self.get_y() + 0.5
        self.line(right_x + (right_w - motto_w) / 2, line_y, right_x + (right_w + motto_w) / 2, line_y)
        self.set_xy(right_x, line_y + 3)
        self.set_font(FONT, "I", 10.5)
        stamp = f"{_text(place) + ', ' if place else ''}ngày {when.day:02d} tháng {when.month:02d} năm {when.year}"
        self.multi_cell(right_w, 5, stamp, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_xy(self.l_margin, max(self.get_y(), left_bottom) + 8)

    def qr(self, data: str, x: float, y: float, size: float, *, link: str | None = None) -> None:
        """A vector QR code (crisp at any zoom and in print), with a 4-module quiet zone inside `size`."""
        code = segno.make(data, error="m", micro=False)
        matrix = code.matrix
        modules = len(matrix) + 8
        unit = size / modules
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, size, size, style="F")
        self.set_fill_color(0, 0, 0)
        for row_index, row in enumerate(matrix):
            column = 0
            while column < len(row):
                if row[column]:
                    start = column
                    while column < len(row) and row[column]:
                        column += 1
                    self.rect(x + (4 + start) * unit, y + (4 + row_index) * unit, (column - start) * unit, unit, style="F")
                else:
                    column += 1
        if link:
            self.link(x, y, size, size, link)


def _document_line(item: ReceivedDocument | str) -> ReceivedDocument:
    return item if isinstance(item, ReceivedDocument) else ReceivedDocument(name=str(item))


def receipt_pdf(data: ReceiptData) -> bytes:
    """The receipt-and-appointment form the reception officer hands over (or the citizen downloads)."""
    pdf = Document(f"Phiếu tiếp nhận hồ sơ và hẹn trả kết quả {data.dossier_code}")
    pdf.national_header(data.agency_name, data.parent_agency_name, data.place, _local(data.received_at).date())
    qr_size = 28
    qr_top = pdf.get_y()
    pdf.qr(data.tracking_url or data.dossier_code, pdf.w - pdf.r_margin - qr_size, qr_top - 4, qr_size,
           link=data.tracking_url)
    pdf.set_right_margin(15 + qr_size + 2)
    pdf.write_text("PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", size=13.5, style="B", align="C", height=7)
    pdf.write_text(f"Mã hồ sơ: {data.dossier_code}", size=12, style="B", align="C")
    pdf.set_right_margin(15)
    pdf.set_y(max(pdf.get_y(), qr_top + qr_size - 2) + 2)

    pdf.write_text(f"{data.agency_name} tiếp nhận hồ sơ của:")
    pdf.labelled("Ông/Bà", data.applicant_name)
    if data.applicant_phone:
        pdf.labelled("Số điện thoại", data.applicant_phone)
    if data.applicant_address:
        pdf.labelled("Địa chỉ", data.applicant_address)
    pdf.labelled("Nội dung yêu cầu giải quyết", data.procedure_name)

    pdf.ln(1)
    pdf.write_text("1. Thành phần hồ sơ nộp gồm:", style="B")
    documents = [_document_line(item) for item in data.documents]
    _documents_table(pdf, documents)
    pdf.ln(1)
    pdf.write_text(f"2. Số lượng hồ sơ: 01 bộ ({sum(d.copies for d in documents)} giấy tờ).")
    if data.working_days is not None:
        pdf.write_text(f"3. Thời gian giải quyết hồ sơ theo quy định: {data.working_days} ngày làm việc.")
    else:
        pdf.write_text("3. Thời gian giải quyết hồ sơ theo quy định.")
    pdf.labelled("4. Thời gian nhận hồ sơ", format_datetime(data.received_at))
    pdf.labelled(
        "5. Thời gian trả kết quả giải quyết hồ sơ (ngày hẹn trả)",
        format_date(data.due_date) if data.due_date else "theo thông báo của cơ quan",
    )
    method = _RETURN_METHODS.get(data.return_method, data.return_method)
    if data.return_method == "post" and data.delivery_address:
        method = f"{method}, đến địa chỉ: {data.delivery_address}"
    pdf.labelled("6. Đăng ký nhận kết quả", method)
    fee_mode = _FEE_MODES.get(data.fee_mode, data.fee_mode)
    fee = "Không thu" if data.fee == 0 and not fee_mode else format_vnd(data.fee)
    pdf.labelled("7. Phí, lệ phí", f"{fee}{f' ({fee_mode})' if fee_mode else ''}")
    pdf.ln(1)
    pdf.write_text(
        "Tra cứu tình trạng hồ sơ bằng mã hồ sơ trên ứng dụng Một Cửa hoặc quét mã QR ở đầu phiếu.",
        size=9.5, style="I",
    )
    signature_block(pdf, [("NGƯỜI NỘP HỒ SƠ", data.applicant_name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", data.officer_name)])
    return bytes(pdf.output())


def _documents_table(pdf: Document, documents: list[ReceivedDocument]) -> None:
    pdf.set_font(FONT, "", 10.5)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    with pdf.table(
        col_widths=(10, width - 10 - 32 - 22, 32, 22),
        text_align=("CENTER", "LEFT", "CENTER", "CENTER"),
        line_height=5.5,
        first_row_as_headings=True,
    ) as table:
        header = table.row()
        for title in ("TT", "Tên giấy tờ", "Hình thức", "Số lượng"):
            header.cell(title)
        if not documents:
            row = table.row()
            for value in ("", "(không có)", "", ""):
                row.cell(value)
        for index, document in enumerate(documents, start=1):
            row = table.row()
            for value in (str(index), _text(document.name), _text(document.kind), f"{document.copies:02d}"):
                row.cell(value)


def signature_block(pdf: Document, columns: list[tuple[str, str | None]]) -> None:
    """Side by side, one per column: the role in bold, "(Ký và ghi rõ họ tên)", room to sign, the name."""
    pdf.ln(6)
    if pdf.get_y() > pdf.h - 55:
        pdf.add_page()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(columns)
    top = pdf.get_y()
    for index, (role, name) in enumerate(columns):
        x = pdf.l_margin + index * width
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(width, 6, role, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, "I", 9.5)
        pdf.multi_cell(width, 5, "(Ký và ghi rõ họ tên)", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        if name:
            pdf.set_xy(x, top + 30)
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(width, 6, _text(name), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, top + 40)


def result_pdf(data: ResultData) -> bytes:
    """The e-result, ready to be signed: header, title, body, and the QR code of its verification page."""
    pdf = Document(data.title)
    pdf.national_header(data.agency_name, data.parent_agency_name, data.place, _local(data.issued_at).date())
    pdf.write_text(data.title.upper(), size=14, style="B", align="C", height=7)
    pdf.write_text(f"Mã hồ sơ: {data.dossier_code}", size=11, style="I", align="C")
    pdf.ln(4)
    for line in data.lines:
        pdf.write_text(line, size=12, height=6.5)
        pdf.ln(1)
    for label, value in data.extra.items():
        pdf.labelled(label, value)
    # The agency's signature block, right.
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    block_w = 80
    block_x = pdf.w - pdf.r_margin - block_w
    top = pdf.get_y()
    pdf.set_xy(block_x, top)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(block_w, 5.5, _text(data.signer_title or data.agency_name).upper(), align="C",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "I", 9.5)
    pdf.multi_cell(block_w, 5, "(Đã ký số)", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    if data.signer_name:
        pdf.set_xy(block_x, pdf.get_y() + 14)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(block_w, 5.5, _text(data.signer_name), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    # How to check it: the QR code of the verification page, with the address in words.
    top = max(pdf.get_y(), top + 30) + 6
    qr_size = 32
    pdf.qr(data.verification_url, pdf.l_margin, top, qr_size, link=data.verification_url)
    text_x = pdf.l_margin + qr_size + 4
    text_w = pdf.w - pdf.r_margin - text_x
    pdf.set_xy(text_x, top + 3)
    pdf.set_font(FONT, "I", 9)
    pdf.multi_cell(
        text_w, 4.5,
        "Văn bản điện tử được ký số bởi cơ quan cấp. Quét mã QR hoặc mở địa chỉ dưới đây để kiểm tra "
        "văn bản có xác thực và chưa bị chỉnh sửa:",
        new_x=XPos.LEFT, new_y=YPos.NEXT,
    )
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(0, 60, 160)
    pdf.multi_cell(text_w, 4.5, data.verification_url, link=data.verification_url, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    if data.verification_code:
        pdf.set_font(FONT, "B", 9)
        pdf.multi_cell(text_w, 4.5, f"Mã xác minh: {data.verification_code}", new_x=XPos.LEFT, new_y=YPos.NEXT)
    return bytes(pdf.output())
