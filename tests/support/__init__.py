"""Helpers the test suite shares: real PostgreSQL and Redis servers."""
