"""Issue 10, defect 3: no customer data reaches the log, not even through a traceback.

Each test forces an error that carries a name, an e-mail and a phone number, then reads
the log file: none of them may be there. The log file and its folder are private.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import create_engine, text

from pos_desktop import logs
from pos_desktop.cli import main as cli_main
from pos_desktop.offline.store import OfflineStore
from pos_desktop.services.ports import HQRejected
from tests.sample_store import store_json

NAME, SURNAME = "Ottavia", "Brambilla"
EMAIL = "ottavia.brambilla@example.com"
PHONE = "+39 02 8765 4321"
PERSONAL = (NAME, SURNAME, EMAIL, PHONE, PHONE.replace(" ", ""), "8765 4321", "87654321")


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """A fresh log set-up for this test (setup_logging configures the root logger once)."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, getattr(root, "_pos_desktop_configured", False))
    for handler in saved[0]:
        root.removeHandler(handler)
    root._pos_desktop_configured = False  # type: ignore[attr-defined]
    monkeypatch.setenv("POS_DESKTOP_LOG_DIR", str(tmp_path / "logs"))
    yield tmp_path / "logs" / logs.LOG_FILENAME
    for handler in list(root.handlers):
        handler.close()
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    root._pos_desktop_configured = saved[2]  # type: ignore[attr-defined]


def log_text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def assert_no_personal_data(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, f"{value!r} is in the log:\n{text}"


@pytest.fixture
def activated(data_dir: Path) -> Path:
    store = OfflineStore(data_dir)
    try:
        store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    finally:
        store.close()
    return data_dir


CUSTOMER_ID = "5b0e7c5e-8f7d-4c1e-9a53-3f1f0c2b9d11"


def _customer(first: str, last: str, email: str, phone: str) -> dict:
    return {
        "customer_id": CUSTOMER_ID,
        "customer_type": "person",
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phone,
        "attributes": {"segment": "A"},
        "addresses": [{"street": "Corso Magenta 12", "city": "Milano", "zip": "20123"}],
    }


def test_the_same_customer_id_twice_offline_is_a_clear_error_and_leaks_nothing(
    log_file: Path, activated: Path, tmp_path: Path, capsys
) -> None:
    # The trigger: an offline terminal, the same customer_id created twice.
    first = tmp_path / "first.json"
    first.write_text(json.dumps(_customer("Anna", "Rossi", "anna.rossi@example.it",
                                          "02 1234 5678")))
    second = tmp_path / "second.json"
    second.write_text(json.dumps(_customer(NAME, SURNAME, EMAIL, PHONE)))
    assert cli_main(["customers", "create", "--json", str(first),
                     "--data-dir", str(activated)]) == 0  # fmt: skip
    capsys.readouterr()

    code = cli_main(["customers", "create", "--json", str(second), "--data-dir", str(activated)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert err.count("\n") == 1 and "already exists" in err and "unexpected" not in err
    assert_no_personal_data(log_text(log_file))
    store = OfflineStore(activated)
    try:
        kept = store.get_customer(CUSTOMER_ID)
        assert kept is not None and kept.first_name == "Anna"  # nothing was overwritten
        assert store.count_customers() == 1 and store.outbox_count() == 1
    finally:
        store.close()


@pytest.mark.allow_log_errors(r"pos_desktop\.test: unexpected error")
def test_a_database_error_with_customer_values_is_logged_without_them(log_file: Path) -> None:
    """Even an engine without hide_parameters: the traceback keeps code, not values."""
    logs.setup_logging()
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE c (id TEXT PRIMARY KEY, name TEXT, email TEXT, "
                                "phone TEXT)"))
        row = {"id": "x", "name": f"{NAME} {SURNAME}", "email": EMAIL, "phone": PHONE}
        insert = text("INSERT INTO c VALUES (:id, :name, :email, :phone)")
        connection.execute(insert, row)
        with pytest.raises(sqlalchemy.exc.IntegrityError) as raised:
            connection.execute(insert, row)
    assert NAME in str(raised.value)  # the exception itself does carry them
    try:
        raise RuntimeError("could not save the customer") from raised.value
    except RuntimeError:
        logging.getLogger("pos_desktop.test").exception("unexpected error")

    written = log_text(log_file)
    assert "IntegrityError" in written and "Traceback" in written  # still useful
    assert "test_log_privacy.py" in written
    assert_no_personal_data(written)


def test_the_offline_store_hides_sql_parameters() -> None:
    from pos_desktop.offline.db import make_engine

    engine = make_engine(Path(":memory:"))
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE c (id TEXT PRIMARY KEY, name TEXT)"))
            connection.execute(text("INSERT INTO c VALUES ('x', :n)"), {"n": NAME})
            with pytest.raises(sqlalchemy.exc.IntegrityError) as raised:
                connection.execute(text("INSERT INTO c VALUES ('x', :n)"), {"n": NAME})
    finally:
        engine.dispose()
    assert NAME not in str(raised.value)


@pytest.mark.parametrize(
    "error",
    [
        ValueError(f"invalid literal for int() with base 10: '{NAME} {SURNAME}'"),
        KeyError(EMAIL),
        RuntimeError(f"customer {NAME} {SURNAME} 02 8765 4321 is a duplicate"),
        HQRejected(422, "invalid", f'first_name "{NAME}" / {EMAIL} / {PHONE} refused'),
    ],
    ids=["value-error", "key-error", "unquoted", "hq-answer"],
)
@pytest.mark.allow_log_errors(r"pos_desktop\.test: sync cycle failed")
def test_exception_texts_are_masked_in_tracebacks(log_file: Path, error: Exception) -> None:
    logs.setup_logging()
    try:
        raise error
    except Exception:
        logging.getLogger("pos_desktop.test").exception("sync cycle failed")
    written = log_text(log_file)
    assert type(error).__name__ in written
    assert_no_personal_data(written)


def test_an_hq_refusal_that_echoes_a_record_is_logged_without_it(log_file: Path) -> None:
    """The sync worker logs HQ's status and code, never the message (it may quote data)."""
    from pos_desktop.sync.link import LinkMonitor
    from pos_desktop.sync.worker import SyncWorker

    class RefusingEngine:
        def run_once(self):  # type: ignore[no-untyped-def]
            raise HQRejected(422, "invalid_customer",
                             f"customer {NAME} {SURNAME} <{EMAIL}> {PHONE} is invalid")

    logs.setup_logging()
    worker = SyncWorker(RefusingEngine(), LinkMonitor(lambda: True))  # type: ignore[arg-type]
    assert worker.run_cycle() is None
    written = log_text(log_file)
    assert "422" in written and "invalid_customer" in written
    assert_no_personal_data(written)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_log_file_and_its_folder_are_private(log_file: Path, monkeypatch) -> None:
    old = os.umask(0o022)
    try:
        logs.setup_logging()
        logging.getLogger("pos_desktop.test").warning("hello")
        log_text(log_file)
    finally:
        os.umask(old)
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_rotated_log_files_are_private_too(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        handler = logs.PrivateRotatingFileHandler(tmp_path / "x.log", maxBytes=50,
                                                  backupCount=2, encoding="utf-8")
        logger = logging.getLogger("pos_desktop.test.rotation")
        logger.propagate = False
        logger.addHandler(handler)
        try:
            for index in range(10):
                logger.warning("line %d of a log that rotates quickly", index)
        finally:
            logger.removeHandler(handler)
            handler.close()
    finally:
        os.umask(old)
    files = sorted(tmp_path.glob("x.log*"))
    assert len(files) == 3
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
