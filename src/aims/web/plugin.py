"""The web layer's Litestar plugin: templates, translations, static files, CSRF, headers."""

from __future__ import annotations

from pathlib import Path

from litestar.config.app import AppConfig
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from aims.auth.public import Role
from aims.kernel.http import on_response_start
from aims.kernel.runtime import Runtime
from aims.kernel.sealing import Sealer
from aims.kernel.secrets import application_secret
from aims.web.account_security import SecurityPages
from aims.web.accounts import AccountPages
from aims.web.admin.guards import MfaSetupRequired, to_mfa_setup
from aims.web.admin.labels import LABELS
from aims.web.admin.navigation import SECTIONS
from aims.web.admin.routes import console_router
from aims.web.devices import describe, load_rules
from aims.web.display import is_future, when
from aims.web.errors import API_PREFIXES, with_html_pages
from aims.web.forms import FIELD_MAX_LENGTHS
from aims.web.guards import SignInRequired, provide_visit, requiring, to_sign_in
from aims.web.i18n import LANGUAGE_NAMES, current_locale, gettext, ngettext
from aims.web.locale import LocaleMiddleware
from aims.web.pages import PublicPages
from aims.web.profile import ProfilePages
from aims.web.security import add_security_headers
from aims.web.session import session_headers_writer
from aims.web.sessions import SessionPages
from aims.web.signin import SignInPages

WEB_DIR = Path(__file__).parent
CSRF_HEADER = "x-csrf-token"
PENDING_SECONDS = 600  # a page hands sealed state to its next step for this long


class WebPlugin(InitPluginProtocol):
    """Mounts the portal and console pages and their browser-side protections."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = self.runtime.settings
        app_config.template_config = TemplateConfig(
            directory=WEB_DIR / "templates",
            engine=JinjaTemplateEngine,
            engine_callback=_install_translations,
        )
        secret = application_secret(settings)
        app_config.csrf_config = _csrf(secret, settings.public_url.startswith("https://"))
        app_config.middleware.insert(0, LocaleMiddleware())
        session_headers = session_headers_writer(settings.refresh_absolute_days * 24 * 3600)
        app_config.before_send.extend(
            [on_response_start(add_security_headers), on_response_start(session_headers)]
        )
        sealer = Sealer(secret).box("web.pending", max_age_seconds=PENDING_SECONDS)
        app_config.dependencies.update(
            {
                "visit": Provide(provide_visit),
                "account": Provide(requiring(Role.USER)),
                "sealer": Provide(lambda: sealer, use_cache=True, sync_to_thread=False),
            }
        )
        app_config.route_handlers.extend(
            [
                create_static_files_router(
                    path="/static",
                    directories=[WEB_DIR / "static"],
                    name="static",
                    include_in_schema=False,
                ),
                PublicPages,
                SignInPages,
                AccountPages,
                ProfilePages,
                SecurityPages,
                SessionPages,
                console_router(require_mfa=settings.admin_require_mfa),
            ]
        )
        app_config.on_startup.append(load_rules)
        app_config.exception_handlers = with_html_pages(app_config.exception_handlers)
        app_config.exception_handlers[SignInRequired] = to_sign_in
        app_config.exception_handlers[MfaSetupRequired] = to_mfa_setup
        return app_config


def _csrf(secret: str, secure: bool) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name="aims_csrf",
        header_name=CSRF_HEADER,
        cookie_secure=secure,
        cookie_httponly=True,
        cookie_samesite="lax",
        exclude=[f"^{prefix}" for prefix in API_PREFIXES],
    )


def _install_translations(engine: JinjaTemplateEngine) -> None:
    environment = engine.engine
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    environment.globals["current_locale"] = current_locale.get
    environment.globals["field_max_lengths"] = FIELD_MAX_LENGTHS
    environment.globals["language_names"] = LANGUAGE_NAMES
    environment.globals["console_sections"] = SECTIONS
    environment.globals["console_labels"] = LABELS
    environment.filters["when"] = when
    environment.tests["future"] = is_future
    environment.filters["device"] = describe
