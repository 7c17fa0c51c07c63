"""`AuthFacade` implemented over the auth services; the only entry other layers use."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from aims.auth.domain import AccountState, Role
from aims.auth.lockout import LockoutPolicy
from aims.auth.password_policy import PasswordPolicy
from aims.auth.passwords import Argon2Parameters, PasswordHasher
from aims.auth.public import (
    AuditPage,
    AuditQuery,
    ClientInfo,
    Introspection,
    MfaChallenge,
    MfaEnrolment,
    NotFound,
    Principal,
    RecoveryCodes,
    SessionView,
    SignedIn,
    TokenPair,
    UserChanges,
    UserPage,
    UserStats,
    UserView,
)
from aims.auth.refresh_tokens import RefreshLifetimes
from aims.auth.repository import accounts as account_rows
from aims.auth.services import accounts, admin, directory, mfa, principal, sessions, signin
from aims.auth.services.account_views import account_views
from aims.auth.services.base import AuthDeps, Clock
from aims.auth.services.keyring import KeyRingCache
from aims.auth.services.revocation import RevocationList
from aims.auth.services.throttle import Throttle
from aims.auth.tokens import TokenCodec, TokenSettings
from aims.kernel.mail import NAMESPACE, Background, MailQueue, build_mailer, mail_jobs
from aims.kernel.messages import utcnow
from aims.kernel.runtime import Runtime
from aims.kernel.sealing import Sealer
from aims.kernel.secrets import application_secret


def build_deps(runtime: Runtime, clock: Clock = utcnow) -> AuthDeps:
    """The auth tools of one process, from its runtime and settings."""
    settings = runtime.settings
    keys = KeyRingCache(runtime.db, clock)
    token_settings = TokenSettings(
        issuer=settings.token_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(seconds=settings.access_token_seconds),
    )
    background = Background()
    revocations = RevocationList(runtime.db, runtime.store, token_settings.keep_retired_keys_for)
    views = account_views()
    for feed in (revocations.feed, views.feed):
        runtime.listener.subscribe(feed)
    sealer = Sealer(application_secret(settings))
    runtime.job_blueprints[NAMESPACE] = mail_jobs(
        build_mailer(settings), settings.mail_from, sealer.box("mail")
    )
    hasher = PasswordHasher(
        Argon2Parameters(
            memory_cost_kib=settings.argon2_memory_kib,
            time_cost=settings.argon2_time_cost,
            parallelism=settings.argon2_parallelism,
        )
    )
    return AuthDeps(
        settings=settings,
        db=runtime.db,
        bus=runtime.bus,
        hasher=hasher,
        policy=PasswordPolicy(),
        codec=TokenCodec(token_settings, keys),
        keys=keys,
        revocations=revocations,
        account_views=views,
        throttle=Throttle(runtime.store),
        mail=MailQueue(runtime.jobs, sealer.box("mail")),
        sealer=sealer,
        background=background,
        clock=clock,
        lockout=LockoutPolicy(),
        refresh_lifetimes=RefreshLifetimes(
            idle=timedelta(days=settings.refresh_idle_days),
            absolute=timedelta(days=settings.refresh_absolute_days),
        ),
    )


class AuthService:
    """The auth context's facade: one unit of work per call, DTOs out."""

    def __init__(self, deps: AuthDeps) -> None:
        self.deps = deps

    async def authenticate(self, access_token: str) -> Principal:
        return await principal.authenticate(self.deps, access_token)

    async def register(
        self, email: str, password: str, client: ClientInfo, locale: str | None = None
    ) -> None:
        await accounts.register(self.deps, email, password, client, locale)

    async def login(self, email: str, password: str, client: ClientInfo) -> SignedIn | MfaChallenge:
        return await signin.login(self.deps, email, password, client)

    async def login_mfa(self, challenge: str, code: str, client: ClientInfo) -> SignedIn:
        return await signin.login_mfa(self.deps, challenge, code, client)

    async def refresh(self, refresh_token: str, client: ClientInfo) -> TokenPair:
        return await sessions.refresh(self.deps, refresh_token, client)

    async def logout(self, principal: Principal, client: ClientInfo) -> None:
        await sessions.end_sessions(
            self.deps, principal.user_id, "logout", client, only=principal.session_id
        )

    async def logout_with_tokens(
        self, access_token: str | None, refresh_token: str | None, client: ClientInfo
    ) -> None:
        await sessions.logout_with_tokens(self.deps, access_token, refresh_token, client)

    async def logout_all(self, principal: Principal, client: ClientInfo) -> None:
        await sessions.require_recent_sign_in(self.deps, principal)
        await sessions.end_sessions(self.deps, principal.user_id, "logout_all", client)

    async def reauthenticate(
        self, principal: Principal, password: str, otp: str | None, client: ClientInfo
    ) -> None:
        await signin.reauthenticate(self.deps, principal, password, otp, client)

    async def me(self, principal: Principal) -> UserView:
        return await self.deps.account_views.get(
            principal.user_id, lambda: self._load_view(principal.user_id)
        )

    async def _load_view(self, user_id: UUID) -> UserView:
        async with self.deps.db.autocommit() as db:  # two reads; no snapshot needed
            user = await account_rows.user_by_id(db, user_id)
            if user is None:
                raise NotFound("The account no longer exists.")
            return await admin.view(db, user)

    async def sessions(self, principal: Principal) -> list[SessionView]:
        return await sessions.list_sessions(self.deps, principal)

    async def revoke_session(
        self, principal: Principal, session_id: UUID, client: ClientInfo
    ) -> None:
        await sessions.revoke_one(self.deps, principal, session_id, client)

    async def change_password(
        self, principal: Principal, current: str, new: str, client: ClientInfo
    ) -> None:
        await accounts.change_password(self.deps, principal, current, new, client)

    async def forgot_password(self, email: str, client: ClientInfo) -> None:
        await accounts.forgot_password(self.deps, email, client)

    async def reset_password(self, token: str, new_password: str, client: ClientInfo) -> None:
        await accounts.reset_password(self.deps, token, new_password, client)

    async def verify_email(self, token: str, client: ClientInfo) -> None:
        await accounts.verify_email(self.deps, token, client)

    async def resend_verification(self, principal: Principal, client: ClientInfo) -> None:
        await accounts.resend_verification(self.deps, principal, client)

    async def begin_mfa(self, principal: Principal, client: ClientInfo) -> MfaEnrolment:
        return await mfa.begin(self.deps, principal, client)

    async def confirm_mfa(
        self, principal: Principal, code: str, client: ClientInfo
    ) -> RecoveryCodes:
        return await mfa.confirm(self.deps, principal, code, client)

    async def disable_mfa(self, principal: Principal, client: ClientInfo) -> None:
        await mfa.disable(self.deps, principal, client)

    async def introspect(self, caller: Principal, token: str) -> Introspection:
        return await principal.introspect(self.deps, caller, token)

    async def jwks(self) -> dict[str, list[dict[str, str]]]:
        return (await self.deps.keys.fresh()).jwks()

    async def list_users(
        self,
        actor: Principal,
        search: str | None,
        cursor: str | None,
        limit: int = 50,
        *,
        role: Role | None = None,
        state: AccountState | None = None,
        or_ids: tuple[UUID, ...] = (),
    ) -> UserPage:
        return await directory.list_users(
            self.deps, actor, search, cursor, limit, role=role, state=state, or_ids=or_ids
        )

    async def find_users(self, actor: Principal, user_ids: tuple[UUID, ...]) -> list[UserView]:
        return await directory.find_users(self.deps, actor, user_ids)

    async def user_stats(self, actor: Principal) -> UserStats:
        return await directory.user_stats(self.deps, actor)

    async def user_sessions(self, actor: Principal, user_id: UUID) -> list[SessionView]:
        return await directory.user_sessions(self.deps, actor, user_id)

    async def change_user(
        self, actor: Principal, user_id: UUID, changes: UserChanges, client: ClientInfo
    ) -> UserView:
        return await admin.change_user(self.deps, actor, user_id, changes, client)

    async def get_user(self, actor: Principal, user_id: UUID) -> UserView:
        return await admin.get_user(self.deps, actor, user_id)

    async def set_role(
        self, actor: Principal, user_id: UUID, role: Role, client: ClientInfo
    ) -> UserView:
        return await admin.set_role(self.deps, actor, user_id, role, client)

    async def set_disabled(
        self, actor: Principal, user_id: UUID, disabled: bool, client: ClientInfo
    ) -> UserView:
        return await admin.set_disabled(self.deps, actor, user_id, disabled, client)

    async def unlock(self, actor: Principal, user_id: UUID, client: ClientInfo) -> UserView:
        return await admin.unlock(self.deps, actor, user_id, client)

    async def revoke_user_sessions(
        self, actor: Principal, user_id: UUID, client: ClientInfo
    ) -> None:
        admin.require_role(self.deps, actor, Role.ADMIN)
        await admin.require_not_outranked(self.deps, actor, user_id)
        await sessions.end_sessions(
            self.deps, user_id, "admin_revoke_sessions", client, actor_id=actor.user_id
        )

    async def delete_user(self, actor: Principal, user_id: UUID, client: ClientInfo) -> None:
        await admin.delete_user(self.deps, actor, user_id, client)

    async def audit(
        self,
        actor: Principal,
        subject_id: UUID | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> AuditPage:
        query = AuditQuery(subject_id=subject_id, before=before, limit=limit)
        return await directory.search_audit(self.deps, actor, query)

    async def search_audit(self, actor: Principal, query: AuditQuery) -> AuditPage:
        return await directory.search_audit(self.deps, actor, query)
