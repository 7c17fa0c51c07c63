"""`.env.example` documents every setting with its default."""

import shlex
from pathlib import Path

import msgspec

from aims.kernel.settings import Settings, env_name, load_settings

ENV_EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"


def documented() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("AIMS_"):
            name, _, rest = line.partition("=")
            words = shlex.split(rest, comments=True)
            values[name] = words[0] if words else ""
    return values


def test_every_setting_is_listed() -> None:
    missing = {env_name(field) for field in Settings.__struct_fields__} - set(documented())
    assert not missing


def test_the_listed_values_are_the_defaults() -> None:
    from_file = load_settings({k: v for k, v in documented().items() if v})
    assert msgspec.structs.asdict(from_file) == msgspec.structs.asdict(Settings())
