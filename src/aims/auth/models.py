"""Tables of the auth context, all in the `auth` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from aims.kernel.db import context_metadata
from aims.kernel.events import inbox_table, outbox_table

metadata = context_metadata("auth")
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)


def _at(name: str, *, nullable: bool = True) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),  # normalised, see domain
    Column("password_hash", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("locale", String(20)),
    _at("email_verified_at"),
    _at("created_at", nullable=False),
    _at("password_changed_at", nullable=False),
    Column("throttle", JSONB, nullable=False, server_default="{}"),  # lockout.AccountThrottle
    _at("locked_until"),  # copy of throttle.locked_until, for listing and indexing
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, nullable=False, index=True),
    Column("refresh_secret", LargeBinary(32), nullable=False),  # derives successor tokens
    _at("created_at", nullable=False),
    _at("last_seen_at", nullable=False),
    _at("authenticated_at", nullable=False),  # last password (+ MFA) proof: step-up
    _at("expires_at", nullable=False),  # absolute lifetime
    _at("revoked_at"),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
    Column("mfa", Boolean, nullable=False, server_default="false"),
    Index(None, "revoked_at", postgresql_where="revoked_at IS NOT NULL"),  # reload on (re)connect
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    _at("issued_at", nullable=False),
    _at("consumed_at"),
    Column("successor_id", Uuid),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(100), primary_key=True),
    Column("algorithm", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("private_jwk", JSONB, nullable=False),
    _at("created_at", nullable=False),
    _at("activated_at"),
    _at("retired_at"),
)

one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid, nullable=False, index=True),
    Column("purpose", String(20), nullable=False),  # password_reset | email_verification
    _at("created_at", nullable=False),
    _at("expires_at", nullable=False),
    _at("used_at"),
)

mfa = Table(
    "mfa",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("secret", String(200), nullable=False),  # sealed, see kernel.sealing
    _at("created_at", nullable=False),
    _at("confirmed_at"),
    Column("last_used_step", BigInteger),
    Column("recovery_code_hashes", JSONB, nullable=False, server_default="[]"),  # hex, used: null
    Column("recovery_code_salt", LargeBinary),  # argon2id salt; null: SHA-256 codes of old
    Column("recovery_code_cost", JSONB(none_as_null=True)),  # passwords.Argon2Parameters
    CheckConstraint(
        "(recovery_code_salt IS NULL) = (recovery_code_cost IS NULL)", name="recovery_code_hashing"
    ),
)

mfa_challenges = Table(  # the step between a right password and the second factor
    "mfa_challenges",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 hex of the opaque challenge
    Column("user_id", Uuid, nullable=False, index=True),
    Column("client_hash", String(64), nullable=False),  # SHA-256 hex of the client's IP and agent
    _at("created_at", nullable=False),
    _at("expires_at", nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),  # wrong codes so far
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    _at("occurred_at", nullable=False),
    Column("action", String(60), nullable=False),
    Column("result", String(20), nullable=False),
    Column("actor_id", Uuid),
    Column("subject_id", Uuid),
    Column("subject_email", String(254)),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
    Column("request_id", String(128)),
    Column("details", JSONB, nullable=False, server_default="{}"),
    Index(None, "occurred_at"),
    Index(None, "subject_id", "occurred_at"),
    Index(None, "actor_id", "id", postgresql_where="actor_id IS NOT NULL"),  # by actor, by id
)
