"""Document analysis yields the CPU to requests: its worker processes run at a lower priority."""

from __future__ import annotations

import os

from aims.admin.adapters.processes import BACKGROUND_NICENESS, ProcessPool


async def test_background_children_run_below_the_server_and_inspection_children_alongside() -> None:
    background = ProcessPool(1, niceness=BACKGROUND_NICENESS)
    interactive = ProcessPool(1)
    server = os.nice(0)
    try:
        assert await background.run(os.nice, 0) == min(19, server + BACKGROUND_NICENESS)
        assert await interactive.run(os.nice, 0) == server
    finally:
        background.shutdown()
        interactive.shutdown()
