"""The committed OpenAPI document and TypeScript types match what the code generates."""

from __future__ import annotations

import subprocess

from backend.openapi import SCHEMA_PATH, generate
from backend.settings import ROOT

TYPES_PATH = ROOT / "api_schema" / "openapi.d.ts"
OPENAPI_TYPESCRIPT = ROOT / "pwa" / "node_modules" / ".bin" / "openapi-typescript"


def test_committed_openapi_matches_the_routes() -> None:
    assert SCHEMA_PATH.read_text("utf-8") == generate(), "routes changed: run `just schema` and commit"


def test_committed_typescript_types_match_the_openapi_document() -> None:
    generated = subprocess.run(
        [str(OPENAPI_TYPESCRIPT), str(SCHEMA_PATH)], capture_output=True, text=True, check=True
    ).stdout
    assert TYPES_PATH.read_text("utf-8") == generated, "types are stale: run `just schema` and commit"
