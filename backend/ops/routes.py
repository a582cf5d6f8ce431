from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from prometheus_client import CONTENT_TYPE_LATEST

from backend.contract import PROBLEMS
from backend.deps import AppSettings, Db, Redis
from backend.accounts.guards import require_staff
from backend.notifications import service as notifications
from backend.observability import metrics_text
from backend.ops import service
from backend.ops.schemas import Health, Heartbeat, Readiness, RuntimeConfig


class OpsController(Controller):
    tags = ["ops"]

    @get("/metrics", summary="Prometheus metrics", media_type=CONTENT_TYPE_LATEST, include_in_schema=False)
    async def metrics(self, db: Db) -> bytes:
        await notifications.refresh_metrics(db)
        return metrics_text()

    @get("/health", summary="The process is up")
    async def health(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready", summary="PostgreSQL and Redis reachable, migrations applied",
        responses={503: ResponseSpec(Readiness, description="Not ready: what is unreachable or pending")},
    )
    async def ready(self, db: Db, redis: Redis) -> Response[Readiness]:
        result = await service.readiness(db, redis)
        return Response(result, status_code=200 if result.status == "ready" else 503)

    @get("/api/config", summary="Runtime configuration for the PWA", cache_control=None)
    async def config(self, settings: AppSettings) -> RuntimeConfig:
        return RuntimeConfig(
            app_name="Một Cửa",
            environment=settings.environment,
            version=settings.version,
            province_code=f"{int(settings.demo_province_code):02d}",
        )

    @post("/api/ops/heartbeats", guards=[require_staff("admin")], summary="Send a heartbeat through the worker")
    async def request_heartbeat(self, db: Db, redis: Redis, settings: AppSettings) -> Heartbeat:
        return await service.request_heartbeat(db, redis, settings.queue_name)

    @get(
        "/api/ops/heartbeats/{heartbeat_id:uuid}", guards=[require_staff("admin")], summary="A heartbeat's state",
        opt={PROBLEMS: {404: ["heartbeat_not_found"]}},
    )
    async def get_heartbeat(self, db: Db, heartbeat_id: FromPath[UUID]) -> Heartbeat:
        return await service.get_heartbeat(db, heartbeat_id)
