"""The PostgreSQL tests are never skipped in CI: with ``CI`` set and no PostgreSQL server
binaries they fail, saying what is missing; without ``CI`` they are skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
A_POSTGRESQL_TEST = ("tests/hq/test_hq_migrations.py::"
                     "test_migrations_match_the_model_and_are_repeatable[postgresql]")


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    environ.update(env, PG_BINDIR=str(tmp_path / "no-postgresql"))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-rs", A_POSTGRESQL_TEST], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=240)


def test_postgresql_tests_fail_in_ci_when_postgresql_is_missing(tmp_path):
    out = _run(tmp_path, CI="1")
    assert out.returncode == 1, out.stdout
    assert "1 error" in out.stdout and "CI is set but the PostgreSQL tests cannot run" \
        in out.stdout
    assert "initdb, pg_ctl" in out.stdout


def test_postgresql_tests_are_skipped_elsewhere_when_postgresql_is_missing(tmp_path):
    out = _run(tmp_path)
    assert out.returncode == 0, out.stdout
    assert "1 skipped" in out.stdout and "initdb, pg_ctl" in out.stdout
