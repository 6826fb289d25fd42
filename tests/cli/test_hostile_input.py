"""Issue 10, defect 7 (terminal side): hostile or unlucky input, and what the CLI says.

Control and bidi characters, unknown enum values, a re-used customer_id, a deeply nested
file, a read-only data folder, a full disk, a bogus keyring backend, a closed pipe and
world-readable files: each is refused or reported in one line with its own exit code.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event

from pos_desktop import cli
from pos_desktop.cli import main
from pos_desktop.domain.codec import customer_from_json
from pos_desktop.offline import store as store_module
from pos_desktop.offline.store import OfflineStore
from tests.sample_store import store_json

ROOT = Path(__file__).resolve().parents[2]
POS_DESKTOP = Path(sys.executable).parent / "pos-desktop"

ANNA = {
    "customer_type": "person",
    "first_name": "Anna",
    "last_name": "Rossi",
    "email": "anna.rossi@example.it",
    "phone": "02 1234 5678",
    "attributes": {"segment": "A"},
    "addresses": [{"street": "Via Roma 1", "city": "Milano", "zip": "20121"}],
}


@pytest.fixture
def activated(data_dir: Path) -> Path:
    store = OfflineStore(data_dir)
    try:
        store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    finally:
        store.close()
    return data_dir


def run(capsys, data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def create(capsys, data_dir: Path, body: dict, *extra: str) -> tuple[int, str, str]:
    path = data_dir.parent / f"customer-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return run(capsys, data_dir, "customers", "create", "--json", str(path), *extra)


def one_line(code: int, err: str) -> str:
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("pos-desktop: error:"), err
    assert "Traceback" not in err and "unexpected error" not in err, err
    return err


def stored_count(data_dir: Path) -> tuple[int, int]:
    store = OfflineStore(data_dir)
    try:
        return store.count_customers(), store.outbox_count()
    finally:
        store.close()


# -- a. control and bidi characters are refused in every text field ------------------------


def _with(path: str, value: str) -> dict:
    body = json.loads(json.dumps(ANNA))
    target = body
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    return body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Nu\x00ll"),
        ("last_name", "\x1b[31mRossi\x1b[0m"),
        ("last_name", "Ross\u202ei"),
        ("first_name", "An\u2066na"),
        ("last_name", "Ros\x7fsi"),
        ("last_name", "Ros\x9bsi"),
        ("first_name", "An\tna"),
        ("last_name", "Rossi\nDROP"),
        ("last_name", "Ros\u2028si"),
        ("addresses.0.street", "Via Roma 1\x00"),
        ("addresses.0.city", "Mil\u202dano"),
        ("addresses.0.contact_name", "Anna\x07"),
        ("attributes.segment", "A\x1b"),
        ("customer_id", "5b0e7c5e-8f7d-4c1e-9a53-3f1f0c2b9d1\u202e"),
    ],
)
def test_control_and_bidi_characters_are_refused_with_a_field_error(
    capsys, activated, field, value
) -> None:
    code, _, err = create(capsys, activated, _with(field, value))
    line = one_line(code, err)
    assert code == 2
    assert field in line and "control" in line
    assert stored_count(activated) == (0, 0)


def test_names_in_any_script_still_pass(capsys, activated) -> None:
    for first, last in (("Zoë", "Åström"), ("Jüri", "Õunapuu"), ("Сергей", "Иванов"),
                        ("محمد", "العلي"), ("José-María", "O'Neill")):
        code, out, err = create(capsys, activated, {**ANNA, "first_name": first,
                                                    "last_name": last}, "--json",
                                   "--allow-duplicate")  # the same email and phone each time
        assert (code, err) == (0, ""), err
        body = json.loads(out)
        assert (body["first_name"], body["last_name"]) == (first, last)


def test_the_dialog_check_uses_the_same_rule(activated) -> None:
    from pos_desktop.terminal import Terminal

    terminal = Terminal(activated)
    try:
        draft = customer_from_json({**ANNA, "first_name": "Nu\x00ll"})
        errors = terminal.customers.check(draft)
    finally:
        terminal.close()
    # The address's contact name defaults to the customer's name: one error, not two.
    assert [(e.field, e.key) for e in errors] == [("first_name", "text.control_character")]


# -- b. the CLI never prints raw control characters -----------------------------------------

HOSTILE_NAME = "Eve\x1b[2J\x1b]0;owned\x07\u202eevE\x9b31m"
UNSAFE = ("\x1b", "\x07", "\x00", "\u202e", "\x9b", "\x7f")


@pytest.fixture
def hostile(activated: Path) -> str:
    """A customer with control characters that came from HQ's feed (not typed here)."""
    customer = customer_from_json({
        **ANNA, "first_name": HOSTILE_NAME, "last_name": "Mallory\x00", "account_number": "C9",
        "phone": "+390212345678\x1b[5m",
        "addresses": [{"street": "Via\x1b[8m Roma", "city": "Evil\u2067ville", "zip": "1",
                       "country": "IT"}],
        "customer_id": str(uuid.uuid4()),
    })
    store = OfflineStore(activated)
    try:
        store.upsert_customer(customer)
    finally:
        store.close()
    return customer.customer_id


