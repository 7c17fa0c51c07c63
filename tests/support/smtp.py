"""A real SMTP peer on loopback that records what it receives (no TLS, no auth)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def recording_smtp(port: int = 0) -> Iterator[tuple[int, list[bytes]]]:
    """Serve SMTP on 127.0.0.1:`port` (0: any free port); yields the port and the messages."""
    received: list[bytes] = []

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.wfile.write(b"220 test ESMTP\r\n")
            while line := self.rfile.readline():
                command = line.strip().upper()
                if command.startswith((b"EHLO", b"HELO")):
                    self.wfile.write(b"250 test\r\n")
                elif command == b"DATA":
                    self.wfile.write(b"354 go on\r\n")
                    received.append(self._body())
                    self.wfile.write(b"250 queued\r\n")
                elif command == b"QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"250 ok\r\n")

        def _body(self) -> bytes:
            lines = []
            while (line := self.rfile.readline()) not in (b".\r\n", b""):
                lines.append(line)
            return b"".join(lines)

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.server_address[1], received
        finally:
            server.shutdown()
