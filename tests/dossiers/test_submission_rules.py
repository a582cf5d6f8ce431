"""What stops a submission, case by case: the same cases the PWA's formRules.test.ts runs through
submitProblems, so the phone promises "sẽ tự gửi khi có mạng" only when the server will accept it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backend.dossiers.forms import submission_problems
from backend.dossiers.schemas import Applicant, Delivery, DocumentSlot

CASES = json.loads((Path(__file__).parent / "submission_cases.json").read_text("utf-8"))


def _slots(provided: list[str]) -> list[DocumentSlot]:
    return [
        DocumentSlot(
            code=d["code"], name=d["name"], name_en=d.get("name_en"), required=d["required"], copies=1,
            original_needed_at_counter=False,
            wallet_type=None, pages=[], reused_wallet_document_id=None, complete=d["code"] in provided,
        )
        for d in CASES["documents"]
    ]


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["case"] for c in CASES["cases"]])
def test_the_server_names_what_is_missing_as_the_phone_does(case: dict[str, Any]) -> None:
    problems = submission_problems(
        CASES["form"], case["form"], msgspec.convert(case["applicant"], Applicant),
        msgspec.convert(case["delivery"], Delivery), _slots(case["provided"]),
        commune_missing=case["level"] == "commune" and case["commune_code"] is None,
    )
    assert [msgspec.to_builtins(p["vi"]) for p in problems] == case["problems"]  # as the wire has them
    assert [msgspec.to_builtins(p["en"]) for p in problems] == case["problems_en"]
