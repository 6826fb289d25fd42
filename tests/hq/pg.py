"""A throw-away PostgreSQL cluster for the HQ tests (PostgreSQL-style concurrency: real
row locks and truly concurrent writers, unlike SQLite's single writer)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator


def _binary(name: str) -> str | None:
    bindir = os.environ.get("PG_BINDIR")  # only there when set (tests of the set-up)
    if bindir:
        path = os.path.join(bindir, name)
        return path if os.access(path, os.X_OK) else None
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def available() -> str | None:
    """None if a cluster can be started here, else the reason why not."""
    if os.name != "posix":
        return "PostgreSQL tests need a POSIX system"
    if not (_binary("initdb") and _binary("pg_ctl")):
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    if os.geteuid() == 0 and not (shutil.which("runuser") and _has_user("postgres")):
        return "running as root without a 'postgres' user to run the cluster"
    return None


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Yields a base URL ``postgresql+psycopg://hq@127.0.0.1:PORT``."""
    base = tempfile.mkdtemp(prefix="hq-pg-")
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = os.path.join(base, "data")
    pg_ctl = _binary("pg_ctl")
    try:
        subprocess.run(prefix + [_binary("initdb"), "-D", data, "-U", "hq", "--auth=trust",
                                 "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        opts = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c synchronous_commit=off -c max_connections=300")
        subprocess.run(prefix + [pg_ctl, "-D", data, "-o", opts, "-l",
                                 os.path.join(base, "log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True, timeout=120)
        try:
            yield f"postgresql+psycopg://hq@127.0.0.1:{port}"
        finally:
            subprocess.run(prefix + [pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def new_database(base_url: str) -> str:
    """CREATE DATABASE with a fresh name; returns its URL."""
    import psycopg

    name = f"hq_{uuid.uuid4().hex[:12]}"
    dsn = base_url.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"
