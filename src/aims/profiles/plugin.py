"""The profiles context's Litestar plugin: its routes, providers and event wiring."""

from __future__ import annotations

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from aims.kernel.runtime import Runtime
from aims.profiles.models import outbox


class ProfilesPlugin(InitPluginProtocol):
    """Mounts the profiles context into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        self.runtime.bus.add_outbox(outbox)
        return app_config
