"""Administrative units named in English, the way English texts name Vietnamese places: the division
type after the name ("Phường Nha Trang" → "Nha Trang Ward", "Thành phố Huế" → "Huế City")."""

from __future__ import annotations

# division_type (vietnam-provinces) → the prefix its Vietnamese names carry, the English word after the name.
_DIVISIONS = {
    "tỉnh": ("", "Province"),
    "thành phố trung ương": ("thành phố ", "City"),
    "phường": ("phường ", "Ward"),
    "xã": ("xã ", "Commune"),
    "đặc khu": ("đặc khu ", "Special Zone"),
}


def english_place(name: str, division_type: str) -> str:
    prefix, kind = _DIVISIONS.get(division_type, ("", ""))
    bare = name[len(prefix):] if prefix and name.lower().startswith(prefix) else name
    return f"{bare} {kind}".strip()
