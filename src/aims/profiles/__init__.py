"""Profiles context: user profiles and their cache."""
