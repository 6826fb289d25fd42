"""The outermost layer of the HQ API: a pure ASGI middleware that enforces the 1 MiB body
limit, turns anything unexpected into a JSON 500 without a stack trace, and writes one
log line per request (method, path, status, milliseconds — no query string, headers or
bodies, so neither tokens nor personal data reach the log)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

access_log = logging.getLogger("hq_stub.access")
log = logging.getLogger("hq_stub")

MAX_BODY = 1024 * 1024
MAX_DRAIN = 64 * 1024 * 1024


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _json_bytes(status: int, code: str, message: str) -> bytes:
    return json.dumps(error_body(code, message)).encode()


class Guard:
    """Pure ASGI middleware: body limit, last-resort error handler, access log."""

    def __init__(self, app, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = {"status": 500, "started": False}

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
            await send(message)

        try:
            body = await self._read_body(scope, receive)
            if body is None:
                await self._reply(send_wrapper, 413, "payload_too_large",
                                  f"The request body exceeds {self.max_body} bytes")
                return
            done = False

            async def replay():
                nonlocal done
                if not done:
                    done = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_wrapper)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not state["started"]:
                await self._reply(send_wrapper, 500, "internal_error", "Internal error")
        finally:
            access_log.info("%s %s %s %.1fms", scope.get("method"), scope.get("path"),
                            state["status"], (time.perf_counter() - started) * 1000)

    async def _read_body(self, scope, receive) -> bytes | None:
        """The whole body, or None if it is larger than the limit (the rest is drained so
        the client sees the 413 rather than a reset connection)."""
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        chunks: list[bytes] = []
        total = 0
        too_big = declared is not None and declared > self.max_body
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                too_big = True
            if not too_big:
                chunks.append(chunk)
            if not message.get("more_body") or total > MAX_DRAIN:
                break
        return None if too_big else b"".join(chunks)

    @staticmethod
    async def _reply(send, status: int, code: str, message: str) -> None:
        payload = _json_bytes(status, code, message)
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(payload)).encode())]
        if status == 413:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
