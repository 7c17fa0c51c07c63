"""Which role and state changes an administrator may make (pure rule, no database)."""

import pytest

from aims.auth.domain import ChangeRefusal, Role, refused_change


def refusal(
    *,
    actor: Role = Role.SUPER_ADMIN,
    own: bool = False,
    target: Role = Role.USER,
    active: bool = True,
    new_role: Role | None = None,
    disable: bool | None = None,
    others: int = 1,
) -> ChangeRefusal | None:
    return refused_change(
        actor_role=actor,
        own_account=own,
        target_role=target,
        target_active=active,
        new_role=new_role,
        disable=disable,
        other_super_admins=others,
    )


def test_nobody_changes_their_own_role_or_disables_themselves() -> None:
    assert refusal(own=True, target=Role.SUPER_ADMIN, new_role=Role.ADMIN) is ChangeRefusal.OWN_ROLE
    assert refusal(own=True, target=Role.ADMIN, actor=Role.ADMIN, disable=True) is (
        ChangeRefusal.OWN_ACCOUNT_DISABLED
    )
    assert refusal(own=True, target=Role.ADMIN, actor=Role.ADMIN, disable=False) is None


def test_an_admin_cannot_touch_a_super_admin() -> None:
    assert refusal(actor=Role.ADMIN, target=Role.SUPER_ADMIN, disable=True) is (
        ChangeRefusal.HIGHER_ROLE
    )
    assert refusal(actor=Role.ADMIN, target=Role.ADMIN, disable=True) is None


@pytest.mark.parametrize("change", [{"new_role": Role.ADMIN}, {"disable": True}])
def test_the_last_active_super_admin_stays(change: dict[str, object]) -> None:
    assert refusal(target=Role.SUPER_ADMIN, others=0, **change) is ChangeRefusal.LAST_SUPER_ADMIN  # type: ignore[arg-type]
    assert refusal(target=Role.SUPER_ADMIN, others=1, **change) is None  # type: ignore[arg-type]


def test_a_disabled_super_admin_may_be_demoted_and_one_may_be_enabled() -> None:
    assert refusal(target=Role.SUPER_ADMIN, active=False, others=0, new_role=Role.USER) is None
    assert refusal(target=Role.SUPER_ADMIN, others=0, disable=False) is None
