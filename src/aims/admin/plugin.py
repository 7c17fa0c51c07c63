"""The admin context's Litestar plugin: its routes, providers and event wiring."""

from __future__ import annotations

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from aims.admin.models import outbox
from aims.kernel.runtime import Runtime


class AdminPlugin(InitPluginProtocol):
    """Mounts the admin context into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        self.runtime.bus.add_outbox(outbox)
        return app_config
