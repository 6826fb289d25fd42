"""Start-up of the real `pos-desktop` process on a virtual display (run on demand).

    .venv/bin/python benchmarks/bench_startup.py --data-dir bench-data/pop1m --runs 3

Starts Xvfb and a window manager (openbox), then, per run, launches `pos-desktop
--data-dir DIR` (the installed entry point) and measures:

- launch -> sign-in screen: from just before the process is started to the first paint of
  the main window (the sign-in page);
- sign-in -> usable register: the operator and password are typed with xdotool (real key
  events), then from the Enter key to the first paint of the register page.

The app prints both paints when POS_DESKTOP_STARTUP_PROBE is set (`launch.py`), on the
same monotonic clock as this process.

The floor, measured in the same run, before each run of the app: the same interpreter
starting, importing Qt (QtWidgets) and painting a maximized empty main window with one
label (`FLOOR_SCRIPT`): what any PySide6 window costs on this machine at this load.
Needs Xvfb, openbox and xdotool (`apt-get install -y xvfb openbox xdotool`).
Warm cache: one unmeasured run first, and the package's bytecode compiled (`warm_bytecode`:
a development install writes it on its first run, unless PYTHONDONTWRITEBYTECODE is set,
as it is in some shells of this machine; without it each start compiles ~15k lines).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5
OPERATOR = ("2001", "5678")  # the sample store's manager


def _wait_line(process: subprocess.Popen[str], marker: str, timeout: float = 60) -> float:
    """The time the app printed for `marker` (a reader thread: readline never hangs us)."""
    import queue
    import threading

    lines: queue.Queue[str] = getattr(process, "_probe_lines", queue.Queue())
    if not hasattr(process, "_probe_lines"):
        process._probe_lines = lines  # type: ignore[attr-defined]
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: [lines.put(x) for x in iter(stream.readline, "")],
                         daemon=True).start()  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                raise RuntimeError(f"pos-desktop ended before {marker!r}") from None
            continue
        if line.startswith("startup-probe "):  # "startup-probe NAME painted|opened T"
            seen = process.__dict__.setdefault("_probe_seen", {})
            seen[line.split()[1]] = float(line.split()[-1])
        if line.startswith(f"startup-probe {marker} painted"):
            return float(line.split()[-1])
    raise RuntimeError(f"no {marker!r} within {timeout} s")


FLOOR_SCRIPT = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("POS Desktop"))
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"startup-probe sign-in painted {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
probe = Probe()
window.installEventFilter(probe)
window.showMaximized()
app.exec()
"""


def floor_run(env: dict[str, str]) -> float:
    """Launch -> first paint of an empty PySide6 main window (the floor)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", FLOOR_SCRIPT], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        return _wait_line(process, "sign-in") - started
    finally:
        process.wait(30)


def _xdotool(env: dict[str, str], *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()  # fmt: skip


def one_run(data_dir: Path, env: dict[str, str]) -> tuple[float, float, float | None]:
    """(launch -> sign-in screen, Enter -> register, launch -> terminal opened): the last
    when the app says so (the terminal opening behind the sign-in screen)."""
    exe = str(Path(sys.executable).with_name("pos-desktop"))
    started = time.monotonic()
    process = subprocess.Popen([exe, "--data-dir", str(data_dir)], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        sign_in = _wait_line(process, "sign-in") - started
        window = _xdotool(env, "search", "--sync", "--onlyvisible", "--name", "POS Desktop")
        window = window.splitlines()[0]
        _xdotool(env, "windowactivate", "--sync", window)
        _xdotool(env, "type", "--delay", "0", OPERATOR[0])
        _xdotool(env, "key", "Tab")
        _xdotool(env, "type", "--delay", "0", OPERATOR[1])
        entered = time.monotonic()
        _xdotool(env, "key", "Return")
        register = _wait_line(process, "register") - entered
        opened = process.__dict__.get("_probe_seen", {}).get("terminal")
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return sign_in, register, (opened - started if opened is not None else None)


def ensure_operators(data_dir: Path) -> None:
    """generate_customers.py caches a store configuration without operators: give it the
    demo store's two (1001/1234 cashier, 2001/5678 manager) so a sign-in is possible."""
    import json
    import sqlite3

    sys.path.insert(0, str(ROOT))
    from hq_stub.demo import OPERATORS, hash_password

    conn = sqlite3.connect(data_dir / "pos.db")
    try:
        (text,) = conn.execute("SELECT config FROM store_config WHERE id = 1").fetchone()
        config = json.loads(text)
        if config.get("operators"):
            return
        config["operators"] = [{"operator_id": op_id, "name": f"Bench {role}", "role": role,
                                **hash_password(password)}
                               for op_id, role, password in OPERATORS]  # fmt: skip
        with conn:
            conn.execute("UPDATE store_config SET config = ? WHERE id = 1", (json.dumps(config),))
    finally:
        conn.close()


def warm_bytecode(env: dict[str, str]) -> str:
    """Compile the `pos_desktop` the entry point imports (PYTHONPATH's, for an A/B run;
    -P: not the one in the current folder); its path."""
    code = ("import compileall, os, pos_desktop; folder = os.path.dirname(pos_desktop.__file__);"
            " compileall.compile_dir(folder, quiet=1); print(folder)")  # fmt: skip
    return subprocess.run([sys.executable, "-P", "-c", code], env=env, check=True, text=True,
                          capture_output=True).stdout.strip()  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="an activated terminal")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--display", default=":77")
    args = parser.parse_args(argv)
    ensure_operators(args.data_dir)
    env = {**os.environ, "DISPLAY": args.display, "POS_DESKTOP_STARTUP_PROBE": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    print(f"pos_desktop from {warm_bytecode(env)} (bytecode compiled)")
    xvfb = subprocess.Popen(
        ["Xvfb", args.display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.0)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(0.5)
    try:
        floor_run(env)
        one_run(args.data_dir, env)  # warm the page cache, not counted
        floors, results = [], []
        for _ in range(args.runs):
            floors.append(floor_run(env))
            results.append(one_run(args.data_dir, env))
    finally:
        wm.terminate()
        xvfb.terminate()
        wm.wait(10)
        xvfb.wait(10)
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) at the end")
    for i, ((sign_in, register, opened), floor) in enumerate(zip(results, floors, strict=True),
                                                             1):
        also = f"; terminal opened at {opened:.2f} s" if opened is not None else ""
        print(f"run {i}: launch -> sign-in screen {sign_in:.2f} s (floor {floor:.2f} s, "
              f"x{sign_in / floor:.1f}); sign-in -> register {register:.2f} s{also}")  # fmt: skip
    worst = (max(r[0] for r in results), max(r[1] for r in results))
    print(f"median: launch -> sign-in {statistics.median(r[0] for r in results):.2f} s "
          f"(floor {statistics.median(floors):.2f} s), "
          f"sign-in -> register {statistics.median(r[1] for r in results):.2f} s; "
          f"worst {worst[0]:.2f} / {worst[1]:.2f} s (target <= {TARGET_S} s each)")  # fmt: skip
    return 0 if max(worst) <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
