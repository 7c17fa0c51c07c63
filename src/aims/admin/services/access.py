"""Who may use the document service: administrators (with MFA when it is required)."""

from __future__ import annotations

from aims.auth.public import Forbidden, MfaEnrolmentRequired, Principal, Role


def require_admin(actor: Principal | None, *, require_mfa: bool) -> None:
    """Refuse unless `actor` (None = the operator's command line) is an administrator."""
    if actor is None:
        return
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Documents are for administrators.")
    if require_mfa and not actor.mfa_enabled:
        raise MfaEnrolmentRequired("Sign in with a second factor to work with documents.")
