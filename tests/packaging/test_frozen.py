"""The frozen build: PyInstaller builds build.spec once per session into a temporary folder,
then the bundle's own `self-check` and a short offscreen start against a real HQ must run
cleanly, with nothing unexpected on stderr (qutebrowser's habit for release builds)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.terminals import store_of
from tests.support.x11 import run_register_on_x11

pytestmark = [pytest.mark.frozen, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
# Issue 6's target: <= 120 MB on Linux. The bundle holds ~114 MB of files (110 MB by du)
# since build.spec trims ICU's data to the register's languages (README "For IT").
SIZE_CEILING_MB = 120
# Lines Qt's offscreen plugin prints on its own; anything else on stderr fails the test.
EXPECTED_STDERR = [re.compile(r"^This plugin does not support ")]


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller")
    out = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    env = {**os.environ, "POS_DESKTOP_TEST_KEYRING": "1"}
    env.pop("POS_DESKTOP_CONSOLE", None)
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
         str(ROOT / "build.spec")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1100,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    app = out / "dist" / "pos-desktop" / "pos-desktop"
    assert app.is_file()
    print(f"frozen build took {time.monotonic() - started:.0f} s")
    return app


def frozen_env() -> dict[str, str]:
    # tests/conftest.py already isolates XDG dirs and the log dir for this test.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    env.pop("POS_DESKTOP_QUIT_AFTER_MS", None)
    return env


def unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(p.search(line) for p in EXPECTED_STDERR)]


def run_frozen(app: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(app), *args], env={**frozen_env(), **env}, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def bundle_size_mb(app: Path) -> float:
    folder = app.parent
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def test_frozen_self_check_passes_offscreen(frozen_app: Path, data_dir: Path) -> None:
    done = run_frozen(frozen_app, "self-check", "--json", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    assert unexpected(done.stderr) == []
    body = json.loads(done.stdout)
    assert body["frozen"] is True and body["ok"] is True
    status = {c["name"]: c["status"] for c in body["checks"]}
    assert status["Qt platform"] == "ok" and status["migrations"] == "ok"


def test_frozen_bundle_leaves_out_the_hq_server_and_unused_qt(frozen_app: Path) -> None:
    internal = frozen_app.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for absent in ("fastapi", "uvicorn", "pydantic", "pydantic_core", "psycopg", "hq_stub",
                   "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6", "QtNetwork.abi3.so",
                   "libQt6Network.so.6", "libreadline.so.8"):
        assert absent not in names, absent
    dangling = [str(p) for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    assert "libqsvg.so" in names and "libqoffscreen.so" in names
    versions = internal / "pos_desktop" / "offline" / "migrations" / "versions"
    assert sorted(p.name for p in versions.glob("*.py")) == sorted(
        p.name for p in (ROOT / "pos_desktop/offline/migrations/versions").glob("*.py"))
    size = bundle_size_mb(frozen_app)
    print(f"bundle: {size:.1f} MB")
    assert size <= SIZE_CEILING_MB


def test_frozen_register_starts_offscreen_against_hq_and_quits(
    frozen_app: Path, hq, data_dir: Path
) -> None:
    # Activate the frozen app's data dir with the source CLI (same keyring file).
    code = hq.admin.create_activation_code(store_of(hq), "T9")["activation_code"]
    done = subprocess.run(
        [sys.executable, "-m", "pos_desktop", "activate", "--hq", hq.url, "--code", code,
         "--terminal", "T9", "--data-dir", str(data_dir)],
        env=frozen_env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr

    check = run_frozen(frozen_app, "self-check", "--json", "--data-dir", str(data_dir))
    assert check.returncode == 0, check.stdout + check.stderr
    assert unexpected(check.stderr) == []

    started = time.monotonic()
    run = run_frozen(frozen_app, "--data-dir", str(data_dir), POS_DESKTOP_QUIT_AFTER_MS="3000")
    assert run.returncode == 0, run.stderr
    assert unexpected(run.stderr) == [], run.stderr
    assert time.monotonic() - started < 60
    log = Path(os.environ["POS_DESKTOP_LOG_DIR"]) / "pos-desktop.log"
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "Traceback" not in text and " ERROR " not in text, text[-3000:]


def test_frozen_app_on_x11_creates_a_customer_by_keyboard(
    frozen_app: Path, hq, data_dir: Path, tmp_path: Path
) -> None:
    """The bundle on a real X11 display (Xvfb + openbox, 1280x800) against a real HQ:
    keyboard sign-in, F3, a customer saved; its account number through the frozen CLI.
    POS_DESKTOP_X11_SCREENSHOTS=docs/screenshots keeps the screenshot there too."""
    row = run_register_on_x11([str(frozen_app)], hq, data_dir, tmp_path, screen=(1280, 800),
                              terminal_id="T7", last_name="Xfrozen")
    assert row["name"] == "Xavier Xfrozen"
    assert row["account_number"] and row["state"] == "synced"
    assert (tmp_path / "x11-register-1280x800.png").stat().st_size > 10_000


# What QtCore asks ICU for (build.spec, "ICU data"): collation, case mapping, time-zone names
# and codecs. Printed as JSON so the trimmed data can be compared with the wheel's full data.
ICU_PROBE = r"""
import json, sys
from PySide6.QtCore import (QBuffer, QByteArray, QCollator, QCoreApplication, QLocale,
                            QStringConverter, QTimeZone, QXmlStreamReader)
