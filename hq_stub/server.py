"""``hq-stub serve``: migrations, demo seed, activation codes, the job scheduler and
uvicorn on a socket we bind ourselves (so ``--port 0`` can report the real port)."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from hq_stub import demo
from hq_stub.app import create_app
from hq_stub.db import Database
from hq_stub.service import HQService

log = logging.getLogger("hq_stub")

DEFAULT_JOB_INTERVAL = 30.0


def job_interval_from_env() -> float:
    raw = os.environ.get("HQ_ASYNC_JOB_INTERVAL", "")
    try:
        return float(raw) if raw.strip() else DEFAULT_JOB_INTERVAL
    except ValueError:
        log.warning("HQ_ASYNC_JOB_INTERVAL=%r is not a number; using %s", raw,
                    DEFAULT_JOB_INTERVAL)
        return DEFAULT_JOB_INTERVAL


def write_ready_file(path: str, payload: dict[str, Any]) -> None:
    """Atomically (temp file + rename) so a reader never sees half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ready-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform == "win32":  # pragma: no cover
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        # Lets a restarted HQ take its port back while old connections sit in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Scheduler(threading.Thread):
    """Runs the async-to-sync job every ``interval`` seconds (<= 0: never)."""

    def __init__(self, service: HQService, interval: float) -> None:
        super().__init__(name="hq-job-scheduler", daemon=True)
        self.service = service
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        if self.interval <= 0:
            return
        while not self.stopped.wait(self.interval):
            try:
                self.service.job.run()
            except Exception:
                log.exception("scheduled async-to-sync job failed")

    def stop(self) -> None:
        self.stopped.set()


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_ready) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit:
            self._on_ready()


def _watch_parent(server: _Server, parent_pid: int) -> None:
    """Exit when the process that started us is gone (POSIX: we get re-parented)."""
    while not server.should_exit:
        if os.getppid() != parent_pid:
            log.warning("parent process %s is gone; shutting down", parent_pid)
            server.should_exit = True
            return
        time.sleep(0.5)


def _demo_codes(service: HQService, started: float) -> list[dict[str, Any]]:
    """Seed the demo data into an empty database; a fresh activation code for the demo
    terminal of each demo store."""
    with service.db.write() as conn:
        if demo.is_empty(conn):
            n = demo.seed(conn)
            log.info("seeded demo data: %d customers in %.2f s", n, time.monotonic() - started)
    existing = set(service.stores.ids())
    return [service.devices.create_activation_code(spec["store_id"], demo.DEMO_TERMINAL)
            for spec in demo.STORES if spec["store_id"] in existing]


def serve(*, host: str, port: int, db_url: str, demo_data: bool, admin_token: str | None,
          ready_file: str | None, job_interval: float | None = None,
          parent_pid: int | None = None, forwarded_allow_ips: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    interval = job_interval_from_env() if job_interval is None else job_interval
    started = time.monotonic()
    db = Database(db_url)
    db.migrate()
    service = HQService(db, admin_token=admin_token)
    codes = _demo_codes(service, started) if demo_data else []
    if not admin_token:
        log.warning("no admin token configured: admin endpoints are refused")

    sock = bind_socket(host, port)
    actual_port = sock.getsockname()[1]
    shown_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    url = f"http://{shown_host}:{actual_port}"
    scheduler = Scheduler(service, interval)

    def on_ready() -> None:
        scheduler.start()
        if ready_file:  # first, so that whoever sees the stdout line finds the file
            write_ready_file(ready_file, {"url": url, "pid": os.getpid(),
                                          "activation_codes": codes})
        print(f"HQ listening on {url}", flush=True)

    # Proxy headers (X-Forwarded-For) are ignored unless the operator names the proxies
    # that may set them: otherwise any client could pick its own address and dodge the
    # per-address activation rate limit by rotating the header.
    config = uvicorn.Config(create_app(service), log_config=None, log_level="info",
                            access_log=False, lifespan="off", server_header=False,
                            timeout_graceful_shutdown=5, timeout_keep_alive=30,
                            proxy_headers=bool(forwarded_allow_ips),
                            forwarded_allow_ips=forwarded_allow_ips or None)
    server = _Server(config, on_ready)
    if parent_pid and sys.platform != "win32":
        threading.Thread(target=_watch_parent, args=(server, parent_pid), daemon=True,
                         name="hq-parent-watch").start()
    try:
        server.run(sockets=[sock])
    finally:
        scheduler.stop()
        if scheduler.is_alive():
            scheduler.join(timeout=30)
        sock.close()
        db.dispose()
        if ready_file:
            Path(ready_file).unlink(missing_ok=True)
    return 0
