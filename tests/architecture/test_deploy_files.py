"""The Dockerfile, compose.yaml and .dockerignore cannot rot.

With a container engine on the machine the image is built and asked for `aims --help`; on every
machine the Dockerfile passes hadolint, compose.yaml validates against the Compose
specification's JSON schema, and what both name of the app exists in it: every `AIMS_*`
variable is a setting, every command parses as an `aims` command, every file copied is in the
build context, and the image installs the Tesseract packages `scripts/setup.sh` installs.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import yaml

from aims.cli import main as aims_cli
from aims.kernel.settings import Settings, env_name
from tests.architecture.test_setup_packages import SETUP

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
DOCKERIGNORE = ROOT / ".dockerignore"
VENV_BIN = Path(sys.executable).parent
AIMS_IMAGE_SERVICES = ("migrate", "app", "worker")


def instructions() -> Iterator[tuple[str, str]]:
    """The Dockerfile's instructions (continuation lines joined, comments dropped)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            yield keyword.upper(), rest.strip()


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def container_engine_available() -> bool:
    docker = shutil.which("docker")
    return (
        docker is not None and subprocess.run([docker, "info"], capture_output=True).returncode == 0
    )


def test_the_image_builds_when_a_container_engine_is_here_and_hadolint_passes() -> None:
    lint = subprocess.run([VENV_BIN / "hadolint", str(DOCKERFILE)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    if container_engine_available():
        subprocess.run(["docker", "build", "-t", "aims:test", str(ROOT)], check=True)
        shown = subprocess.run(
            ["docker", "run", "--rm", "aims:test", "--help"], capture_output=True, text=True
        )
        assert shown.returncode == 0, shown.stderr
        assert "worker" in shown.stdout


def test_compose_yaml_follows_the_compose_specification() -> None:
    checked = subprocess.run(
        [VENV_BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def aims_variables(text: str) -> set[str]:
    return set(re.findall(r"\bAIMS_[A-Z0-9_]+", text))


def test_every_aims_variable_the_deploy_files_set_is_a_setting() -> None:
    settings = {env_name(field) for field in Settings.__struct_fields__}
    secret_files = {f"{name}_FILE" for name in settings}
    named = set()
    for path in (DOCKERFILE, COMPOSE, ROOT / "scripts" / "docker-entrypoint.sh"):
        named |= aims_variables(path.read_text())
    assert named, "the deploy files configure AIMS"
    assert named - settings - secret_files == set()


def parse_command(arguments: list[str]) -> None:
    """Parse `aims ARGUMENTS` as click would, without running it (raises on a bad option)."""
    command: click.Command = aims_cli
    name, rest = "aims", list(arguments)
    while isinstance(command, click.Group):
        name, *rest = rest
        sub = command.get_command(click.Context(command), name)
        assert sub is not None, f"aims has no command {name}"
        command = sub
    command.make_context(name, rest)


def test_every_command_of_the_image_parses_as_an_aims_command() -> None:
    entry = dict(instructions())
    commands = [yaml.safe_load(entry["CMD"])]
    services = compose()["services"]
    commands += [services[name]["command"] for name in AIMS_IMAGE_SERVICES]
    for arguments in commands:
        parse_command(arguments)
    assert yaml.safe_load(entry["ENTRYPOINT"])[-1] == "aims-entrypoint"


def test_the_worker_scales_and_only_the_migration_step_migrates() -> None:
    services = compose()["services"]
    assert "--no-worker" in services["app"]["command"]
    assert "ports" not in services["worker"]
    assert "container_name" not in services["worker"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_every_file_the_image_copies_is_in_the_build_context() -> None:
    kept = {
        line[1:].rstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.startswith("!")
    }
    for keyword, rest in instructions():
        if keyword == "COPY" and "--from=" not in rest:
            *sources, _ = shlex.split(rest)
            for source in sources:
                assert source.rstrip("/") in kept, f"{source} is left out by .dockerignore"
                assert (ROOT / source).exists()
    for mount in re.findall(r"type=bind,source=([^,\s]+)", DOCKERFILE.read_text()):
        assert mount in kept


def test_the_image_installs_what_setup_installs_to_run() -> None:
    run_packages = re.search(r"^run_packages=\((.*)\)$", SETUP.read_text(), re.MULTILINE)
    assert run_packages is not None
    installs = " ".join(rest for keyword, rest in instructions() if keyword == "RUN")
    for package in run_packages.group(1).split():
        assert re.search(rf"\b{re.escape(package)}\b", installs), package
