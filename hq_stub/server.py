"""``hq-stub serve``: migrations, demo seed, activation codes, the job scheduler and
uvicorn on a socket we bind ourselves (so ``--port 0`` can report the real port).

``--workers N`` (PostgreSQL only): the process migrates, seeds and binds the socket, then
becomes uvicorn's supervisor of N worker processes that share the socket and the
database (a worker that dies is replaced). Each worker builds its own service
(:func:`worker_app`) and its own job scheduler; the job itself runs in one place at a
time, whichever worker takes its PostgreSQL advisory lock (:mod:`hq_stub.job`)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from hq_stub import demo
from hq_stub.app import create_app
from hq_stub.db import Database
from hq_stub.service import HQService

log = logging.getLogger("hq_stub")

DEFAULT_JOB_INTERVAL = 30.0
# Environment of a worker process (--workers N): JSON {"db_url", "admin_token",
# "job_interval"} set by the supervisor before it starts the workers.
WORKER_ENV = "HQ_WORKER_SETTINGS"


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
                self.service.job.try_run()  # skipped while another worker runs it
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


def _log_setup() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _uvicorn_config(app: Any, forwarded_allow_ips: str | None, **extra: Any) -> uvicorn.Config:
    # Proxy headers (X-Forwarded-For) are ignored unless the operator names the proxies
    # that may set them: otherwise any client could pick its own address and dodge the
    # per-address activation rate limit by rotating the header.
    return uvicorn.Config(app, log_config=None, log_level="info", access_log=False,
                          lifespan="off", server_header=False, timeout_graceful_shutdown=5,
                          timeout_keep_alive=30, proxy_headers=bool(forwarded_allow_ips),
                          forwarded_allow_ips=forwarded_allow_ips or None, **extra)


def _announce(url: str, ready_file: str | None, codes: list[dict[str, Any]]) -> None:
    if ready_file:  # first, so that whoever sees the stdout line finds the file
        write_ready_file(ready_file, {"url": url, "pid": os.getpid(),
                                      "activation_codes": codes})
    print(f"HQ listening on {url}", flush=True)


def serve(*, host: str, port: int, db_url: str, demo_data: bool, admin_token: str | None,
          ready_file: str | None, job_interval: float | None = None,
          parent_pid: int | None = None, forwarded_allow_ips: str | None = None,
          workers: int = 1) -> int:
    _log_setup()
    interval = job_interval_from_env() if job_interval is None else job_interval
    started = time.monotonic()
    db = Database(db_url)
    if workers > 1 and db.is_sqlite:  # (the command line says so before coming here)
        db.dispose()
        raise ValueError("several workers need a PostgreSQL database")
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
    try:
        if workers > 1:
            db.dispose()  # the workers open their own connections
            settings = {"db_url": db_url, "admin_token": admin_token,
                        "job_interval": interval}
            _supervise(workers, settings, sock, forwarded_allow_ips, f"{url}/health",
                       lambda: _announce(url, ready_file, codes), parent_pid)
        else:
            _serve_one(service, interval, sock, forwarded_allow_ips,
                       lambda: _announce(url, ready_file, codes), parent_pid)
    finally:
        sock.close()
        db.dispose()
        if ready_file:
            Path(ready_file).unlink(missing_ok=True)
    return 0


def _serve_one(service: HQService, interval: float, sock: socket.socket,
               forwarded_allow_ips: str | None, announce, parent_pid: int | None) -> None:
    """One process: uvicorn and the job scheduler in it."""
    scheduler = Scheduler(service, interval)

    def on_ready() -> None:
        scheduler.start()
        announce()

    server = _Server(_uvicorn_config(create_app(service), forwarded_allow_ips), on_ready)
    if parent_pid and sys.platform != "win32":
        threading.Thread(target=_watch_parent, args=(server, parent_pid), daemon=True,
                         name="hq-parent-watch").start()
    try:
        server.run(sockets=[sock])
    finally:
        scheduler.stop()
        if scheduler.is_alive():
            scheduler.join(timeout=30)


def _supervise(workers: int, settings: dict[str, Any], sock: socket.socket,
               forwarded_allow_ips: str | None, health_url: str, announce,
               parent_pid: int | None) -> None:
    """uvicorn's supervisor of ``workers`` processes (each runs :func:`worker_app`)."""
    os.environ[WORKER_ENV] = json.dumps(settings)
    config = _uvicorn_config("hq_stub.server:worker_app", forwarded_allow_ips,
                             factory=True, workers=workers)
    ready = threading.Event()
    supervisor = _Supervisor(config, [sock], ready.set)
    threading.Thread(target=_announce_when_serving,
                     args=(supervisor, ready, health_url, announce),
                     daemon=True, name="hq-ready").start()
    if parent_pid and sys.platform != "win32":
        threading.Thread(target=_watch_parent_of_supervisor, args=(supervisor, parent_pid),
                         daemon=True, name="hq-parent-watch").start()
    supervisor.run()


class _Supervisor(Multiprocess):
    """uvicorn's supervisor that calls ``on_started`` once every worker serves (where
    uvicorn's workers report it, ``wait_until_ready``; with older ones, once they are
    started)."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket],
                 on_started) -> None:
        super().__init__(config, sockets)
        self._on_started = on_started

    def init_processes(self) -> None:
        super().init_processes()
        # Before the supervisor's own health pings start (the pipe is not shared).
        for process in self.processes:
            wait = getattr(process, "wait_until_ready", None)
            if wait is not None:
                wait(120.0, self.should_exit)
        self._on_started()


def _announce_when_serving(supervisor: Multiprocess, started: threading.Event, url: str,
                           announce) -> None:
    """Announce once the workers are started and one answers on ``url``."""
    while not (started.wait(0.1) or supervisor.should_exit.is_set()):
        pass
    while not supervisor.should_exit.is_set():
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    announce()
                    return
        except OSError:
            pass
        time.sleep(0.1)


def _watch_parent_of_supervisor(supervisor: Multiprocess, parent_pid: int) -> None:
    while not supervisor.should_exit.is_set():
        if os.getppid() != parent_pid:
            log.warning("parent process %s is gone; shutting down", parent_pid)
            supervisor.should_exit.set()
            return
        time.sleep(0.5)


def worker_app() -> Any:
    """The ASGI app of one worker process (uvicorn calls it in the new process): its own
    database engine, service and job scheduler; it leaves when its supervisor is gone
    (a SIGKILLed supervisor must not leave workers serving on the socket)."""
    _log_setup()
    settings = json.loads(os.environ[WORKER_ENV])
    db = Database(settings["db_url"])
    service = HQService(db, admin_token=settings["admin_token"])
    Scheduler(service, float(settings["job_interval"])).start()
    supervisor = os.getppid()

    def watch() -> None:
        while os.getppid() == supervisor:
            time.sleep(0.5)
        log.warning("supervisor %s is gone; worker %s shuts down", supervisor, os.getpid())
        os.kill(os.getpid(), signal.SIGTERM)

    if sys.platform != "win32":
        threading.Thread(target=watch, daemon=True, name="hq-supervisor-watch").start()
    log.info("HQ worker %s ready", os.getpid())
    return create_app(service)
