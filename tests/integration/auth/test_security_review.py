"""Requirements of the security review (docs/security.md, OWASP ASVS 4.0.3) that hold but had
no test of their own: passwords are neither truncated nor limited in script, tokens never ride
in URLs, each sign-in is a new session, a client cannot choose its role, e-mail addresses carry
no header injection, a fresh installation has no account, and the owner hears of every change
of a credential."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel import migrations
from aims.kernel.db import libpq_url
from tests.integration.auth.conftest import read_mail
from tests.support.accounts import PASSWORD, bearer, new_email, signed_in
from tests.support.mail import text_of
from tests.support.servers import create_database, drop_database

REGISTER, LOGIN, ME = "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/me"


async def register_and_login(client: AsyncTestClient[Litestar], password: str) -> int:
    """Register with `password`, then sign in with it; the sign-in's status."""
    address = new_email()
    registered = await client.post(REGISTER, json={"email": address, "password": password})
    assert registered.status_code == 201, registered.text
    login = await client.post(LOGIN, json={"email": address, "password": password})
    return login.status_code


async def test_a_long_password_is_not_truncated(client: AsyncTestClient[Litestar]) -> None:
    """ASVS 2.1.2, 2.1.3: 128 characters are accepted, and every one of them counts."""
    password = "qz" * 63 + "k7"
    address = new_email()
    assert (
        await client.post(REGISTER, json={"email": address, "password": password})
    ).status_code == 201
    almost = password[:-1] + "8"
    assert (
        await client.post(LOGIN, json={"email": address, "password": almost})
    ).status_code == 401
    assert (
        await client.post(LOGIN, json={"email": address, "password": password})
    ).status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        "🔑🌸🍣🗻🎌🐉🌊🏯🎋🍵🦊🎐",
        "東京都千代田区丸の内一丁目の桜",
        "  spaces   inside  and around  ",
    ],
)
async def test_any_unicode_and_spaces_are_allowed_in_a_password(
    client: AsyncTestClient[Litestar], password: str
) -> None:
    """ASVS 2.1.4: emoji, kanji and spaces are characters like any other."""
    assert await register_and_login(client, password) == 200


async def test_an_access_token_in_the_url_is_never_accepted(
    client: AsyncTestClient[Litestar],
) -> None:
    """ASVS 3.1.1, 13.1.3: only the Authorization header carries a token."""
    token = (await signed_in(client))["access_token"]
    for query in (f"access_token={token}", f"token={token}", f"authorization=Bearer%20{token}"):
        assert (await client.get(f"{ME}?{query}")).status_code == 401


async def test_each_sign_in_is_a_new_session(client: AsyncTestClient[Litestar]) -> None:
    """ASVS 3.2.1: a sign-in never continues an earlier session; its tokens are new."""
    address = new_email()
    await client.post(REGISTER, json={"email": address, "password": PASSWORD})
    first = (await client.post(LOGIN, json={"email": address, "password": PASSWORD})).json()
    second = (await client.post(LOGIN, json={"email": address, "password": PASSWORD})).json()
    assert first["refresh_token"] != second["refresh_token"]
    sessions = await client.get("/api/v1/auth/sessions", headers=bearer(second["access_token"]))
    assert len(sessions.json()) == 2


@pytest.mark.parametrize(
    "extra",
    [{"role": "super_admin"}, {"roles": ["admin"]}, {"email_verified": True}, {"state": "active"}],
)
async def test_a_sign_up_cannot_choose_its_role_or_state(
    client: AsyncTestClient[Litestar], extra: dict[str, object]
) -> None:
    """ASVS 4.1.2, 5.1.2: the body is closed; no attribute of the account is the client's."""
    body = {"email": new_email(), "password": PASSWORD, **extra}
    refused = await client.post(REGISTER, json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == next(iter(extra))


async def test_a_profile_update_cannot_move_to_another_user(
    client: AsyncTestClient[Litestar],
) -> None:
    """ASVS 4.1.2, 5.1.2: the profile's owner comes from the token, never from the body."""
    token = (await signed_in(client))["access_token"]
    other = (await signed_in(client))["user_id"]
    refused = await client.patch(
        "/api/v1/profiles/me", json={"user_id": other, "bio": "mine"}, headers=bearer(token)
    )
    assert refused.status_code == 422


@pytest.mark.parametrize(
    "address",
    [
        "victim@example.com\r\nBcc: all@example.com",
        "a@example.com\nSubject: hi",
        "a@exa\x0bmple.com",
    ],
)
async def test_an_address_with_line_breaks_cannot_reach_a_mail_header(
    client: AsyncTestClient[Litestar], address: str
) -> None:
    """ASVS 5.2.3: an address that could add a mail header is refused before any mail."""
    refused = await client.post(REGISTER, json={"email": address, "password": PASSWORD})
    assert refused.status_code in (400, 422)
    forgot = await client.post("/api/v1/auth/password/forgot", json={"email": address})
    assert forgot.status_code in (400, 422)


@pytest.fixture
def fresh_database(postgres_server: str) -> Iterator[str]:
    url = create_database(postgres_server, prefix="aims_fresh")
    yield url
    drop_database(postgres_server, url)


def test_a_fresh_installation_has_no_account(fresh_database: str) -> None:
    """ASVS 2.5.4: no default or shared account; the first administrator is made on purpose
    (`aims users create-admin`)."""
    migrations.upgrade(fresh_database)
    with psycopg.connect(libpq_url(fresh_database)) as conn:
        row = conn.execute("SELECT count(*) FROM auth.users").fetchone()
    assert row == (0,)


async def test_the_owner_is_told_of_every_change_of_a_credential(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    """ASVS 2.2.3, 2.5.5: a password change and turning two-step sign-in on or off are mailed
    to the owner, with the way back if it was not them (and no secret in the mail)."""
    address = new_email()
    await api.post(REGISTER, json={"email": address, "password": PASSWORD})
    login = await api.post(LOGIN, json={"email": address, "password": PASSWORD})
    headers = bearer(login.json()["access_token"])
    changed = await api.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "a new and long passphrase"},
        headers=headers,
    )
    assert changed.status_code == 204
    notice = text_of(await read_mail(mail_dir, address, "password"))
    assert "/forgot-password" in notice
    assert "a new and long passphrase" not in notice
    secret = (await api.post("/api/v1/auth/mfa/totp", headers=headers)).json()["secret"]
    code = pyotp.TOTP(secret).now()
    confirmed = await api.post(
        "/api/v1/auth/mfa/totp/confirm", json={"code": code}, headers=headers
    )
    assert confirmed.status_code == 200
    notice = text_of(await read_mail(mail_dir, address, "turned on"))
    assert secret not in notice
    assert (await api.delete("/api/v1/auth/mfa/totp", headers=headers)).status_code == 204
    await read_mail(mail_dir, address, "turned off")
