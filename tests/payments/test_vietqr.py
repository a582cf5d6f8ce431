"""VietQR payloads against published ones, read back by a decoder written here from the EMVCo layout, and
the rendered QR image read back by zxing-cpp."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from backend.payments.vietqr import crc16, payload, purpose_text, qr_svg, transfer_content

# Payloads published with their CRC: github.com/subiz/vietqr's README (VietinBank BIN, "ủng hộ lũ lụt")
# and its vietqr_test.go (static, and dynamic with content); a static one from a PHP library's tests
# (970403, 0011012345678) that quotes NAPAS' example account.
PUBLISHED = [
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C",
    "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
    "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN"
    "62200816test text string6304D9C6",
    "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN"
    "62160812chuyen khoan6304722F",
    "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F",
]


def tlv(text: str) -> dict[str, str]:
    """EMVCo data objects: a two-digit ID, a two-digit length, the value; IDs in any order, none repeated."""
    fields, at = {}, 0
    while at < len(text):
        tag, length = text[at : at + 2], int(text[at + 2 : at + 4])
        value = text[at + 4 : at + 4 + length]
        assert len(value) == length and tag not in fields, (tag, text)
        fields[tag], at = value, at + 4 + length
    return fields


def crc_holds(text: str) -> bool:
    """The CRC-16/CCITT-FALSE, computed bit by bit here (MSB first), over all but the last 4 characters."""
    register = 0xFFFF
    for bit in "".join(f"{byte:08b}" for byte in text[:-4].encode()):
        top = (register >> 15) ^ int(bit)
        register = ((register << 1) & 0xFFFF) ^ (0x1021 if top else 0)
    return text[-8:-4] == "6304" and f"{register:04X}" == text[-4:]


def svg_to_image(svg: str) -> Image.Image:
    """Draw segno's SVG path (moves `M`/`m`, dark runs `h`, a module per unit before `scale(n)`) into pixels."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = int(re.search(r"scale\((\d+)\)", svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            row = int(y)  # segno strokes a run along the middle of its row (y + 0.5)
            draw.rectangle((x * scale, row * scale, (x + float(first)) * scale - 1, (row + 1) * scale - 1), fill=0)
            x += float(first)
    return image


def test_crc_is_ccitt_false() -> None:
    assert crc16("123456789") == "29B1"  # the catalogue's check value for CRC-16/CCITT-FALSE


@pytest.mark.parametrize("published", PUBLISHED)
def test_published_payloads_check(published: str) -> None:
    assert crc_holds(published)
    assert crc16(published[:-4]) == published[-4:]


def test_reproduces_published_payloads_byte_for_byte() -> None:
    assert payload("970415", "0011001932418", 120_000, "ủng hộ lũ lụt") == PUBLISHED[0]
    assert payload("970422", "0023457923442", 40_123, "test text string") == PUBLISHED[2]
    assert payload("970422", "0023457923442", 40_123, "chuyển khoản") == PUBLISHED[3]


def test_every_field_reads_back_with_an_independent_decoder() -> None:
    content = transfer_content("000.00.02.H56-261101-0001")
    text = payload("970436", "1017301234", 1_500_000, content)
    assert crc_holds(text)
    root = tlv(text)
    assert list(root) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert root["00"] == "01" and root["01"] == "12"
    merchant = tlv(root["38"])
    assert merchant == {"00": "A000000727", "01": merchant["01"], "02": "QRIBFTTA"}
    assert tlv(merchant["01"]) == {"00": "970436", "01": "1017301234"}
    assert (root["53"], root["54"], root["58"]) == ("704", "1500000", "VN")
    assert tlv(root["62"]) == {"08": "0000002H56 261101 0001"}
    assert root["63"] == crc16(text[:-4])


def test_the_rendered_qr_reads_back_as_the_payload() -> None:
    text = payload("970436", "1017301234", 21_000, transfer_content("223.33.00.H56-261231-0417"))
    found = zxingcpp.read_barcodes(svg_to_image(qr_svg(text)))
    assert [(barcode.format, barcode.text) for barcode in found] == [(zxingcpp.BarcodeFormat.QRCode, text)]


def test_purpose_drops_diacritics_and_punctuation() -> None:
    assert purpose_text("Lệ phí hộ tịch: Đăng ký") == "Le phi ho tich Dang ky"
    assert purpose_text("  HS-2026/0417  ") == "HS 2026 0417"
    assert purpose_text("x" * 25) == "x" * 25
    with pytest.raises(ValueError, match="longer than 25"):
        purpose_text("Nộp lệ phí cấp phiếu lý lịch tư pháp")


def test_dossier_content_fits_and_is_plain() -> None:
    content = transfer_content("000.00.02.H56-261101-0001")
    assert content == "0000002H56 261101 0001" and purpose_text(content) == content
    with pytest.raises(ValueError):
        transfer_content("H56-1")


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount"),
    [("97043", "1017301234", 1000), ("970436", "1017-301234", 1000), ("970436", "1" * 20, 1000), ("970436", "1", 0)],
)
def test_refuses_what_no_bank_could_take(bank_bin: str, account: str, amount: int) -> None:
    with pytest.raises(ValueError):
        payload(bank_bin, account, amount, "x")
