"""The templates screen's API: each preview says how its SMS is sent (GSM-7 here) and how long it is in that
encoding's units, so the screen can show the segment count and flag a text over one segment."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from backend.notifications import templates
from backend.notifications.gsm import GSM7_EXTENSION, segments, to_gsm7
from tests.support import SignedIn


async def test_each_preview_counts_its_sms_in_the_encoding_it_is_sent_in(client: AsyncTestClient, admin: SignedIn) -> None:
    answer = await client.get("/api/admin/notification-templates", headers=admin.headers())
    assert answer.status_code == 200, answer.text
    previews = answer.json()
    assert previews and {p["sms_encoding"] for p in previews} == {"gsm7"}  # the default: no diacritics in SMS
    for preview in previews:
        sms = preview["sms"]
        assert to_gsm7(sms) == sms, preview["kind"]
        assert preview["sms_units"] == len(sms) + sum(ch in GSM7_EXTENSION for ch in sms)
        assert preview["sms_segments"] == segments(sms, unicode=False) == 1
    # With its diacritics the same Vietnamese text would be UCS-2: over one segment (what the screen flags).
    received = next(p for p in previews if p["sample"].get("to_state") == "received" and p["language"] == "vi")
    assert received["sms_unicode_segments"] > 1
    assert received["sms_units"] <= 160


def test_a_unicode_deployment_counts_utf16_units() -> None:
    for preview in templates.previews(unicode=True):
        assert preview.sms_encoding == "ucs2"
        assert preview.sms_units == len(preview.sms.encode("utf-16-le")) // 2
        assert preview.sms_segments == segments(preview.sms, unicode=True)
    assert any(p.sms_segments > 1 for p in templates.previews(unicode=True))
