"""Health, readiness, metrics, runtime config and the API → Redis → worker → PostgreSQL round trip."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import msgspec
from litestar.testing import AsyncTestClient

from backend import migrate
from backend.app import create_app
from backend.settings import Settings
from tests.support import RUN_ID, SignedIn, free_port, live_api, run_worker_until_idle, scratch_database


async def test_health_says_the_process_is_up(client: AsyncTestClient) -> None:
    response = await client.get("/health")
    assert response.json() == {"status": "ok"}


async def test_ready_checks_database_redis_and_migrations(client: AsyncTestClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready", "database": True, "redis": True, "migrations": True, "pending_migrations": [],
    }


async def test_ready_says_not_ready_until_migrations_are_applied(settings: Settings) -> None:
    async with scratch_database(f"motcua_unmigrated_{RUN_ID}") as url:
        unmigrated = msgspec.structs.replace(settings, database_url=url, migrate_on_start=False)
        async with AsyncTestClient(create_app(unmigrated)) as fresh:
            response = await fresh.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready" and body["database"] and body["redis"]
    assert body["migrations"] is False
    assert body["pending_migrations"] == [m.name for m in migrate.discover()]


async def test_metrics_are_exposed_for_prometheus(client: AsyncTestClient) -> None:
    await client.get("/health")
    text = (await client.get("/metrics")).text
    assert 'motcua_http_request_duration_seconds_count{method="GET",route="/health",status="200"}' in text
    assert "motcua_http_requests_in_progress" in text


def _health_answers(metrics: str) -> float:
    found = re.search(r'^motcua_http_request_duration_seconds_count\{method="GET",route="/health",status="200"\} (\S+)$',
                      metrics, re.MULTILINE)
    assert found, metrics[:2000]
    return float(found.group(1))


async def test_a_scrape_of_either_api_process_counts_the_requests_of_both(
    settings: Settings, client: AsyncTestClient, tmp_path: Path,
) -> None:
    """Two API processes writing to one PROMETHEUS_MULTIPROC_DIR (as `just up` runs N of them): 15 requests to one,
    25 to the other, and a scrape of either says 40."""
    shared = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    async with live_api(settings, free_port(), **shared) as first, live_api(settings, free_port(), **shared) as second:
        async with httpx.AsyncClient(timeout=30) as http:
            for url, times in ((first, 15), (second, 25)):
                for _ in range(times):
                    assert (await http.get(f"{url}/health")).status_code == 200
            for url in (first, second):
                assert _health_answers((await http.get(f"{url}/metrics")).text) == 40


async def test_runtime_config_is_served_fresh(client: AsyncTestClient, settings: Settings) -> None:
    response = await client.get("/api/config")
    assert response.json() == {
        "app_name": "Một Cửa", "environment": "test", "version": settings.version,
        "province_code": settings.demo_province_code,
    }


async def test_every_response_carries_a_request_id(client: AsyncTestClient) -> None:
    echoed = await client.get("/health", headers={"x-request-id": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    forged = await client.get("/health", headers={"x-request-id": "bad\nid"})
    assert forged.headers["x-request-id"] != "bad\nid" and len(forged.headers["x-request-id"]) == 32


async def test_heartbeat_needs_an_administrator(client: AsyncTestClient) -> None:
    response = await client.post("/api/ops/heartbeats")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


async def test_heartbeat_round_trip_through_redis_and_the_worker(
    client: AsyncTestClient, settings: Settings, admin: SignedIn
) -> None:
    requested = (await client.post("/api/ops/heartbeats", headers=admin.headers())).json()
    assert requested["processed_at"] is None
    await run_worker_until_idle(settings)
    processed = (await client.get(f"/api/ops/heartbeats/{requested['id']}", headers=admin.headers())).json()
    assert processed["processed_at"] is not None
    assert processed["processed_at"] >= requested["requested_at"]
    assert processed["processed_by"]
