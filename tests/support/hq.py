"""The ``hq`` fixture shared by the terminal-side tests (sync, ui, packaging, cli): a
real HQ subprocess on a random 127.0.0.1 port with the demo data, its own SQLite file
per test and a fast async-to-sync job. Registered from ``tests/conftest.py``
(``pytest_plugins``). ``tests/hq`` overrides it with one session-wide HQ of its own.

Each test's database starts as a copy of one migrated and demo-seeded database made
once per session (``hq_template``): the HQ a test starts runs its migrations (nothing
left to do) and creates the demo terminals' activation codes as on any start, but skips
the seconds of building the schema and the 4,000 demo customers again. The copy is the
same as a first start would have made it (same migrations, same ``demo.seed``)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hq_stub.process import HQProcess

ADMIN_TOKEN = "test-admin-token"
JOB_INTERVAL = 0.3  # seconds: uploads convert quickly without a job call


@pytest.fixture(scope="session")
def hq_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated HQ database with the demo data, as `hq-stub serve --demo` seeds an
    empty one; one file, no WAL beside it (copied per test)."""
    from hq_stub import demo
    from hq_stub.db import Database

    folder = tmp_path_factory.mktemp("hq-template")
    db = Database(f"sqlite:///{folder / 'build.db'}")
    try:
        db.migrate()
        with db.write() as conn:
            assert demo.is_empty(conn)
            demo.seed(conn)
    finally:
        db.dispose()
    template = folder / "hq.db"
    with sqlite3.connect(folder / "build.db") as source, sqlite3.connect(template) as target:
        source.backup(target)  # one self-contained file, WAL folded in
    source.close()
    target.close()
    return template


def fresh_hq_db(template: Path, path: Path) -> str:
    """A copy of the demo template at ``path``; its SQLAlchemy URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def hq(tmp_path: Path, hq_template: Path) -> Iterator[HQProcess]:
    process = HQProcess(fresh_hq_db(hq_template, tmp_path / "hq.db"), demo=True,
                        admin_token=ADMIN_TOKEN, job_interval=JOB_INTERVAL)
    process.start()
    try:
        yield process
    finally:
        process.stop()
