"""Checks on what people type about themselves: phone numbers and citizen ID (CCCD) numbers."""

from __future__ import annotations

import re
from datetime import date

import phonenumbers

from backend.errors import INVALID_INPUT, FieldText, Problem
from backend.i18n import Text

# What people type: digits, spaces, dots, dashes, brackets and a leading +. Letters are refused here
# because phonenumbers would otherwise quietly drop them ("0912345678x").
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 .()\-]+$")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}

# The first three digits of a CCCD: the province of birth registration, in the 63-province coding of
# Circular 07/2016/TT-BCA (IDs issued before the 2025 merger keep it, and new ones still use it).
CCCD_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 "
    "037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
# The fourth digit encodes sex and century of birth: 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s,
# 6/7 → 2200s, 8/9 → 1800s (even: male, odd: female).
_CENTURY_BY_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


def invalid(field: str, detail: Text, code: str) -> Problem:
    return Problem(422, code, INVALID_INPUT, detail, errors=[FieldText(field, detail)])


def normalize_phone(raw: str) -> str:
    """A Vietnamese mobile number as people type it (`09…`, `+84 9…`, spaces) → E.164 (`+849…`)."""
    cleaned = raw.strip()
    problem = invalid(
        "phone",
        Text(
            "Số điện thoại chưa đúng. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678.",
            "This phone number is not right. Enter a Vietnamese mobile number, e.g. 0912 345 678.",
        ),
        "invalid_phone",
    )
    if not _PHONE_CHARACTERS.match(cleaned):
        raise problem
    try:
        number = phonenumbers.parse(cleaned, "VN")
    except phonenumbers.NumberParseException:
        raise problem from None
    if (
        phonenumbers.region_code_for_number(number) != "VN"
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise problem
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def birth_year_from_cccd(cccd: str) -> int:
    return _CENTURY_BY_DIGIT[int(cccd[3])] + int(cccd[4:6])


def check_cccd(cccd: str, date_of_birth: date | None) -> None:
    """12 digits, a known province code, and the birth year it encodes matches the date of birth."""
    if len(cccd) != 12 or not cccd.isdigit():
        raise invalid("cccd", Text("Số CCCD phải gồm đúng 12 chữ số.", "A citizen ID number has exactly 12 digits."), "invalid_cccd")
    if cccd[:3] not in CCCD_PROVINCE_CODES:
        raise invalid(
            "cccd",
            Text(
                "Số CCCD chưa đúng: 3 chữ số đầu không phải mã tỉnh, thành phố.",
                "This citizen ID number is not right: its first 3 digits are not a province code.",
            ),
            "invalid_cccd",
        )
    if date_of_birth is not None and birth_year_from_cccd(cccd) != date_of_birth.year:
        raise invalid(
            "cccd",
            Text(
                "Số CCCD không khớp với năm sinh: chữ số thứ 4 đến 6 của CCCD ghi thế kỷ và năm sinh.",
                "The citizen ID number does not match the year of birth: its 4th to 6th digits give the century "
                "and year of birth.",
            ),
            "cccd_birth_year_mismatch",
        )


def check_date_of_birth(value: date, today: date) -> None:
    if value > today or value.year < 1900:
        raise invalid("date_of_birth", Text("Ngày sinh chưa đúng.", "This date of birth is not right."), "invalid_date_of_birth")

