"""What the portal shows a person: readable sessions, names in their language's order, an icon."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.web.portal import check, new_email, sign_in, signed_up_and_in, switch_language

WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
NORMAL_SIZE = {"width": 1280, "height": 800}

# Every word of the table whose letters the browser laid out on more than one line.
WORDS_BROKEN_ACROSS_LINES = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("table.sessions"), 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    for (const match of text.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


def test_the_sessions_table_names_browser_and_system_and_breaks_no_word(
    new_page: Callable[..., Page],
) -> None:
    address = new_email()
    laptop = new_page(viewport=NORMAL_SIZE)
    desktop = new_page(user_agent=WINDOWS_CHROME)
    signed_up_and_in(laptop, address)
    sign_in(desktop, address)

    laptop.goto("/account/sessions")
    row = laptop.get_by_role("row").filter(has_text="Chrome 131")
    expect(row).to_contain_text("Windows 10")
    expect(row.get_by_role("cell").first).to_have_attribute("title", WINDOWS_CHROME)
    end = row.get_by_role("button", name="Chrome 131 (Windows 10) のセッションを終了")
    expect(end).to_be_visible()
    assert laptop.evaluate(WORDS_BROKEN_ACROSS_LINES) == []
    check(laptop, "portal-sessions")


def test_a_japanese_profile_puts_the_family_name_first_and_an_english_one_the_given_name(
    page: Page,
) -> None:
    signed_up_and_in(page, new_email())
    labels = page.locator("#profile dt")
    expect(labels.nth(1)).to_have_text("姓")
    expect(labels.nth(2)).to_have_text("名")

    page.get_by_role("link", name="プロフィールを編集").click()
    expect(page.get_by_label("表示名")).to_be_focused()  # swapped in place by htmx
    page.get_by_label("姓").fill("山田")
    page.get_by_label("名", exact=True).fill("花子")
    fields = page.locator("form.stacked input[type=text]")
    expect(fields.nth(1)).to_have_attribute("name", "last_name")
    expect(fields.nth(2)).to_have_attribute("name", "first_name")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("プロフィールを保存しました。")
    expect(page.locator("#profile dd").nth(1)).to_have_text("山田")

    switch_language(page, "en")
    expect(labels.nth(1)).to_have_text("Given name")
    expect(labels.nth(2)).to_have_text("Family name")
    expect(page.locator("#profile dd").nth(2)).to_have_text("山田")


def test_the_site_icon_loads_without_an_error_on_a_first_visit(page: Page) -> None:
    failures: list[str] = []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    page.goto("/")
    icon = page.locator('link[rel="icon"]')
    assert page.request.get(str(icon.get_attribute("href"))).status == 200
    favicon = page.request.get("/favicon.ico")
    assert favicon.status == 200
    assert favicon.headers["content-type"] == "image/x-icon"
    assert failures == []
