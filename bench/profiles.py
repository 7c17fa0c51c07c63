"""Authenticated profile reads: AIMS (cache hit and miss) against baselines, same run.

    .venv/bin/python bench/profiles.py [--requests 3000]

Every request goes through the ASGI app in this process (httpx's ASGITransport,
no network), one at a time on one core, so the figures are server time plus the
same small client overhead for every row. Baselines: the framework floor (a
Litestar handler returning a constant) and a FastAPI + SQLAlchemy equivalent of
the original design (verify the JWT, select the profile by primary key). Uses a
real PostgreSQL and Redis: AIMS_TEST_DATABASE_URL / AIMS_TEST_REDIS_URL, else
embedded ones. Writes docs/benchmarks/profiles.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI, Header, HTTPException
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    Ratio,
    Servers,
    aims_client,
    output_option,
    real_servers,
    summary_ms,
    timed,
    write_results,
)

from aims.profiles.cache import cache_key
from aims.profiles.models import profiles
from tests.support.accounts import bearer, signed_in


def fastapi_equivalent(database_url: str, jwks: dict[str, Any], issuer: str) -> FastAPI:
    """The original design's profile read: FastAPI, JWT verification, SQLAlchemy by primary key."""
    engine = create_async_engine(database_url, pool_size=10, max_overflow=10)
    keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    app = FastAPI()

    @app.get("/profiles/me")
    async def my_profile(authorization: str = Header()) -> dict[str, Any]:
        try:
            token = jwt.decode(authorization.removeprefix("Bearer "), keys, algorithms=["RS256"])
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer}).validate(token.claims)
        except Exception as exc:
            raise HTTPException(401) from exc
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    select(profiles).where(profiles.c.user_id == token.claims["sub"])
                )
            ).first()
        if row is None:
            raise HTTPException(404)
        return dict(row._mapping)

    return app


async def run(count: int, servers: Servers) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    async with aims_client(servers) as (settings, client):
        me = await signed_in(client)  # type: ignore[arg-type]
        auth = bearer(me["access_token"])
        await client.patch(
            "/api/v1/profiles/me",
            json={"display_name": "Bench 太郎", "timezone": "Asia/Tokyo"},
            headers=auth,
        )
        read = lambda: client.get("/api/v1/profiles/me", headers=auth)  # noqa: E731
        results["AIMS profile read, cache hit"] = summary_ms(await timed(read, count))
        redis = aioredis.Redis.from_url(servers.redis_url)

        async def evict() -> None:
            await redis.delete(cache_key(me["user_id"]))

        results["AIMS profile read, cache miss"] = summary_ms(await timed(read, count, evict))
        await redis.aclose()
        results["Litestar floor: GET /health"] = summary_ms(
            await timed(lambda: client.get("/health"), count)
        )
        jwks = (await client.get("/.well-known/jwks.json")).json()
    baseline = fastapi_equivalent(servers.database_url, jwks, settings.token_issuer)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(baseline), base_url="http://fastapi"
    ) as client:
        fast_read = lambda: client.get("/profiles/me", headers=auth)  # noqa: E731
        results["FastAPI + SQLAlchemy equivalent"] = summary_ms(await timed(fast_read, count))
    return results


def report(results: dict[str, dict[str, float]], count: int) -> str:
    baseline = results["FastAPI + SQLAlchemy equivalent"]["per_second"]
    lines = [
        f"{count} sequential requests per row, in-process ASGI (no network), one core.",
        "",
        "| request | p50 ms | p99 ms | requests/s | × FastAPI + SQLAlchemy |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['per_second']:.0f} | "
            f"{row['per_second'] / baseline:.2f} |"
        )
    return "\n".join(lines)


def ratios(results: dict[str, dict[str, float]]) -> list[Ratio]:
    """SPEC §8: a cache-hit read takes ≤ 2 ms at p50 and serves at least the FastAPI rate."""
    hit = results["AIMS profile read, cache hit"]
    baseline = results["FastAPI + SQLAlchemy equivalent"]["per_second"]
    return [
        Ratio("cache-hit profile read, p50", hit["p50_ms"], 2.0, "≤", " ms"),
        Ratio(
            "cache-hit requests/s ÷ FastAPI + SQLAlchemy", hit["per_second"] / baseline, 1.0, "≥"
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    output_option(parser)
    args = parser.parse_args()
    with real_servers() as servers:
        results = asyncio.run(run(args.requests, servers))
    table = report(results, args.requests)
    print(table)
    path = write_results("profiles", "Profile reads", table, args.out, ratios(results))
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
