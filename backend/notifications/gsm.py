"""SMS text as the gateways bill it: turn any text into GSM-7, and count the segments a message takes.

Pure functions, text in and numbers or text out. Templates call `to_gsm7` on every SMS they render and
check `segments(...) == 1`; the SMS clients send GSM-7 text as it is, UCS-2 only when asked.

Policy, with the measurements behind it (GSM 03.38 / 3GPP TS 23.038 and 23.040):

* **Why GSM-7 by default.** Vietnamese brandname gateways bill per segment. A GSM-7 message holds 160
  characters in one segment, 153 per part once concatenated (the 6-byte concatenation header costs 7
  septets). Vietnamese with its diacritics needs UCS-2: 70 UTF-16 code units in one segment, 67 per
  part. Our templates with their longest values (a 25-character dossier code, a reason cut to fit) are
  one GSM-7 segment and two or three UCS-2 segments: diacritics triple the bill.
* **Diacritics are dropped everywhere, not only where GSM-7 lacks the letter.** NFKD, then every
  combining mark goes: "Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan". GSM-7 does have é, è, à,
  ù, ì, ò, Ä, Ö, Ñ, Ü, Å, Ç and their kin, but keeping them would leave "tiép" beside "tiep" in the same
  message; unaccented Vietnamese is how every Vietnamese SMS reads. đ/Đ (and the look-alike Ð) do not
  decompose and become d/D. NFKD also unfolds compatibility forms: full-width letters, "…", "™", "№".
* **Punctuation people type** becomes its ASCII look-alike: curly quotes and guillemets → ' and ", every
  dash and the minus sign → -, bullets → -, arrows → -> / <-, ≤ ≥ → <= >=, × → x, ₫ → d
  ("50.000₫" → "50.000d"), a back-tick or acute accent → '.
* **Whitespace:** any space separator (no-break, thin, ideographic) → a space, a tab → a space; CR LF,
  a lone CR and the Unicode line and paragraph separators → LF (one septet, where CR LF costs two).
* **Anything else outside GSM-7:** control and format characters (zero-width joiners, soft hyphens, the
  byte-order mark, variation selectors, the escape septet itself) are dropped, and so are symbols and
  emoji, which carry no words; a letter, digit or punctuation mark of another script (Chinese, Cyrillic,
  Greek small letters) becomes "?", so that a reader sees something was there.
* **Counting:** an extension-table character (^ { } \\ [ ~ ] | €) is an escape plus a septet, two
  septets; in UCS-2 a character outside the Basic Multilingual Plane (most emoji) is a surrogate pair,
  two code units. A part never splits either pair, as phones and gateways pack them: 152 plain
  characters, "€" and 152 more are 306 septets (2 × 153) but take three parts.
"""

from __future__ import annotations

import unicodedata

# 3GPP TS 23.038 §6.2.1: the default alphabet, in code order (0x1B, the escape to the extension
# table, is not a character of its own and is left out).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# §6.2.1.1: reached through the escape, so each costs two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE = 160
GSM7_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67

_LOOK_ALIKES: dict[str, str] = {
    "đ": "d", "Đ": "D", "Ð": "D",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "‹": "'", "›": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "•": "-", "·": "-", "‧": "-",
    "→": "->", "⇒": "->", "←": "<-", "≤": "<=", "≥": ">=", "×": "x", "⁄": "/", "₫": "d",
    "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n",
}
_DROPPED_CATEGORIES = ("Mn", "Me", "Mc", "Cc", "Cf", "Co", "Cn", "So", "Sk")


def is_gsm7(text: str) -> bool:
    """Whether a gateway can send the text as GSM-7 as it is."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _gsm7_char(ch: str) -> str:
    if ch in _LOOK_ALIKES:
        return _LOOK_ALIKES[ch]
    if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
        return ch
    category = unicodedata.category(ch)
    if category.startswith("Z"):
        return " "
    if category in _DROPPED_CATEGORIES:
        return ""
    return "?"


def to_gsm7(text: str) -> str:
    """The text in GSM-7, without diacritics (the module's docstring says what becomes what)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\r\n", "\n"))
    return "".join(_gsm7_char(ch) for ch in decomposed)


def _widths(text: str, unicode: bool) -> list[int]:
    if unicode:
        return [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    if not is_gsm7(text):
        raise ValueError("the text is not GSM-7: pass it through to_gsm7, or count it with unicode=True")
    return [2 if ch in GSM7_EXTENSION else 1 for ch in text]


def units(text: str, *, unicode: bool) -> int:
    """The text's length as the gateway counts it: GSM-7 septets, or with `unicode` UTF-16 code units."""
    return sum(_widths(text, unicode))


def segments(text: str, *, unicode: bool) -> int:
    """How many SMS the text is billed as: GSM-7 septets, or with `unicode` UTF-16 code units (UCS-2)."""
    widths = _widths(text, unicode)
    single, part = (UCS2_SINGLE, UCS2_PART) if unicode else (GSM7_SINGLE, GSM7_PART)
    if sum(widths) <= single:
        return 1
    parts, used = 1, 0
    for width in widths:
        if used + width > part:  # an escape pair or a surrogate pair is never split across parts
            parts, used = parts + 1, 0
        used += width
    return parts
