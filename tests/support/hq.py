"""The ``hq`` fixture shared by the terminal-side tests (sync, ui, packaging, cli): a
real HQ subprocess on a random 127.0.0.1 port with the demo data, a fresh SQLite file
per test and a fast async-to-sync job. Registered from ``tests/conftest.py``
(``pytest_plugins``). ``tests/hq`` overrides it with one session-wide HQ of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hq_stub.process import HQProcess

ADMIN_TOKEN = "test-admin-token"
JOB_INTERVAL = 0.3  # seconds: uploads convert quickly without a job call


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQProcess]:
    process = HQProcess(f"sqlite:///{tmp_path / 'hq.db'}", demo=True,
                        admin_token=ADMIN_TOKEN, job_interval=JOB_INTERVAL)
    process.start()
    try:
        yield process
    finally:
        process.stop()
