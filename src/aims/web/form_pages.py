"""Addresses that only take a form's POST. A refused form comes back on its POST address, so
the address bar, a bookmark or the language switcher asks for it with GET: that goes to the
page holding the form (303) instead of a 405 error page."""

from __future__ import annotations

import re

FORM_PAGES = {
    "/account/profile": "/account/profile/edit",
    "/account/password": "/account/security",
    "/account/mfa/setup": "/account/security",
    "/account/mfa/confirm": "/account/security",
    "/account/mfa/disable": "/account/security",
    "/account/sessions/revoke-others": "/account/sessions",
    "/account/sessions/sign-out-everywhere": "/account/sessions",
    "/sign-in/code": "/sign-in",
    "/sign-out": "/",
    "/language": "/",
}
"""Each POST-only address of the portal, and the page that holds its form."""

_UNDER_A_PAGE = re.compile(
    r"(?P<page>/account/sessions)/[0-9a-f-]{36}/revoke"
    r"|(?P<document>/admin/documents/[0-9a-f-]{36})/(?:elements/[^/]+|reprocess)"
    r"|(?P<user>/admin/users/[0-9a-f-]{36})/[a-z-]+"
)


def form_page_of(path: str) -> str | None:
    """The page holding the form that posts to `path`, when `path` takes only a POST."""
    if path in FORM_PAGES:
        return FORM_PAGES[path]
    found = _UNDER_A_PAGE.fullmatch(path)
    return next(page for page in found.groups() if page) if found else None