app = QCoreApplication([])
words = ["zebra", "Åsa", "ärlig", "öl", "apa", "Zorro", "šokolaad", "žürii", "être", "côte",
         "cote", "coté", "côté", "Émile", "élan", "Ørsted", "über", "ça", "Ça", "10", "9"]
out = {}
for name in ["en_US", "en_GB", "it_IT", "fr_FR", "fr_CA", "sv_SE", "sv_FI", "et_EE"]:
    locale = QLocale(name)
    for numeric in (False, True):
        collator = QCollator(locale)
        collator.setNumericMode(numeric)
        out[f"sort {name} {numeric}"] = sorted(words, key=collator.sortKey)
    out[f"case {name}"] = [locale.toUpper("istanbul straße ǆ"), locale.toLower("İSTANBUL ΣΑΣ")]
for name in ["en_US", "it_IT", "fr_FR", "sv_SE", "et_EE", "de_DE"]:
    for zone in [b"Europe/Rome", b"Europe/Paris", b"Europe/Stockholm", b"Europe/Tallinn",
                 b"America/New_York"]:
        out[f"zone {name} {zone}"] = [
            QTimeZone(zone).displayName(QTimeZone.TimeType.StandardTime, kind, QLocale(name))
            for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName)]
for codec in ["windows-1252", "ISO-8859-15", "windows-1257", "IBM850", "macintosh"]:
    buffer = QBuffer()
    buffer.setData(QByteArray(b'<?xml version="1.0" encoding="' + codec.encode()
                              + b'"?><a>Caf\xe9 \xe4\xf6\xfc \xa4</a>'))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader, text = QXmlStreamReader(buffer), []
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            text.append(reader.text())
    out[f"codec {codec}"] = ["".join(text), reader.errorString()]
