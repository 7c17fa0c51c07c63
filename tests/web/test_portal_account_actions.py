"""Account actions over HTTP: ending other sessions, signing out everywhere, step-up."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD
from tests.web.forms_http import HTML, csrf_token, post_form, signed_in
from tests.web.portal import age_sign_ins


async def second_sign_in(portal: AsyncTestClient[Litestar], address: str) -> str:
    """Sign the same account in again elsewhere; that session's access token."""
    other = await portal.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    return str(other.json()["access_token"])


async def test_ending_all_other_sessions_keeps_this_one(
    portal: AsyncTestClient[Litestar],
) -> None:
    address = await signed_in(portal)
    elsewhere = await second_sign_in(portal, address)
    response = await post_form(portal, "/account/sessions/revoke-others")
    assert response.headers["location"] == "/account/sessions?notice=others_revoked"
    page = await portal.get(response.headers["location"], headers=HTML)
    assert "All your other sessions have been ended." in page.text
    assert page.text.count('/revoke"') == 0, "only this browser is left"
    me = await portal.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {elsewhere}"})
    assert me.status_code == 401


async def test_ending_one_session_from_its_row_answers_200_with_nothing_to_show(
    portal: AsyncTestClient[Litestar],
) -> None:
    address = await signed_in(portal)
    elsewhere = await second_sign_in(portal, address)
    bearer = {"Authorization": f"Bearer {elsewhere}"}
    listed = (await portal.get("/api/v1/auth/sessions", headers=bearer)).json()
    other = next(session["id"] for session in listed if session["current"])
    ended = await portal.post(
        f"/account/sessions/{other}/revoke",
        data={"_csrf_token": await csrf_token(portal)},
        headers={**HTML, "HX-Request": "true"},
    )
    assert (ended.status_code, ended.text) == (200, "")
    assert (await portal.get("/api/v1/auth/me", headers=bearer)).status_code == 401


async def test_signing_out_everywhere_ends_this_session_too(
    portal: AsyncTestClient[Litestar],
) -> None:
    address = await signed_in(portal)
    elsewhere = await second_sign_in(portal, address)
    response = await post_form(portal, "/account/sessions/sign-out-everywhere")
    assert response.headers["location"] == "/sign-in?notice=signed_out_everywhere"
    assert "aims_access" not in portal.cookies
    me = await portal.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {elsewhere}"})
    assert me.status_code == 401


async def test_a_wrong_step_up_password_is_explained_and_nothing_happens(
    portal: AsyncTestClient[Litestar], database_url: str
) -> None:
    address = await signed_in(portal)
    age_sign_ins(database_url, address)
    asked = await post_form(portal, "/account/sessions/sign-out-everywhere")
    assert asked.status_code == 200
    assert "Confirm it is you" in asked.text
    wrong = await post_form(portal, "/account/sessions/sign-out-everywhere", password="nope")
    assert wrong.status_code == 400
    assert 'id="password-error"' in wrong.text
    assert "The password is not correct." in wrong.text
    right = await post_form(portal, "/account/sessions/sign-out-everywhere", password=PASSWORD)
    assert right.headers["location"] == "/sign-in?notice=signed_out_everywhere"


async def test_switching_language_on_a_refused_form_leads_back_to_the_form_not_a_405(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    refused = await post_form(
        portal, "/account/password", current_password="wrong one", new_password="x" * 12
    )
    assert refused.status_code == 400
    switched = await post_form(portal, "/language", locale="ja", next="/account/password")
    assert switched.headers["location"] == "/account/password"
    page = await portal.get("/account/password", headers=HTML)
    assert page.status_code == 200
    assert str(page.url).endswith("/account/security")
    document = "/admin/documents/0b5c2f3e-5d0c-4a47-9d5e-2f0a1c3b4d5e"
    for path, form_page in (
        ("/account/profile", "/account/profile/edit"),
        ("/sign-out", "/"),
        (f"{document}/elements/ID-3", document),
        ("/account/sessions/0b5c2f3e-5d0c-4a47-9d5e-2f0a1c3b4d5e/revoke", "/account/sessions"),
    ):
        answer = await portal.get(path, headers=HTML, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, form_page)
