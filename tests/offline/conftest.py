"""Fixtures of the offline-store tests: a real SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_desktop.offline.store import OfflineStore


@pytest.fixture
def store(data_dir: Path) -> Iterator[OfflineStore]:
    offline = OfflineStore(data_dir)
    yield offline
    offline.close()
