"""The hand-over manifest (biên bản bàn giao bưu gửi) as a PDF: a pure function, data in, bytes out.

One line per shipment with the QR code of its tracking code (the courier scans each envelope against it), the
recipient's name, commune and masked phone, and the cash to collect at the door; the QR code of the batch id at the
top (the courier's app confirms the batch by it); signatures of the desk and the courier. The page is the agency's
printed page (backend/results/pdf.py: fonts, national header, QR codes, signature block).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from backend.results.pdf import FONT, Document, format_datetime, format_vnd, signature_block

QR_SIZE = 22


@dataclass(frozen=True)
class ManifestLine:
    tracking_code: str
    recipient_name: str
    commune_name: str
    phone_masked: str
    cash_to_collect: int


@dataclass(frozen=True)
class ManifestData:
    batch_id: UUID
    agency_name: str
    slot: dt.datetime
    lines: Sequence[ManifestLine]
    courier_name: str | None = None


def render(data: ManifestData) -> bytes:
    pdf = Document(f"Biên bản bàn giao bưu gửi {data.batch_id}")
    pdf.national_header(data.agency_name, None, None, data.slot.date())
    top = pdf.get_y()
    pdf.qr(str(data.batch_id), pdf.w - pdf.r_margin - 28, top - 4, 28)
    pdf.set_right_margin(15 + 30)
    pdf.write_text("BIÊN BẢN BÀN GIAO KẾT QUẢ CHO BƯU ĐIỆN", size=13.5, style="B", align="C", height=7)
    pdf.write_text(f"Lô: {data.batch_id}", size=9.5, align="C")
    pdf.write_text(f"Giờ bàn giao: {format_datetime(data.slot)} — {len(data.lines)} bưu gửi", size=11, align="C")
    pdf.set_right_margin(15)
    pdf.set_y(max(pdf.get_y(), top + 28) + 2)
    total = 0
    for index, line in enumerate(data.lines, start=1):
        if pdf.get_y() > pdf.h - 18 - QR_SIZE:
            pdf.add_page()
        y = pdf.get_y()
        pdf.qr(line.tracking_code, pdf.l_margin, y, QR_SIZE)
        pdf.set_xy(pdf.l_margin + QR_SIZE + 3, y + 2)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 6, f"{index}. {line.tracking_code}", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(0, 5, f"Người nhận: {line.recipient_name} — {line.commune_name}", new_x="LEFT", new_y="NEXT")
        collect = f"Thu hộ cước: {format_vnd(line.cash_to_collect)}" if line.cash_to_collect else "Không thu tiền"
        pdf.cell(0, 5, f"Điện thoại: {line.phone_masked} — {collect}", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(pdf.l_margin, y + QR_SIZE + 1)
        total += line.cash_to_collect
    pdf.ln(2)
    pdf.labelled("Tổng tiền thu hộ", format_vnd(total))
    signature_block(pdf, [("BÊN GIAO (BỘ PHẬN MỘT CỬA)", None), ("BÊN NHẬN (BƯU TÁ)", data.courier_name)])
    return bytes(pdf.output())
