"""Words people read, in their language: Vietnamese by default, English when the request asks for it.

A sentence is written once with both languages side by side (`Text`), and the request's language
(`Accept-Language`, which the PWA sets to the person's choice) picks one where the answer is built:
problems, a dossier's status words, timeline notes. Catalogue answers, which phones cache and search
offline in either language, carry both instead (`name` and `name_en`, null when nobody translated it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from litestar import Request

Lang = Literal["vi", "en"]
DEFAULT_LANG: Lang = "vi"
LANGS: tuple[Lang, ...] = ("vi", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One thing to say, in Vietnamese and in English."""

    vi: str
    en: str

    def __getitem__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.vi


# After catalogue text nobody translated, when it stands in an English sentence (as in the PWA).
UNTRANSLATED = "(tiếng Việt)"


def catalogue_text(vi: str, en: str | None) -> Text:
    """Catalogue words (a form label, a paper's name) for a sentence: the English, else the Vietnamese marked."""
    return Text(vi, en or f"{vi} {UNTRANSLATED}")


def both(compose: Callable[[Lang], str]) -> Text:
    """A sentence put together from parts that are themselves in both languages."""
    return Text(compose("vi"), compose("en"))


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def language_of(accept_language: str | None) -> Lang:
    """The language of ours the header prefers ("en-GB,en;q=0.9" → en); Vietnamese when it names neither."""
    best, best_quality = DEFAULT_LANG, 0.0
    for item in (accept_language or "").split(","):
        tag, _, params = item.partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = _quality(params)
        if primary in LANGS and quality > best_quality:
            best, best_quality = primary, quality  # type: ignore[assignment]
    return best


def request_language(request: Request) -> Lang:
    """The `lang` dependency, and what error handlers answer in."""
    return language_of(request.headers.get("accept-language"))
