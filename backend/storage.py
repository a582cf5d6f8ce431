"""Object storage for photos and results: a local folder by default, any S3-compatible store by STORAGE_URL.

Keys are opaque paths such as `pages/<dossier>/<page>/original`. Each object is kept with its content
type and its SHA-256 (`head`). `get` of a missing key raises FileNotFoundError.

- `LocalStorage` (STORAGE_URL unset): files under STORAGE_DIR, written then renamed so a reader never sees
  half a file; the content type in a hidden sidecar file, the checksum computed when asked.
- `S3Storage` (`STORAGE_URL=s3://bucket/prefix`, with S3_ENDPOINT, S3_REGION, AWS_ACCESS_KEY_ID and
  AWS_SECRET_ACCESS_KEY): obstore's async client. Every put sends `x-amz-checksum-sha256`, so the server
  refuses a body damaged on the way, and keeps the hex digest as the object's `sha256` metadata for audits.
  5xx answers, dropped connections and timeouts are retried with exponential backoff (obstore's retry
  config below); when the store still cannot be reached the call raises `StorageUnavailable`, which the API
  answers with a 503 "try again" problem and the worker retries like a PostgreSQL outage
  (backend/outages.py). Callers write the object before the row that names it, so an outage leaves at most
  an unnamed object (overwritten by the retry, whose key is the same), never a row without its bytes.

Page images and PDFs are served through the API, not by presigned URLs: who may see a page is decided on
every request by our own rules (the citizen, the person acting for them, the desk that handles the
dossier, with an audit entry for staff), and a presigned URL, once handed out, is a bearer link that
outlives a withdrawn grant or a reassigned dossier until it expires. The bytes are small (a normalised page
is ~150 KB), so the extra hop costs little.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

import obstore
from obstore.exceptions import GenericError
from obstore.store import S3Store

DEFAULT_CONTENT_TYPE = "application/octet-stream"
# Retries: 0.1, 0.2, 0.4 s… at most 3 times within 10 s, so an upload meeting a dead store is refused in
# about a second (connection refused) and one meeting a hung store within the connect timeouts.
_RETRY = {
    "max_retries": 3,
    "retry_timeout": timedelta(seconds=10),
    "backoff": {"init_backoff": timedelta(milliseconds=100), "max_backoff": timedelta(seconds=2), "base": 2},
}
# A normalised page is ~150 KB and an original at most 15 MB: 60 s covers a slow link, 2 s a connect.
_CLIENT = {"connect_timeout": timedelta(seconds=2), "timeout": timedelta(seconds=60)}


class StorageUnavailable(Exception):
    """The object store did not answer (down, unreachable, 5xx after the retries): try again later."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    size: int
    content_type: str
    sha256: str  # hex


@runtime_checkable
class ObjectStorage(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> ObjectInfo: ...

    async def get(self, key: str) -> bytes: ...

    async def head(self, key: str) -> ObjectInfo | None:
        """The object's size, content type and checksum; None when there is no such object."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""
        ...


def _info(data: bytes, content_type: str) -> ObjectInfo:
    return ObjectInfo(size=len(data), content_type=content_type, sha256=hashlib.sha256(data).hexdigest())


class LocalStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path.name.startswith("."):
            raise ValueError(f"storage key escapes the storage root or names a hidden file: {key!r}")
        return path

    @staticmethod
    def _content_type_path(path: Path) -> Path:
        return path.with_name(f".{path.name}.content-type")

    async def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> ObjectInfo:
        path = self._path(key)
        await asyncio.to_thread(self._write, self._content_type_path(path), content_type.encode())
        await asyncio.to_thread(self._write, path, data)
        return _info(data, content_type)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def head(self, key: str) -> ObjectInfo | None:
        return await asyncio.to_thread(self._head, self._path(key))

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(path.unlink, missing_ok=True)
        await asyncio.to_thread(self._content_type_path(path).unlink, missing_ok=True)

    def _head(self, path: Path) -> ObjectInfo | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            content_type = self._content_type_path(path).read_text()
        except FileNotFoundError:  # stored before content types were kept
            content_type = DEFAULT_CONTENT_TYPE
        return _info(data, content_type)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Write then rename: a reader never sees half a file, and a retried job overwrites cleanly.
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)


class S3Storage:
    def __init__(self, url: str, *, endpoint: str | None, region: str, access_key_id: str | None, secret_access_key: str | None) -> None:
        parts = urlsplit(url)
        config = {"region": region, "checksum_algorithm": "sha256"}
        if endpoint:
            config["endpoint"] = endpoint
        if access_key_id and secret_access_key:
            config |= {"access_key_id": access_key_id, "secret_access_key": secret_access_key}
        self.store = S3Store(
            parts.netloc, prefix=parts.path.strip("/") or None, config=config,  # type: ignore[arg-type]
            client_options=_CLIENT | {"allow_http": bool(endpoint and endpoint.startswith("http://"))},  # type: ignore[arg-type]
            retry_config=_RETRY,  # type: ignore[arg-type]
        )

    async def put(self, key: str, data: bytes, *, content_type: str = DEFAULT_CONTENT_TYPE) -> ObjectInfo:
        info = _info(data, content_type)
        with _unavailable_when_down():
            await obstore.put_async(
                self.store, key, data, attributes={"Content-Type": content_type, "sha256": info.sha256},
                use_multipart=False if len(data) < 8 * 1024 * 1024 else None,
            )
        return info

    async def get(self, key: str) -> bytes:
        with _unavailable_when_down():
            answer = await obstore.get_async(self.store, key)
            return bytes(await answer.bytes_async())

    async def head(self, key: str) -> ObjectInfo | None:
        with _unavailable_when_down():
            try:
                answer = await obstore.get_async(self.store, key, options={"head": True})
            except FileNotFoundError:
                return None
        attributes = answer.attributes
        return ObjectInfo(
            size=answer.meta["size"], content_type=str(attributes.get("Content-Type", DEFAULT_CONTENT_TYPE)),
            sha256=str(attributes.get("sha256", "")),
        )

    async def delete(self, key: str) -> None:
        with _unavailable_when_down():
            await obstore.delete_async(self.store, key)


@contextlib.contextmanager
def _unavailable_when_down() -> Iterator[None]:
    """obstore reports a store it could not reach, or that kept failing, after its retries as a GenericError."""
    try:
        yield
    except GenericError as error:
        raise StorageUnavailable(str(error).split("\n", 1)[0]) from error


def storage_for(settings: StorageSettings) -> ObjectStorage:
    if not settings.storage_url:
        return LocalStorage(settings.storage_dir)
    return S3Storage(
        settings.storage_url, endpoint=settings.s3_endpoint, region=settings.s3_region,
        access_key_id=settings.aws_access_key_id, secret_access_key=settings.aws_secret_access_key,
    )


class StorageSettings(Protocol):
    """The settings storage reads (backend.settings.Settings has them)."""

    storage_url: str | None
    storage_dir: str
    s3_endpoint: str | None
    s3_region: str
    aws_access_key_id: str | None
    aws_secret_access_key: str | None
