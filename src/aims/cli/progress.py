"""A job's progress on a terminal: a bar that redraws in place (or one line per change)."""

from __future__ import annotations

from typing import TextIO

from aims.admin.public import JobState, JobView

BAR_WIDTH = 30
QUEUED_HINT_POLLS = 20
"""After this many looks at a still-queued job, say that a worker must be running."""


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """`[#####-----]` for `done` of `total`."""
    filled = width * done // total if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + "]"


class JobProgress:
    """Shows one job's progress on `stream`."""

    def __init__(self, name: str, stream: TextIO) -> None:
        self.name = name
        self.stream = stream
        self.interactive = stream.isatty()
        self.last = ""
        self.queued_polls = 0

    def show(self, job: JobView) -> None:
        """Draw the job's current state."""
        counted = f"{job.pages_done}/{job.page_total} pages"
        line = f"{self.name}: {bar(job.pages_done, job.page_total)} {counted}, {job.stage}"
        self._hint_when_stuck(job)
        if self.interactive:
            self.stream.write("\r" + line.ljust(len(self.last)))
            self.stream.flush()
        elif line != self.last:
            self.stream.write(line + "\n")
        self.last = line

    def done(self, job: JobView) -> None:
        """Finish the display with the final state."""
        self.show(job)
        if self.interactive:
            self.stream.write("\n")
        self.stream.write(f"{self.name}: {job.state}\n")
        self.stream.flush()

    def _hint_when_stuck(self, job: JobView) -> None:
        self.queued_polls = self.queued_polls + 1 if job.state == JobState.QUEUED else 0
        if self.queued_polls == QUEUED_HINT_POLLS:
            self.stream.write(
                "\n(still queued: jobs run in `aims run` or `aims worker`; is one running?)\n"
            )