out["codecs"] = len(QStringConverter.availableCodecs())
json.dump(out, sys.stdout, ensure_ascii=False)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ICU is bundled on Linux only")
def test_frozen_icu_data_still_serves_the_register_languages(frozen_app: Path) -> None:
    pytest.importorskip("PySide6")
    libs = [p for p in (frozen_app.parent / "_internal").rglob("libicudata.so.*")
            if not p.is_symlink()]
    assert len(libs) == 1 and libs[0].stat().st_size < 10e6, libs  # the full data is 32 MB

    def probe(**env: str) -> dict:
        done = subprocess.run([sys.executable, "-c", ICU_PROBE], env={**os.environ, **env},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    # The source tree's PySide6 (same ICU build) with the bundle's data library preloaded:
    # libicuuc's NEEDED libicudata.so.73 then resolves to the trimmed one.
    full, trimmed = probe(), probe(LD_PRELOAD=str(libs[0]))
    different = sorted(k for k in full if full[k] != trimmed[k])
    # German time-zone names are gone (the preload took effect), so are the multi-byte codecs;
    # everything the register's languages use is unchanged.
    assert different == ["codecs"] + [k for k in different if k.startswith("zone de_DE")]
    assert any(k.startswith("zone de_DE") for k in different)
    assert full["codec windows-1257"][0] == "Café äöü ¤"


# The OS keyring a Linux terminal really has: GNOME Keyring's Secret Service on the session
# D-Bus (`.ci/run` installs gnome-keyring). The frozen app must find it, keep the device
# token there (SecretStorage + cryptography inside the bundle) and read it back to sync.
KEYRING_SESSION = r"""
set -e
export XDG_RUNTIME_DIR="$RUNTIME_DIR"
printf 'ci-login' | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
"$APP" activate --hq "$HQ_URL" --code "$CODE" --terminal T8 --data-dir "$DATA" --json
"$APP" self-check --json --data-dir "$DATA" > "$OUT/self-check.json"
printf '%s' "$CUSTOMER" | "$APP" customers create - --data-dir "$DATA" --json > "$OUT/created.json"
"$APP" sync --once --data-dir "$DATA" --json > "$OUT/sync.json"
"""


def test_frozen_app_keeps_its_token_in_the_real_os_keyring(
    frozen_app: Path, hq, tmp_path: Path
) -> None:
    import shutil

    if not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")):
        if os.environ.get("CI"):
            pytest.fail("CI must have gnome-keyring and dbus (see .ci/run)")
        pytest.skip("needs gnome-keyring-daemon and dbus-run-session (apt: gnome-keyring)")
    data, out, runtime = tmp_path / "data", tmp_path / "out", tmp_path / "run"
    for folder in (out, runtime):
        folder.mkdir()
    runtime.chmod(0o700)
    code = hq.admin.create_activation_code(store_of(hq), "T8")["activation_code"]
    person = {"customer_type": "person", "first_name": "Kai", "last_name": "Keyring",
              "attributes": {"segment": "standard"}}
    env = {**frozen_env(), "APP": str(frozen_app), "HQ_URL": hq.url, "CODE": code,
           "DATA": str(data), "OUT": str(out), "RUNTIME_DIR": str(runtime),
           "CUSTOMER": json.dumps(person), "HOME": str(tmp_path)}
    env.pop("PYTHON_KEYRING_BACKEND")  # keyring picks the OS backend on its own
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", KEYRING_SESSION], env=env,
                          capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr

    checks = json.loads((out / "self-check.json").read_text())
    keyring_check = next(c for c in checks["checks"] if c["name"] == "keyring")
    assert checks["ok"] is True and keyring_check["status"] == "ok"
    assert "SecretService" in keyring_check["detail"], keyring_check
    created = json.loads((out / "created.json").read_text())
    # Created at HQ in real time: the frozen app read its token back from the keyring.
    assert created["mode"] == "sync" and created["account_number"], created
    sync = json.loads((out / "sync.json").read_text())
    assert sync["pending"] == 0 and sync["rejected_total"] == 0, sync
    # The token is in the keyring, not in the data dir.
    for path in data.rglob("*"):
        if path.is_file() and path.suffix in {".ini", ".json", ".toml", ".cfg", ".txt"}:
            assert "token" not in path.read_text(errors="replace").lower(), path


def test_frozen_first_download_reads_its_feed_in_a_child_process(
    frozen_app: Path, hq, data_dir: Path, tmp_path: Path
) -> None:
    """A first download past one page reads its feed in a child process (multiprocessing
    spawn): in the bundle that child is the bundle itself, run by `freeze_support`."""
    store_id = store_of(hq)
    subprocess.run(
        [sys.executable, "-m", "hq_stub", "admin", "seed-customers", "--db",
         f"sqlite:///{tmp_path / 'hq.db'}", "--store", store_id, "--count", "1500",
         "--seed", "5"],
        check=True, stdout=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    code = hq.admin.create_activation_code(store_id, "T8")["activation_code"]
    done = subprocess.run(
        [sys.executable, "-m", "pos_desktop", "activate", "--hq", hq.url, "--code", code,
         "--terminal", "T8", "--data-dir", str(data_dir)],
        env=frozen_env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    run = run_frozen(frozen_app, "sync", "--once", "--json", "--data-dir", str(data_dir))
    assert run.returncode == 0, run.stdout + run.stderr
    assert unexpected(run.stderr) == [], run.stderr
    log = Path(os.environ["POS_DESKTOP_LOG_DIR"]) / "pos-desktop.log"
    text = log.read_text(encoding="utf-8")
    assert "the feed is read in process" in text and "Traceback" not in text, text[-3000:]
    status = run_frozen(frozen_app, "status", "--json", "--data-dir", str(data_dir))
    assert status.returncode == 0, status.stderr
    with sqlite3.connect(tmp_path / "hq.db") as db:
        at_hq = db.execute("SELECT count(*) FROM customers WHERE store_id = ?",
                           (store_id,)).fetchone()[0]  # fmt: skip
    assert json.loads(status.stdout)["customers"] == at_hq > 1500
