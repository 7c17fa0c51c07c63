"""What auth's mails say, per language: one set of texts per locale, filled in by `mail.py`.

Placeholders: {link} (a portal link with its token), {token}, {forgot_link}.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

SecurityNotice = Literal["password_changed", "mfa_enabled", "mfa_disabled"]
MailKind = Literal["verify_email", "account_exists", "reset_password"] | SecurityNotice


class MailText(NamedTuple):
    """Subject and body of one message in one language."""

    subject: str
    body: str


TEXTS: dict[str, dict[MailKind, MailText]] = {
    "en": {
        "verify_email": MailText(
            "Confirm your e-mail address",
            "Welcome to AIMS.\n\nConfirm your address within 24 hours:\n{link}\n\n"
            "Verification token: {token}\n",
        ),
        "account_exists": MailText(
            "You already have an AIMS account",
            "Someone (perhaps you) tried to register this address again.\n"
            "Sign in, or reset your password at {forgot_link}.\n",
        ),
        "reset_password": MailText(
            "Reset your AIMS password",
            "Use this link within one hour to choose a new password:\n{link}\n\n"
            "Reset token: {token}\n"
            "If you did not ask for this, ignore this message.\n",
        ),
        "password_changed": MailText(
            "Your AIMS password was changed",
            "The password of your AIMS account was just changed; other sessions were signed out.\n"
            "If this was not you, reset your password at once: {forgot_link}\n",
        ),
        "mfa_enabled": MailText(
            "Two-step sign-in was turned on",
            "Two-step sign-in (an authenticator app) was just turned on for your AIMS account.\n"
            "If this was not you, reset your password at once: {forgot_link}\n",
        ),
        "mfa_disabled": MailText(
            "Two-step sign-in was turned off",
            "Two-step sign-in was just turned off for your AIMS account.\n"
            "If this was not you, reset your password at once: {forgot_link}\n",
        ),
    },
    "ja": {
        "verify_email": MailText(
            "メールアドレスの確認",
            "AIMS へようこそ。\n\n24 時間以内に、次のリンクからメールアドレスを確認してください。\n"
            "{link}\n\n確認用トークン: {token}\n",
        ),
        "account_exists": MailText(
            "AIMS のアカウントはすでにあります",
            "このメールアドレスで、もう一度登録しようとした人がいます。あなたご自身かもしれません。\n"
            "サインインするか、次のページでパスワードを再設定してください。\n{forgot_link}\n",
        ),
        "reset_password": MailText(
            "AIMS のパスワードの再設定",
            "1 時間以内に、次のリンクから新しいパスワードを設定してください。\n{link}\n\n"
            "再設定用トークン: {token}\n"
            "お心当たりがない場合は、このメールを無視してください。\n",
        ),
        "password_changed": MailText(
            "AIMS のパスワードが変更されました",
            "AIMS アカウントのパスワードが変更され、ほかのセッションはサインアウトされました。\n"
            "お心当たりがない場合は、すぐにパスワードを再設定してください。\n{forgot_link}\n",
        ),
        "mfa_enabled": MailText(
            "2 段階認証が有効になりました",
            "AIMS アカウントで 2 段階認証（認証アプリ）が有効になりました。\n"
            "お心当たりがない場合は、すぐにパスワードを再設定してください。\n{forgot_link}\n",
        ),
        "mfa_disabled": MailText(
            "2 段階認証が無効になりました",
            "AIMS アカウントで 2 段階認証が無効になりました。\n"
            "お心当たりがない場合は、すぐにパスワードを再設定してください。\n{forgot_link}\n",
        ),
    },
}

UNKNOWN_LANGUAGE_ORDER = ("ja", "en")
"""The languages of one mail for a reader whose language is not known, in this order."""
