"""The documented surface: OpenAPI, metrics, verification policy, rate limits."""

from collections.abc import Callable
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.auth.conftest import FAST_HASHING, mailed_token
from tests.support.accounts import PASSWORD, bearer, new_email, signed_in

DOCUMENTED = {
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/login/mfa"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/auth/logout-all"),
    ("get", "/api/v1/auth/me"),
    ("get", "/api/v1/auth/sessions"),
    ("delete", "/api/v1/auth/sessions/{session_id}"),
    ("post", "/api/v1/auth/password"),
    ("post", "/api/v1/auth/password/forgot"),
    ("post", "/api/v1/auth/password/reset"),
    ("post", "/api/v1/auth/email/verify"),
    ("post", "/api/v1/auth/email/verify/resend"),
    ("post", "/api/v1/auth/introspect"),
    ("get", "/.well-known/jwks.json"),
}


async def test_every_endpoint_is_in_the_openapi_document(api: AsyncTestClient[Litestar]) -> None:
    schema = (await api.get("/schema/openapi.json")).json()
    published = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert published >= DOCUMENTED


async def test_sign_ins_are_counted_by_result(api: AsyncTestClient[Litestar]) -> None:
    account = await signed_in(api)
    await api.post("/api/v1/auth/login", json={"email": account["email"], "password": "nope nope"})
    metrics = (await api.get("/metrics")).text
    assert 'aims_auth_logins_total{result="success"}' in metrics
    assert 'aims_auth_logins_total{result="unauthenticated"}' in metrics


async def test_verification_can_be_required_before_sign_in(
    app_for: Callable[..., Litestar], redis_url: str, mail_dir: Path
) -> None:
    app = app_for(redis_url=redis_url, require_email_verification=True, **FAST_HASHING)
    async with AsyncTestClient(app) as api:
        address = new_email()
        await api.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
        credentials = {"email": address, "password": PASSWORD}
        refused = await api.post("/api/v1/auth/login", json=credentials)
        assert refused.status_code == 403
        assert refused.json()["code"] == "email_not_verified"
        token = await mailed_token(mail_dir, address, "Confirm")
        await api.post("/api/v1/auth/email/verify", json={"token": token})
        assert (await api.post("/api/v1/auth/login", json=credentials)).status_code == 200


async def test_registration_and_resend_are_rate_limited(api: AsyncTestClient[Litestar]) -> None:
    account = await signed_in(api)
    statuses = [
        (
            await api.post(
                "/api/v1/auth/register", json={"email": new_email(), "password": PASSWORD}
            )
        ).status_code
        for _ in range(10)
    ]
    assert statuses[:9] == [201] * 9
    assert statuses[9] == 429
    headers = bearer(account["access_token"])
    resends = [
        (await api.post("/api/v1/auth/email/verify/resend", headers=headers)).status_code
        for _ in range(4)
    ]
    assert resends == [202, 202, 202, 429]
