"""The fee engine: a pure function from a procedure's fee rule and a person's answers to an itemised amount.

No I/O here, so the rules are easy to test exhaustively. Amounts are integer VND. Bad answers raise
`FeeInputError` naming the field, with a message a citizen can act on in Vietnamese and English.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from backend.i18n import Lang, Text, both

Channel = Literal["counter", "online"]
Amount = Annotated[int, msgspec.Meta(ge=0)]


class Reduced(msgspec.Struct, forbid_unknown_fields=True):
    amount: Amount
    # Groups (nguoi_co_cong, hoc_sinh_sinh_vien, …) who pay the reduced amount.
    for_: list[str] = msgspec.field(name="for")


class PageTier(msgspec.Struct, forbid_unknown_fields=True):
    from_page: Annotated[int, msgspec.Meta(ge=1)]
    amount: Amount
    to_page: Annotated[int, msgspec.Meta(ge=1)] | None = None


class _Rule(msgspec.Struct, tag_field="kind", omit_defaults=True, forbid_unknown_fields=True):
    # Groups exempt from paying anything under this rule.
    exemptions: list[str] = []
    # False when the amount is an estimate still to be checked against the national database.
    verified: bool = True


class FreeFee(_Rule, tag="free"):
    pass


class FlatFee(_Rule, tag="flat"):
    amount: Amount = 0
    reduced: Reduced | None = None
    # Named alternatives to the base amount, e.g. {"lost_or_damaged": 400000}.
    variants: dict[str, Amount] = {}


class PerCopyFee(_Rule, tag="per_copy"):
    amount: Amount = 0


class PerPageFee(_Rule, tag="per_page"):
    tiers: list[PageTier] = []
    cap_per_copy: Amount | None = None


class ByChannelFee(_Rule, tag="by_channel"):
    counter: Amount = 0
    online: Amount = 0


FeeRule = FreeFee | FlatFee | PerCopyFee | PerPageFee | ByChannelFee


class FeeAnswers(msgspec.Struct, forbid_unknown_fields=True):
    """What the person says: how many copies and pages, how they file, which exemptions they claim."""

    copies: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    # UNSET rather than None when absent, so a wrong type reads "must be a whole number", not "or null".
    pages: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | msgspec.UnsetType = msgspec.UNSET
    channel: Channel = "online"
    exemptions: list[str] = []
    variant: str | None = None


class FeeLine(msgspec.Struct):
    label: str
    amount: int
    # Null on quotes stored before fees were explained in English too.
    label_en: str | None = None


class FeeQuote(msgspec.Struct):
    """The amount and its words in both languages (phones show it offline, in either)."""

    total: int
    lines: list[FeeLine]
    explanation: str
    currency: Literal["VND"] = "VND"
    explanation_en: str | None = None


class FeeInputError(ValueError):
    def __init__(self, field: str, text: Text) -> None:
        super().__init__(f"{field}: {text.vi}")
        self.field = field
        self.text = text
        self.message = text.vi


_GROUP_NAMES = {
    "nguoi_co_cong": Text("người có công với cách mạng", "people with meritorious service to the revolution"),
    "ho_ngheo": Text("hộ nghèo", "poor households"),
    "nguoi_khuyet_tat": Text("người khuyết tật", "people with disabilities"),
    "hoc_sinh_sinh_vien": Text("học sinh, sinh viên", "pupils and students"),
}
_VARIANT_NAMES = {"lost_or_damaged": Text("cấp lại do mất, hỏng", "reissue after loss or damage")}
_CHANNEL_NAMES = {"counter": Text("nộp tại quầy", "filed at the counter"), "online": Text("nộp trực tuyến", "filed online")}


def vnd(amount: int, lang: Lang = "vi") -> str:
    """`1250000` → `1.250.000 ₫` (vi) or `₫1,250,000` (en), as Intl.NumberFormat shows them in the PWA."""
    grouped = f"{amount:,}"
    return f"₫{grouped}" if lang == "en" else grouped.replace(",", ".") + " ₫"


def _money(amount: int) -> Text:
    return Text(vnd(amount, "vi"), vnd(amount, "en"))


def group_name(code: str) -> Text:
    return _GROUP_NAMES.get(code) or Text(code.replace("_", " "), code.replace("_", " "))


def _variant_name(code: str) -> Text:
    return _VARIANT_NAMES.get(code) or Text(code.replace("_", " "), code.replace("_", " "))


def _groups(codes: list[str]) -> Text:
    return both(lambda lang: ", ".join(group_name(g)[lang] for g in codes))


def _line(label: Text, amount: int) -> FeeLine:
    return FeeLine(label.vi, amount, label.en)


def _quote(total: int, lines: list[FeeLine], explanation: Text) -> FeeQuote:
    return FeeQuote(total, lines, explanation.vi, explanation_en=explanation.en)


def _copies(n: int) -> Text:
    return Text(f"{n} bản", f"{n} {'copy' if n == 1 else 'copies'}")


def _check(answers: FeeAnswers) -> None:
    # msgspec enforces these at the API edge; direct callers get the same guarantees.
    if not isinstance(answers.copies, int) or answers.copies < 1:
        raise FeeInputError("copies", Text("Số bản phải là số nguyên từ 1 trở lên.", "The number of copies must be a whole number from 1."))
    if answers.pages is not msgspec.UNSET and (not isinstance(answers.pages, int) or answers.pages < 1):
        raise FeeInputError("pages", Text("Số trang phải là số nguyên từ 1 trở lên.", "The number of pages must be a whole number from 1."))
    if answers.channel not in _CHANNEL_NAMES:
        raise FeeInputError(
            "channel",
            Text(
                "Hình thức nộp phải là 'counter' (tại quầy) hoặc 'online' (trực tuyến).",
                "The way of filing must be 'counter' or 'online'.",
            ),
        )


def quote(rule: FeeRule, answers: FeeAnswers) -> FeeQuote:
    _check(answers)
    exempt = sorted(set(answers.exemptions) & set(rule.exemptions))
    if exempt:
        who = _groups(exempt)
        return _quote(
            0,
            [_line(Text(f"Miễn phí cho {who.vi}", f"Free for {who.en}"), 0)],
            Text(f"Được miễn phí, lệ phí ({who.vi}).", f"No fee or charge to pay ({who.en})."),
        )
    match rule:
        case FreeFee():
            return _quote(0, [], Text("Không thu phí, lệ phí.", "No fee or charge."))
        case FlatFee():
            return _flat(rule, answers)
        case PerCopyFee():
            total, each, copies = rule.amount * answers.copies, _money(rule.amount), _copies(answers.copies)
            line = _line(Text(f"{copies.vi} × {each.vi}", f"{copies.en} × {each.en}"), total)
            return _quote(
                total,
                [line],
                Text(
                    f"{each.vi} mỗi bản × {copies.vi} = {vnd(total)}.",
                    f"{each.en} per copy × {copies.en} = {vnd(total, 'en')}.",
                ),
            )
        case PerPageFee():
            return _per_page(rule, answers)
        case ByChannelFee():
            amount = rule.online if answers.channel == "online" else rule.counter
            channel = _CHANNEL_NAMES[answers.channel]
            label = Text(channel.vi.capitalize(), channel.en.capitalize())
            other = "counter" if answers.channel == "online" else "online"
            other_amount = rule.counter if other == "counter" else rule.online
            explanation = both(
                lambda lang: f"{label[lang]}: {vnd(amount, lang)} ({_CHANNEL_NAMES[other][lang]}: {vnd(other_amount, lang)})."
            )
            return _quote(amount, [_line(label, amount)], explanation)
    raise AssertionError(f"unknown fee rule {rule!r}")  # pragma: no cover


def _flat(rule: FlatFee, answers: FeeAnswers) -> FeeQuote:
    label, amount = Text("Lệ phí", "Fee"), rule.amount
    if answers.variant is not None:
        if answers.variant not in rule.variants:
            raise FeeInputError(
                "variant",
                Text("Trường hợp đã chọn không áp dụng cho thủ tục này.", "The chosen case does not apply to this procedure."),
            )
        variant = _variant_name(answers.variant)
        label, amount = Text(f"Lệ phí ({variant.vi})", f"Fee ({variant.en})"), rule.variants[answers.variant]
    reduced_for = sorted(set(answers.exemptions) & set(rule.reduced.for_)) if rule.reduced else []
    if rule.reduced and reduced_for and rule.reduced.amount < amount:
        who, reduced = _groups(reduced_for), rule.reduced.amount
        line = _line(Text(f"{label.vi}, mức giảm cho {who.vi}", f"{label.en}, reduced for {who.en}"), reduced)
        return _quote(
            reduced,
            [line],
            Text(
                f"{vnd(reduced)} (giảm từ {vnd(amount)} cho {who.vi}).",
                f"{vnd(reduced, 'en')} (reduced from {vnd(amount, 'en')} for {who.en}).",
            ),
        )
    return _quote(
        amount, [_line(label, amount)], Text(f"{vnd(amount)} mỗi hồ sơ.", f"{vnd(amount, 'en')} per dossier.")
    )


def page_amount(rule: PerPageFee, pages: int) -> int:
    """The fee for one copy of `pages` pages, before the cap."""
    total = 0
    for tier in rule.tiers:
        last = pages if tier.to_page is None else min(tier.to_page, pages)
        if last >= tier.from_page:
            total += (last - tier.from_page + 1) * tier.amount
    return total


def _per_page(rule: PerPageFee, answers: FeeAnswers) -> FeeQuote:
    if answers.pages is msgspec.UNSET:
        raise FeeInputError(
            "pages",
            Text("Hãy nhập số trang của giấy tờ để tính lệ phí.", "Enter the number of pages of the paper to work out the fee."),
        )
    pages = answers.pages
    per_copy = page_amount(rule, pages)
    capped = rule.cap_per_copy is not None and per_copy > rule.cap_per_copy
    if capped:
        per_copy = rule.cap_per_copy  # type: ignore[assignment]
    total = per_copy * answers.copies
    copies = _copies(answers.copies)
    page_words = Text(f"{pages} trang", f"{pages} {'page' if pages == 1 else 'pages'}")
    label = Text(f"{copies.vi} × {page_words.vi}", f"{copies.en} × {page_words.en}")
    cap = rule.cap_per_copy or 0
    explanation = Text(
        f"{vnd(per_copy)} mỗi bản ({page_words.vi}" + (f", tối đa {vnd(cap)} mỗi bản)" if capped else ")")
        + f" × {copies.vi} = {vnd(total)}.",
        f"{vnd(per_copy, 'en')} per copy ({page_words.en}" + (f", at most {vnd(cap, 'en')} per copy)" if capped else ")")
        + f" × {copies.en} = {vnd(total, 'en')}.",
    )
    return _quote(total, [_line(label, total)], explanation)


def _rule_words(rule: FeeRule, lang: Lang) -> str:
    en = lang == "en"
    match rule:
        case FreeFee():
            return "Free" if en else "Miễn phí"
        case FlatFee():
            text = f"{vnd(rule.amount, lang)} {'per dossier' if en else 'mỗi hồ sơ'}"
            for name, amount in rule.variants.items():
                text += f"; {_variant_name(name)[lang]}: {vnd(amount, lang)}"
            if rule.reduced:
                text += f"; {_groups(rule.reduced.for_)[lang]}: {vnd(rule.reduced.amount, lang)}"
            return text
        case PerCopyFee():
            return f"{vnd(rule.amount, lang)} {'per copy' if en else 'mỗi bản'}"
        case PerPageFee():
            parts = []
            for tier in rule.tiers:
                if en:
                    pages = f"pages {tier.from_page}–{tier.to_page}" if tier.to_page else f"from page {tier.from_page}"
                else:
                    pages = f"trang {tier.from_page}–{tier.to_page}" if tier.to_page else f"từ trang {tier.from_page}"
                parts.append(f"{pages}: {vnd(tier.amount, lang)}/{'page' if en else 'trang'}")
            text = ", ".join(parts)
            if rule.cap_per_copy is not None:
                cap = vnd(rule.cap_per_copy, lang)
                text += f"; at most {cap} per copy" if en else f"; tối đa {cap} mỗi bản"
            return text
        case ByChannelFee():
            online, counter = vnd(rule.online, lang), vnd(rule.counter, lang)
            return f"Online: {online}; at the counter: {counter}" if en else f"Nộp trực tuyến: {online}; nộp tại quầy: {counter}"
    raise AssertionError(f"unknown fee rule {rule!r}")  # pragma: no cover


def describe(rule: FeeRule, lang: Lang = "vi") -> str:
    """The rule in one sentence, for the procedure page."""
    text = _rule_words(rule, lang)
    if rule.exemptions:
        text += ("; free for " if lang == "en" else "; miễn cho ") + _groups(rule.exemptions)[lang]
    return text + "."
