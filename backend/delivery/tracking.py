"""Tracking codes in the UPU S10 format, as the public post prints them: `RA123456785VN`.

Two letters name the service (RA: a registered letter, our results going out; RB: registered papers coming in,
the originals collected from home), eight digits are the serial (from a database sequence), one digit checks them
(weights 8 6 4 2 3 5 9 7, modulo 11: 11 − the sum's remainder, 10 written 0 and 11 written 5), and "VN" is the
country. People read codes aloud and type them with spaces or in lower case: `normalise` forgives that, and the check
digit catches a mistyped digit or two swapped ones, so the answer is "wrong code, check it" rather than "not found".

Pure functions, no I/O.
"""

from __future__ import annotations

import re

from backend.errors import FieldText, Problem
from backend.i18n import Text

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
COUNTRY = "VN"
OUTBOUND_SERVICE = "RA"
INBOUND_SERVICE = "RB"
MAX_SERIAL = 99_999_999
_SHAPE = re.compile(r"^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$")


def check_digit(serial: str) -> int:
    """The S10 check digit of eight serial digits."""
    remainder = sum(int(digit) * weight for digit, weight in zip(serial, WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    return {10: 0, 11: 5}.get(digit, digit)


def generate(serial: int, service: str = OUTBOUND_SERVICE) -> str:
    """The tracking code of a serial number (1 … 99,999,999)."""
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} is out of the S10 range")
    digits = f"{serial:08d}"
    return f"{service}{digits}{check_digit(digits)}{COUNTRY}"


def normalise(text: str) -> str:
    """As typed → as printed: spaces, dashes and dots dropped, upper case."""
    return re.sub(r"[\s\-.]", "", text).upper()


def is_valid(code: str) -> bool:
    match = _SHAPE.match(code)
    return bool(match) and check_digit(match.group(2)) == int(match.group(3))


def invalid_code() -> Problem:
    return Problem(
        422, "invalid_tracking_code", Text("Mã vận đơn không đúng", "Wrong tracking code"),
        Text(
            "Mã vận đơn không đúng, kiểm tra lại: 2 chữ cái, 9 chữ số rồi VN, ví dụ RA123456785VN.",
            "The tracking code is not right; check it: 2 letters, 9 digits, then VN, e.g. RA123456785VN.",
        ),
        errors=[FieldText("tracking_code", Text("mã vận đơn không đúng, kiểm tra lại", "wrong tracking code, check it"))],
    )


def parse(text: str) -> str:
    """The code in its printed form, or a 422 when its shape or check digit is wrong."""
    code = normalise(text)
    if not is_valid(code):
        raise invalid_code()
    return code
