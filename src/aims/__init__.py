"""AIMS: auth, profiles and document analysis in one modular-monolith process."""
