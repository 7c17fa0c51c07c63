"""Shared plumbing with no business rules: settings, database, Redis, events, logging, errors."""
