"""Suite-wide fixtures: a real PostgreSQL (migrated) and a real Redis.

Set AIMS_TEST_DATABASE_URL (postgresql+psycopg://..., a server where the suite
may create databases) and AIMS_TEST_REDIS_URL to use existing servers;
otherwise the suite starts an embedded PostgreSQL and a redis-server itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel import migrations
from aims.kernel.embedded import release_embedded_postgres
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app
from tests.support.proxy import DatabaseProxy
from tests.support.servers import RedisServer, create_database, drop_database, postgres_server_url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long modules first. scripts/test.sh hands whole modules to two processes in this order
    (`--dist loadscope --no-loadscope-reorder`), so both end on short modules together instead
    of one finishing a long module alone. The order of tests within a module is kept."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    ordered = sorted(modules.items(), key=lambda module: expected_length(*module), reverse=True)
    items[:] = [item for _, tests in ordered for item in tests]


def expected_length(module: str, tests: list[pytest.Item]) -> tuple[bool, bool, bool, int]:
    """A sort key that grows with how long a module takes: slow-marked tests, a live server
    (browser and fuzz tests), not a unit test, then the number of tests."""
    return (
        any(test.get_closest_marker("slow") for test in tests),
        any("live_server" in test.fixturenames for test in tests),
        not module.startswith("tests/unit/"),
        len(tests),
    )


@contextmanager
def directory_outside_pytest() -> Iterator[Path]:
    """A fresh directory for an embedded PostgreSQL, outside pytest's temporary root: every
    pytest session that starts makes /tmp/pytest-of-<user> private again, which cuts off the
    `pgserver` user (the server runs as it when the suite runs as root) from data inside."""
    path = Path(tempfile.mkdtemp(prefix="aims-test-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def embedded_dir() -> Iterator[Path]:
    """A data directory for an AIMS command on the embedded default (see above)."""
    with directory_outside_pytest() as path:
        yield path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the PostgreSQL server's maintenance database."""
    with directory_outside_pytest() as path:
        external = os.environ.get("AIMS_TEST_DATABASE_URL")
        yield postgres_server_url(path, external)
        if not external:
            release_embedded_postgres(path)


@pytest.fixture(scope="session")
def database_url(postgres_server: str) -> Iterator[str]:
    """A database for this test session, migrated to head."""
    url = create_database(postgres_server)
    migrations.upgrade(url)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def empty_database(postgres_server: str) -> Iterator[str]:
    """A fresh database with no schema at all."""
    url = create_database(postgres_server, prefix="aims_empty")
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a real Redis shared by the session."""
    external = os.environ.get("AIMS_TEST_REDIS_URL")
    if external:
        yield database_of_this_worker(external)
        return
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.stop()


def database_of_this_worker(redis_url: str) -> str:
    """`redis_url` moved to the logical database numbered after this pytest-xdist worker, so
    parallel workers do not empty or count each other's rate-limit windows."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    parts = urlsplit(redis_url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + worker}"))


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server the test may stop and restart (outage tests)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of every app of the session: one application secret (so any app's
    job worker can open the mail any app queued) and one development mail outbox."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture
def settings_for(data_dir: Path, database_url: str) -> Callable[..., Settings]:
    """Build settings for an app instance; keyword arguments override fields. Apps work the
    job queue in-process, as `aims run` does (mail is sent by the job worker)."""

    def build(**overrides: object) -> Settings:
        base = Settings(data_dir=str(data_dir), database_url=database_url)
        return msgspec.structs.replace(base, **overrides)

    return build


@pytest.fixture
def app_for(settings_for: Callable[..., Settings]) -> Callable[..., Litestar]:
    """Build an app instance (same database, its own process-local state)."""

    def build(**overrides: object) -> Litestar:
        settings = settings_for(**overrides)
        assert settings.database_url is not None
        return build_app(
            Runtime.build(settings, settings.database_url, run_worker=settings.in_process_worker)
        )

    return build


@pytest.fixture
async def client(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An HTTP client of an app on the test database and Redis."""
    async with AsyncTestClient(app_for(redis_url=redis_url)) as test_client:
        yield test_client


@pytest.fixture
def database_proxy(database_url: str) -> Iterator[DatabaseProxy]:
    """The test database behind a proxy the test can cut (PostgreSQL outage) and restore."""
    proxy = DatabaseProxy(database_url)
    proxy.start()
    yield proxy
    proxy.close()
