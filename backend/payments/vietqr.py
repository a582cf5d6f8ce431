"""VietQR: the bank-transfer QR code any Vietnamese banking app scans, and the transfer content it carries.

Pure functions, strings in and strings out: no settings, no database, no clock.

Policy:

* **The payload** is EMVCo's merchant-presented QR as NAPAS' VietQR specification profiles it for
  inter-bank transfers to an account (as transcribed in github.com/giautm/emvqr-go's README and
  implemented by github.com/subiz/vietqr): ID 00 payload format "01"; 01 point of initiation "12"
  (dynamic: ours always carry an amount, which the payer's app fills in); 38 merchant account
  information = 00 GUID "A000000727" (NAPAS), 01 beneficiary organisation (00 the bank's 6-digit BIN,
  01 the account number, at most 19 characters), 02 service code "QRIBFTTA" (transfer to an account);
  53 currency "704" (VND); 54 amount (whole đồng: VND has no minor unit); 58 country "VN"; 62 additional
  data, 08 purpose of transaction = the transfer content; 63 CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF)
  over everything before it including "6304", four upper-case hex digits. Every data object is ID, a
  two-digit length, then the value, in ascending ID order.
* **Transfer content** (`purpose`): the specification gives 62-08 as "ans" of at most 25 characters.
  Banks' apps are stricter than the letter of it: Vietnamese letters are refused or turned into
  mojibake, and punctuation (. - / _) is dropped or replaced by some banks, while A–Z, a–z, 0–9 and
  spaces pass everywhere (what arrives is often upper-cased). So `purpose_text` strips diacritics
  (đ → d), keeps only those characters and collapses spaces; content that would still be longer than 25
  characters is refused, never cut, because a cut content no longer names the dossier.
* **A dossier's content** (`transfer_content`) is its code without the dots and with spaces for the
  dashes: 000.00.02.H56-261101-0001 → "0000002H56 261101 0001" (22 characters). Its fixed widths make
  it reversible even after a bank glued it to its own references (bank_transfer.dossier_code_in).
* **Library:** written here (CRC and TLV are a few lines) after checking the PyPI candidates: none
  (vietnam-qr-pay 1.0.0, vietqr-emvco 1.0.0, napas-qr-python 0.2.0, vietqr-generator 0.0.5, vnqr 0.1.2)
  has more than a release or two, a test suite shipped or a visible user base.
  tests/payments/test_vietqr.py checks the CRC against published payloads.
* **The image:** an SVG for the app (crisp at any screen density), error correction at least M (15 %:
  readable through a scratched or glaring screen; segno raises it when that costs no extra size), with
  the standard 4-module quiet zone. A PDF draws its QR codes itself (results.pdf.Document.qr).
"""

from __future__ import annotations

import re
import unicodedata

import segno

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
VND = "704"
DYNAMIC = "12"
PURPOSE_MAX = 25
ACCOUNT_MAX = 19

_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(rf"^[0-9A-Za-z]{{1,{ACCOUNT_MAX}}}$")
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 ]+")
_DOSSIER_CODE = re.compile(r"^(\d{3})\.(\d{2})\.(\d{2})\.(H\d{2})-(\d{6})-(\d{4})$")


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE of the text's bytes as four upper-case hex digits (check value of "123456789": 29B1)."""
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xFFFF
    return f"{crc:04X}"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def purpose_text(text: str) -> str:
    """`text` as banks carry it: no diacritics, only letters, digits and single spaces; ValueError past 25."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = " ".join(_NOT_PLAIN.sub(" ", plain).split())
    if len(plain) > PURPOSE_MAX:
        raise ValueError(f"transfer content {plain!r} is longer than {PURPOSE_MAX} characters")
    return plain


def transfer_content(dossier_code: str) -> str:
    """The transfer content that names a dossier: 000.00.02.H56-261101-0001 → 0000002H56 261101 0001."""
    parts = _DOSSIER_CODE.match(dossier_code)
    if parts is None:
        raise ValueError(f"not a dossier code: {dossier_code!r}")
    office, unit, number, province, day, sequence = parts.groups()
    return f"{office}{unit}{number}{province} {day} {sequence}"


def payload(bank_bin: str, account: str, amount_vnd: int, purpose: str) -> str:
    """The VietQR text for a transfer of `amount_vnd` to `account` at the bank `bank_bin`, with `purpose`
    (made plain by `purpose_text`) as its content."""
    if not _BIN.match(bank_bin):
        raise ValueError(f"a bank BIN is 6 digits, not {bank_bin!r}")
    if not _ACCOUNT.match(account):
        raise ValueError(f"an account number is 1 to {ACCOUNT_MAX} letters or digits, not {account!r}")
    if not 0 < amount_vnd < 10**13:
        raise ValueError(f"an amount is 1 to 13 digits of đồng, not {amount_vnd}")
    beneficiary = _field("00", bank_bin) + _field("01", account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", SERVICE_TO_ACCOUNT)
    body = "".join((
        _field("00", "01"),
        _field("01", DYNAMIC),
        _field("38", merchant),
        _field("53", VND),
        _field("54", str(amount_vnd)),
        _field("58", "VN"),
        _field("62", _field("08", purpose_text(purpose))),
        "6304",
    ))
    return body + crc16(body)


def qr_svg(text: str, *, scale: int = 4) -> str:
    """The QR code of `text` as an inline SVG element (no XML declaration), `scale` px a module."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=scale, border=4)
