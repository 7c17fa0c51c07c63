"""The one sealer: purpose-bound keys from the application secret, tamper-proof, max age."""

import base64
import hashlib
import os

import msgspec
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aims.kernel.sealing import SealedBox, Sealer, SealError

SECRET = "application secret " * 3


class Step(msgspec.Struct, frozen=True):
    value: str


def test_a_sealed_value_opens_only_with_the_same_secret_and_purpose() -> None:
    box = Sealer(SECRET).box("totp")
    sealed = box.seal_text("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert len(sealed) <= 200  # fits auth.mfa.secret
    assert box.open_text(sealed) == "JBSWY3DPEHPK3PXP"
    assert box.seal_text("JBSWY3DPEHPK3PXP") != sealed  # a fresh nonce every time
    for other in (Sealer("another secret " * 3).box("totp"), Sealer(SECRET).box("device")):
        with pytest.raises(SealError):
            other.open_text(sealed)
    for broken in ("JBSWY3DPEHPK3PXP", sealed[:-3] + "AAA", "v2.%%%", "v2." + "A" * 9000, ""):
        with pytest.raises(SealError):
            box.open_text(broken)


def test_a_box_with_a_max_age_refuses_older_values() -> None:
    now = [1_000_000.0]
    box = SealedBox(SECRET, "web", max_age_seconds=600, clock=lambda: now[0])
    sealed = box.seal_struct(Step("x"))
    now[0] += 600
    assert box.open_struct(sealed, Step) == Step("x")
    now[0] += 1
    assert box.open_struct(sealed, Step) is None
    assert box.open_struct(None, Step) is None
    assert box.open_struct(Sealer(SECRET).box("web").seal(b"[1]"), Step) is None  # other shape


def test_totp_seeds_sealed_by_the_earlier_secret_box_still_open() -> None:
    """`v1.` values were AES-GCM under SHA-256("aims:<purpose>:<secret>"), purpose as AAD."""
    key = hashlib.sha256(f"aims:totp:{SECRET}".encode()).digest()
    nonce = os.urandom(12)
    legacy = (
        "v1."
        + base64.urlsafe_b64encode(
            nonce + AESGCM(key).encrypt(nonce, b"JBSWY3DPEHPK3PXP", b"totp")
        ).decode()
    )
    assert Sealer(SECRET).box("totp").open_text(legacy) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SealError):
        Sealer(SECRET).box("device").open_text(legacy)
