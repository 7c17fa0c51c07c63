"""TOTP seeds are stored sealed: unreadable without the application secret, bound to a purpose."""

import pytest

from aims.auth.adapters import SecretBox


def test_a_sealed_secret_opens_only_with_the_same_key_and_purpose() -> None:
    box = SecretBox("application secret " * 3, "totp")
    sealed = box.seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert len(sealed) <= 200
    assert box.open(sealed) == "JBSWY3DPEHPK3PXP"
    assert box.seal("JBSWY3DPEHPK3PXP") != sealed  # a fresh nonce every time
    with pytest.raises(ValueError, match="another key"):
        SecretBox("another secret " * 3, "totp").open(sealed)
    with pytest.raises(ValueError, match="another key"):
        SecretBox("application secret " * 3, "other").open(sealed)
    with pytest.raises(ValueError, match="not a sealed value"):
        box.open("JBSWY3DPEHPK3PXP")
