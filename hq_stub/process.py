"""Run HQ as a real subprocess (tests, fault tests, ``pos-desktop --demo``).

    with HQProcess(tmp_path / "hq.db", demo=True) as hq:
        code = hq.activation_codes[0]["activation_code"]
        hq.admin.patch_store("MILAN", create_customer_async=True)
        hq.kill(); hq.restart()          # same port, same database

The server's stdout/stderr go to files next to the ready file (``.stderr_path``), so a
chatty server can never block on a full pipe, and :meth:`start` raises with the tail of
stderr when the server does not come up. Every process is waited for (no zombies), and
processes still running when the interpreter exits are killed.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path
from typing import Any

from hq_stub.cli import AdminClient

_LIVE: weakref.WeakSet[HQProcess] = weakref.WeakSet()


_TEMP_DIRS: list[Path] = []


@atexit.register
def _kill_leftovers() -> None:  # pragma: no cover - safety net
    for hq in list(_LIVE):
        with contextlib.suppress(Exception):
            hq.kill()
    for path in _TEMP_DIRS:
        shutil.rmtree(path, ignore_errors=True)


class HQStartError(RuntimeError):
    pass


def _cmdline(proc_dir: Path) -> str:
    try:
        return (proc_dir / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class HQProcess:
    def __init__(self, db_path_or_url: str | os.PathLike[str], *, port: int = 0,
                 demo: bool = False, admin_token: str = "admin-secret",
                 job_interval: float | None = None, env: dict[str, str] | None = None,
                 host: str = "127.0.0.1", start_timeout: float = 20.0,
                 extra_args: list[str] | None = None) -> None:
        db = os.fspath(db_path_or_url)
        self.db = db if "://" in db else f"sqlite:///{Path(db).expanduser().resolve()}"
        self.port = port
        self.host = host
        self.demo = demo
        self.admin_token = admin_token
        self.job_interval = job_interval
        self.env = dict(env or {})
        self.start_timeout = start_timeout
        self.extra_args = list(extra_args or [])  # more `hq-stub serve` options
        # Logs and the ready file; removed when the interpreter exits.
        self._dir = Path(tempfile.mkdtemp(prefix="hq-process-"))
        _TEMP_DIRS.append(self._dir)
        self.ready_path = self._dir / "ready.json"
        self.stdout_path = self._dir / "stdout.log"
        self.stderr_path = self._dir / "stderr.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self.pid: int | None = None
        self.activation_codes: list[dict[str, Any]] = []
        self._admin: AdminClient | None = None

    # ----------------------------------------------------------- lifecycle
    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "hq_stub", "serve", "--host", self.host,
               "--port", str(self.port), "--db", self.db,
               "--ready-file", str(self.ready_path), "--parent-pid", str(os.getpid())]
        if self.demo:
            cmd.append("--demo")
        if self.job_interval is not None:
            cmd += ["--job-interval", str(self.job_interval)]
        return cmd + self.extra_args

    def start(self) -> HQProcess:
        if self.running:
            raise HQStartError("HQ is already running")
        self.ready_path.unlink(missing_ok=True)
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        if self.admin_token:
            env["HQ_ADMIN_TOKEN"] = self.admin_token
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.proc = subprocess.Popen(self.command(), stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, env=env)
        _LIVE.add(self)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise HQStartError(f"HQ exited with code {code} during start-up:\n"
                                   f"{self.stderr_tail()}")
            if self.ready_path.exists():
                try:
                    info = json.loads(self.ready_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    info = None
                if info:
                    self.url = info["url"]
                    self.pid = info["pid"]
                    self.port = int(self.url.rsplit(":", 1)[1])
                    self.activation_codes = info.get("activation_codes", [])
                    self._admin = None
                    return self
            time.sleep(0.02)
        self.kill()
        raise HQStartError(f"HQ did not become ready within {self.start_timeout:.0f} s:\n"
                           f"{self.stderr_tail()}")

    def worker_pids(self) -> list[int]:
        """The pids of the server's worker processes (``--workers N``; Linux /proc)."""
        if not self.running:
            return []
        assert self.proc is not None
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            # A worker is a child of the supervisor; skip its multiprocessing helpers.
            if int(fields[1]) == self.proc.pid and "spawn_main" in _cmdline(stat.parent):
                out.append(int(stat.parent.name))
        return sorted(out)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 15.0) -> int | None:
        """Graceful stop (SIGTERM), escalating to SIGKILL after ``timeout``."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.proc = None
        _LIVE.discard(self)
        return proc.returncode

    def kill(self) -> int | None:
        """Hard kill (SIGKILL): simulates a crash."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        self.proc = None
        _LIVE.discard(self)
        return proc.returncode

    def restart(self) -> HQProcess:
        """Start again on the same port and database (stopping first if running)."""
        if self.running:
            self.stop()
        deadline = time.monotonic() + 10
        while True:  # the old socket may linger for a moment after a kill
            try:
                return self.start()
            except HQStartError:
                if time.monotonic() > deadline or "Address already in use" not in \
                        self.stderr_tail():
                    raise
                time.sleep(0.2)

    def stderr_tail(self, max_chars: int = 4000) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-max_chars:]
        except OSError:
            return ""

    def __enter__(self) -> HQProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            if self.running:
                self.kill()
        except Exception:
            pass

    # -------------------------------------------------------------- admin
    @property
    def admin(self) -> AdminClient:
        if self.url is None:
            raise HQStartError("HQ has not been started")
        if self._admin is None or self._admin.url != self.url:
            self._admin = AdminClient(self.url, self.admin_token)
        return self._admin

    def activation_code(self, store_id: str) -> str:
        """The start-up activation code (``--demo``) for terminal T1 of ``store_id``."""
        for code in self.activation_codes:
            if code["store_id"] == store_id:
                return code["activation_code"]
        raise KeyError(store_id)
