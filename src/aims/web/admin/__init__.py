"""The admin console under /admin: its guard, layout, navigation and pages."""
