"""`just up`: everything a newcomer needs, running, until Ctrl-C.

Starts embedded PostgreSQL/Valkey when DATABASE_URL/REDIS_URL are unset, generates
development secrets into .data/, migrates, loads demo data, then runs the API (granian)
and WORKER_PROCESSES workers (`python -m workers`, default 1; API_WORKERS granian workers, default 1). A process that dies after start-up is restarted with
backoff, as systemd's `Restart=always` would in production. Ctrl-C stops what it started,
in reverse order.
"""

from __future__ import annotations

import os
import shutil
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.notifications.clients.push.vapid import ensure_vapid_keys  # noqa: E402
from backend.notifications.clients.sms.base import receipt_token, with_token  # noqa: E402
from backend.results.signing import ensure_demo_certificates  # noqa: E402
from backend.settings import Settings  # noqa: E402
from scripts.devservices import DATA, ROOT, free_port, services  # noqa: E402
import sandbox  # noqa: E402

PYTHON = sys.executable
_READY_TIMEOUT_S = 90
# A dead process is restarted at once, then after 1, 2, 4… up to 30 s while it keeps dying; one that ran
# this long before dying counts as healthy again.
_HEALTHY_RUN_S = 60
_LONGEST_RESTART_DELAY_S = 30
# Where the simulators listen when these ports are free (else any free port; the addresses are printed).
SIMULATOR_PORTS = {"esms": 8091, "epacific": 8092, "vnpay": 8093, "bank": 8094, "vnpost": 8095}


