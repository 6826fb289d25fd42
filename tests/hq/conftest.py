"""Fixtures for the HQ service tests: one real HQ subprocess on a random 127.0.0.1 port
for the whole session (it overrides the per-test ``hq`` of tests/support/hq.py), devices
activated against it, store flags set for one test, and PostgreSQL databases."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from hq_stub.process import HQProcess
from tests.hq import pg
from tests.hq.helpers import ADMIN_TOKEN, Api, activate


@pytest.fixture(scope="session")
def hq(tmp_path_factory) -> Iterator[HQProcess]:
    db = tmp_path_factory.mktemp("hq") / "hq.db"
    with HQProcess(db, demo=True, admin_token=ADMIN_TOKEN, job_interval=0) as proc:
        yield proc


@pytest.fixture(scope="session")
def milan(hq) -> Api:
    return activate(hq, "MILAN")


@pytest.fixture(scope="session")
def stockholm(hq) -> Api:
    return activate(hq, "STOCKHOLM")


@pytest.fixture(scope="session")
def admin(hq) -> Api:
    return Api(hq.url, ADMIN_TOKEN)


@pytest.fixture
def store_flags(hq):
    """Set store flags for one test and restore them afterwards."""
    saved: dict[str, dict[str, Any]] = {}

    def set_flags(store_id: str, **flags: bool) -> dict[str, Any]:
        if store_id not in saved:
            current = hq.admin.store(store_id)
            saved[store_id] = {k: current[k] for k in flags}
        else:
            current = hq.admin.store(store_id)
            for k in flags:
                saved[store_id].setdefault(k, current[k])
        return hq.admin.patch_store(store_id, **flags)

    yield set_flags
    for store_id, flags in saved.items():
        with contextlib.suppress(Exception):
            hq.admin.patch_store(store_id, **flags)


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """A throw-away PostgreSQL cluster (started once per session). Skipped where
    PostgreSQL is missing, except in CI (``CI`` set: ``.ci/run`` installs it), where
    that is a failure: the PostgreSQL tests must never be skipped there silently."""
    reason = pg.available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the PostgreSQL tests cannot run: {reason} "
                        f"(.ci/run installs Debian's 'postgresql' package)", pytrace=False)
        pytest.skip(reason)
    with pg.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.db'}"
    return pg.new_database(request.getfixturevalue("pg_base_url"))
