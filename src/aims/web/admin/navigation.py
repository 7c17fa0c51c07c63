"""The console's sections, in the order its navigation shows them."""

from __future__ import annotations

from dataclasses import dataclass

from aims.web.forms import N_

CONSOLE = "/admin"


@dataclass(frozen=True)
class Section:
    """One entry of the console navigation: where it goes and its (translated) name."""

    path: str
    label: str

    def is_current(self, path: str) -> bool:
        """Whether `path` is this section or a page inside it."""
        if self.path == CONSOLE:
            return path in (CONSOLE, CONSOLE + "/")
        return path == self.path or path.startswith(self.path + "/")


SECTIONS = (
    Section(CONSOLE, N_("Dashboard")),
    Section(CONSOLE + "/users", N_("Users")),
    Section(CONSOLE + "/documents", N_("Documents")),
    Section(CONSOLE + "/jobs", N_("Jobs")),
    Section(CONSOLE + "/audit", N_("Audit log")),
)
"""The console navigation (Documents and Jobs are built in their own modules)."""
