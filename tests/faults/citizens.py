"""Simulated citizens filing dossiers the way the PWA does: a 503 is retried after its Retry-After with the
same request (same draft id, same page id, same Idempotency-Key); everything the API answered is kept."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from backend.ids import new_id
from tests.support import BIRTH_FORM, BIRTH_REGISTRATION, SignedIn, document_photo

_MAX_TRIES = 20
_READY_WAIT_S = 90
_PHOTO = document_photo(480, 640)


@dataclass
class Record:
    """What the API answered during the run."""

    answers: list[httpx.Response] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # acknowledged (200) page ids
    pages_first_refused: set[str] = field(default_factory=set)  # of those, the ones answered 503 first
    submitted: dict[str, str] = field(default_factory=dict)  # dossier id → dossier code, as acknowledged
    unfinished: list[str] = field(default_factory=list)  # dossiers whose pages never became ready

    def unavailable(self) -> list[httpx.Response]:
        return [a for a in self.answers if a.status_code == 503]


async def patiently(record: Record, send: Callable[[], Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Send until the answer is not a 503, waiting what each 503 asks (as the PWA's API client does).
    The answers, the last one final."""
    answers = []
    for _ in range(_MAX_TRIES):
        answers.append(await send())
        record.answers.append(answers[-1])
        if answers[-1].status_code != 503:
            return answers
        await asyncio.sleep(float(answers[-1].headers.get("retry-after", "1")))  # the client's protocol, not a timing
    raise AssertionError(f"still 503 after {_MAX_TRIES} tries: {answers[-1].request.url}")


def _expect(answer: httpx.Response) -> dict:
    assert answer.status_code == 200, f"{answer.request.method} {answer.request.url}: {answer.text}"
    return answer.json()


async def _pages_ready(http: httpx.AsyncClient, who: SignedIn, record: Record, dossier_id: str) -> bool:
    deadline = asyncio.get_running_loop().time() + _READY_WAIT_S
    while asyncio.get_running_loop().time() < deadline:
        answers = await patiently(record, lambda: http.get(f"/api/dossiers/{dossier_id}", headers=who.headers()))
        documents = _expect(answers[-1])["documents"]
        if all(page["status"] == "ready" for slot in documents for page in slot["pages"]):
            return True
        await asyncio.sleep(0.3)  # polling for a state, as the PWA does
    return False


async def file_one_dossier(http: httpx.AsyncClient, who: SignedIn, record: Record) -> None:
    dossier_id = str(new_id())
    draft = {"procedure_code": BIRTH_REGISTRATION, "form": BIRTH_FORM}
    answers = await patiently(record, lambda: http.put(f"/api/dossiers/{dossier_id}", json=draft, headers=who.headers()))
    dossier = _expect(answers[-1])
    for slot in dossier["documents"]:
        if not slot["required"]:
            continue
        page_id = str(new_id())
        path = f"/api/dossiers/{dossier_id}/documents/{slot['code']}/pages/{page_id}"
        upload_headers = who.headers(**{"Content-Type": "image/jpeg"})
        answers = await patiently(record, lambda: http.put(path, content=_PHOTO, headers=upload_headers))
        _expect(answers[-1])
        record.pages.append(page_id)
        if len(answers) > 1:
            record.pages_first_refused.add(page_id)
    if not await _pages_ready(http, who, record, dossier_id):
        record.unfinished.append(dossier_id)
        return
    key = str(new_id())
    submit_headers = who.headers(**{"Idempotency-Key": key, "Content-Type": "application/json"})
    answers = await patiently(
        record, lambda: http.post(f"/api/dossiers/{dossier_id}/submit", content=b"{}", headers=submit_headers)
    )
    record.submitted[dossier_id] = _expect(answers[-1])["code"]


async def keep_filing(http: httpx.AsyncClient, who: SignedIn, record: Record, stop: asyncio.Event) -> None:
    """Dossier after dossier until told to stop; the dossier under way is finished first."""
    while not stop.is_set():
        await file_one_dossier(http, who, record)
