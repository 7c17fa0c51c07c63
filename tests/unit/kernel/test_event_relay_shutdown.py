"""The relay stops when cancelled, even when an event wakes it at the same moment."""

import asyncio

from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.settings import Settings

UNUSED_URL = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # no outbox: never connected


async def test_a_wake_up_racing_the_shutdown_does_not_keep_the_relay_alive() -> None:
    bus = EventBus()
    relay = asyncio.create_task(bus.run_relay(Database(UNUSED_URL, Settings()), poll_seconds=60))
    await asyncio.sleep(0.01)  # the relay now waits for a commit
    bus._wake.set()  # a commit that published, in the same tick as the shutdown
    relay.cancel()
    done, _ = await asyncio.wait([relay], timeout=2)
    assert relay in done
    assert relay.cancelled()
