"""Attacks a browser can carry: a forged cross-site form, and script saved in a profile."""

from collections.abc import Callable

from playwright.sync_api import Dialog, Page, Route, expect

from tests.support.browser import LiveServer
from tests.web.portal import new_email, signed_up_and_in

ATTACKER = "http://attacker.example"


def test_a_forged_cross_site_post_is_refused(page: Page, live_server: LiveServer) -> None:
    signed_up_and_in(page, new_email())
    forged = (
        f'<!doctype html><html lang="en"><title>Win a prize</title>'
        f'<form method="post" action="{live_server.url}/account/profile">'
        '<input name="display_name" value="pwned"><button>Claim</button></form></html>'
    )

    def attacker_site(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=forged)

    page.route(f"{ATTACKER}/**", attacker_site)
    page.goto(f"{ATTACKER}/prize")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Claim").click()
    response = navigation.value
    assert response is not None
    assert response.status == 403
    page.goto("/account")
    expect(page.locator("#profile")).not_to_contain_text("pwned")


def test_script_saved_in_the_profile_is_shown_as_text(new_page: Callable[..., Page]) -> None:
    page = new_page()
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    signed_up_and_in(page, new_email())
    image = "<img src=x onerror=alert(1)>"
    script = "<script>alert(2)</script>"
    page.get_by_role("link", name="プロフィールを編集").click()
    page.get_by_label("表示名").fill(image)
    page.get_by_label("自己紹介").fill(script)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("プロフィールを保存しました。")
    page.reload()
    expect(page.locator("#profile")).to_contain_text(image)
    expect(page.locator("#profile")).to_contain_text(script)
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    page.get_by_role("link", name="プロフィールを編集").click()
    expect(page.get_by_label("表示名")).to_have_value(image)
    assert page.locator("main img").count() == 0
    assert dialogs == []
