"""After the load: read every acknowledged write back through the API and count the lost."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg

from aims.kernel.db import libpq_url


@dataclass(frozen=True)
class Check:
    """How many acknowledged writes were read back, and how many of them were not there."""

    profiles: int
    profiles_lost: int
    uploads: int
    uploads_lost: int
    processed: int
    lost_details: tuple[str, ...]


def user_ids(database_url: str, emails: list[str]) -> dict[str, str]:
    """Account ids by address."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        rows = conn.execute(
            "SELECT email, id::text FROM auth.users WHERE email = ANY(%s)", (emails,)
        ).fetchall()
    return dict(rows)


def profile_kept(entry: dict[str, Any], found: str | None) -> bool:
    """Whether the stored value is the last acknowledged one, or one tried after it (a write
    whose answer never arrived may still have been applied)."""
    return found == entry["acked"] or found in entry["pending"]


def check_profiles(
    client: httpx.Client, hosts: list[str], ids: dict[str, str], ledger: dict[str, Any]
) -> tuple[int, list[str]]:
    """Read each written profile back (admin's `GET /profiles/{id}`, apps in turn)."""
    acked = {email: entry for email, entry in ledger.items() if entry["acked"] is not None}
    lost = []
    for number, (email, entry) in enumerate(sorted(acked.items())):
        url = f"{hosts[number % len(hosts)]}/api/v1/profiles/{ids[email]}"
        answer = client.get(url)
        found = answer.json().get("display_name") if answer.status_code == 200 else None
        if not profile_kept(entry, found):
            lost.append(f"profile of {email}: wrote {entry['acked']!r}, read {found!r}")
    return len(acked), lost


def check_uploads(
    client: httpx.Client, hosts: list[str], uploads: list[dict[str, str]], drain_seconds: float
) -> tuple[list[str], int]:
    """Read each acknowledged upload back (same bytes: same sha256); waits up to
    `drain_seconds` for the workers to finish them and counts those processed."""
    deadline = time.monotonic() + drain_seconds
    while True:
        lost, processed = [], 0
        for number, upload in enumerate(uploads):
            url = f"{hosts[number % len(hosts)]}/api/v1/admin/documents/{upload['id']}"
            answer = client.get(url)
            if answer.status_code != 200 or answer.json()["sha256"] != upload["sha256"]:
                lost.append(f"document {upload['id']}: {answer.status_code}")
            elif answer.json()["status"] == "succeeded":
                processed += 1
        if processed == len(uploads) or time.monotonic() >= deadline:
            return lost, processed
        time.sleep(1)


def read_back(
    hosts: list[str],
    admin_token: str,
    database_url: str,
    ledger: dict[str, Any],
    drain_seconds: float,
) -> Check:
    """Every acknowledged profile write and upload, read back."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    ids = user_ids(database_url, list(ledger["profiles"]))
    with httpx.Client(headers=headers, timeout=30) as client:
        profiles, profiles_lost = check_profiles(client, hosts, ids, ledger["profiles"])
        uploads_lost, processed = check_uploads(client, hosts, ledger["uploads"], drain_seconds)
    return Check(
        profiles=profiles,
        profiles_lost=len(profiles_lost),
        uploads=len(ledger["uploads"]),
        uploads_lost=len(uploads_lost),
        processed=processed,
        lost_details=tuple(profiles_lost + uploads_lost),
    )
