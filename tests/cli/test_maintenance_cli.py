"""`pos-desktop maintenance compact`: IT compacts a terminal database deliberately. It
says the size before and after, refuses while the register holds the data dir or when
the disk is short, and a compaction killed half-way leaves a store that opens with
every customer and its search."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos_desktop.offline import compact as compact_module
from tests.offline.test_compact import assert_all_there_and_findable, customer_ids
from tests.support.stores import MIB, copy_store, file_and_free, generated_store, leave_free_pages
from tests.support.terminals import run_cli

CUSTOMERS = 3_000
KILLED_CUSTOMERS = 20_000  # a VACUUM of ~25 MiB: long enough to be killed half-way


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("maintenance") / "template"
    generated_store(folder, CUSTOMERS)
    return folder


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("maintenance") / "larger"
    generated_store(folder, KILLED_CUSTOMERS)
    return folder


@pytest.fixture
def upgraded(template: Path, tmp_path: Path) -> Path:
    db = copy_store(template, tmp_path / "terminal")
    leave_free_pages(db, 40)
    return db


def test_compact_says_the_size_before_and_after(upgraded: Path, capsys) -> None:
    size, free = file_and_free(upgraded)
    expected = customer_ids(upgraded)
    code, status, err = run_cli(capsys, "status", "--data-dir", str(upgraded.parent))
    assert code == 0, err
    assert status["database_mib"] == round(size / MIB, 1)
    assert status["database_free_mib"] == round(free / MIB, 1) >= 40
    code, body, err = run_cli(capsys, "maintenance", "compact", "--data-dir",
                              str(upgraded.parent))
    assert code == 0, err
    assert body is not None and body["path"] == str(upgraded)
    assert body["before_bytes"] == size
    assert body["after_bytes"] == upgraded.stat().st_size < size - 38 * MIB
    assert body["auto_vacuum"] == "incremental"
    assert_all_there_and_findable(upgraded.parent, expected)
    code, status, err = run_cli(capsys, "status", "--data-dir", str(upgraded.parent))
    assert status["database_free_mib"] == 0.0
    from pos_desktop.cli import main

    assert main(["maintenance", "compact", "--data-dir", str(upgraded.parent)]) == 0
    out = capsys.readouterr().out
    after = upgraded.stat().st_size / MIB
    assert out.startswith(f"Compacted {upgraded}: {after:,.1f} MiB -> {after:,.1f} MiB")


def test_compact_refuses_while_the_register_holds_the_data_dir(upgraded: Path, capsys) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from pos_desktop.instance import DataDirLock; "
         "lock = DataDirLock(Path(sys.argv[1])); lock.acquire(); "
         "print('held', flush=True); time.sleep(60)",
         str(upgraded.parent)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        size = upgraded.stat().st_size
        code, body, err = run_cli(capsys, "maintenance", "compact", "--data-dir",
                                  str(upgraded.parent))
    finally:
        holder.kill()
        holder.wait()
    assert code == 15
    assert f"in process {holder.pid}" in err
    assert "close it, then run 'pos-desktop maintenance compact' again" in err
    assert upgraded.stat().st_size == size


def test_compact_refuses_when_the_disk_is_short(
    upgraded: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.disk_usage

    def nearly_full(path: str | Path) -> object:
        usage = real(path)
        return type(usage)(usage.total, usage.total - 3 * MIB, 3 * MIB)

    monkeypatch.setattr(compact_module.shutil, "disk_usage", nearly_full)
    size = upgraded.stat().st_size
    code, body, err = run_cli(capsys, "maintenance", "compact", "--data-dir",
                              str(upgraded.parent))
    assert code == 10
    assert body is not None and body["error"]["code"] == "database.space_short"
    line = err.strip()
    assert line.startswith(f"pos-desktop: error: Not enough free disk space to compact {upgraded}")
    assert "has 3 MiB free, compacting needs" in line and "Traceback" not in err
    assert upgraded.stat().st_size == size


def _wal_bytes(db: Path) -> int:
    try:
        return db.with_name(db.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("when", ["copying", "writing back"])
def test_a_compaction_killed_half_way_leaves_every_customer_and_the_search(
    larger: Path, tmp_path: Path, when: str
) -> None:
    """SIGKILL while VACUUM builds its copy (nothing written to the database yet), or
    while it writes the copy back into the WAL (uncommitted): the store opens as it
    was, every customer found, and compacts afterwards."""
    db = copy_store(larger, tmp_path / "terminal")
    leave_free_pages(db, 40)
    expected = customer_ids(db)
    size, free = file_and_free(db)
    env = {**os.environ, "POS_DESKTOP_LOG_DIR": str(tmp_path / "log")}
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_desktop", "maintenance", "compact", "--data-dir",
         str(db.parent)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = tmp_path / "log" / "pos-desktop.log"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            began = log.exists() and "compacting the terminal database" in log.read_text()
            if (when == "copying" and began) or (when == "writing back" and
                                                 _wal_bytes(db) > MIB):
                break
            time.sleep(0.001)
        assert process.poll() is None, "the compaction ended before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert_all_there_and_findable(db.parent, expected)  # opened: the WAL recovered
    # The kill landed before the VACUUM's commit: the free pages are all still there.
    assert file_and_free(db) == (size, free)
    done = subprocess.run(
        [sys.executable, "-m", "pos_desktop", "maintenance", "compact", "--data-dir",
         str(db.parent)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert db.stat().st_size < size - 38 * MIB
    assert_all_there_and_findable(db.parent, expected)
