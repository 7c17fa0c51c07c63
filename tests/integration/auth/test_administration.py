"""Sessions, user administration, events through the outbox, audit records, maintenance."""

from collections.abc import Awaitable, Callable
from uuid import UUID, uuid4

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from aims.auth.domain import Role
from aims.auth.facade import AuthService
from aims.auth.models import outbox
from aims.auth.public import (
    Forbidden,
    MfaEnrolmentRequired,
    NotFound,
    Principal,
    Unauthenticated,
)
from aims.auth.services import admin, maintenance
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app
from tests.integration.auth.conftest import CLIENT, FakeClock, sign_in, signed_up
from tests.support.accounts import PASSWORD, bearer, new_email, signed_in

Service = Callable[..., Awaitable[AuthService]]


async def an_admin(service: AuthService, role: Role = Role.SUPER_ADMIN) -> Principal:
    _, pair = await signed_up(service)
    principal = await service.authenticate(pair.access_token)
    await admin.set_role(service.deps, None, principal.user_id, role, None)
    pair = await sign_in(service, principal.email, PASSWORD, CLIENT)
    return await service.authenticate(pair.access_token)


async def events_of(service: AuthService, user_id: UUID) -> list[str]:
    async with service.deps.db.transaction() as db:
        rows = await db.execute(select(outbox.c.event_type, outbox.c.payload))
        return [row.event_type for row in rows if row.payload.get("user_id") == str(user_id)]


async def test_my_sessions_can_be_listed_and_ended_one_by_one(
    api: AsyncTestClient[Litestar],
) -> None:
    account = await signed_in(api)
    credentials = {"email": account["email"], "password": PASSWORD}
    other = (await api.post("/api/v1/auth/login", json=credentials)).json()
    headers = bearer(account["access_token"])
    listed = (await api.get("/api/v1/auth/sessions", headers=headers)).json()
    assert len(listed) == 2
    assert [s["current"] for s in listed].count(True) == 1
    other_id = next(s["id"] for s in listed if not s["current"])
    assert (
        await api.delete(f"/api/v1/auth/sessions/{other_id}", headers=headers)
    ).status_code == 204
    assert (
        await api.get("/api/v1/auth/me", headers=bearer(other["access_token"]))
    ).status_code == 401
    missing = await api.delete(f"/api/v1/auth/sessions/{uuid4()}", headers=headers)
    assert missing.status_code == 404
    assert (await api.post("/api/v1/auth/logout-all", headers=headers)).status_code == 204
    assert (await api.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_users_page_by_keyset_and_only_for_admins(service_for: Service) -> None:
    service = await service_for()
    boss = await an_admin(service, Role.ADMIN)
    tag = uuid4().hex[:8]
    for index in range(5):
        await service.register(f"page-{tag}-{index}@example.com", PASSWORD, CLIENT)
    first = await service.list_users(boss, tag, None, limit=2)
    second = await service.list_users(boss, tag, first.next_cursor, limit=2)
    third = await service.list_users(boss, tag, second.next_cursor, limit=2)
    emails = [u.email for page in (first, second, third) for u in page.items]
    assert emails == [f"page-{tag}-{i}@example.com" for i in range(5)]
    assert third.next_cursor is None
    _, pair = await signed_up(service)
    nobody = await service.authenticate(pair.access_token)
    with pytest.raises(Forbidden):
        await service.list_users(nobody, None, None)
    with pytest.raises(Forbidden):
        await service.set_role(boss, nobody.user_id, Role.ADMIN, CLIENT)  # needs super_admin


async def test_role_changes_disabling_and_deleting_take_effect_at_once(
    service_for: Service,
) -> None:
    service = await service_for()
    boss = await an_admin(service)
    address, pair = await signed_up(service)
    user = await service.authenticate(pair.access_token)
    assert "UserRegistered" in await events_of(service, user.user_id)

    changed = await service.set_role(boss, user.user_id, Role.ADMIN, CLIENT)
    assert changed.role == Role.ADMIN
    with pytest.raises(Unauthenticated):
        await service.authenticate(pair.access_token)

    pair = await sign_in(service, address, PASSWORD, CLIENT)
    disabled = await service.set_disabled(boss, user.user_id, True, CLIENT)
    assert disabled.state == "disabled"
    with pytest.raises(Unauthenticated):
        await service.authenticate(pair.access_token)
    with pytest.raises(Unauthenticated):
        await sign_in(service, address, PASSWORD, CLIENT)
    await service.set_disabled(boss, user.user_id, False, CLIENT)
    pair = await sign_in(service, address, PASSWORD, CLIENT)

    await service.delete_user(boss, user.user_id, CLIENT)
    with pytest.raises(Unauthenticated):
        await service.authenticate(pair.access_token)
    with pytest.raises(NotFound):
        await service.get_user(boss, user.user_id)
    assert await events_of(service, user.user_id) == [
        "UserRegistered",
        "RoleChanged",
        "UserDeactivated",
        "UserDeleted",
    ]


async def test_the_audit_trail_records_security_events_without_secrets(
    service_for: Service,
) -> None:
    service = await service_for()
    boss = await an_admin(service)
    address, _ = await signed_up(service)
    user_id = (await service.list_users(boss, address, None)).items[0].id
    with pytest.raises(Unauthenticated):
        await sign_in(service, address, "a wrong password", CLIENT)
    await service.unlock(boss, user_id, CLIENT)
    page = await service.audit(boss, subject_id=user_id)
    actions = [(r.action, r.result) for r in page.items]
    assert actions[:4] == [
        ("unlock", "success"),
        ("login", "failure"),
        ("login", "success"),
        ("register", "success"),
    ]
    assert page.items[0].actor_id == boss.user_id
    assert page.items[1].ip == CLIENT.ip
    dump = msgspec.json.encode(page).decode()
    assert PASSWORD not in dump
    assert "a wrong password" not in dump
    older = await service.audit(boss, subject_id=user_id, before=page.items[1].id, limit=1)
    assert older.items[0].id < page.items[1].id


async def test_admins_can_be_required_to_use_mfa(service_for: Service) -> None:
    service = await service_for(admin_require_mfa=True)
    boss = await an_admin(service, Role.ADMIN)
    with pytest.raises(MfaEnrolmentRequired):
        await service.list_users(boss, None, None)


async def test_maintenance_purges_what_has_expired(service_for: Service, clock: FakeClock) -> None:
    service = await service_for(audit_retention_days=30)
    await signed_up(service, new_email())
    clock.advance(days=40)
    purged = await maintenance.purge(service.deps)
    assert purged["sessions"] >= 1
    assert purged["mail_tokens"] >= 1
    assert purged["audit_records"] >= 2


async def test_the_periodic_jobs_are_registered_and_run(
    settings_for: Callable[..., Settings], redis_url: str
) -> None:
    settings = settings_for(redis_url=redis_url)
    runtime = Runtime.build(settings, settings.database_url)
    build_app(runtime)
    jobs = runtime.job_blueprints["auth"]
    assert {"rotate_keys", "purge"} <= set(jobs.tasks)
    await jobs.tasks["rotate_keys"](timestamp=0)
    await jobs.tasks["purge"](timestamp=0)
    await runtime.db.dispose()
    await runtime.store.close()
