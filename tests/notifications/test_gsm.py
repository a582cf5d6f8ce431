"""GSM-7 text and SMS segments: what becomes what, and where a message tips into one more segment."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from backend.notifications.gsm import GSM7_BASIC, GSM7_EXTENSION, is_gsm7, segments, to_gsm7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hồ sơ đã được tiếp nhận", "Ho so da duoc tiep nhan"),
        ("ĐỒNG THÁP, Đắk Lắk, Thừa Thiên Huế", "DONG THAP, Dak Lak, Thua Thien Hue"),
        ("Nguyễn Thị Hồng Nhung — ủy quyền", "Nguyen Thi Hong Nhung - uy quyen"),
        ("ươ ƯƠ ỹ Ỹ ặ Ậ ở Ở", "uo UO y Y a A o O"),
        ("“Giấy khai sinh” và ‘CCCD’", "\"Giay khai sinh\" va 'CCCD'"),
        ("Chờ… 2–3 ngày", "Cho... 2-3 ngay"),
        ("café, Müller, Ångström", "cafe, Muller, Angstrom"),  # GSM-7 has é, ü, Å: dropped all the same
        ("Lệ phí: 50.000₫", "Le phi: 50.000d"),
        ("a\u00a0b\u2009c\td", "a b c d"),
        ("một\r\nhai\rba\u2028bốn", "mot\nhai\nba\nbon"),
        ("Ｈồ ｓơ №5 ½", "Ho so No5 1/2"),
        ("ok 👍🏽 xong ✅", "ok  xong "),
        ("so\u00adft\u200bhy\ufeffphen", "softhyphen"),
        ("Дом 北京 αβ", "??? ?? ??"),
        ("→ ≥ ≤ ×", "-> >= <= x"),
        ("{giấy} [bản sao] ~ | € ^ \\", "{giay} [ban sao] ~ | € ^ \\"),
        ("Øresund Æble ß ΔΩ £ ¥ ¤ § ¡¿", "Øresund Æble ß ΔΩ £ ¥ ¤ § ¡¿"),
    ],
)
def test_to_gsm7_writes_vietnamese_and_punctuation_as_gsm7(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected
    assert is_gsm7(expected)


def test_is_gsm7_accepts_the_alphabet_and_its_extension_and_nothing_else() -> None:
    assert len(GSM7_BASIC) == 127 and len(GSM7_EXTENSION) == 10  # 128 codes less the escape; 10 extension chars
    assert is_gsm7("".join(GSM7_BASIC | GSM7_EXTENSION))
    assert is_gsm7("")
    for outside in ("ế", "đ", "`", "\t", "\x1b", "’", "ç", "😀"):
        assert not is_gsm7(f"abc{outside}")


@given(st.text())
@example("Hồ sơ đã được tiếp nhận “ngay” — 👍🏽")
@example("\r\r\n\n\x1b\f")
def test_to_gsm7_output_is_always_gsm7_and_converting_again_changes_nothing(text: str) -> None:
    converted = to_gsm7(text)
    assert is_gsm7(converted)
    assert to_gsm7(converted) == converted


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="`\t\r\x1b\f\x7f"), max_size=200).filter(
    lambda t: all(ch.isprintable() or ch == "\n" for ch in t)
))
def test_printable_ascii_other_than_the_back_tick_is_left_alone(text: str) -> None:
    assert to_gsm7(text) == text


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll")), max_size=50))
def test_letters_never_vanish(text: str) -> None:
    # A letter becomes a letter (its base) or "?", never nothing: the words keep their shape.
    assert len(to_gsm7(text)) >= len(text)


@pytest.mark.parametrize(
    ("length", "parts"),
    [(0, 1), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (153 * 3, 3), (153 * 3 + 1, 4)],
)
def test_gsm7_segments_hold_160_alone_and_153_each_when_joined(length: int, parts: int) -> None:
    assert segments("a" * length, unicode=False) == parts


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (67 * 3, 3), (67 * 3 + 1, 4)],
)
def test_ucs2_segments_hold_70_alone_and_67_each_when_joined(length: int, parts: int) -> None:
    assert segments("ệ" * length, unicode=True) == parts


def test_extension_characters_cost_two_septets() -> None:
    assert segments("€" * 80, unicode=False) == 1  # 160 septets
    assert segments("€" * 80 + "a", unicode=False) == 2
    assert segments("a" * 159 + "[", unicode=False) == 2
    assert segments("a" * 158 + "[", unicode=False) == 1


def test_an_escape_pair_is_never_split_across_parts() -> None:
    # 152 + 2 + 152 = 306 septets, 2 × 153, but the "€" cannot straddle the first part's end.
    assert segments("a" * 152 + "€" + "a" * 152, unicode=False) == 3
    assert segments("a" * 151 + "€" + "a" * 153, unicode=False) == 2


def test_ucs2_counts_utf16_code_units_and_keeps_surrogate_pairs_whole() -> None:
    assert segments("😀" * 35, unicode=True) == 1  # 70 code units
    assert segments("😀" * 35 + "a", unicode=True) == 2
    assert segments("a" * 66 + "😀" + "a" * 66, unicode=True) == 3  # 134 units, but the pair cannot be split
    assert segments("a" * 65 + "😀" + "a" * 67, unicode=True) == 2


def test_counting_text_as_gsm7_that_is_not_refuses() -> None:
    with pytest.raises(ValueError, match="to_gsm7"):
        segments("Hồ sơ", unicode=False)


@given(st.text(alphabet=st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION)), max_size=700))
def test_gsm7_segments_match_the_septet_arithmetic_when_nothing_straddles(text: str) -> None:
    septets = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    parts = segments(text, unicode=False)
    if septets <= 160:
        assert parts == 1
    else:
        # Never fewer than the arithmetic says; one more per escape pair pushed to the next part at most.
        assert -(-septets // 153) <= parts <= -(-septets // 152)
