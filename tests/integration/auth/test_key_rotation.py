"""Key rotation: tokens of the previous key verify until they expire; JWKS shows every live key."""

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.domain import Role
from aims.auth.facade import AuthService
from aims.auth.keys import KeyState
from aims.auth.services import maintenance
from tests.integration.auth.conftest import FAST_HASHING, FakeClock, signed_up
from tests.support.accounts import bearer, signed_in

Service = Callable[..., Awaitable[AuthService]]


def kid_of(token: str) -> str:
    header: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    return str(header["kid"])


async def test_tokens_of_the_previous_key_verify_and_jwks_lists_both(
    app_for: Callable[..., Litestar], redis_url: str, service_for: Service
) -> None:
    async with AsyncTestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as before:
        old = await signed_in(before)
        ring = await maintenance.rotate_keys((await service_for()).deps, force=True)
        retired = ring.find(kid_of(old["access_token"]))
        assert retired is not None
        assert retired.state == KeyState.RETIRING
        async with AsyncTestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as after:
            new = await signed_in(after)
            assert kid_of(new["access_token"]) == ring.current().kid != kid_of(old["access_token"])
            for client in (before, after):
                for account in (old, new):
                    me = await client.get(
                        "/api/v1/auth/me", headers=bearer(account["access_token"])
                    )
                    assert me.status_code == 200, me.text
            jwks = await after.get("/.well-known/jwks.json")
    assert jwks.status_code == 200
    assert "max-age" in jwks.headers["cache-control"]
    published = {key["kid"]: key for key in jwks.json()["keys"]}
    assert {kid_of(old["access_token"]), kid_of(new["access_token"])} <= set(published)
    assert all("d" not in key and "p" not in key for key in published.values())  # public parts only
    assert len(published) >= 3  # retiring, current and the next key published before it signs


async def test_rotation_is_scheduled_and_drops_keys_nobody_can_present(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    _, pair = await signed_up(service)
    first_kid = kid_of(pair.access_token)
    unchanged = await maintenance.ensure_keys(service.deps)
    assert unchanged.current().kid == first_kid or unchanged.find(first_kid) is not None
    clock.advance(days=31)
    rotated = await maintenance.ensure_keys(service.deps)
    assert rotated.current().kid != first_kid
    clock.advance(minutes=20)
    pruned = await maintenance.ensure_keys(service.deps)
    assert pruned.find(first_kid) is None


async def test_es256_and_ed25519_can_be_selected(service_for: Service) -> None:
    for algorithm in ("ES256", "Ed25519"):
        service = await service_for(jwt_algorithm=algorithm)
        await maintenance.rotate_keys(service.deps, force=True)
        ring = await maintenance.rotate_keys(service.deps, force=True)
        assert str(ring.current().algorithm) == algorithm
        _, pair = await signed_up(service)
        principal = await service.authenticate(pair.access_token)
        assert principal.email
    service = await service_for()  # back to the RS256 default for the tests that follow
    await maintenance.rotate_keys(service.deps, force=True)
    await maintenance.rotate_keys(service.deps, force=True)
    _, pair = await signed_up(service)
    caller = msgspec.structs.replace(
        await service.authenticate(pair.access_token), roles=(Role.ADMIN,)
    )
    assert (await service.introspect(caller, pair.access_token)).active
