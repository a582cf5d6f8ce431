"""Postage by public post: a pure function from a tariff, the two provinces and a weight class to an amount.

Policy:
- The tariff is configurable (the `POSTAGE_TARIFF` setting, JSON shaped as `Tariff`); unset, it is `DEFAULT`: the
  result letter costs what the catalogue's `postage_estimate_vnd` says (25.000 ₫ within the province, 35.000 ₫ to
  another one), and the heavier class for paper originals collected from home (up to 2 kg) 35.000 ₫ / 50.000 ₫.
  Both are estimates (`estimate`), shown as such, until the province's contract with the post fixes them.
- Zones are the two the public post prices by: the same province as the desk, or another one.
- Here in the catalogue, beside the fee engine, because both the dossiers domain (the quote stored at submission,
  the postage line added to the fee) and the delivery domain (shipments, the public tariff) read it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

import msgspec

from backend.catalog.fees import FeeLine, FeeQuote, vnd
from backend.i18n import Text

RESULT_LETTER = "result_letter"
PAPERS_2KG = "papers_2kg"
Zone = Literal["same_province", "other_province"]
Amount = Annotated[int, msgspec.Meta(ge=0)]


class WeightClass(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    name: str
    name_en: str
    max_grams: Annotated[int, msgspec.Meta(gt=0)]
    same_province: Amount
    other_province: Amount
    # True while the amount is an estimate the province's contract with the post has not confirmed.
    estimate: bool = True


class Tariff(msgspec.Struct, forbid_unknown_fields=True):
    classes: list[WeightClass]
    currency: Literal["VND"] = "VND"


class PostageQuote(msgspec.Struct):
    amount: int
    weight_class: str
    zone: Zone
    estimate: bool
    # Who pays it: with the fee (in the app or at the desk), or in cash to the courier.
    payment: Literal["with_fee", "on_delivery"] = "with_fee"


DEFAULT = Tariff(classes=[
    WeightClass(RESULT_LETTER, "Thư kết quả (đến 250 g)", "Result letter (up to 250 g)", 250, 25_000, 35_000),
    WeightClass(PAPERS_2KG, "Giấy tờ gốc (đến 2 kg)", "Paper originals (up to 2 kg)", 2_000, 35_000, 50_000),
])


class TariffError(ValueError):
    """POSTAGE_TARIFF is not a tariff; the message says why."""


@lru_cache(maxsize=4)
def tariff_from(raw: str | None) -> Tariff:
    """The tariff a `POSTAGE_TARIFF` value describes (DEFAULT when unset); it must price both classes we send."""
    if not raw:
        return DEFAULT
    try:
        tariff = msgspec.json.decode(raw, type=Tariff)
    except msgspec.DecodeError as error:
        raise TariffError(f"POSTAGE_TARIFF: {error}") from None
    missing = {RESULT_LETTER, PAPERS_2KG} - {c.code for c in tariff.classes}
    if missing:
        raise TariffError(f"POSTAGE_TARIFF: no price for {', '.join(sorted(missing))}")
    return tariff


def weight_class(tariff: Tariff, code: str) -> WeightClass:
    return next(c for c in tariff.classes if c.code == code)


def quote(
    tariff: Tariff, origin_province: str, destination_province: str, class_code: str,
    payment: Literal["with_fee", "on_delivery"] = "with_fee",
) -> PostageQuote:
    chosen = weight_class(tariff, class_code)
    zone: Zone = "same_province" if origin_province == destination_province else "other_province"
    amount = chosen.same_province if zone == "same_province" else chosen.other_province
    return PostageQuote(amount, chosen.code, zone, chosen.estimate, payment)


def fee_line(tariff: Tariff, postage: PostageQuote) -> FeeLine:
    name = weight_class(tariff, postage.weight_class)
    label = Text(f"Cước bưu chính: {name.name.lower()}", f"Postage: {name.name_en.lower()}")
    return FeeLine(label.vi, postage.amount, label.en)


def with_postage(tariff: Tariff, fee: FeeQuote | None, postage: PostageQuote) -> FeeQuote:
    """The fee quote with the postage added as one more line (what a payment then charges)."""
    lines = [*(fee.lines if fee else []), fee_line(tariff, postage)]
    total = (fee.total if fee else 0) + postage.amount
    vi = f"{fee.explanation} " if fee else ""
    en = f"{fee.explanation_en or fee.explanation} " if fee else ""
    return FeeQuote(
        total, lines, f"{vi}Cước bưu chính {vnd(postage.amount)}.",
        explanation_en=f"{en}Postage {vnd(postage.amount, 'en')}.",
    )
