"""Schemathesis against the live API (granian, real PostgreSQL and Redis), with every check it has.

It reads the document the running app serves at /schema/openapi.json, generates requests from it
(examples, coverage of boundaries and invalid inputs, fuzzing, stateful sequences) and checks each
answer against the document: no server error; every status, content type, header and body as
documented; invalid input refused; valid input accepted; guarded operations refuse a missing session.
It runs anonymously and as a signed-in citizen, with a fixed seed and a fixed number of examples per
operation, so that a run is repeatable and bounded.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.engine import Status, events, from_schema

from tests.support import SignedIn, sign_in_citizen

# With the coverage phase (boundaries and invalid inputs, not counted here) both runs take about two
# minutes of one core; the generation, not the server, is the bottleneck.
MAX_EXAMPLES = 12
SEED = 20_260_101
# Statuses schemathesis accepts for schema-valid requests by default.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

# False positives: requests valid by the document that a rule JSON Schema cannot state refuses.
# Each operation gets the listed statuses added to what counts as accepting valid data, and nothing else.
SEMANTIC_REFUSALS: dict[tuple[str, str], tuple[list[str], str]] = {
    ("POST", "/api/auth/citizen/code"): (
        ["422"], "`phone` must be a real Vietnamese mobile number (the phonenumbers library decides): invalid_phone",
    ),
    ("POST", "/api/auth/citizen/session"): (
        ["400", "422"], "the code must be the one just sent to that phone (400 code_*); the phone a real mobile number",
    ),
    ("GET", "/api/stats/dashboard"): (
        ["422"], "a period is a month, a quarter or a year (2026-11, 2026-Q4, 2026), or from ≤ to at most 366 days "
        "apart: invalid_period",
    ),
    ("GET", "/api/stats/dashboard.csv"): (["422"], "the same periods as the dashboard's JSON: invalid_period"),
    ("POST", "/api/feedback"): (
        ["422"], "signed out, `phone` is a real mobile number and `code` its live SMS code (phone_not_confirmed); "
        "`photo_ids` are the sender's own unsent uploads",
    ),
    ("POST", "/api/feedback/photos"): (
        ["422"], "the body must decode as a photo (the documents' imaging checks); signed out, X-Phone is a real "
        "mobile number with its live code in X-Phone-Code",
    ),
    ("POST", "/api/dossiers/{dossier_id}/rating"): (
        ["422"], "`scores` names each of the nine criteria (their codes come with GET …/rating) once, 0–2: "
        "incomplete_rating",
    ),
    ("POST", "/api/auth/staff/password-link"): (
        ["400"], "the token must be a live one-time link an admin issued: password_link_invalid / _used / _expired",
    ),
    ("POST", "/api/auth/staff/password"): (
        ["400", "422"], "the token must be a live link (400 password_link_*); the password must not contain the "
        "username nor be mostly spaces (password_too_weak)",
    ),
    ("PUT", "/api/me/profile"): (
        ["422"], "a CCCD's first digits name a province and its 4th–6th the birth year; a birth date is not in the "
        "future; province and commune exist and belong together",
    ),
    ("GET", "/api/admin/calendar/due-date"): (
        ["422"], "a sample reception date lies in the years 2000–2100: invalid_received_date",
    ),
    ("GET", "/api/admin/audit"): (["422"], "`from` is not after `to`: invalid_date_range; `before` a cursor we minted"),
    ("GET", "/api/admin/audit/export.csv"): (["422"], "`from` is not after `to`: invalid_date_range"),
}
CURSOR_REFUSAL = "`after`/`before` are opaque cursors the server minted; any other string is invalid_cursor"
CURSOR_PARAMETERS = {"after", "before"}


# The PDF copies the public verification page checks: schemathesis needs to be told what a PDF is.
schemathesis.openapi.media_type("application/pdf", st.sampled_from([b"%PDF-1.7\n%%EOF\n", b"not a pdf"]))


@dataclass(frozen=True)
class Finding:
    operation: str
    check: str
    title: str
    status: int | None
    detail: str

    def __str__(self) -> str:
        return f"{self.operation} [{self.check}] {self.title} ({self.status}): {self.detail}"


def _refusals(document: dict) -> list[dict]:
    """Per-operation configuration of the false positives above, the cursor ones found in the document."""
    refusals = dict(SEMANTIC_REFUSALS)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if names & CURSOR_PARAMETERS:
                refusals[(method.upper(), path)] = (["422"], CURSOR_REFUSAL)
    return [
        {
            "include-name": f"{method} {path}",
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED + statuses}},
        }
        for (method, path), (statuses, _reason) in refusals.items()
    ]


@dataclass
class Run:
    findings: list[Finding]
    statuses: dict[str, set[int]]  # operation → the statuses it answered


def run_schemathesis(base_url: str, session: SignedIn | None) -> Run:
    document = httpx.get(f"{base_url}/schema/openapi.json").json()
    operations = _refusals(document)
    auth = {}
    if session:
        auth = {"openapi": {"session": {"api_key": session.token}, "csrf": {"api_key": session.csrf}}}
        # Signing out would end the session the rest of the run uses.
        operations.append({"include-name": "DELETE /api/auth/session", "enabled": False})
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "base-url": base_url,
            "cache": {"enabled": False},  # nothing written into the working tree
            "auth": auth,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
            "operations": operations,
        }
    )
    schema = schemathesis.openapi.from_dict(document, config=config)
    run = Run(findings=[], statuses=defaultdict(set))
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            run.findings.extend(_failures(event))
            for case_id, node in event.recorder.cases.items():
                if response := event.recorder.find_response(case_id=case_id):
                    run.statuses[node.value.operation.label].add(response.status_code)
        elif isinstance(event, events.NonFatalError):
            run.findings.append(Finding(event.label, "error", type(event.value).__name__, None, str(event.value)[:300]))
        elif isinstance(event, events.FatalError):
            raise event.exception
    return run


def _failures(event: events.ScenarioFinished) -> list[Finding]:
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status != Status.FAILURE or check.failure_info is None:
                continue
            failure = check.failure_info.failure
            response = event.recorder.find_response(case_id=case_id)
            body = response.content[:300] if response else b""
            found.append(
                Finding(
                    f"{event.recorder.cases[case_id].value.operation.label} ({event.phase.value})", check.name,
                    failure.title,
                    response.status_code if response else None, f"{failure.message[:300]} | {body!r}",
                )
            )
    return found


def _report(findings: list[Finding]) -> str:
    distinct = sorted({str(f) for f in findings})
    return f"{len(distinct)} distinct findings:\n" + "\n".join(distinct[:60])


async def test_anonymous_caller_finds_no_server_error_and_no_conformance_failure(live_url: str) -> None:
    run = await asyncio.to_thread(run_schemathesis, live_url, None)
    assert not run.findings, _report(run.findings)
    assert run.statuses["GET /api/catalog/procedures"] >= {200, 422}, run.statuses
    assert run.statuses["GET /api/wallet"] - {405} == {401}, "anonymous calls reached a guarded operation"


@pytest.fixture
async def live_citizen(live_url: str) -> SignedIn:
    async with httpx.AsyncClient(base_url=live_url) as http:
        return await sign_in_citizen(http)


async def test_signed_in_citizen_finds_no_server_error_and_no_conformance_failure(
    live_url: str, live_citizen: SignedIn
) -> None:
    run = await asyncio.to_thread(run_schemathesis, live_url, live_citizen)
    assert not run.findings, _report(run.findings)
    # The session was used: the citizen's own operations answered, staff ones refused the role.
    assert 200 in run.statuses["GET /api/wallet"] and 200 in run.statuses["GET /api/me/profile"], run.statuses
    assert 403 in run.statuses["GET /api/office/queue"], run.statuses
