"""The e-receipt for a dossier's fees, as a PDF: a pure function, data in, bytes out.

What it is: a "Biên lai thu phí, lệ phí", the document a body collecting fees and charges gives the
payer, in its electronic form (biên lai điện tử), as Decree 123/2020/NĐ-CP on invoices and documents
names it (Art. 30: the kinds of receipts; Art. 32: what a receipt states) and Circular 78/2021/TT-BTC
implements it. Cited from memory of those texts, not from a copy read while writing this: the agency's
finance office should confirm the layout, and the registered template and series symbols (`series`),
before real receipts are issued. It states: the kind of receipt, its series and number, the collecting
agency (and its tax code), the payer, the dossier and procedure, each fee with its amount, the total
in figures and in words, how and when it was paid, and the collector.

Amounts: in figures as the other PDFs write them (1.234.000 ₫, `results.pdf.format_vnd`), and in words (`amount_in_words`) as
receipts and invoices write them: a capital first letter, "đồng" after, and "chẵn" when the amount is a
whole number of thousands (all fees are); a group after the first that is under a hundred is read with
its "không trăm" (2.005.000: "Hai triệu không trăm lẻ năm nghìn đồng chẵn"), which num2words leaves out
(it reads 2.005.000 as "hai triệu năm nghìn" and 1.010 as "một nghìn lẻ mười"), so num2words reads each
group of three digits and the groups are joined here.

The layout reuses the agency's printed documents' page (backend/results/pdf.py): fonts, national header,
labelled lines and signature block.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf.fonts import FontFace
from num2words import num2words

from backend.clock import VIETNAM
from backend.results.pdf import FONT, Document, format_datetime, format_vnd, signature_block

SCALES = ("", "nghìn", "triệu", "tỷ")
CHANNELS = {
    "vietqr": "Chuyển khoản ngân hàng (VietQR)",
    "vnpay": "Thẻ ngân hàng / ví điện tử (cổng VNPAY)",
    "cash": "Tiền mặt tại Bộ phận tiếp nhận và trả kết quả",
}


@dataclass(frozen=True)
class ReceiptItem:
    """One fee or charge: its name as the fee schedule gives it, and its amount in đồng."""

    name: str
    amount_vnd: int


@dataclass(frozen=True)
class ReceiptData:
    receipt_number: str
    agency_name: str
    payer_name: str
    dossier_code: str
    procedure_name: str
    items: Sequence[ReceiptItem]
    # A key of CHANNELS ("vietqr", "vnpay", "cash") or words to print.
    channel: str
    paid_at: dt.datetime
    # The registered template and series symbols ("Ký hiệu"), printed when set.
    series: str = ""
    parent_agency_name: str | None = None
    agency_tax_code: str | None = None
    place: str | None = None
    payer_address: str | None = None
    # The bank's or the gateway's transaction code.
    transaction_reference: str | None = None
    # The officer who took cash at the desk; online payments name the agency instead.
    collector_name: str | None = None

    @property
    def total_vnd(self) -> int:
        return sum(item.amount_vnd for item in self.items)


def amount_in_words(amount_vnd: int) -> str:
    """1500000 → "Một triệu năm trăm nghìn đồng chẵn"; up to 999 999 999 999 đồng."""
    if not 0 <= amount_vnd < 1000 ** len(SCALES):
        raise ValueError(f"cannot read {amount_vnd} đồng")
    groups = [amount_vnd // 1000**scale % 1000 for scale in range(len(SCALES))]
    leading = max((scale for scale, group in enumerate(groups) if group), default=0)
    words = [
        f"{_group(groups[scale], leading=scale == leading)} {SCALES[scale]}".strip()
        for scale in range(leading, -1, -1)
        if groups[scale] or amount_vnd == 0
    ]
    sentence = " ".join(words) + " đồng" + (" chẵn" if amount_vnd and amount_vnd % 1000 == 0 else "")
    return sentence[0].upper() + sentence[1:]


def _group(number: int, *, leading: bool) -> str:
    """Three digits; after the leading group, hundreds and tens are read even when they are zero."""
    if leading or number >= 100:
        return num2words(number, lang="vi")
    return "không trăm " + ("lẻ " if number < 10 else "") + num2words(number, lang="vi")


def render(receipt: ReceiptData) -> bytes:
    """The receipt as a one-page A4 PDF."""
    pdf = Document(f"Biên lai thu phí, lệ phí số {receipt.receipt_number}")
    paid_on = receipt.paid_at.astimezone(VIETNAM).date()
    pdf.national_header(receipt.agency_name, receipt.parent_agency_name, receipt.place, paid_on)
    pdf.write_text("BIÊN LAI THU PHÍ, LỆ PHÍ", size=14, style="B", align="C", height=7)
    pdf.write_text("(Biên lai điện tử)", size=10.5, style="I", align="C")
    series = f"Ký hiệu: {receipt.series}    " if receipt.series else ""
    pdf.write_text(f"{series}Số: {receipt.receipt_number}", size=11, style="B", align="C")
    pdf.ln(3)
    pdf.labelled("Đơn vị thu", receipt.agency_name)
    if receipt.agency_tax_code:
        pdf.labelled("Mã số thuế", receipt.agency_tax_code)
    pdf.labelled("Người nộp", receipt.payer_name)
    if receipt.payer_address:
        pdf.labelled("Địa chỉ", receipt.payer_address)
    pdf.labelled("Mã hồ sơ", receipt.dossier_code)
    pdf.labelled("Thủ tục", receipt.procedure_name)
    pdf.ln(2)
    _items_table(pdf, receipt)
    pdf.ln(2)
    pdf.labelled("Số tiền bằng chữ", amount_in_words(receipt.total_vnd) + ".")
    pdf.labelled("Hình thức thanh toán", CHANNELS.get(receipt.channel, receipt.channel))
    if receipt.transaction_reference:
        pdf.labelled("Mã giao dịch", receipt.transaction_reference)
    pdf.labelled("Thời điểm thanh toán", format_datetime(receipt.paid_at))
    collector = receipt.collector_name or receipt.agency_name
    signature_block(pdf, [("NGƯỜI NỘP TIỀN", receipt.payer_name), ("NGƯỜI THU TIỀN", collector)])
    return bytes(pdf.output())


def _items_table(pdf: Document, receipt: ReceiptData) -> None:
    pdf.set_font(FONT, "", 10.5)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    with pdf.table(
        col_widths=(12, width - 12 - 42, 42), text_align=("CENTER", "LEFT", "RIGHT"), line_height=6,
        first_row_as_headings=True,
    ) as table:
        table.row(("TT", "Nội dung thu", "Số tiền"))
        for index, item in enumerate(receipt.items, start=1):
            table.row((str(index), unicodedata.normalize("NFC", item.name), format_vnd(item.amount_vnd)))
        table.row(("", "Tổng cộng", format_vnd(receipt.total_vnd)), style=FontFace(emphasis="BOLD"))
