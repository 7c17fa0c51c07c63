"""Auth's mails are in the language the user signed up in; in both when it is unknown."""

from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.auth.conftest import read_mail
from tests.support.accounts import PASSWORD, bearer, new_email
from tests.support.mail import text_of


async def register(api: AsyncTestClient[Litestar], locale: str | None) -> str:
    address = new_email()
    body = {"email": address, "password": PASSWORD} | ({"locale": locale} if locale else {})
    assert (await api.post("/api/v1/auth/register", json=body)).status_code == 201
    return address


async def test_a_japanese_sign_up_gets_japanese_mail(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    address = await register(api, "ja")
    verify = await read_mail(mail_dir, address, "メールアドレスの確認")
    assert verify["Content-Language"] == "ja"
    assert "Welcome" not in text_of(verify)
    signed_in = await api.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    token = signed_in.json()["access_token"]
    resent = await api.post("/api/v1/auth/email/verify/resend", headers=bearer(token))
    assert resent.status_code in (200, 202, 204), resent.text
    assert await read_mail(mail_dir, address, "確認") is not None
    forgot = await api.post("/api/v1/auth/password/forgot", json={"email": address})
    assert forgot.status_code in (200, 202, 204), forgot.text
    reset = await read_mail(mail_dir, address, "パスワードの再設定")
    assert reset["Subject"] == "AIMS のパスワードの再設定"
    assert "/reset-password?token=" in text_of(reset)


async def test_an_english_sign_up_gets_english_mail(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    address = await register(api, "en-GB")
    verify = await read_mail(mail_dir, address, "Confirm your e-mail address")
    assert verify["Subject"] == "Confirm your e-mail address"
    assert verify["Content-Language"] == "en"


async def test_an_unknown_language_gets_both_in_one_mail(
    api: AsyncTestClient[Litestar], mail_dir: Path
) -> None:
    address = await register(api, None)
    verify = await read_mail(mail_dir, address, "Confirm")
    assert verify["Subject"] == "メールアドレスの確認 / Confirm your e-mail address"
    assert [part["Content-Language"] for part in verify.iter_parts()] == ["ja", "en"]
    assert "AIMS へようこそ" in text_of(verify)
    assert "Welcome to AIMS" in text_of(verify)
