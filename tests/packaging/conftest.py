"""A real HQ on 127.0.0.1 for the packaging tests (same set-up as tests/sync)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hq_stub.process import HQProcess
from tests.sync.conftest import ADMIN_TOKEN


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQProcess]:
    process = HQProcess(
        f"sqlite:///{tmp_path / 'hq.db'}", demo=True, admin_token=ADMIN_TOKEN, job_interval=0.3
    )
    process.start()
    try:
        yield process
    finally:
        process.stop()
