"""A small fault-injecting TCP proxy between a terminal and the real HQ.

Modes:
- pass: forward both ways;
- drop_response: forward the request to HQ, swallow HQ's answer and cut the
  connection (HQ committed, the terminal never heard) — for requests whose first
  line contains `match`, `remaining` times;
- stall: read requests (on new and kept-alive connections) but never answer, so the
  client times out;
- hold: for the ``nth`` request whose first line contains ``match`` (counted from
  :meth:`hold`), either keep HQ's answer at the proxy (``point="answer"``: HQ received
  the whole request and answered, the client has heard nothing) or pass HQ only the
  first bytes of the request (``point="request"``: HQ has seen the request, not all of
  its body); :attr:`held` is set at that moment, so a test can crash either side at a
  known point and then :meth:`release` the connection (deliver the answer, or cut).

Every request line that goes through is recorded in :attr:`requests` (in order).
"""

from __future__ import annotations

import re
import socket
import threading
from contextlib import suppress

_REQUEST_LINE = re.compile(rb"^[A-Z]+ /\S* HTTP/1\.[01]$")


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.match = b""
        self.remaining = 0
        self.dropped = 0
        self.requests: list[bytes] = []
        self.held = threading.Event()
        self.held_request = b""
        self.held_answer = b""  # the first bytes of HQ's answer (point="answer")
        self._hold: tuple[bytes, int, str] | None = None  # (match, nth, point)
        self._hold_seen = 0
        self._released = threading.Event()
        self._deliver = False
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._lock = threading.Lock()
        self._closing = False
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_responses(self, match: bytes, times: int = 1) -> None:
        with self._lock:
            self.mode, self.match, self.remaining = "drop_response", match, times

    def hold(self, match: bytes, *, nth: int = 1, point: str = "answer") -> None:
        assert point in ("answer", "request"), point
        with self._lock:
            self._hold, self._hold_seen = (match, nth, point), 0
            self.held.clear()
            self._released.clear()
            self.held_request = self.held_answer = b""

    def release(self, *, deliver: bool) -> None:
        """Let the held exchange go on (``deliver``) or cut its connection."""
        self._deliver = deliver
        self._released.set()

    def count(self, match: bytes) -> int:
        """How many requests whose first line contains ``match`` went through."""
        return sum(match in line for line in list(self.requests))

    def stall(self) -> None:
        self.mode = "stall"

    def heal(self) -> None:
        self.mode = "pass"

    def close(self) -> None:
        self._closing = True
        self.release(deliver=False)
        with suppress(OSError):
            self._server.close()
        for sock in list(self._sockets):
            with suppress(OSError):
                sock.close()

    def _record(self, data: bytes) -> bytes:
        first_line = data.split(b"\r\n", 1)[0]
        if _REQUEST_LINE.match(first_line):
            with self._lock:
                self.requests.append(first_line)
        return first_line

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self._sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.mode == "stall":
            with suppress(OSError):
                while data := client.recv(65536):
                    self._record(data)
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self._sockets.append(upstream)
        state = {"drop": False, "hold": False}

        def client_to_upstream() -> None:
            with suppress(OSError):
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    first_line = self._record(data)
                    if self.mode == "stall":
                        continue  # swallowed: the client waits for an answer in vain
                    hold_request = False
                    with self._lock:
                        if _REQUEST_LINE.match(first_line):
                            hold = self._hold
                            if hold is not None and hold[0] in first_line:
                                self._hold_seen += 1
                                if self._hold_seen == hold[1]:
                                    self._hold = None
                                    self.held_request = first_line
                                    if hold[2] == "answer":
                                        state["hold"] = True
                                    else:
                                        hold_request = True
                        if (
                            self.mode == "drop_response"
                            and self.remaining > 0
                            and self.match in first_line
                        ):
                            self.remaining -= 1
                            state["drop"] = True
                    if hold_request:
                        # HQ gets the request line and headers, not the whole body.
                        upstream.sendall(data[: max(len(first_line) + 2, len(data) // 2)])
                        self.held.set()
                        self._released.wait()
                        if not self._deliver:
                            break
                        data = data[max(len(first_line) + 2, len(data) // 2) :]
                    upstream.sendall(data)
            with suppress(OSError):
                upstream.shutdown(socket.SHUT_WR)
            if self.held.is_set() and not self._deliver:  # cut: both ways
                with suppress(OSError):
                    client.shutdown(socket.SHUT_RDWR)

        def upstream_to_client() -> None:
            with suppress(OSError):
                while True:
                    data = upstream.recv(65536)
                    if not data:
                        break
                    if state["drop"]:
                        # HQ has answered (so it committed): the answer is lost.
                        self.dropped += 1
                        break
                    if state["hold"]:
                        self.held_answer = data[:200]
                        self.held.set()  # HQ answered; the client has heard nothing
                        self._released.wait()
                        state["hold"] = False
                        if not self._deliver:
                            break
                    client.sendall(data)
            for sock in (client, upstream):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with suppress(OSError):
                    sock.close()

        threading.Thread(target=client_to_upstream, daemon=True).start()
        upstream_to_client()
