from pathlib import Path

import pytest

from aims.kernel.settings import SettingsError, load_settings


def test_defaults_give_the_embedded_single_process_setup() -> None:
    settings = load_settings({})
    assert settings.uses_embedded_database
    assert settings.redis_url is None
    assert settings.db_pool_size == 10
    assert settings.db_max_overflow == 10
    assert settings.required_tesseract_languages == {"jpn", "jpn_vert", "eng"}


def test_values_are_read_from_aims_variables() -> None:
    settings = load_settings(
        {
            "AIMS_DATABASE_URL": "postgresql+psycopg://u:p@db/aims",
            "AIMS_REDIS_URL": "redis://cache:6379/0",
            "AIMS_DB_POOL_SIZE": "25",
            "AIMS_IN_PROCESS_WORKER": "false",
        }
    )
    assert settings.database_url == "postgresql+psycopg://u:p@db/aims"
    assert settings.db_pool_size == 25
    assert settings.in_process_worker is False


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AIMS_DB_POOL_SIZE", "many"),
        ("AIMS_DB_POOL_SIZE", "0"),
        ("AIMS_LOG_LEVEL", "LOUD"),
        ("AIMS_DATABASE_URL", "mysql://db/aims"),
        ("AIMS_REDIS_URL", "cache:6379"),
        ("AIMS_PUBLIC_URL", "aims.example"),
        ("AIMS_ENVIRONMENT", "staging"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_production_requires_a_long_secret_key() -> None:
    with pytest.raises(SettingsError, match="AIMS_SECRET_KEY"):
        load_settings({"AIMS_ENVIRONMENT": "production"})
    with pytest.raises(SettingsError, match="at least 32"):
        load_settings({"AIMS_ENVIRONMENT": "production", "AIMS_SECRET_KEY": "short"})


def test_secrets_can_come_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "db-url"
    secret.write_text("postgresql+psycopg://u:p@db/aims\n")
    settings = load_settings({"AIMS_DATABASE_URL_FILE": str(secret)})
    assert settings.database_url == "postgresql+psycopg://u:p@db/aims"


def test_an_unreadable_secret_file_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="AIMS_SECRET_KEY_FILE"):
        load_settings({"AIMS_SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_a_metrics_token_is_long_and_may_come_from_a_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="AIMS_METRICS_TOKEN: must be at least 32"):
        load_settings({"AIMS_METRICS_TOKEN": "guessable"})
    token = tmp_path / "metrics_token"
    token.write_text("t" * 40 + "\n")
    assert load_settings({"AIMS_METRICS_TOKEN_FILE": str(token)}).metrics_token == "t" * 40
