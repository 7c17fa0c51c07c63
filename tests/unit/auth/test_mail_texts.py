"""Auth's mails speak the reader's language, or both languages when it is unknown."""

import pytest

from aims.auth.services.mail import compose, languages_for
from aims.auth.services.mail_texts import TEXTS

LINK = "https://aims.example/verify-email?token=t0k3n"


@pytest.mark.parametrize(
    ("locale", "languages"),
    [
        ("ja", ("ja",)),
        ("ja-JP", ("ja",)),
        ("en_US", ("en",)),
        (None, ("ja", "en")),
        ("fr", ("ja", "en")),
    ],
)
def test_the_language_follows_the_locale(locale: str | None, languages: tuple[str, ...]) -> None:
    assert languages_for(locale) == languages


def test_a_japanese_reader_gets_japanese_only() -> None:
    mail = compose("verify_email", "a@example.com", "ja", link=LINK, token="t0k3n")
    assert mail.subject == "メールアドレスの確認"
    [part] = mail.parts
    assert part.language == "ja"
    assert LINK in part.text
    assert "Welcome" not in part.text


def test_an_unknown_reader_gets_both_languages_in_one_mail() -> None:
    mail = compose("reset_password", "a@example.com", None, link=LINK, token="t0k3n")
    assert mail.subject == "AIMS のパスワードの再設定 / Reset your AIMS password"
    assert [p.language for p in mail.parts] == ["ja", "en"]
    assert all(LINK in p.text for p in mail.parts)


def test_every_language_has_every_message_with_the_same_placeholders() -> None:
    english = TEXTS["en"]
    for texts in TEXTS.values():
        assert texts.keys() == english.keys()
        for kind, text in texts.items():
            assert placeholders(text.body) == placeholders(english[kind].body)


def placeholders(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
