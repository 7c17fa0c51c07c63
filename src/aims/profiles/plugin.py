"""The profiles context's Litestar plugin: its routes, providers and event wiring."""

from __future__ import annotations

from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol

from aims.auth.public import UserDeleted, UserRegistered
from aims.kernel.events import Subscription
from aims.kernel.openapi import document_dependency
from aims.kernel.runtime import Runtime
from aims.profiles.cache import ProfileCache
from aims.profiles.facade import Profiles
from aims.profiles.handlers import AccountEventHandlers
from aims.profiles.http import ProfilesController
from aims.profiles.models import inbox, outbox


class ProfilesPlugin(InitPluginProtocol):
    """Mounts the profiles context into the app."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        cache = ProfileCache(runtime.store)
        runtime.listener.subscribe(cache.local.feed)
        self.facade = Profiles(runtime.db, runtime.bus, cache)
        self.handlers = AccountEventHandlers(cache)

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        bus = self.runtime.bus
        bus.add_outbox(outbox)
        bus.subscribe(
            Subscription(UserRegistered, "profiles.create", inbox, self.handlers.on_user_registered)
        )
        bus.subscribe(
            Subscription(UserDeleted, "profiles.remove", inbox, self.handlers.on_user_deleted)
        )
        app_config.route_handlers.append(ProfilesController)
        app_config.dependencies["profiles"] = Provide(
            lambda: self.facade, use_cache=True, sync_to_thread=False
        )
        document_dependency(app_config, "profiles", 503)
        return app_config
