"""Which language a request is answered in: Accept-Language (the PWA sends the person's choice), else Vietnamese."""

from __future__ import annotations

import pytest

from backend.i18n import Text, both, catalogue_text, language_of


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "vi"),
        ("", "vi"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("vi", "vi"),
        ("en-GB,en;q=0.9,vi;q=0.8", "en"),
        ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("de, fr", "vi"),
        ("*", "vi"),
        ("en;q=0", "vi"),
        ("en;q=0.2, vi;q=0.3", "vi"),
        ("en;q=abc, vi;q=0.1", "vi"),
        ("vi, en", "vi"),
        ("en, vi", "en"),
    ],
)
def test_the_language_we_speak_that_the_header_prefers(header: str | None, lang: str) -> None:
    assert language_of(header) == lang


def test_words_in_both_languages() -> None:
    words = Text("Đã có kết quả", "The result is ready")
    assert (words["vi"], words["en"]) == ("Đã có kết quả", "The result is ready")
    listed = both(lambda lang: ", ".join(w[lang] for w in (words, Text("Bản nháp", "Draft"))))
    assert listed == Text("Đã có kết quả, Bản nháp", "The result is ready, Draft")
    assert catalogue_text("Nơi sinh", None) == Text("Nơi sinh", "Nơi sinh (tiếng Việt)")
    assert catalogue_text("Nơi sinh", "Place of birth").en == "Place of birth"
