"""`python -m backend.openapi` writes api_schema/openapi.json from the app's routes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from backend.app import create_app
from backend.settings import ROOT, Settings

SCHEMA_PATH = ROOT / "api_schema" / "openapi.json"


def generate() -> str:
    # The document depends on routes only; these placeholders are never connected to.
    settings = Settings(database_url="postgresql://unused/unused", redis_url="redis://unused")
    document = create_app(settings).openapi_schema.to_schema()
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(path: Path = SCHEMA_PATH) -> int:
    path.write_text(generate(), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
