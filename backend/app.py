"""The application factory: `create_app(settings)` wires every domain into one Litestar app."""

from __future__ import annotations

import gc
import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from arq import create_pool as create_arq_pool
from arq.connections import ArqRedis
from litestar import Litestar, Router
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.static_files import create_static_files_router

from backend import contract, migrate
from backend.accounts.guards import provide_current_user
from backend.accounts.routes import account_route_handlers
from backend.accounts.sessions import refresh_session_cookies
from backend.catalog.routes import CatalogAdminController, CatalogController
from backend.compression import compress_responses, serve_precompressed
from backend.db import create_pool
from backend.delivery.postal import open_postal
from backend.delivery.routes import delivery_dependencies, delivery_route_handlers
from backend.documents.routes import WalletController
from backend.dossiers.routes import dossier_route_handlers
from backend.early_answers import answer_early_cleanly
from backend.errors import EXCEPTION_HANDLERS
from backend.feedback.routes import feedback_route_handlers
from backend.hygiene import check_request
from backend.i18n import request_language
from backend.notifications.carriers import open_carriers
from backend.notifications.routes import notification_dependencies, notification_route_handlers
from backend.notifications.service import SignInCodes
from backend.observability import configure_logging, observe_requests
from backend.ops.routes import OpsController
from backend.outages import redis_settings
from backend.payments.gateways import open_gateways
from backend.payments.routes import payment_dependencies, payment_route_handlers
from backend.processing.routes import processing_route_handlers
from backend.results.routes import VerificationController
from backend.settings import Settings
from backend.stats.routes import stats_route_handlers
from backend.storage import ObjectStorage, storage_for
from backend.volunteers.routes import volunteer_route_handlers

# Browsers accept a web app manifest only with its own media type; Python's table lacks it.
mimetypes.add_type("application/manifest+json", ".webmanifest")

API_DESCRIPTION = (
    "Problems (RFC 9457) and the words the server puts together (status words, timeline notes, field errors) "
    "follow the request's Accept-Language: Vietnamese by default, English for `en`. Catalogue answers, which "
    "phones keep for offline use, carry both languages: `x` in Vietnamese and `x_en` in English (null where "
    "nobody translated it)."
)

# Request bodies are capped deliberately: photo pages arrive one per request and get their own limit.
REQUEST_MAX_BODY_BYTES = 1_000_000


def _lifespan(settings: Settings):
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        pool = await create_pool(settings)
        try:
            if settings.migrate_on_start:
                async with pool.acquire() as conn:
                    await migrate.migrate(conn)
            redis = await create_arq_pool(redis_settings(settings.redis_url), default_queue_name=settings.queue_name)
            carriers = open_carriers(settings)
            gateways = open_gateways(settings)
            postal = open_postal(settings)
            try:
                app.state.db = pool
                app.state.redis = redis
                app.state.carriers = carriers
                app.state.gateways = gateways
                app.state.postal = postal
                app.state.sms = SignInCodes(pool, carriers, settings)
                # Everything built at start-up lives as long as the process: keep it out of the garbage
                # collector's scans, which otherwise show up as tail latency.
                gc.freeze()
                yield
            finally:
                await carriers.aclose()
                await gateways.aclose()
                await postal.aclose()
                await redis.aclose()
        finally:
            await pool.close()

    return lifespan


def _provide_db(state: State) -> asyncpg.Pool:
    return state.db


def _provide_redis(state: State) -> ArqRedis:
    return state.redis


def _provide_settings(state: State) -> Settings:
    return state.settings


def _provide_storage(state: State) -> ObjectStorage:
    return state.storage


def _pwa_routers(dist: Path) -> list[Router]:
    """The built PWA at `/`: hashed assets cached for a year, the rest revalidated every time; each file
    precompressed at build is sent compressed to browsers that accept it."""
    if not (dist / "index.html").is_file():
        return []
    revalidate = CacheControlHeader(no_cache=True)
    forever = CacheControlHeader(max_age=31_536_000, public=True, immutable=True)
    routers = [
        create_static_files_router(
            path="/",
            directories=[dist],
            html_mode=True,
            name="pwa",
            cache_control=revalidate,
            middleware=[DefineMiddleware(serve_precompressed, directory=dist, cache_control=revalidate)],
        )
    ]
    if (dist / "assets").is_dir():
        routers.append(
            create_static_files_router(
                path="/assets",
                directories=[dist / "assets"],
                name="pwa-assets",
                cache_control=forever,
                middleware=[DefineMiddleware(serve_precompressed, directory=dist, cache_control=forever)],
            )
        )
    return routers


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Litestar(
        route_handlers=[
            OpsController,
            CatalogController,
            CatalogAdminController,
            *account_route_handlers(settings),
            *dossier_route_handlers,
            WalletController,
            *processing_route_handlers,
            VerificationController,
            *stats_route_handlers,
            *notification_route_handlers,
            *payment_route_handlers,
            *delivery_route_handlers,
            *volunteer_route_handlers,
            *feedback_route_handlers,
            *_pwa_routers(Path(settings.pwa_dist_dir)),
        ],
        dependencies={
            "db": Provide(_provide_db, sync_to_thread=False),
            "redis": Provide(_provide_redis, sync_to_thread=False),
            "settings": Provide(_provide_settings, sync_to_thread=False),
            "storage": Provide(_provide_storage, sync_to_thread=False),
            "lang": Provide(request_language, sync_to_thread=False),
            # The signed-in caller, resolved by the accounts guards (see backend/accounts/guards.py).
            "current_user": Provide(provide_current_user, sync_to_thread=False),
            **notification_dependencies,
            **payment_dependencies,
            **delivery_dependencies,
        },
        state=State(
            {"settings": settings, "storage": storage_for(settings)}
        ),
        lifespan=[_lifespan(settings)],
        middleware=[observe_requests, compress_responses],
        exception_handlers=EXCEPTION_HANDLERS,
        # Every incoming string is checked (and JSON text brought to NFC) once, after the guards.
        before_request=check_request,
        before_send=[refresh_session_cookies, contract.announce_every_method],
        openapi_config=OpenAPIConfig(title="Một Cửa API", version=settings.version, description=API_DESCRIPTION),
        request_max_body_size=REQUEST_MAX_BODY_BYTES,
        logging_config=None,
        debug=False,
    )
    contract.complete(app)
    # Outermost, around the router too: its 404/405 are early answers as well.
    app.asgi_handler = answer_early_cleanly(app.asgi_handler)
    return app
