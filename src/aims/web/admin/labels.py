"""Names the console shows for roles, states, job statuses, health checks and audit actions."""

from __future__ import annotations

from types import MappingProxyType

from aims.web.forms import N_

ROLES = MappingProxyType(
    {"user": N_("User"), "admin": N_("Administrator"), "super_admin": N_("Super administrator")}
)
STATES = MappingProxyType({"active": N_("Active"), "disabled": N_("Disabled")})
JOB_STATES = MappingProxyType(
    {
        "queued": N_("Queued"),
        "running": N_("Running"),
        "succeeded": N_("Succeeded"),
        "failed": N_("Failed"),
        "cancelled": N_("Cancelled"),
    }
)
CHECKS = MappingProxyType(
    {
        "database": N_("Database"),
        "redis": N_("Redis"),
        "tesseract": N_("Tesseract"),
        "worker": N_("Job worker"),
    }
)
HEALTH = MappingProxyType(
    {
        "ok": N_("OK"),
        "not_configured": N_("Not configured"),
        "down": N_("Down"),
        "missing": N_("Missing"),
        "migrations_pending": N_("Migrations pending"),
    }
)
ACTIONS = MappingProxyType(
    {
        "login": N_("Sign-in"),
        "login_mfa": N_("Sign-in with a code"),
        "logout": N_("Sign-out"),
        "logout_all": N_("Sign-out everywhere"),
        "register": N_("Registration"),
        "lock": N_("Account locked"),
        "unlock": N_("Account unlocked"),
        "admin_set_role": N_("Role changed"),
        "admin_disable": N_("Account disabled"),
        "admin_enable": N_("Account enabled"),
        "admin_revoke_sessions": N_("Sessions ended by an administrator"),
        "admin_delete": N_("Account deleted"),
        "device_lock": N_("Device locked out"),
        "reauthenticate": N_("Password confirmed again"),
        "refresh_reuse": N_("Reused refresh token"),
        "mfa_enrol": N_("Two-step verification turned on"),
        "mfa_disable": N_("Two-step verification turned off"),
        "password_change": N_("Password changed"),
        "password_reset": N_("Password reset"),
        "email_verify": N_("E-mail address confirmed"),
        "email_verify_resend": N_("Confirmation mail sent again"),
    }
)
"""Actions with a friendly name; others are shown as recorded."""

REFUSALS = (
    N_("You cannot change your own role."),
    N_("You cannot disable your own account."),
    N_("At least one active super_admin must remain."),
)
"""Auth's refusals of an account change, marked so the confirmation page shows them translated."""

LABELS = MappingProxyType(
    {
        "role": ROLES,
        "state": STATES,
        "job": JOB_STATES,
        "check": CHECKS,
        "health": HEALTH,
        "action": ACTIONS,
    }
)
"""Every table above, for the templates (`console_labels.role[...]`)."""
