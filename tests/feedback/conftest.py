from tests.feedback.walk import rating_commune  # noqa: F401 — the fixture, for this folder
