"""`pos-desktop self-check`: can this install run the register here? (IT diagnostics)

Each check reports ``ok``, ``warn`` (holds, but IT should know) or ``fail``. The command
exits 0 only when no check fails. Nothing here migrates or otherwise changes the terminal
database: it is read through a read-only SQLite connection.

Qt is probed in a child process (``self-check --probe-qt``): a platform plugin that
cannot load makes Qt abort the whole process, which must not take the report with it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

OK, WARN, FAIL = "ok", "warn", "fail"
PROBE_TIMEOUT_S = 60.0


@dataclass
class Check:
    name: str
    status: str
    detail: str


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("pos-desktop")
    except Exception:  # noqa: BLE001 - frozen builds may carry no metadata
        import pos_desktop

        return getattr(pos_desktop, "__version__", "unknown")


# -- data dir ----------------------------------------------------------------------------


def check_data_dir(data_dir: Path) -> Check:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".self-check-") as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return Check("data dir", FAIL, f"{data_dir} is not writable: {exc.strerror or exc}")
    return Check("data dir", OK, f"{data_dir} (writable)")


def check_log_file() -> Check:
    from pos_desktop.logs import log_file_path

    path = log_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return Check("log file", WARN, f"{path} is not writable ({exc.strerror or exc}); "
                     "the register runs without a log")
    return Check("log file", OK, str(path))


# -- migrations --------------------------------------------------------------------------


def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def _db_revision(db: Path) -> str | None:
    connection = _read_only(db)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None  # no alembic_version table: an empty or foreign file
    finally:
        connection.close()
    return row[0] if row else None


def check_migrations(data_dir: Path) -> Check:
    from alembic.script import ScriptDirectory

    from pos_desktop.offline.db import DB_FILENAME
    from pos_desktop.offline.migrate import MIGRATIONS, _config

    try:
        script = ScriptDirectory.from_config(_config())
        head = script.get_current_head()
        known = {rev.revision for rev in script.walk_revisions()}
    except Exception as exc:  # noqa: BLE001 - a broken bundle: report it
        return Check("migrations", FAIL, f"migration scripts in {MIGRATIONS} cannot be read: "
                     f"{type(exc).__name__}: {exc}")
    db = data_dir / DB_FILENAME
    if not db.exists():
        return Check("migrations", OK, f"no database yet; created at revision {head} "
                     f"on first start ({len(known)} migrations available)")
    try:
        current = _db_revision(db)
    except sqlite3.Error as exc:
        return Check("migrations", FAIL, f"{db} cannot be read: {exc}")
    if current == head:
        return Check("migrations", OK, f"database at the current revision {head}")
    if current is None:
        return Check("migrations", OK, f"database not initialised; migrated to {head} "
                     "on next start")
    if current not in known:
        return Check("migrations", FAIL, f"database is at revision {current}, which this "
                     f"version does not know (its newest is {head}): was a newer version "
                     "installed before? Do not downgrade; install that version again")
    return Check("migrations", OK, f"database at revision {current}; migrated to {head} on "
                 "next start, after a backup of the file")


def check_backups(data_dir: Path) -> Check:
    """Migration backups kept longer than the retention setting (they hold customer data,
    erased customers' too): a warning naming them."""
    from pos_desktop.offline.db import DB_FILENAME
    from pos_desktop.offline.erasure import (
        BACKUP_DAYS_ENV,
        backup_retention_days,
        expired_backups,
        migration_backups,
    )

    db = data_dir / DB_FILENAME
    old = expired_backups(db)
    days = backup_retention_days()
    if old:
        names = ", ".join(p.name for p in old)
        return Check("backups", WARN, f"{len(old)} migration backup(s) older than {days:g} "
                     f"days ({BACKUP_DAYS_ENV}): {names}. They hold customer data; they are "
                     "deleted at the next start or successful sync")
    kept = len(migration_backups(db))
    return Check("backups", OK, f"{kept} migration backup(s), none older than {days:g} days")


def check_database(data_dir: Path) -> Check:
    """The full ``PRAGMA integrity_check`` (read-only), and no lost activated database."""
    import time

    from pos_desktop.offline.db import DB_FILENAME
    from pos_desktop.offline.health import (
        LostDatabase,
        check_present,
        integrity_check,
        newest_backup,
    )

    db = data_dir / DB_FILENAME
    try:
        check_present(data_dir, db)
    except LostDatabase as exc:
        return Check("database integrity", FAIL, exc.message)
    if not db.exists() or db.stat().st_size == 0:
        return Check("database integrity", OK, "no database yet")
    started = time.monotonic()
    problem = integrity_check(db)
    took = time.monotonic() - started
    if problem is not None:
        backup = newest_backup(db)
        return Check("database integrity", FAIL, f"{db} is damaged: {problem}. Newest backup: "
                     f"{backup if backup else 'none'}. Run 'pos-desktop recover'")
    return Check("database integrity", OK, f"{db} passes integrity_check ({took:.1f} s)")


# -- Qt platform plugin and translations (child process) ---------------------------------


def _probe_command() -> list[str]:
    if is_frozen():
        return [sys.executable, "self-check", "--probe-qt"]
    return [sys.executable, "-m", "pos_desktop", "self-check", "--probe-qt"]


def probe_qt() -> int:
    """Child side: start Qt as the register does, print what loaded as one JSON line."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["pos-desktop"])
    assert isinstance(app, QApplication), "a non-GUI QCoreApplication is already running"
    from pos_desktop.ui.style import apply_style, icon

    apply_style(app)
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    icon_ok = not icon("app").isNull()

    folder = resources.files("pos_desktop.resources").joinpath("translations")
    present = folder.is_dir()
    files = sorted(p.name for p in folder.iterdir() if p.name.endswith(".qm")) if present else []
    failed = [name for name in files if not QTranslator().load(str(folder.joinpath(name)))]
    qt_tr = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator().load(QLocale("it"), "qtbase", "_", qt_tr)
    print(json.dumps({
        "platform": app.platformName(),
        "svg": "svg" in formats,
        "icon": icon_ok,
        "translations_dir": str(folder),
        "translations_present": present,
        "translations": files,
        "translations_failed": failed,
        "qt_translations": qt_base,
    }))
    sys.stdout.flush()
    return 0


_CANNOT_OPEN = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")


def _missing_named(stderr: str) -> list[str]:
    """The libraries a failed probe could not load: from Qt's plugin load error
    (QT_DEBUG_PLUGINS prints it) and from ldd on the xcb plugin."""
    from pos_desktop.system_libs import missing_libraries

    named = list(dict.fromkeys(_CANNOT_OPEN.findall(stderr)))
    missing = missing_libraries() if "xcb" in stderr else None
    return named + [lib for lib in (missing.libraries if missing else []) if lib not in named]


def check_system_libraries() -> Check:
    """Linux: what Qt's X11 plugin needs from the OS (ldd); FAIL when the window would
    use X11, WARN otherwise (offscreen, Wayland)."""
    import shutil

    from pos_desktop import system_libs

    name = "system libraries"
    if not sys.platform.startswith("linux"):
        return Check(name, OK, "not Linux: nothing to check")
    plugin = system_libs.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        return Check(name, WARN, "not checked: " + ("Qt's X11 plugin libqxcb.so not found"
                                                     if plugin is None else "no ldd"))
    missing = system_libs.missing_libraries(plugin)
    if missing is None:
        return Check(name, OK, "everything Qt's X11 plugin needs is installed")
    status = FAIL if system_libs.uses_x11() else WARN
    hint = (f"; install them: sudo apt-get install {' '.join(missing.apt_packages)} "
            f"(Debian/Ubuntu) or sudo dnf install {' '.join(missing.dnf_packages)} (Fedora)"
            if missing.apt_packages else "")
    return Check(name, status, "missing for Qt's X11 plugin (the window): "
                 + ", ".join(missing.libraries) + hint)


TRANSLATED = ("it", "fr", "sv", "et")  # English is the source language: no .qm


def check_qt_and_translations() -> list[Check]:
    platform = os.environ.get("QT_QPA_PLATFORM") or "(default)"
    try:
        done = subprocess.run(_probe_command(), capture_output=True, text=True,
                              timeout=PROBE_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        fail = Check("Qt platform", FAIL, f"Qt probe did not finish: {exc}")
        return [fail, Check("translations", FAIL, "not checked (Qt probe failed)")]
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = " | ".join((done.stderr or "").strip().splitlines()[-3:]) or "no output"
        named = _missing_named(done.stderr or "")
        fail = Check("Qt platform", FAIL, f"platform plugin {platform} did not load "
                     f"(exit {done.returncode})"
                     + (f": missing system libraries {', '.join(named)}" if named else "")
                     + f": {tail}")
        return [fail, Check("translations", FAIL, "not checked (Qt probe failed)")]
    info = json.loads(lines[-1])
    checks = []
    if not info["svg"] or not info["icon"]:
        checks.append(Check("Qt platform", FAIL, f"{info['platform']} loaded, but the SVG "
                            "image plugin (qsvg) is missing: icons will not show"))
    else:
        checks.append(Check("Qt platform", OK, f"{info['platform']} loaded; style and SVG "
                            "icons load"))
    if info["translations_failed"]:
        checks.append(Check("translations", FAIL, "cannot load "
                            + ", ".join(info["translations_failed"])))
    elif missing := [f"pos_desktop_{lang}.qm" for lang in TRANSLATED
                     if f"pos_desktop_{lang}.qm" not in info["translations"]]:
        checks.append(Check("translations", FAIL, "missing " + ", ".join(missing) + " in "
                            + info["translations_dir"] + " (built from the .ts sources by "
                            "`make translations`)"))
    elif not info["qt_translations"]:
        checks.append(Check("translations", FAIL, f"{len(info['translations'])} loaded, but "
                            "Qt's own qtbase translations are missing"))
    else:
        checks.append(Check("translations", OK, f"{len(info['translations'])} loaded: "
                            + ", ".join(info["translations"]) + "; Qt's qtbase too"))
    return checks


# -- keyring and HQ ----------------------------------------------------------------------


def _activation(data_dir: Path) -> dict[str, str] | None:
    """hq_url / terminal_id / install_id / ca_bundle from the database, read-only."""
    from pos_desktop.offline.db import DB_FILENAME

    db = data_dir / DB_FILENAME
    if not db.exists():
        return None
    try:
        connection = _read_only(db)
        try:
            row = connection.execute("SELECT hq_url, terminal_id FROM store_config").fetchone()
            state = dict(connection.execute(
                "SELECT key, value FROM sync_state WHERE key IN ('install_id', 'ca_bundle')"
            ).fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    if not row or not row[0]:
        return None
    return {"hq_url": row[0], "terminal_id": row[1], **state}


def check_keyring(activation: dict[str, str] | None) -> Check:
    from pos_desktop.credentials import (
        backend_available,
        backend_is_insecure,
        backend_name,
        load_token,
    )

    name = backend_name()
    # keyring's null backend "works" but keeps nothing: as good as none for the token.
    # pos_desktop.credentials.MemoryKeyring (demo) forgets the token when the process exits.
    if not backend_available() or name in (
        "keyring.backends.null.Keyring", "pos_desktop.credentials.MemoryKeyring"
    ):
        return Check("keyring", FAIL, f"no usable keyring ({name}): activation is refused and "
                     "the device token cannot be read. Install/unlock the OS keyring or set "
                     "PYTHON_KEYRING_BACKEND")
    token_note = ""
    if activation is not None:
        if not activation.get("install_id") or not load_token(activation["install_id"]):
            return Check("keyring", FAIL, f"{name}: the device token of this activated "
                         "terminal is not in it; activate the terminal again")
        token_note = "; device token present"
    if backend_is_insecure():
        return Check("keyring", WARN, f"{name} is not a secure store (test or demo "
                     f"backend){token_note}")
    return Check("keyring", OK, f"{name}{token_note}")


def check_hq(activation: dict[str, str] | None) -> Check:
    if activation is None:
        return Check("HQ", OK, "not configured (terminal not activated); skipped")
    from pos_desktop.credentials import load_token
    from pos_desktop.services.ports import HQRejected, HQUnreachable
    from pos_desktop.sync.client import HQClient

    url = activation["hq_url"]
    ca = activation.get("ca_bundle") or None
    token = load_token(activation["install_id"]) if activation.get("install_id") else None
    client = HQClient(url, token, ca_bundle=ca)
    try:
        if not client.health(timeout=5.0):
            return Check("HQ", FAIL, f"{url} cannot be reached"
                         + (f" (CA bundle {ca})" if ca else ""))
        if token:
            try:
                client.store()
            except HQRejected as exc:
                return Check("HQ", FAIL, f"{url} reachable but refused this terminal "
                             f"(HTTP {exc.status}): was it disconnected?")
            except HQUnreachable:
                return Check("HQ", FAIL, f"{url} answered /health but not the store call")
    finally:
        client.close()
    return Check("HQ", OK, f"{url} reachable" + (f", CA bundle {ca}" if ca else "")
                 + (f"; terminal {activation['terminal_id']} accepted" if token else ""))


# -- the report --------------------------------------------------------------------------


def run_checks(data_dir: Path) -> list[Check]:
    checks = [check_data_dir(data_dir), check_log_file(), check_migrations(data_dir),
              check_database(data_dir), check_backups(data_dir), check_system_libraries()]
    checks += check_qt_and_translations()
    activation = _activation(data_dir)
    checks += [check_keyring(activation), check_hq(activation)]
    return checks


def report(data_dir: Path) -> dict[str, Any]:
    checks = run_checks(data_dir)
    return {
        "ok": all(c.status != FAIL for c in checks),
        "version": app_version(),
        "frozen": is_frozen(),
        "qt_qpa_platform": os.environ.get("QT_QPA_PLATFORM") or None,
        "data_dir": str(data_dir),
        "checks": [asdict(c) for c in checks],
    }


def format_report(body: dict[str, Any]) -> str:
    build = "frozen build" if body["frozen"] else "source install"
    lines = [f"POS Desktop {body['version']} self-check ({build})"]
    width = max(len(c["name"]) for c in body["checks"])
    for check in body["checks"]:
        lines.append(f"  {check['status'].upper():<5} {check['name']:<{width}}  "
                     f"{check['detail']}")
    failed = sum(c["status"] == FAIL for c in body["checks"])
    warned = sum(c["status"] == WARN for c in body["checks"])
    if failed:
        lines.append(f"{failed} check(s) failed.")
    else:
        lines.append("All checks passed" + (f" ({warned} warning(s))." if warned else "."))
    return "\n".join(lines)
