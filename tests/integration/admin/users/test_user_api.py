"""The admin API for users: search, filters, pages, changes that end sessions, guards, audit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any
from unittest.mock import ANY

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import bearer, forget_rate_limits, signed_in

PREFIX = "/api/v1/admin"
FAST: dict[str, Any] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture
async def api(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    forget_rate_limits(redis_url)
    async with AsyncTestClient(app_for(redis_url=redis_url, **FAST)) as client:
        yield client


async def account(api: AsyncTestClient[Litestar], database_url: str, role: str = "user") -> Any:
    return await signed_in(api, role=role, database_url=database_url)


def auth(who: dict[str, Any]) -> dict[str, str]:
    return bearer(who["access_token"])


async def test_users_are_found_by_part_of_their_name_or_address_and_paged(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    boss = await account(api, database_url, "admin")
    named = await account(api, database_url)
    await api.patch(
        "/api/v1/profiles/me", json={"display_name": "Hanako Yamada-Zq"}, headers=auth(named)
    )
    by_name = await api.get(f"{PREFIX}/users", params={"q": "yamada-z"}, headers=auth(boss))
    assert by_name.status_code == 200
    assert [(u["email"], u["display_name"]) for u in by_name.json()["items"]] == [
        (named["email"], "Hanako Yamada-Zq")
    ]
    local = named["email"].split("@")[0][-6:]
    by_mail = await api.get(f"{PREFIX}/users", params={"q": local}, headers=auth(boss))
    assert [u["id"] for u in by_mail.json()["items"]] == [named["user_id"]]

    admins = await api.get(f"{PREFIX}/users", params={"role": "admin"}, headers=auth(boss))
    assert {u["role"] for u in admins.json()["items"]} == {"admin"}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "1", **({"cursor": cursor} if cursor else {})}
        page = (await api.get(f"{PREFIX}/users", params=params, headers=auth(boss))).json()
        seen += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen)
    assert {boss["email"], named["email"]} <= set(seen)


async def test_a_non_admin_and_bad_input_are_refused_with_problems(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    user = await account(api, database_url)
    boss = await account(api, database_url, "admin")
    assert (await api.get(f"{PREFIX}/users", headers=auth(user))).status_code == 403
    assert (await api.get(f"{PREFIX}/stats", headers=auth(user))).status_code == 403
    assert (await api.get(f"{PREFIX}/users")).status_code == 401
    for params in ({"q": "x" * 300}, {"role": "emperor"}, {"limit": "0"}, {"cursor": "_w"}):
        answer = await api.get(f"{PREFIX}/users", params=params, headers=auth(boss))
        assert answer.status_code in (400, 422), (params, answer.status_code)
        assert answer.headers["content-type"].startswith("application/problem+json")
    unknown = await api.patch(
        f"{PREFIX}/users/{user['user_id']}", json={"colour": "red"}, headers=auth(boss)
    )
    assert unknown.status_code in (400, 422)


async def test_json_and_date_times_are_read_by_their_own_types_not_coerced(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    user = await account(api, database_url)
    boss = await account(api, database_url, "admin")
    url = f"{PREFIX}/users/{user['user_id']}"
    for body in ({"disabled": 0}, {"disabled": "true"}, {"role": 1}):
        refused = await api.patch(url, json=body, headers=auth(boss))
        assert refused.status_code == 422, body
        assert refused.json()["errors"][0]["field"] == next(iter(body))
    assert (await api.get("/api/v1/auth/me", headers=auth(user))).status_code == 200

    for path, name in (
        ("audit/accounts", "until"),
        ("audit/accounts", "since"),
        ("stats", "since"),
    ):
        for value in ("0.5", "1700000000", "2026-12-01", "yesterday"):
            answer = await api.get(f"{PREFIX}/{path}", params={name: value}, headers=auth(boss))
            assert answer.status_code == 422, (path, name, value)
            assert answer.json()["errors"] == [{"field": name, "message": ANY}]
        valid = {name: "2026-12-01T09:00:00+09:00"}
        assert (await api.get(f"{PREFIX}/{path}", params=valid, headers=auth(boss))).is_success


async def test_disabling_ends_the_users_sessions_at_once_and_is_audited(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    boss = await account(api, database_url, "admin")
    user = await account(api, database_url)
    url = f"{PREFIX}/users/{user['user_id']}"
    disabled = await api.patch(url, json={"disabled": True}, headers=auth(boss))
    assert disabled.status_code == 200
    assert disabled.json()["state"] == "disabled"
    assert (await api.get("/api/v1/auth/me", headers=auth(user))).status_code == 401
    enabled = await api.patch(url, json={"disabled": False}, headers=auth(boss))
    assert enabled.json()["state"] == "active"

    trail = await api.get(
        f"{PREFIX}/audit/accounts", params={"subject": user["user_id"]}, headers=auth(boss)
    )
    actions = [(e["action"], e["actor_email"]) for e in trail.json()["items"]]
    assert actions[:2] == [("admin_enable", boss["email"]), ("admin_disable", boss["email"])]
    only = await api.get(
        f"{PREFIX}/audit/accounts",
        params={"action": "admin_disable", "actor": boss["user_id"]},
        headers=auth(boss),
    )
    assert [e["subject_id"] for e in only.json()["items"]] == [user["user_id"]]


async def test_role_changes_need_a_super_admin_and_end_the_sessions(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    admin = await account(api, database_url, "admin")
    chief = await account(api, database_url, "super_admin")
    user = await account(api, database_url)
    url = f"{PREFIX}/users/{user['user_id']}"
    refused = await api.patch(url, json={"role": "admin"}, headers=auth(admin))
    assert refused.status_code == 403
    promoted = await api.patch(url, json={"role": "admin"}, headers=auth(chief))
    assert promoted.json()["role"] == "admin"
    assert (await api.get("/api/v1/auth/me", headers=auth(user))).status_code == 401
    higher = await api.patch(
        f"{PREFIX}/users/{chief['user_id']}", json={"disabled": True}, headers=auth(admin)
    )
    assert higher.status_code == 403


async def test_nobody_demotes_or_disables_themselves_or_the_last_super_admin(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    chief = await account(api, database_url, "super_admin")
    own = f"{PREFIX}/users/{chief['user_id']}"
    for body in ({"role": "admin"}, {"disabled": True}):
        answer = await api.patch(own, json=body, headers=auth(chief))
        assert answer.status_code == 409, body
    other = await account(api, database_url, "super_admin")
    demoted = await api.patch(own, json={"role": "user"}, headers=auth(other))
    assert demoted.status_code == 200
    assert (await api.get(own, headers=auth(other))).json()["role"] == "user"


async def test_unlock_revoke_sessions_and_the_dashboard_figures(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    boss = await account(api, database_url, "admin")
    user = await account(api, database_url)
    url = f"{PREFIX}/users/{user['user_id']}"
    sessions = await api.get(f"{url}/sessions", headers=auth(boss))
    assert len(sessions.json()) == 1
    assert (await api.post(f"{url}/revoke-sessions", headers=auth(boss))).status_code == 204
    assert (await api.get("/api/v1/auth/me", headers=auth(user))).status_code == 401
    assert (await api.get(f"{url}/sessions", headers=auth(boss))).json() == []
    unlocked = await api.post(f"{url}/unlock", headers=auth(boss))
    assert unlocked.status_code == 200
    missing = f"{PREFIX}/users/00000000-0000-4000-8000-000000000000"
    assert (await api.post(f"{missing}/unlock", headers=auth(boss))).status_code == 404

    figures = (await api.get(f"{PREFIX}/stats", headers=auth(boss))).json()
    assert figures["users"]["total"] >= 2
    assert figures["users"]["by_role"]["admin"] >= 1
    assert set(figures["documents"]["by_status"]) >= {"queued", "running", "succeeded", "failed"}
    assert figures["documents"]["queue_depth"] >= 0


async def test_a_keyset_id_beyond_a_bigint_is_refused_not_sent_to_the_database(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    boss = await account(api, database_url, "admin")
    for path in ("audit/accounts", "audit"):
        for before in ("9223372036854775808", "99999999999999999999999"):
            answer = await api.get(
                f"{PREFIX}/{path}", params={"before": before}, headers=auth(boss)
            )
            assert answer.status_code == 422, (path, before, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
        largest = {"before": "9223372036854775807"}
        assert (await api.get(f"{PREFIX}/{path}", params=largest, headers=auth(boss))).is_success


async def test_an_admin_cannot_end_the_sessions_of_a_super_admin(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    boss = await account(api, database_url, "admin")
    chief = await account(api, database_url, "super_admin")
    refused = await api.post(
        f"{PREFIX}/users/{chief['user_id']}/revoke-sessions", headers=auth(boss)
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This account holds a higher role than yours."
    assert (await api.get("/api/v1/auth/me", headers=auth(chief))).status_code == 200
    user = await account(api, database_url)
    ended = await api.post(f"{PREFIX}/users/{user['user_id']}/revoke-sessions", headers=auth(boss))
    assert ended.status_code == 204
    assert (await api.get("/api/v1/auth/me", headers=auth(user))).status_code == 401
