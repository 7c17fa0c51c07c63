"""The kernel's Litestar plugin: lifespan, middleware, errors, operations endpoints."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol

from aims.kernel.addresses import parse_trusted_proxies
from aims.kernel.clients import ClientAddressMiddleware
from aims.kernel.edge import EdgeGuardMiddleware, EdgeRequest
from aims.kernel.http import EXCEPTION_HANDLERS, RequestContextMiddleware
from aims.kernel.openapi import ProblemDocumenter, forbid_nul_in_document, with_closed_structs
from aims.kernel.ops import OpsController, metrics_controller
from aims.kernel.runtime import Runtime


class KernelPlugin(InitPluginProtocol):
    """Wires the process's shared resources into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        runtime = self.runtime

        @asynccontextmanager
        async def lifespan(_: Litestar) -> AsyncIterator[None]:
            async with runtime.running():
                yield

        app_config.lifespan.append(lifespan)
        app_config.on_startup.append(_exempt_startup_objects_from_gc)
        trusted = parse_trusted_proxies(runtime.settings.trusted_proxies)
        app_config.middleware[:0] = [
            ClientAddressMiddleware(trusted),
            RequestContextMiddleware(),
            EdgeGuardMiddleware(),
        ]
        app_config.request_class = EdgeRequest
        app_config.route_handlers.extend([OpsController, metrics_controller(runtime.settings)])
        app_config.dependencies["runtime"] = Provide(
            lambda: runtime, use_cache=True, sync_to_thread=False
        )
        app_config.exception_handlers.update(EXCEPTION_HANDLERS)
        app_config.plugins[:] = [*with_closed_structs(app_config.plugins), ProblemDocumenter()]
        app_config.on_startup.append(forbid_nul_in_document)
        return app_config


async def _exempt_startup_objects_from_gc(_: Litestar) -> None:
    """Move what start-up built (modules, templates, catalogues, the password list) out of the
    collector's reach: a full collection over them paused requests for ~100 ms at p99."""
    gc.collect()
    gc.freeze()
