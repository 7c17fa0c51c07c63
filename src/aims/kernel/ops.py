"""Operations endpoints: liveness, readiness with each dependency's state, Prometheus metrics."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.plugins.prometheus import PrometheusController

from aims.kernel.migrations import lineages_behind
from aims.kernel.runtime import Runtime
from aims.kernel.tesseract import TesseractMissing, missing_languages


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
        """Readiness: database, migrations at head, Redis (if configured), Tesseract."""
        checks = dict(
            zip(
                ("database", "redis", "tesseract"),
                await asyncio.gather(
                    _check_database(runtime), _check_redis(runtime), _check_tesseract(runtime)
                ),
                strict=True,
            )
        )
        ok = all(check["status"] in ("ok", "not_configured") for check in checks.values())
        return Response(
            {"status": "ok" if ok else "unavailable", "checks": checks},
            status_code=200 if ok else 503,
            headers={"Cache-Control": "no-store"},
        )


class MetricsController(PrometheusController):
    """`/metrics` in the Prometheus text format."""

    path = "/metrics"
    include_in_schema = False


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
            missing_languages, settings.required_tesseract_languages, settings.tesseract_cmd
        )
    except TesseractMissing as exc:
        return {"status": "missing", "error": str(exc)}
    if missing:
        return {"status": "missing", "languages": missing}
    return {"status": "ok", "languages": sorted(settings.required_tesseract_languages)}