def test_show_and_search_text_escape_control_characters(capsys, activated, hostile) -> None:
    for argv in (("customers", "show", hostile), ("customers", "search", "Mallory")):
        code, out, err = run(capsys, activated, *argv)
        assert (code, err) == (0, "")
        assert "Mallory" in out
        for char in UNSAFE:
            assert char not in out, (argv, char, out)
        assert "\\x1b" in out


def test_json_output_escapes_them_and_keeps_the_value(capsys, activated, hostile) -> None:
    for argv in (("customers", "show", hostile), ("customers", "search", "Mallory")):
        code, out, err = run(capsys, activated, *argv, "--json")
        assert (code, err) == (0, "")
        for char in UNSAFE:
            assert char not in out, (argv, char)
        body = json.loads(out)
        first = body["first_name"] if "first_name" in body else body["results"][0]["name"]
        assert HOSTILE_NAME in first


def test_an_error_line_never_echoes_raw_control_characters(capsys, activated) -> None:
    code, _, err = run(capsys, activated, "customers", "show", "no\x1b[2Jsuch\u202eid")
    one_line(code, err)
    for char in UNSAFE:
        assert char not in err


# -- c. unknown enum values are field errors ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("customer_type", {**ANNA, "customer_type": "alien"}),
        ("customer_type", {**ANNA, "customer_type": 1}),
        ("receipt_option", {**ANNA, "receipt_option": "carrier_pigeon"}),
        ("addresses.0.purpose", {**ANNA, "addresses": [{**ANNA["addresses"][0],
                                                        "purpose": "castle"}]}),
        ("contacts.0.kind", {**ANNA, "contacts": [{"kind": "fax", "value": "021234"}]}),
        ("contacts.0.kind", {**ANNA, "contacts": [{"value": "x@example.com"}]}),
    ],
)
def test_an_unknown_enum_value_is_a_field_error(capsys, activated, field, body) -> None:
    code, _, err = create(capsys, activated, body)
    line = one_line(code, err)
    assert code == 2 and field in line
    assert stored_count(activated) == (0, 0)


