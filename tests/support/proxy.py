"""A TCP proxy in front of PostgreSQL that a test can cut and restore (a database outage)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.support.servers import free_port


class DatabaseProxy:
    """Listens on 127.0.0.1 and forwards to the server of `database_url`.

    It runs its own event loop in a thread, because the app under test may run
    on another thread's loop (Litestar's test client) while the test waits.
    """

    def __init__(self, database_url: str) -> None:
        self.target = make_url(database_url)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The database URL, through the proxy."""
        proxied = self.target.set(host="127.0.0.1", port=self.port, query={})
        return proxied.render_as_string(hide_password=False)

    def start(self) -> None:
        """Accept connections (again)."""
        self._run(self._start())

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        self._run(self._cut())

    def close(self) -> None:
        """Cut, and stop the proxy's thread."""
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self, operation: Coroutine[None, None, None]) -> None:
        asyncio.run_coroutine_threadsafe(operation, self._loop).result(10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await self._connect_upstream()
        pipes = [
            asyncio.create_task(_pump(reader, upstream_writer)),
            asyncio.create_task(_pump(upstream_reader, writer)),
        ]
        self._pipes.update(pipes)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pipes)
        self._pipes.difference_update(pipes)
        for stream in (writer, upstream_writer):
            stream.close()

    async def _connect_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        socket_dir = self.target.query.get("host")
        if isinstance(socket_dir, str):
            port = self.target.port or 5432
            return await asyncio.open_unix_connection(str(Path(socket_dir) / f".s.PGSQL.{port}"))
        return await asyncio.open_connection(self.target.host, self.target.port or 5432)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()
