"""One-line confirmations shown after a redirect (`?notice=KEY`, keys from a fixed list)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from aims.web.forms import N_

NOTICES = {
    "signed_out": N_("You have signed out."),
    "password_reset": N_("Your password has been changed. Sign in with the new password."),
    "verified": N_("Thank you. Your e-mail address is confirmed."),
    "profile_saved": N_("Your profile has been saved."),
    "verification_sent": N_("We sent you a new confirmation link."),
    "verification_wait": N_("A confirmation link was sent recently. Please check your mailbox."),
    "password_changed": N_("Your password has been changed. Your other sessions were ended."),
    "mfa_disabled": N_("Two-step verification is now off."),
    "session_revoked": N_("The session has been ended."),
    "others_revoked": N_("All your other sessions have been ended."),
    "signed_out_everywhere": N_("You have signed out on every device."),
    "user_disabled": N_("The account is disabled and its sessions have ended."),
    "user_enabled": N_("The account is enabled again."),
    "user_unlocked": N_("The sign-in lock is lifted."),
    "user_sessions_ended": N_("Every session of the account has ended."),
    "user_role_changed": N_("The role is changed and the account's sessions have ended."),
    "admin_mfa_required": N_(
        "Administrators must turn on two-step verification before using the console."
    ),
}


def notice_of(request: Request[Any, Any, Any]) -> str | None:
    """The confirmation the redirect asked for, if it is a known one."""
    return NOTICES.get(request.query_params.get("notice", ""))


def with_notice(path: str, key: str) -> str:
    """`path` asking for notice `key` (one of `NOTICES`)."""
    assert key in NOTICES, key
    return f"{path}?notice={key}"
