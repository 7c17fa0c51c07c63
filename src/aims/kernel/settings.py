"""Settings from `AIMS_*` environment variables, validated once at start-up.

Every field `name` is read from `AIMS_<NAME>`; a secret may instead come from a
file named by `AIMS_<NAME>_FILE`. A wrong value raises `SettingsError` naming
the variable, so start-up stops with one clear line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

from aims.kernel.addresses import parse_trusted_proxies

ENV_PREFIX = "AIMS_"


class SettingsError(ValueError):
    """A configuration variable is missing or has a wrong value."""


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Process configuration; defaults give the embedded single-process setup."""

    environment: Literal["development", "production"] = "development"
    data_dir: str = ".aims"
    database_url: str | None = None
    redis_url: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    trusted_proxies: str = ""  # comma-separated IPs/CIDRs whose X-Forwarded-For is believed
    metrics_token: str | None = None

    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_recycle_seconds: int = 300
    db_pool_timeout_seconds: float = 30.0
    db_statement_timeout_ms: int = 30_000

    redis_retry_after_seconds: float = 5.0

    tessdata_dir: str = ""
    ocr_languages: str = "jpn+eng"
    document_max_bytes: int = 50 * 1024 * 1024
    document_max_pages: int = 500
    document_max_page_pixels: int = 40_000_000
    analysis_processes: int = 0
    analysis_memory_mb: int = 2048
    job_stalled_seconds: int = 60
    job_retry_seconds: float = 30.0

    worker_concurrency: int = 2
    in_process_worker: bool = True

    jwt_issuer: str | None = None
    jwt_audience: str = "aims"
    jwt_algorithm: Literal["RS256", "ES256", "Ed25519"] = "RS256"
    access_token_seconds: int = 900
    refresh_idle_days: int = 7
    refresh_absolute_days: int = 30
    key_rotation_days: int = 30
    require_email_verification: bool = False
    admin_require_mfa: bool = False
    smtp_url: str | None = None
    mail_from: str = "AIMS <no-reply@localhost>"
    argon2_memory_kib: int = 19_456
    argon2_time_cost: int = 2
    argon2_parallelism: int = 1
    audit_retention_days: int = 365

    @property
    def data_path(self) -> Path:
        """The data directory (embedded database, files, development mail)."""
        return Path(self.data_dir).expanduser().resolve()

    @property
    def uses_embedded_database(self) -> bool:
        """True when no database URL is configured and AIMS runs its own PostgreSQL."""
        return self.database_url is None

    @property
    def required_tesseract_languages(self) -> frozenset[str]:
        """Languages OCR needs: the configured ones plus vertical Japanese when Japanese is used."""
        langs = set(self.ocr_languages.split("+"))
        if "jpn" in langs:
            langs.add("jpn_vert")
        return frozenset(langs)

    @property
    def token_issuer(self) -> str:
        """The `iss` of access tokens: AIMS_JWT_ISSUER, else the public URL."""
        return self.jwt_issuer or self.public_url.rstrip("/")


_SECRET_FIELDS = frozenset({"database_url", "redis_url", "secret_key", "smtp_url", "metrics_token"})


def env_name(field: str) -> str:
    """The environment variable that sets `field`."""
    return f"{ENV_PREFIX}{field.upper()}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings from the environment (or the given mapping)."""
    environ = os.environ if environ is None else environ
    raw = _raw_values(environ)
    try:
        settings = msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(str(exc))) from None
    _check_semantics(settings)
    return settings


def _raw_values(environ: Mapping[str, str]) -> dict[str, str]:
    fields = set(Settings.__struct_fields__)
    raw: dict[str, str] = {}
    for field in fields:
        name = env_name(field)
        if field in _SECRET_FIELDS and f"{name}_FILE" in environ:
            raw[field] = _read_secret_file(f"{name}_FILE", environ[f"{name}_FILE"])
        elif environ.get(name, "") != "":
            raw[field] = environ[name]
    return raw


def _read_secret_file(variable: str, path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError(f"{variable}: cannot read {path}: {exc.strerror}") from None


_FIELD_IN_ERROR = re.compile(r"`\$\.(\w+)`")


def _explain(message: str) -> str:
    match = _FIELD_IN_ERROR.search(message)
    if match is None:
        return f"invalid configuration: {message}"
    detail = message.split(" - at ")[0]
    return f"{env_name(match.group(1))}: {detail}"


_MINIMUMS = {
    "db_pool_size": 1,
    "db_statement_timeout_ms": 1,
    "worker_concurrency": 1,
    "document_max_bytes": 1,
    "document_max_pages": 1,
    "document_max_page_pixels": 1,
    "analysis_processes": 0,
    "analysis_memory_mb": 0,
    "job_stalled_seconds": 5,
    "job_retry_seconds": 0,
}


def _check_semantics(settings: Settings) -> None:
    problems: list[str] = []
    if settings.database_url is not None and not settings.database_url.startswith(
        "postgresql+psycopg://"
    ):
        problems.append(f"{env_name('database_url')}: must start with postgresql+psycopg://")
    if settings.redis_url is not None and not re.match(
        r"^(redis|rediss|unix)://", settings.redis_url
    ):
        problems.append(f"{env_name('redis_url')}: must be a redis://, rediss:// or unix:// URL")
    if not re.match(r"^https?://[^/]+", settings.public_url):
        problems.append(f"{env_name('public_url')}: must be an http(s) URL")
    for field, minimum in _MINIMUMS.items():
        if getattr(settings, field) < minimum:
            problems.append(f"{env_name(field)}: must be at least {minimum}")
    if settings.environment == "production" and not settings.secret_key:
        problems.append(f"{env_name('secret_key')}: required in production")
    for secret in ("secret_key", "metrics_token"):
        value = getattr(settings, secret)
        if value is not None and len(value) < 32:
            problems.append(f"{env_name(secret)}: must be at least 32 characters")
    try:
        parse_trusted_proxies(settings.trusted_proxies)
    except ValueError as exc:
        problems.append(f"{env_name('trusted_proxies')}: {exc}")
    problems.extend(_auth_problems(settings))
    if problems:
        raise SettingsError("; ".join(problems))


_AUTH_MINIMUMS = {
    "access_token_seconds": 60,
    "refresh_idle_days": 1,
    "refresh_absolute_days": 1,
    "key_rotation_days": 1,
    "argon2_memory_kib": 8,
    "argon2_time_cost": 1,
    "argon2_parallelism": 1,
    "audit_retention_days": 1,
}


def _auth_problems(settings: Settings) -> list[str]:
    problems = [
        f"{env_name(field)}: must be at least {minimum}"
        for field, minimum in _AUTH_MINIMUMS.items()
        if getattr(settings, field) < minimum
    ]
    if settings.access_token_seconds > 3600:
        problems.append(f"{env_name('access_token_seconds')}: must be at most 3600")
    if settings.refresh_absolute_days < settings.refresh_idle_days:
        problems.append(f"{env_name('refresh_absolute_days')}: must be at least the idle lifetime")
    if settings.smtp_url is not None and not re.match(r"^smtps?://[^/]+", settings.smtp_url):
        problems.append(f"{env_name('smtp_url')}: must be an smtp:// or smtps:// URL")
    if settings.jwt_issuer is not None and not re.match(r"^https?://[^/]+", settings.jwt_issuer):
        problems.append(f"{env_name('jwt_issuer')}: must be an http(s) URL")
    if "@" not in settings.mail_from:
        problems.append(f"{env_name('mail_from')}: must contain an e-mail address")
    return problems
