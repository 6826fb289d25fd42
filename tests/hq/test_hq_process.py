"""HQProcess and ``hq-stub serve``: ready file, restarts on the same port and DB, crashes,
start-up failures, the job schedule, and no orphaned servers."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import requests

from hq_stub.process import HQProcess, HQStartError
from tests.hq.helpers import ADMIN_TOKEN, activate, new_customer


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in state  # a zombie of someone else's: not running


def _wait_gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.1)
    return False


def test_demo_start_kill_restart_same_port_and_db(tmp_path):
    hq = HQProcess(tmp_path / "hq.db", demo=True, admin_token=ADMIN_TOKEN, job_interval=0)
    with hq:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", hq.url) and hq.port > 0
        assert hq.stdout_path.read_text().strip() == f"HQ listening on {hq.url}"
        codes = hq.activation_codes
        assert {c["store_id"] for c in codes} == {"MILAN", "STOCKHOLM", "PARIS", "TALLINN"}
        assert all(set(c) >= {"store_id", "terminal_id", "activation_code", "expires_at"}
                   and c["terminal_id"] == "T1" for c in codes)
        seeded = re.search(r"seeded demo data: (\d+) customers in ([\d.]+) s",
                           hq.stderr_tail(100_000))
        # The seeding time is reported (benchmarks time it); the test asserts what it did.
        assert seeded and int(seeded.group(1)) >= 4000
        milan = activate(hq, "MILAN")
        created = milan.create(new_customer()).json()
        staged = new_customer()
        milan.upload(staged)
        count_before = len(milan.all_changes()[0])
        port, pid = hq.port, hq.pid

        hq.kill()  # crash
        assert _wait_gone(pid) and hq.proc is None
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/health", timeout=2)

        hq.restart()
        assert hq.port == port and hq.pid != pid
        # Same DB: the device token, customers and staged records survived; demo data is
        # not seeded twice; fresh activation codes are issued at every start.
        assert milan.get(f"/api/v1/customers/{created['account_number']}").status_code == 200
        assert milan.status(staged["customer_id"])["state"] == "staged"
        assert len(milan.all_changes()[0]) == count_before
        assert hq.stderr_tail(100_000).count("seeded demo data") == 1
        new_codes = {c["activation_code"] for c in hq.activation_codes}
        assert len(new_codes) == 4 and not new_codes & {c["activation_code"] for c in codes}
        assert hq.admin.run_job()["converted"] == 1

        pid = hq.pid
        # Graceful: uvicorn finishes, then re-raises SIGTERM as the exit status.
        assert hq.stop() in (0, -signal.SIGTERM)
        assert _wait_gone(pid) and not hq.running
        assert "Finished server process" in hq.stderr_tail()
        hq.restart()  # restart after a graceful stop works too
        assert requests.get(f"{hq.url}/health", timeout=5).status_code == 200
    assert not hq.running


def test_kill_mid_upload_then_retry_loses_nothing(tmp_path):
    with HQProcess(tmp_path / "hq.db", demo=True, admin_token=ADMIN_TOKEN,
                   job_interval=0.05) as hq:
        milan = activate(hq, "MILAN")
        batches = [[new_customer() for _ in range(100)] for _ in range(20)]
        two_done = threading.Event()
        answered: list[int] = []
        failures: list[requests.ConnectionError] = []

        def uploader():
            for i, batch in enumerate(batches):
                try:
                    milan.upload(*batch)  # a 4xx/5xx answer fails the test (not caught)
                    answered.append(i)
                except requests.ConnectionError as exc:  # the terminal would retry later
                    failures.append(exc)
                if i == 1:
                    two_done.set()

        t = threading.Thread(target=uploader)
        t.start()
        assert two_done.wait(30)
        hq.kill()  # while batch 3 is on its way
        t.join(60)
        assert not t.is_alive()
        # The kill landed mid-upload: the first batches were answered, the rest were not.
        assert answered == list(range(len(answered))) and 2 <= len(answered) < len(batches)
        assert len(failures) == len(batches) - len(answered)
        hq.restart()
        for batch in batches:  # the terminal's retry of everything not confirmed
            res = milan.upload(*batch)
            assert len(res["accepted"]) == len(batch)
        hq.admin.run_job()
        ids = [c["customer_id"] for b in batches for c in b]
        accounts = {milan.status(cid)["account_number"] for cid in ids}
        assert len(accounts) == len(ids)


def test_start_failure_raises_with_stderr(tmp_path, expect_log_error):
    expect_log_error(r"OperationalError: .*unable to open database file")
    bad = HQProcess("sqlite:////nonexistent-dir/x/hq.db", start_timeout=20)
    with pytest.raises(HQStartError) as info:
        bad.start()
    assert "unable to open database file" in str(info.value)
    assert not bad.running

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = HQProcess(tmp_path / "busy.db", port=port)
        with pytest.raises(HQStartError) as info:
            busy.start()
        assert "in use" in str(info.value)


def test_job_interval_from_environment(tmp_path):
    with HQProcess(tmp_path / "hq.db", demo=True, admin_token=ADMIN_TOKEN,
                   env={"HQ_ASYNC_JOB_INTERVAL": "0.2"}) as hq:
        milan = activate(hq, "MILAN")
        c = new_customer()
        milan.upload(c)
        deadline = time.monotonic() + 10
        while milan.status(c["customer_id"])["state"] == "staged":
            assert time.monotonic() < deadline, "the scheduled job never ran"
            time.sleep(0.05)
        assert milan.status(c["customer_id"])["state"] == "converted"


def test_server_exits_when_its_parent_dies(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        from hq_stub.process import HQProcess
        hq = HQProcess({str(tmp_path / 'hq.db')!r}).start()
        print(hq.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              text=True)
    try:
        server_pid = int(parent.stdout.readline())
        assert not _gone(server_pid)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        parent.stdout.close()
    assert _wait_gone(server_pid, 10), "HQ outlived the process that started it"


def test_console_script_and_module_entry_points(tmp_path):
    script = Path(sys.executable).with_name("hq-stub")
    out = subprocess.run([str(script), "serve", "--help"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "--ready-file" in out.stdout
    ready = tmp_path / "ready.json"
    env = {**os.environ, "HQ_ADMIN_TOKEN": "from-env"}
    proc = subprocess.Popen([sys.executable, "-m", "hq_stub", "serve", "--port", "0",
                             "--db", str(tmp_path / "m.db"), "--ready-file", str(ready)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("HQ listening on http://127.0.0.1:")
        info = json.loads(ready.read_text())
        assert info["url"] == line.removeprefix("HQ listening on ")
        assert info["pid"] == proc.pid and info["activation_codes"] == []
        r = requests.get(f"{info['url']}/api/v1/admin/stores",
                         headers={"Authorization": "Bearer from-env"}, timeout=5)
        assert r.status_code == 200 and r.json() == {"stores": []}
    finally:
        proc.terminate()
        assert proc.wait(15) in (0, -signal.SIGTERM)
        proc.stdout.close()