def test_known_enum_values_in_any_case_are_accepted(capsys, activated) -> None:
    body = {**ANNA, "customer_type": "Person", "receipt_option": "EMAIL",
            "addresses": [{**ANNA["addresses"][0], "purpose": "home"}]}
    code, out, err = create(capsys, activated, body, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["customer_type"] == "person"


# -- e. re-creating an existing customer_id -------------------------------------------------


def test_the_same_id_with_other_data_is_refused_with_its_own_exit_code(capsys, activated):
    customer_id = str(uuid.uuid4())
    code, out, err = create(capsys, activated, {**ANNA, "customer_id": customer_id}, "--json")
    assert (code, err) == (0, "")
    code, out, err = create(capsys, activated,
                            {**ANNA, "customer_id": customer_id, "first_name": "Bruno"})
    line = one_line(code, err)
    assert code == cli.EXIT_CUSTOMER_EXISTS == 4
    assert "already exists" in line and customer_id in line
    store = OfflineStore(activated)
    try:
        assert store.get_customer(customer_id).first_name == "Anna"
        assert (store.count_customers(), store.outbox_count()) == (1, 1)
    finally:
        store.close()


def test_the_same_id_with_the_same_data_returns_it_with_a_note(capsys, activated) -> None:
    body = {**ANNA, "customer_id": str(uuid.uuid4())}
    code, first, err = create(capsys, activated, body, "--json")
    assert (code, err) == (0, "")
    code, again, err = create(capsys, activated, body, "--json")
    assert code == 0
    assert "already exists" in err and err.count("\n") == 1
    assert json.loads(again)["note"] == "already_exists"
    assert json.loads(again)["customer_id"] == json.loads(first)["customer_id"]
    assert stored_count(activated) == (1, 1)


# -- f. nested files, read-only folders, full disks, keyrings -------------------------------


@pytest.mark.parametrize("depth", [100_000, 60])
def test_a_deeply_nested_file_is_its_own_error(capsys, activated, depth) -> None:
    path = activated.parent / "deep.json"
    path.write_text('{"first_name": "Anna", "attributes": {"segment": ' + "[" * depth
                    + "]" * depth + "}}", encoding="utf-8")
    code, _, err = run(capsys, activated, "customers", "create", "--json", str(path))
    line = one_line(code, err)
    assert code == cli.EXIT_INPUT_TOO_DEEP == 11
    assert "nested too deeply" in line


def _limit_pages(monkeypatch) -> None:
    """SQLite's SQLITE_FULL, as on a full disk: no page beyond those already used."""
    real = store_module.make_engine

    def make_engine(path: Path):  # type: ignore[no-untyped-def]
        engine = real(path)

        @event.listens_for(engine, "connect")
        def _full(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
            cursor.close()

        return engine

    monkeypatch.setattr(store_module, "make_engine", make_engine)


def test_a_full_disk_is_its_own_error(capsys, activated, monkeypatch) -> None:
    body = {**ANNA, "attributes": {"segment": "A"},
            "addresses": [{**ANNA["addresses"][0], "street": "Via Roma " + "1" * 190}]}
    _limit_pages(monkeypatch)
    for index in range(40):  # until the last free page is used
        code, _, err = create(capsys, activated, {**body, "first_name": f"Anna{index}"},
                              "--allow-duplicate")
        if code != 0:
            break
    line = one_line(code, err)
    assert code == cli.EXIT_DISK_FULL == 10
    assert "full" in line and str(activated) in line


def test_a_read_only_database_is_its_own_error(capsys, activated, monkeypatch) -> None:
    import sqlite3

    from sqlalchemy import create_engine

    def make_engine(path: Path):  # type: ignore[no-untyped-def]
        return create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                                         check_same_thread=False))

    monkeypatch.setattr(store_module, "make_engine", make_engine)
    code, _, err = create(capsys, activated, ANNA)
    line = one_line(code, err)
    assert code == cli.EXIT_READ_ONLY == 9
    assert "cannot be written" in line and str(activated) in line


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path):  # type: ignore[no-untyped-def]
    point = tmp_path / "mnt"
    point.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)):
        pytest.skip("needs root to mount a tmpfs")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _cli(*argv: str, env: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
    return subprocess.run([str(POS_DESKTOP), *argv], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, **kwargs)


def test_a_real_read_only_data_folder(tmpfs: Path, activated: Path, tmp_path: Path) -> None:
    data = tmpfs / "terminal"
    shutil.copytree(activated, data)
    customer = tmp_path / "anna.json"
    customer.write_text(json.dumps(ANNA))
    assert _mount("-o", "remount,ro", str(tmpfs))
    result = _cli("customers", "create", "--json", str(customer), "--data-dir", str(data))
    one_line(result.returncode, result.stderr)
    assert result.returncode == cli.EXIT_READ_ONLY, result.stderr


def test_a_real_full_disk(tmpfs: Path, activated: Path, tmp_path: Path) -> None:
    data = tmpfs / "terminal"
    shutil.copytree(activated, data)
    # Fill the file system to the last block.
    filler = os.open(tmpfs / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(filler, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(filler)
    customer = tmp_path / "anna.json"
    customer.write_text(json.dumps({**ANNA, "addresses": [
        {**ANNA["addresses"][0], "street": "Via Roma " + "9" * 200}]}))
    result = _cli("customers", "create", "--json", str(customer), "--data-dir", str(data))
    one_line(result.returncode, result.stderr)
    assert result.returncode == cli.EXIT_DISK_FULL, result.stderr


def test_a_bogus_keyring_backend_is_its_own_error(tmp_path: Path) -> None:
    result = _cli("activate", "--hq", "http://127.0.0.1:9", "--code", "X", "--terminal", "T1",
                  "--data-dir", str(tmp_path / "t"),
                  env={"PYTHON_KEYRING_BACKEND": "no_such_module.Keyring"})
    one_line(result.returncode, result.stderr)
    assert result.returncode == cli.EXIT_NO_KEYRING == 7
    assert "PYTHON_KEYRING_BACKEND" in result.stderr


def test_help_lists_the_exit_codes() -> None:
    text = cli.build_parser().format_help()
    for code, _meaning in cli.EXIT_CODES:
        assert f"  {code:>3}  " in text
    assert len({code for code, _ in cli.EXIT_CODES}) == len(cli.EXIT_CODES)


# -- d. private files ----------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_backups_and_log_are_private(activated: Path, tmp_path: Path) -> None:
    # Files made by an older version (0644 in 0755), and a backup next to them.
    os.chmod(activated, 0o755)
    backup = activated / "pos.db.before-x.20260101T000000.bak"
    backup.write_bytes(b"")
    for path in activated.iterdir():
        os.chmod(path, 0o644)
    other = activated / "notes.txt"  # not the terminal's: left alone
    other.write_text("x")
    os.chmod(other, 0o644)
    logs = tmp_path / "logs"
    customer = tmp_path / "anna.json"
    customer.write_text(json.dumps(ANNA))
    result = _cli("customers", "create", "--json", str(customer), "--data-dir", str(activated),
                  env={"POS_DESKTOP_LOG_DIR": str(logs)}, preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(activated) == 0o700
    files = [p for p in activated.iterdir() if p.name.startswith("pos.db")]
    assert {p.name for p in files} >= {"pos.db", backup.name}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert mode(other) == 0o644
    assert mode(logs) == 0o700
    assert {mode(p) for p in logs.iterdir()} == {0o600}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_terminal_starts_private(tmp_path: Path) -> None:
    from pos_desktop.terminal import Terminal

    old = os.umask(0o022)
    try:
        terminal = Terminal(tmp_path / "new")
        terminal.parts.store.set_state("x", "y")
        terminal.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    for path in (tmp_path / "new").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_shared_folder_keeps_its_mode(tmp_path: Path) -> None:
    """--data-dir /tmp (sticky, shared) must not become 0700; the terminal's files do."""
    from pos_desktop.terminal import Terminal

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Terminal(shared).close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "pos.db").stat().st_mode) == 0o600


# -- g. a closed pipe ----------------------------------------------------------------------


@pytest.mark.parametrize("as_json", [True, False])
def test_a_closed_pipe_ends_quietly(activated: Path, capsys, as_json: bool) -> None:
    for index in range(30):
        create(capsys, activated, {**ANNA, "first_name": f"Anna{index}"})
    argv = [str(POS_DESKTOP), "customers", "search", "Rossi", "--data-dir", str(activated)]
    if as_json:
        argv.append("--json")
    # The reader is gone before the command writes a byte (like `| head -c 10` that
    # has already exited): every write meets a closed pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, text=True,
                                 timeout=120)
    finally:
        os.close(write_end)
    assert process.stderr == ""
    assert process.returncode == cli.EXIT_BROKEN_PIPE


def test_piped_to_head_prints_no_traceback(activated: Path, capsys) -> None:
    for index in range(30):
        create(capsys, activated, {**ANNA, "first_name": f"Anna{index}"})
    result = subprocess.run(
        f"'{POS_DESKTOP}' customers search Rossi --json --data-dir '{activated}' | head -c 10",
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert len(result.stdout) == 10
    assert result.stderr == ""
