"""One register per data dir (QLockFile): a second start is refused naming the process
and raises the running window; recover and sync refuse while the register runs; a lock
left by a killed register does not block the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pos_desktop.instance import LOCK_FILENAME, DataDirInUse, DataDirLock
from tests.support.terminals import activate, run_cli, wait_until


def _log_text() -> str:
    path = Path(os.environ["POS_DESKTOP_LOG_DIR"]) / "pos-desktop.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _register(data_dir: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_DESKTOP_QUIT_AFTER_MS": "90000"}
    with open(out, "wb") as stderr:
        return subprocess.Popen([sys.executable, "-m", "pos_desktop", "--data-dir",
                                 str(data_dir)], env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=stderr)


def test_a_second_register_on_the_same_data_dir_is_refused_and_raises_the_first(
    capsys, hq, data_dir: Path, tmp_path: Path
) -> None:
    activate(hq, data_dir, "T3").close()
    first = _register(data_dir, tmp_path / "first.err")
    try:
        wait_until(lambda: "register window shown" in _log_text(), timeout=60)
        second = subprocess.run(
            [sys.executable, "-m", "pos_desktop", "--data-dir", str(data_dir)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
            timeout=60, stdin=subprocess.DEVNULL)
        assert second.returncode == 15, second.stderr
        assert f"already running on {data_dir}, in process {first.pid} (" in second.stderr
        assert "pos_desktop --data-dir" in second.stderr  # the holder's command line
        wait_until(lambda: "another start asked for the register's window" in _log_text())
        # Only the first started a sync thread.
        assert _log_text().count("register window shown") == 1

        # Commands that write the database or sync it wait for the register to close.
        person = tmp_path / "person.json"
        person.write_text('{"customer_type": "person", "first_name": "Ada", '
                          '"last_name": "Locked", "attributes": {"segment": "standard"}}')
        for command in (["recover"], ["sync", "--once"], ["customers", "create", str(person)]):
            code, _body, err = run_cli(capsys, *command, "--data-dir", str(data_dir))
            assert code == 15, err
            assert f"in process {first.pid}" in err and "close it, then run" in err
        assert not list(data_dir.glob("pos.db.damaged-*"))  # recover did nothing
        assert run_cli(capsys, "customers", "search", "Locked", "--data-dir",
                       str(data_dir))[1] == {"results": []}
        code, body, _err = run_cli(capsys, "status", "--data-dir", str(data_dir))
        assert code == 0 and body["activated"] is True  # reading is fine

        first.send_signal(signal.SIGTERM)  # closes cleanly: lock released
        assert first.wait(timeout=30) == 0, (tmp_path / "first.err").read_text()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert not (data_dir / LOCK_FILENAME).exists()
    code, _body, err = run_cli(capsys, "sync", "--once", "--data-dir", str(data_dir))
    assert code == 0, err


def test_a_lock_left_by_a_killed_register_does_not_block(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from pos_desktop.instance import DataDirLock; "
         "lock = DataDirLock(Path(sys.argv[1])); lock.acquire(); "
         "print('held', flush=True); time.sleep(60)",
         str(data_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = DataDirLock(data_dir)
        try:
            lock.acquire()
        except DataDirInUse as exc:
            assert f"process {holder.pid}" in exc.holder
        else:
            raise AssertionError("the lock of a live process was taken")
    finally:
        holder.kill()  # SIGKILL: no clean-up, the lock file stays
        holder.wait()
    assert (data_dir / LOCK_FILENAME).exists()
    lock = DataDirLock(data_dir)
    assert lock.acquire() is True
    lock.release()
