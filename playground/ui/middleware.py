"""A bound on request bodies: gradio itself reads any size, so a 1 GB POST would be parsed
whole before our own checks could refuse it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Answers 413 when a body is larger than `max_bytes`, by header or as it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLargeError:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await answer(send, 413, f'{{"error": "request body larger than {self.max_bytes} bytes"}}'.encode())


async def answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None, with_body: bool = True
) -> None:
    """A whole response from a middleware, JSON unless `headers` say otherwise."""
    headers = headers or [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body if with_body else b""})


class _TooLargeError(Exception):
    pass


class KnownEndpoints:
    """404 for a call to an endpoint that does not exist: gradio answers those with a 500."""

    PREFIXES = ("/gradio_api/call/v2/", "/gradio_api/call/")

    def __init__(self, app: ASGIApp, names: tuple[str, ...]) -> None:
        self.app = app
        self.names = set(names)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        prefix = next((p for p in self.PREFIXES if path.startswith(p)), None)
        if prefix is not None and path[len(prefix) :].split("/")[0] not in self.names:
            await answer(send, 404, b'{"error": "no such endpoint"}')
            return
        await self.app(scope, receive, send)