class Supervised:
    """A child process in its own session (Ctrl-C reaches only this script), restarted when it dies."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name, self.command, self.env = name, command, env
        self.restarts = 0
        self.restart_at: float | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, start_new_session=True)
        self.started_at = time.monotonic()

    def tend(self) -> None:
        """Restart the process once it has died and its delay has passed."""
        code = self.process.poll()
        if code is None:
            return
        now = time.monotonic()
        if self.restart_at is None:
            if now - self.started_at >= _HEALTHY_RUN_S:
                self.restarts = 0
            delay = min(_LONGEST_RESTART_DELAY_S, 2 ** (self.restarts - 1)) if self.restarts else 0
            print(f"just up: the {self.name} exited with code {code}; restarting it in {delay} s", file=sys.stderr, flush=True)
            self.restart_at = now + delay
        elif now >= self.restart_at:
            self.restarts += 1
            self.restart_at = None
            self.start()


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

    cert, key, root = ensure_demo_certificates(DATA / "signing")
    values.setdefault("SIGNING_CERT_PATH", str(cert))
    values.setdefault("SIGNING_KEY_PATH", str(key))
    values.setdefault("SIGNING_ROOT_CERT_PATH", str(root))
    # Web push's VAPID pair: browsers subscribe with its public half, so it must outlive restarts.
    vapid_private, vapid_public = ensure_vapid_keys(DATA / "vapid")
    values.setdefault("VAPID_PRIVATE_KEY", str(vapid_private))
    values.setdefault("VAPID_PUBLIC_KEY", str(vapid_public))
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    path.chmod(0o600)
    return values


def simulators(env: dict[str, str], url: str) -> tuple[dict[str, str], dict[str, Supervised]]:
    """The outside world played locally (sandbox/), unless its settings are given: the two SMS gateways (sign-in
    codes and status messages "arrive" on their inbox pages), VNPay (a pay page), the bank account VietQR pays
    into (a page to make transfers) and VNPost's order API (a page to move orders; used with DELIVERY_CARRIER=vnpost).
    Returns the settings pointing at them, and the processes by address."""
    ports = {name: str(free_port(port)) for name, port in SIMULATOR_PORTS.items()}
    local = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    settings: dict[str, str] = {}
    if not os.environ.get("SMS_PROVIDERS"):
        settings |= {
            "SMS_PROVIDERS": "esms,epacific",
            "ESMS_URL": local["esms"], "ESMS_API_KEY": sandbox.API_KEY, "ESMS_SECRET_KEY": sandbox.SECRET,
            "ESMS_BRANDNAME": sandbox.BRANDNAME,
            "EPACIFIC_URL": local["epacific"], "EPACIFIC_TOKEN": sandbox.SECRET, "EPACIFIC_BRANDNAME": sandbox.BRANDNAME,
        }
    if not os.environ.get("VNPAY_TMN_CODE"):
        settings |= {
            "VNPAY_TMN_CODE": sandbox.TMN_CODE, "VNPAY_HASH_SECRET": sandbox.SECRET,
            "VNPAY_PAY_URL": f"{local['vnpay']}/paymentv2/vpcpay.html",
            "VNPAY_API_URL": f"{local['vnpay']}/merchant_webapi/api/transaction",
        }
    if not os.environ.get("BANK_ACCOUNT_NO"):
        settings |= {
            "BANK_BIN": "970436", "BANK_ACCOUNT_NO": "0071000123456", "BANK_ACCOUNT_NAME": "TRUNG TAM PHUC VU HCC",
            "BANK_WEBHOOK_SECRET": sandbox.SECRET,
        }
    if not os.environ.get("VNPOST_USERNAME"):
        settings |= {
            "VNPOST_URL": f"{local['vnpost']}/api/api", "VNPOST_USERNAME": sandbox.VNPOST_USERNAME,
            "VNPOST_PASSWORD": sandbox.SECRET, "VNPOST_WEBHOOK_SECRET": sandbox.SECRET,
        }
    # ePacific's receipts, VNPay's IPNs, the bank's notices and VNPost's webhooks go where the account says (eSMS is
    # told per message).
    receipt_key = Settings.from_env({**env, **settings}).sms_receipt_key
    flags = {
        "esms": [], "epacific": ["--receipts-to", with_token(f"{url}/api/notifications/receipts/epacific",
                                                               receipt_token(receipt_key, "epacific"))],
        "vnpay": ["--ipn-url", f"{url}/api/payments/vnpay/ipn"],
        "bank": ["--webhook-url", f"{url}/api/payments/bank/notices"],
        "vnpost": ["--webhook-url", f"{url}/api/delivery/vnpost/callback"],
    }
    wanted = {
        "esms": "ESMS_URL", "epacific": "EPACIFIC_URL", "vnpay": "VNPAY_TMN_CODE", "bank": "BANK_ACCOUNT_NO",
        "vnpost": "VNPOST_USERNAME",
    }
    processes = {
        local[name]: Supervised(f"{name} simulator", [PYTHON, "-m", "sandbox", name, "--port", ports[name], *flags[name]], env)
        for name, setting in wanted.items() if setting in settings
    }
    return settings, processes


def wait_ready(url: str, children: list[Supervised]) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(child.process.poll() is not None for child in children):
            raise RuntimeError("a process exited during start-up; see the log above")
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}/ready did not answer 200 within {_READY_TIMEOUT_S}s")


def stop(children: list[Supervised]) -> None:
    for child in reversed(children):
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGINT)
    for child in reversed(children):
        try:
            child.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.process.kill()


def fresh_metrics_dir() -> Path:
    """Where every API and worker process writes its metrics (prometheus_client's multiprocess mode), emptied at
    each start: samples of processes from an earlier run must not be summed with this one's."""
    directory = DATA / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    url = f"http://{host}:{port}"

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    children: list[Supervised] = []
    with services(dict(os.environ)) as urls:
        env = {**os.environ, **development_secrets(), **urls, "PUBLIC_URL": url,
               "PROMETHEUS_MULTIPROC_DIR": str(fresh_metrics_dir())}
        simulated, started = simulators(env, url)
        children.extend(started.values())
        env.update(simulated)
        try:
            subprocess.run([PYTHON, "-m", "backend.migrate"], env=env, cwd=ROOT, check=True)
            subprocess.run([PYTHON, "-m", "backend.seed"], env=env, cwd=ROOT, check=True)
            # The public dashboard counted once now, not at the worker's first 10-minute refresh.
            subprocess.run([PYTHON, "-m", "backend.stats.rebuild"], env=env, cwd=ROOT, check=True)
            children.append(Supervised(
                "API",
                [PYTHON, "-m", "granian", "--interface", "asgi", "--factory", "--host", host,
                 "--port", port, "--workers", os.environ.get("API_WORKERS", "1"), "backend.app:create_app"],
                {**env, "MIGRATE_ON_START": "false"},
            ))
            # WORKER_PROCESSES arq workers on the one queue (arq claims each job for one of them).
            for number in range(1, int(os.environ.get("WORKER_PROCESSES", "1")) + 1):
                children.append(Supervised(f"worker {number}", [PYTHON, "-m", "workers"], env))
            wait_ready(url, children)
            print(f"\n  Một Cửa is running at {url}/   (API schema: {url}/schema)\n", flush=True)
            for address, process in started.items():
                print(f"  {process.name:<18} {address}/", flush=True)
            print(flush=True)
            subprocess.run([PYTHON, "-m", "backend.seed", "--print-accounts"], env=env, cwd=ROOT, check=True)
            print("  Press Ctrl-C to stop.\n", flush=True)
            while True:
                for child in children:
                    child.tend()
                time.sleep(0.5)
        except KeyboardInterrupt:
            print("\nstopping…", flush=True)
            return 0
        except (subprocess.CalledProcessError, RuntimeError) as exc:
            print(f"just up: {exc}", file=sys.stderr)
            return 1
        finally:
            stop(children)


if __name__ == "__main__":
    sys.exit(main())
