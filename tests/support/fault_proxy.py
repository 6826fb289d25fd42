"""A small fault-injecting TCP proxy between a terminal and the real HQ.

Modes:
- pass: forward both ways;
- drop_response: forward the request to HQ, swallow HQ's answer and cut the
  connection (HQ committed, the terminal never heard) — for requests whose first
  line contains `match`, `remaining` times;
- stall: read requests (on new and kept-alive connections) but never answer, so the
  client times out.
"""

from __future__ import annotations

import socket
import threading
from contextlib import suppress


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.match = b""
        self.remaining = 0
        self.dropped = 0
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

    def stall(self) -> None:
        self.mode = "stall"

    def heal(self) -> None:
        self.mode = "pass"

    def close(self) -> None:
        self._closing = True
        with suppress(OSError):
            self._server.close()
        for sock in list(self._sockets):
            with suppress(OSError):
                sock.close()

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
                while client.recv(65536):
                    pass
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self._sockets.append(upstream)
        state = {"drop": False}

        def client_to_upstream() -> None:
            with suppress(OSError):
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    if self.mode == "stall":
                        continue  # swallowed: the client waits for an answer in vain
                    first_line = data.split(b"\r\n", 1)[0]
                    with self._lock:
                        if (
                            self.mode == "drop_response"
                            and self.remaining > 0
                            and self.match in first_line
                        ):
                            self.remaining -= 1
                            state["drop"] = True
                    upstream.sendall(data)
            with suppress(OSError):
                upstream.shutdown(socket.SHUT_WR)

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
                    client.sendall(data)
            for sock in (client, upstream):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with suppress(OSError):
                    sock.close()

        threading.Thread(target=client_to_upstream, daemon=True).start()
        upstream_to_client()
