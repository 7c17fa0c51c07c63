"""Reset and verification tokens are single-use and die on a password change; sessions end."""

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from aims.auth.facade import AuthService
from aims.auth.models import users
from tests.integration.auth.conftest import (
    CLIENT,
    mailed_token,
    read_mail,
    sign_in,
    signed_up,
)
from tests.support.accounts import PASSWORD, bearer, new_email, signed_in
from tests.support.mail import find_mail

NEW_PASSWORD = "a completely different passphrase"


async def forgot(api: AsyncTestClient[Litestar], mail_dir: Path, address: str) -> str:
    response = await api.post("/api/v1/auth/password/forgot", json={"email": address})
    assert response.status_code == 202, response.text
    return await mailed_token(mail_dir, address, "Reset")


async def test_a_reset_token_works_once_and_ends_every_session(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    account = await signed_in(api)
    token = await forgot(api, mail_dir, account["email"])
    body = {"token": token, "password": NEW_PASSWORD}
    assert (await api.post("/api/v1/auth/password/reset", json=body)).status_code == 204
    again = await api.post("/api/v1/auth/password/reset", json=body)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "token"
    me = await api.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
    assert me.status_code == 401
    old = {"email": account["email"], "password": PASSWORD}
    assert (await api.post("/api/v1/auth/login", json=old)).status_code == 401
    new = {"email": account["email"], "password": NEW_PASSWORD}
    assert (await api.post("/api/v1/auth/login", json=new)).status_code == 200


async def test_forgot_password_answers_alike_for_unknown_addresses(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    unknown = new_email()
    response = await api.post("/api/v1/auth/password/forgot", json={"email": unknown})
    assert response.status_code == 202
    assert response.json() == {
        "detail": "If the address has an account, a reset link is on its way."
    }
    assert find_mail(mail_dir, unknown, "Reset") is None


async def test_a_password_change_kills_mailed_tokens_and_other_sessions(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    address = new_email()
    await api.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    verify_token = await mailed_token(mail_dir, address, "Confirm")
    reset_token = await forgot(api, mail_dir, address)
    credentials = {"email": address, "password": PASSWORD}
    here = (await api.post("/api/v1/auth/login", json=credentials)).json()
    elsewhere = (await api.post("/api/v1/auth/login", json=credentials)).json()

    change = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(here["access_token"]),
    )
    assert change.status_code == 204, change.text
    assert (
        await api.get("/api/v1/auth/me", headers=bearer(here["access_token"]))
    ).status_code == 200
    assert (
        await api.get("/api/v1/auth/me", headers=bearer(elsewhere["access_token"]))
    ).status_code == 401
    refresh = await api.post(
        "/api/v1/auth/refresh", json={"refresh_token": elsewhere["refresh_token"]}
    )
    assert refresh.status_code == 401
    reset = await api.post(
        "/api/v1/auth/password/reset",
        json={"token": reset_token, "password": "yet another passphrase"},
    )
    assert reset.status_code == 422
    verify = await api.post("/api/v1/auth/email/verify", json={"token": verify_token})
    assert verify.status_code == 422


async def test_a_verification_token_works_once(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    account = await signed_in(api)
    token = await mailed_token(mail_dir, account["email"], "Confirm")
    assert (await api.post("/api/v1/auth/email/verify", json={"token": token})).status_code == 204
    assert (await api.post("/api/v1/auth/email/verify", json={"token": token})).status_code == 422


async def test_weak_passwords_and_bad_addresses_are_named_field_errors(
    api: AsyncTestClient[Litestar],
) -> None:
    weak = await api.post(
        "/api/v1/auth/register", json={"email": new_email(), "password": "password"}
    )
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["field"] == "password"
    assert weak.json()["errors"][0]["code"] == "common"
    bad = await api.post("/api/v1/auth/register", json={"email": "nobody", "password": PASSWORD})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "email"
    missing = await api.post("/api/v1/auth/login", json={"email": new_email()})
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("original", "look_alike", "code"),
    [
        ("admin", "ad\u200bmin", "invisible_characters"),
        ("paypal", "p\u0430ypal", "mixed_scripts"),
    ],
)
async def test_an_address_that_displays_like_another_cannot_register(
    api: AsyncTestClient[Litestar], original: str, look_alike: str, code: str
) -> None:
    domain = f"{new_email().split('@')[0]}.example.com"
    first = await api.post(
        "/api/v1/auth/register", json={"email": f"{original}@{domain}", "password": PASSWORD}
    )
    assert first.status_code == 201
    twin = await api.post(
        "/api/v1/auth/register", json={"email": f"{look_alike}@{domain}", "password": PASSWORD}
    )
    assert twin.status_code == 422
    assert twin.json()["errors"] == [
        {"field": "email", "message": twin.json()["detail"], "code": code}
    ]
    japanese = await api.post(
        "/api/v1/auth/register", json={"email": f"山田たろうヤマダ@{domain}", "password": PASSWORD}
    )
    assert japanese.status_code == 201


async def test_registering_a_taken_address_answers_the_same_and_warns_its_owner(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    address = new_email()
    body = {"email": address, "password": PASSWORD}
    first = await api.post("/api/v1/auth/register", json=body)
    second = await api.post("/api/v1/auth/register", json={**body, "email": address.upper()})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    await mailed_token(mail_dir, address, "Confirm")
    assert (await api.post("/api/v1/auth/login", json=body)).status_code == 200
    await read_mail(mail_dir, address, "already have")


async def test_the_mail_log_line_carries_no_token(
    api: AsyncTestClient[Litestar], mail_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        account = await signed_in(api)
        token = await mailed_token(mail_dir, account["email"], "Confirm")
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "development outbox" in text
    assert token not in text
    assert PASSWORD not in text


async def test_a_wrong_current_password_is_a_field_error_not_a_sign_out(
    api: AsyncTestClient[Litestar],
) -> None:
    account = await signed_in(api)
    change = await api.post(
        "/api/v1/auth/password",
        json={"current_password": "not the password", "new_password": NEW_PASSWORD},
        headers=bearer(account["access_token"]),
    )
    assert change.status_code == 422
    assert change.json()["errors"][0]["field"] == "current_password"


async def test_a_sign_in_rehashes_when_the_parameters_changed(
    service_for: Callable[..., Awaitable[AuthService]],
) -> None:
    cheap = await service_for(argon2_memory_kib=1024, argon2_time_cost=1)
    address, _ = await signed_up(cheap)
    stronger = await service_for(argon2_memory_kib=2048, argon2_time_cost=2)
    await sign_in(stronger, address, PASSWORD, CLIENT)
    async with stronger.deps.db.transaction() as db:
        stored = await db.scalar(select(users.c.password_hash).where(users.c.email == address))
    assert stored is not None
    assert "m=2048,t=2" in stored
    assert not stronger.deps.hasher.needs_rehash(stored)
