"""The auth context's Litestar plugin: routes, providers, the `principal` dependency, jobs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import procrastinate
from litestar import Litestar, Request, Response
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol
from sqlalchemy.exc import SQLAlchemyError

from aims.auth.facade import AuthService, build_deps
from aims.auth.http import AuthController, bearer_token, client_info, jwks
from aims.auth.models import outbox
from aims.auth.public import AuthFacade, Principal, TooManyAttempts, Unauthenticated
from aims.auth.services import maintenance
from aims.kernel.http import app_error_handler
from aims.kernel.logging import user_id_var
from aims.kernel.openapi import document_dependency
from aims.kernel.runtime import Runtime

log = logging.getLogger(__name__)

KEY_CHECK_CRON = "*/15 * * * *"
PURGE_CRON = "23 3 * * *"


class AuthPlugin(InitPluginProtocol):
    """Mounts the auth context into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.facade = AuthService(build_deps(runtime))

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        self.runtime.bus.add_outbox(outbox)
        self.runtime.job_blueprints["auth"] = self._jobs()
        facade: AuthFacade = self.facade  # mypy checks the service keeps the public contract

        async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
            token = bearer_token(request)
            if token is None:
                raise Unauthenticated("Send an access token: Authorization: Bearer <token>.")
            principal = await facade.authenticate(token)
            user_id_var.set(str(principal.user_id))
            return principal

        app_config.route_handlers.extend([AuthController, jwks])
        app_config.dependencies.update(
            {
                "principal": Provide(provide_principal),
                "auth_facade": Provide(lambda: facade, use_cache=True, sync_to_thread=False),
                "client": Provide(client_info, sync_to_thread=False),
            }
        )
        app_config.exception_handlers.update(
            {Unauthenticated: _unauthenticated, TooManyAttempts: _too_many_attempts}
        )
        document_dependency(app_config, "principal", Unauthenticated, 503, bearer=True)
        document_dependency(app_config, "auth_facade", 503)
        app_config.lifespan.append(self._lifespan)
        return app_config

    @asynccontextmanager
    async def _lifespan(self, _: Litestar) -> AsyncIterator[None]:
        await self.facade.deps.hasher.verify_decoy("")  # computes the decoy hash before traffic
        try:
            await maintenance.ensure_keys(self.facade.deps)
        except (SQLAlchemyError, OSError) as exc:  # not migrated or down: retried on first use
            log.warning("signing keys not ready yet", extra={"error": type(exc).__name__})
        try:
            yield
        finally:
            await self.facade.deps.background.drain()

    def _jobs(self) -> procrastinate.Blueprint:
        deps = self.facade.deps
        jobs = procrastinate.Blueprint()

        @jobs.periodic(cron=KEY_CHECK_CRON, periodic_id="rotate_keys")
        @jobs.task(name="rotate_keys", queueing_lock="auth.rotate_keys")
        async def rotate_keys_when_due(timestamp: int) -> None:
            await maintenance.ensure_keys(deps)

        @jobs.periodic(cron=PURGE_CRON, periodic_id="purge")
        @jobs.task(name="purge", queueing_lock="auth.purge")
        async def purge_expired(timestamp: int) -> None:
            await maintenance.purge(deps)

        return jobs


def _unauthenticated(request: Request[Any, Any, Any], exc: Unauthenticated) -> Response[Any]:
    response = app_error_handler(request, exc)
    response.headers["WWW-Authenticate"] = 'Bearer realm="aims"'
    return response


def _too_many_attempts(request: Request[Any, Any, Any], exc: TooManyAttempts) -> Response[Any]:
    response = app_error_handler(request, exc)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response
