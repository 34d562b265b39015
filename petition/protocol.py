"""uvicorn's httptools protocol with the two bounds it lacks: the size and the time of a request head.

httptools keeps reading a header of any size (a 1 MB header was accepted, and buffered) and waits
for the end of the head forever (a client sending one byte a second holds a connection). Both are
counted here on the raw bytes, before parsing: past HEAD_BYTES the answer is 431, past
HEAD_SECONDS since the head's first byte it is 408, and the connection is closed. The body has
its own deadline in the app (`app.read_form`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_BYTES = 16 * 1024  # request line and headers: a browser's are 1-2 kB
HEAD_SECONDS = 10.0


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            if self._head_bytes == 0 and data:
                self._head_timer = self.loop.call_later(HEAD_SECONDS, self._refuse, 408, "Request Timeout")
            self._head_bytes += len(data)
            if self._head_bytes > HEAD_BYTES + 65536:  # the head plus one read of a body with it
                self._refuse(431, "Request Header Fields Too Large")
                return
        super().data_received(data)
        if self._in_head and self._head_bytes > HEAD_BYTES and not self.transport.is_closing():
            self._refuse(431, "Request Header Fields Too Large")

    def on_headers_complete(self) -> None:
        self._in_head = False
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _refuse(self, status: int, reason: str) -> None:
        if self.transport.is_closing() or not self._in_head:
            return
        self.transport.write(
            f"HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".encode("ascii")
        )
        self.transport.close()
