"""The e-receipt: amounts in Vietnamese words as receipts write them, and the PDF read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from backend.payments.receipt_pdf import ReceiptData, ReceiptItem, amount_in_words, render


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_500_000, "Một triệu năm trăm nghìn đồng chẵn"),
        (21_000, "Hai mươi mốt nghìn đồng chẵn"),
        (105_000, "Một trăm lẻ năm nghìn đồng chẵn"),
        (1_234_000, "Một triệu hai trăm ba mươi bốn nghìn đồng chẵn"),
        (125_000, "Một trăm hai mươi lăm nghìn đồng chẵn"),
        (2_005_000, "Hai triệu không trăm lẻ năm nghìn đồng chẵn"),  # num2words alone: "hai triệu năm nghìn"
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng chẵn"),
        (1_010, "Một nghìn không trăm mười đồng"),  # num2words alone: "một nghìn lẻ mười"
        (1_001, "Một nghìn không trăm lẻ một đồng"),
        (1_000_500, "Một triệu năm trăm đồng"),
        (2_000_000_000, "Hai tỷ đồng chẵn"),
        (15, "Mười lăm đồng"),
        (0, "Không đồng"),
    ],
)
def test_amounts_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("amount", [-1, 10**12])
def test_refuses_amounts_it_cannot_read(amount: int) -> None:
    with pytest.raises(ValueError):
        amount_in_words(amount)


def receipt(**changes: object) -> ReceiptData:
    values: dict[str, object] = dict(
        receipt_number="0000417",
        series="1C26TBL",
        agency_name="Sở Tư pháp tỉnh Khánh Hòa",
        parent_agency_name="UBND tỉnh Khánh Hòa",
        agency_tax_code="4200123456",
        place="Khánh Hòa",
        payer_name="Nguyễn Thị Lan",
        payer_address="12 Trần Phú, phường Nha Trang",
        dossier_code="000.00.06.H56-261101-0001",
        procedure_name="Cấp Phiếu lý lịch tư pháp",
        items=[ReceiptItem("Phí cung cấp thông tin lý lịch tư pháp", 200_000), ReceiptItem("Phí cấp thêm phiếu", 5_000)],
        channel="vietqr",
        transaction_reference="FT26305912345",
        paid_at=dt.datetime(2026, 10, 31, 17, 45, tzinfo=dt.UTC),  # 1 November, 00:45 in Vietnam
    )
    return ReceiptData(**(values | changes))  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_receipt_states_what_the_rules_ask() -> None:
    pdf = render(receipt())
    text = text_of(pdf)
    for line in [
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Ký hiệu: 1C26TBL",
        "Số: 0000417",
        "Đơn vị thu: Sở Tư pháp tỉnh Khánh Hòa",
        "Mã số thuế: 4200123456",
        "Người nộp: Nguyễn Thị Lan",
        "Địa chỉ: 12 Trần Phú, phường Nha Trang",
        "Mã hồ sơ: 000.00.06.H56-261101-0001",
        "Thủ tục: Cấp Phiếu lý lịch tư pháp",
        "1 Phí cung cấp thông tin lý lịch tư pháp 200.000 ₫",
        "2 Phí cấp thêm phiếu 5.000 ₫",
        "Tổng cộng 205.000 ₫",
        "Số tiền bằng chữ: Hai trăm lẻ năm nghìn đồng chẵn.",
        "Hình thức thanh toán: Chuyển khoản ngân hàng (VietQR)",
        "Mã giao dịch: FT26305912345",
        "Thời điểm thanh toán: 01/11/2026 00:45",
        "ngày 01 tháng 11 năm 2026",
        "NGƯỜI THU TIỀN",
    ]:
        assert line in text, line
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Biên lai thu phí, lệ phí số 0000417"


def test_cash_names_its_collector_and_leaves_out_what_is_unset() -> None:
    text = text_of(render(receipt(
        channel="cash", collector_name="Trần Văn Bình", transaction_reference=None, agency_tax_code=None,
        payer_address=None, series="", items=[ReceiptItem("Lệ phí đăng ký khai sinh", 8_000)],
    )))
    assert "Hình thức thanh toán: Tiền mặt tại Bộ phận tiếp nhận và trả kết quả" in text
    assert "Trần Văn Bình" in text and "Tám nghìn đồng chẵn." in text
    assert not any(word in text for word in ("Mã giao dịch", "Mã số thuế", "Địa chỉ", "Ký hiệu"))


def test_a_channel_it_does_not_know_is_printed_as_given() -> None:
    assert "Hình thức thanh toán: Ví MoMo" in text_of(render(receipt(channel="Ví MoMo")))
