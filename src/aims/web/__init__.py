"""Web: the server-rendered user portal and admin console (presentation only)."""
