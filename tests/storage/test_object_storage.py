"""The ObjectStorage interface, the same on the local folder and on a real S3 server (SeaweedFS)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backend.ids import new_id
from backend.settings import Settings, SettingsError
from backend.storage import LocalStorage, ObjectStorage, S3Storage, StorageUnavailable, storage_for
from tests.support import free_port


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path, s3_settings: Settings) -> ObjectStorage:
    return LocalStorage(tmp_path) if request.param == "local" else storage_for(s3_settings)


def _key(name: str) -> str:
    return f"tests/{new_id()}/{name}"


async def test_what_is_put_is_got_back_with_its_content_type_and_checksum(storage: ObjectStorage) -> None:
    key, data = _key("page"), b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(range(256)) * 40
    stored = await storage.put(key, data, content_type="image/webp")
    assert await storage.get(key) == data
    expected = hashlib.sha256(data).hexdigest()
    assert (stored.size, stored.content_type, stored.sha256) == (len(data), "image/webp", expected)
    assert await storage.head(key) == stored


async def test_a_put_overwrites_the_object_and_its_attributes(storage: ObjectStorage) -> None:
    key = _key("result")
    await storage.put(key, b"first", content_type="image/jpeg")
    await storage.put(key, b"%PDF-1.7 second", content_type="application/pdf")
    assert await storage.get(key) == b"%PDF-1.7 second"
    head = await storage.head(key)
    assert head is not None and head.content_type == "application/pdf"
    assert head.sha256 == hashlib.sha256(b"%PDF-1.7 second").hexdigest()


async def test_without_a_content_type_the_object_is_plain_bytes(storage: ObjectStorage) -> None:
    key = _key("blob")
    await storage.put(key, b"\x00\x01")
    head = await storage.head(key)
    assert head is not None and (head.size, head.content_type) == (2, "application/octet-stream")


async def test_a_missing_key_is_absent_not_an_error_except_when_read(storage: ObjectStorage) -> None:
    key = _key("never-stored")
    assert await storage.head(key) is None
    await storage.delete(key)  # deleting what is not there is fine: a retried removal
    with pytest.raises(FileNotFoundError):
        await storage.get(key)


async def test_a_deleted_object_is_gone(storage: ObjectStorage) -> None:
    key = _key("thumbnail")
    await storage.put(key, b"thumb", content_type="image/webp")
    await storage.delete(key)
    assert await storage.head(key) is None
    with pytest.raises(FileNotFoundError):
        await storage.get(key)


async def test_keys_keep_objects_apart(storage: ObjectStorage) -> None:
    base = _key("pages")
    await storage.put(f"{base}/original", b"original")
    await storage.put(f"{base}/page", b"page")
    assert (await storage.get(f"{base}/original"), await storage.get(f"{base}/page")) == (b"original", b"page")


async def test_a_local_key_cannot_leave_the_folder_or_name_a_hidden_file(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "storage")
    for key in ("../outside", "pages/../../outside", "pages/.hidden"):
        with pytest.raises(ValueError):
            await storage.put(key, b"x")


async def test_a_store_that_does_not_answer_is_reported_as_unavailable() -> None:
    nobody = S3Storage(
        "s3://motcua/prefix", endpoint=f"http://127.0.0.1:{free_port()}", region="us-east-1",
        access_key_id="key", secret_access_key="secret",
    )
    with pytest.raises(StorageUnavailable):
        await nobody.put("pages/x/original", b"x", content_type="image/jpeg")
    with pytest.raises(StorageUnavailable):
        await nobody.get("pages/x/original")


@pytest.mark.parametrize(
    ("value", "says"),
    [("embedded-s3", "works with `just up`"), ("https://bucket/prefix", "s3://bucket/prefix"), ("s3://Bad_Bucket", "s3://bucket/prefix")],
)
def test_a_storage_url_that_is_not_a_bucket_stops_the_process_naming_the_variable(value: str, says: str) -> None:
    with pytest.raises(SettingsError, match="STORAGE_URL") as refused:
        Settings.from_env({"DATABASE_URL": "postgresql://x", "REDIS_URL": "redis://x", "STORAGE_URL": value})
    assert says in str(refused.value)
