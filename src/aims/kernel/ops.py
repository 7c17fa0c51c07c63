"""Operations endpoints: liveness, readiness with each dependency's state, Prometheus metrics."""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from litestar import Controller, Response, get
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusController
from litestar.types import Guard

from aims.kernel.migrations import lineages_behind
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings, env_name
from aims.kernel.tesseract import TesseractMissing, missing_languages

CHECKS = ("database", "redis", "tesseract")


class OpsController(Controller):
    """`/health` and `/ready`."""

    include_in_schema = True
    tags = ["operations"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/health", sync_to_thread=False)
    def health(self) -> dict[str, str]:
        """Liveness: the process answers; no dependency is checked."""
        return {"status": "ok"}

    @get("/ready")
    async def ready(self, runtime: NamedDependency[Runtime]) -> Response[dict[str, Any]]:
        """Readiness: database, migrations at head, Redis (if configured), Tesseract, the
        in-process job worker (if any)."""
        checks = await readiness(runtime)
        ok = all(check["status"] in ("ok", "not_configured") for check in checks.values())
        return Response(
            {"status": "ok" if ok else "unavailable", "checks": checks},
            status_code=200 if ok else 503,
            headers={"Cache-Control": "no-store"},
        )


async def readiness(runtime: Runtime) -> dict[str, dict[str, Any]]:
    """Each dependency's state (`status`: ok, not_configured, down, missing, ...), as /ready
    reports it and the console's dashboard shows it."""
    checks = dict(
        zip(
            CHECKS,
            await asyncio.gather(
                _check_database(runtime), _check_redis(runtime), _check_tesseract(runtime)
            ),
            strict=True,
        )
    )
    checks["worker"] = _check_worker(runtime)
    return checks


def metrics_controller(settings: Settings) -> type[PrometheusController]:
    """`/metrics` in the Prometheus text format, behind `metrics_guard(settings)`."""

    class MetricsController(PrometheusController):
        path = "/metrics"
        include_in_schema = False
        guards = [metrics_guard(settings)]  # noqa: RUF012 (Litestar declares it an instance field)

    return MetricsController


def metrics_guard(settings: Settings) -> Guard:
    """With AIMS_METRICS_TOKEN, only a scraper sending it as a bearer token may read /metrics;
    without it, development serves them to anyone and production to no one."""
    token = settings.metrics_token

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if token is None:
            if settings.environment == "production":
                raise PermissionDeniedException(
                    f"Metrics are closed in production until {env_name('metrics_token')} is set."
                )
            return
        scheme, sent = connection.headers.get("authorization", "").partition(" ")[::2]
        if scheme.lower() != "bearer" or not hmac.compare_digest(sent.encode(), token.encode()):
            raise NotAuthorizedException(
                "Send the metrics token: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )

    return guard


async def _check_database(runtime: Runtime) -> dict[str, Any]:
    try:
        async with asyncio.timeout(3), runtime.db.engine.connect() as conn:
            behind = await lineages_behind(conn, runtime.migration_heads)
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    if behind:
        return {"status": "migrations_pending", "lineages": behind}
    return {"status": "ok"}


async def _check_redis(runtime: Runtime) -> dict[str, Any]:
    if not runtime.store.shared:
        return {"status": "not_configured", "note": "in-process store (single process only)"}
    try:
        async with asyncio.timeout(2):
            await runtime.store.ping()
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


async def _check_tesseract(runtime: Runtime) -> dict[str, Any]:
    settings = runtime.settings
    try:
        missing = await asyncio.to_thread(
            missing_languages, settings.required_tesseract_languages, settings.tessdata_dir
        )
    except TesseractMissing as exc:
        return {"status": "missing", "error": str(exc)}
    if missing:
        return {"status": "missing", "languages": missing}
    return {"status": "ok", "languages": sorted(settings.required_tesseract_languages)}


def _check_worker(runtime: Runtime) -> dict[str, Any]:
    if runtime.worker is None:
        return {"status": "not_configured", "note": "jobs are worked by `aims worker` processes"}
    return runtime.worker.status()
