import asyncio
from collections.abc import Callable

from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from aims.kernel.plugin import KernelPlugin
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app


async def test_health_answers_without_dependencies(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_lists_every_check_when_all_is_well(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert checks["database"] == {"status": "ok"}
    assert checks["redis"] == {"status": "ok"}
    assert checks["tesseract"]["status"] == "ok"
    assert set(checks["tesseract"]["languages"]) == {"eng", "jpn", "jpn_vert"}


async def test_ready_is_503_while_migrations_are_pending(
    app_for: Callable[..., Litestar], empty_database: str
) -> None:
    async with AsyncTestClient(app_for(database_url=empty_database)) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "migrations_pending"


async def test_ready_is_503_when_redis_is_down(app_for: Callable[..., Litestar]) -> None:
    async with AsyncTestClient(app_for(redis_url="redis://127.0.0.1:1/0")) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"] == "down"


async def test_request_id_is_echoed_or_generated(client: AsyncTestClient[Litestar]) -> None:
    echoed = await client.get("/health", headers={"X-Request-ID": "trace-42"})
    generated = await client.get("/health")
    assert echoed.headers["X-Request-ID"] == "trace-42"
    assert len(generated.headers["X-Request-ID"]) == 32


async def test_unknown_route_is_a_problem_document(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
    assert response.json()["code"] == "not_found"


async def test_an_unexpected_error_is_a_500_problem_without_traceback(
    settings_for: Callable[..., Settings],
) -> None:
    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    settings = settings_for()
    assert settings.database_url is not None
    app = Litestar([boom], plugins=[KernelPlugin(Runtime.build(settings, settings.database_url))])
    async with AsyncTestClient(app) as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["code"] == "internal_error"


async def test_metrics_are_exposed_for_prometheus(client: AsyncTestClient[Litestar]) -> None:
    await client.get("/ready")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert "aims_requests_total" in response.text
    assert "aims_request_duration_seconds_bucket" in response.text


async def test_openapi_schema_is_served(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "AIMS"


METRICS_TOKEN = "m" * 40


async def test_metrics_need_the_token_when_one_is_set(app_for: Callable[..., Litestar]) -> None:
    async with AsyncTestClient(app_for(metrics_token=METRICS_TOKEN)) as client:
        anonymous = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"Authorization": f"Bearer {'x' * 40}"})
        scraper = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    for refused in (anonymous, wrong):
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "aims_requests_total" not in refused.text
    assert scraper.status_code == 200
    assert "aims_requests_total" in scraper.text


async def test_production_closes_metrics_until_a_token_is_set(
    app_for: Callable[..., Litestar],
) -> None:
    production = {"environment": "production", "secret_key": "s" * 40}
    async with AsyncTestClient(app_for(**production)) as client:
        closed = await client.get("/metrics")
    async with AsyncTestClient(app_for(**production, metrics_token=METRICS_TOKEN)) as client:
        opened = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert closed.status_code == 403
    assert "AIMS_METRICS_TOKEN" in closed.json()["detail"]
    assert opened.status_code == 200


async def test_ready_and_metrics_report_the_in_process_worker(
    settings_for: Callable[..., Settings],
) -> None:
    settings = settings_for(in_process_worker=True)
    assert settings.database_url is not None
    app = build_app(Runtime.build(settings, settings.database_url, run_worker=True))
    async with AsyncTestClient(app) as client:
        worker = await eventually_polled(client)
        metrics = (await client.get("/metrics")).text
    assert worker["status"] == "ok"
    assert worker["restarts"] == 0
    assert "aims_job_worker_alive 1.0" in metrics
    assert "aims_job_worker_last_poll_timestamp_seconds" in metrics


async def test_ready_says_when_jobs_are_left_to_other_processes(
    app_for: Callable[..., Litestar],
) -> None:
    async with AsyncTestClient(app_for(in_process_worker=False)) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["status"] == "not_configured"


async def eventually_polled(client: AsyncTestClient[Litestar]) -> dict[str, object]:
    """The worker check of /ready once the worker has asked the queue for a job."""
    for _ in range(200):
        response = await client.get("/ready")
        worker: dict[str, object] = response.json()["checks"]["worker"]
        if worker["last_poll_seconds_ago"] is not None:
            assert response.status_code == 200, response.text
            return worker
        await asyncio.sleep(0.1)
    raise AssertionError("the worker never polled the queue")
