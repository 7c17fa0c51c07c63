"""The composition root: one Litestar app from the kernel and one plugin per context."""

from __future__ import annotations

from litestar import Litestar

from aims.admin.plugin import AdminPlugin
from aims.auth.plugin import AuthPlugin
from aims.kernel.edge import MAX_BODY_BYTES
from aims.kernel.embedded import resolve_database_url
from aims.kernel.head import AnswerHeadAsGet
from aims.kernel.logging import configure_logging
from aims.kernel.openapi import api_document_config
from aims.kernel.plugin import KernelPlugin
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings, load_settings
from aims.profiles.plugin import ProfilesPlugin
from aims.web.plugin import WebPlugin


def build_app(runtime: Runtime) -> Litestar:
    """The app serving every context of `runtime`."""
    app = Litestar(
        plugins=[
            KernelPlugin(runtime),
            AuthPlugin(runtime),
            ProfilesPlugin(runtime),
            AdminPlugin(runtime),
            WebPlugin(runtime),
        ],
        openapi_config=api_document_config(),
        request_max_body_size=MAX_BODY_BYTES,  # Litestar reads it here, not from a plugin
        logging_config=None,
        debug=False,
    )
    app.asgi_handler = AnswerHeadAsGet(app.asgi_handler)  # in front of routing: see kernel.head
    return app


def create_app(settings: Settings | None = None) -> Litestar:
    """App factory for `aims run` and ASGI servers; reads `AIMS_*` when no settings are given."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    runtime = Runtime.build(
        settings, resolve_database_url(settings), run_worker=settings.in_process_worker
    )
    return build_app(runtime)
