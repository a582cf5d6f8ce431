"""`just up`: everything a newcomer needs, running, until Ctrl-C.

Starts embedded PostgreSQL/Valkey when DATABASE_URL/REDIS_URL are unset, generates
development secrets into .data/, migrates, loads demo data, then runs the API (granian)
and one arq worker. Ctrl-C stops what it started, in reverse order.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.devservices import DATA, ROOT, services  # noqa: E402

PYTHON = sys.executable
_READY_TIMEOUT_S = 90


def development_secrets() -> dict[str, str]:
    """Generated once into .data/dev.env, never committed; production sets these in its environment."""
    path = DATA / "dev.env"
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            if key and value:
                values[key] = value
    generated = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(32),
    }
    for key, make in generated.items():
        values.setdefault(key, make())
    DATA.mkdir(exist_ok=True)
    # Demo signing certificates (a demo root CA and the agency certificate it issued) for e-results.
    from backend.results.signing import ensure_demo_certificates

    cert, key, root = ensure_demo_certificates(DATA / "signing")
    values.setdefault("SIGNING_CERT_PATH", str(cert))
    values.setdefault("SIGNING_KEY_PATH", str(key))
    values.setdefault("SIGNING_ROOT_CERT_PATH", str(root))
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    path.chmod(0o600)
    return values


def wait_ready(url: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a process exited during start-up; see the log above")
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}/ready did not answer 200 within {_READY_TIMEOUT_S}s")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in reversed(processes):
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    url = f"http://{host}:{port}"

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    processes: list[subprocess.Popen] = []
    with services(dict(os.environ)) as urls:
        env = {**os.environ, **development_secrets(), **urls, "PUBLIC_URL": url}
        try:
            subprocess.run([PYTHON, "-m", "backend.migrate"], env=env, cwd=ROOT, check=True)
            subprocess.run([PYTHON, "-m", "backend.seed"], env=env, cwd=ROOT, check=True)
            # Own sessions: Ctrl-C reaches only this script, which stops the children in order.
            processes.append(subprocess.Popen(
                [PYTHON, "-m", "granian", "--interface", "asgi", "--factory", "--host", host,
                 "--port", port, "--workers", os.environ.get("API_WORKERS", "1"),
                 "backend.app:create_app"],
                env={**env, "MIGRATE_ON_START": "false"}, cwd=ROOT, start_new_session=True,
            ))
            processes.append(subprocess.Popen(
                [PYTHON, "-m", "arq", "workers.settings.WorkerSettings"],
                env=env, cwd=ROOT, start_new_session=True,
            ))
            wait_ready(url, processes)
            print(f"\n  Một Cửa is running at {url}/   (API schema: {url}/schema)\n", flush=True)
            subprocess.run([PYTHON, "-m", "backend.seed", "--print-accounts"], env=env, cwd=ROOT, check=True)
            print("  Press Ctrl-C to stop.\n", flush=True)
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            print("a process stopped unexpectedly; stopping the rest", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nstopping…", flush=True)
            return 0
        except (subprocess.CalledProcessError, RuntimeError) as exc:
            print(f"just up: {exc}", file=sys.stderr)
            return 1
        finally:
            stop(processes)


if __name__ == "__main__":
    sys.exit(main())
