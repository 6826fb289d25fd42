"""Upgrading keeps pending and rejected customers: a data dir written at the previous schema
revision (0002) opens with the current code, is backed up first, and every customer in it
is intact and still reaches HQ."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from pos_desktop.domain.codec import customer_from_json, customer_to_json
from pos_desktop.domain.customer import SyncState
from pos_desktop.offline.db import DB_FILENAME, make_engine
from pos_desktop.offline.migrate import _config, head_revision
from pos_desktop.terminal import Terminal
from tests.support.search_index import connect
from tests.support.terminals import activate, person, sync_until_numbered, wait_until

PREVIOUS = "0002"
TABLES = ["store_config", "sync_state", "customers", "addresses", "contacts",
          "customer_attributes", "loyalty_cards", "outbox"]


def database_at(revision: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def copy_rows_as_raw_sql(source: Path, target: Path) -> None:
    """INSERT the rows an earlier version wrote, using only the target revision's columns."""
    src, dst = connect(source), sqlite3.connect(target)  # connect: the terms' view
    try:
        for table in TABLES:
            # Columns the current schema dropped (customer_attributes.id, 0008) get the
            # old schema's defaults, as they would have when the old version wrote them;
            # a contact's id is its place among its customer's since 0009 (a rowid before).
            have = {r[1] for r in src.execute(f"PRAGMA table_info({table})")}
            columns = [r[1] for r in dst.execute(f"PRAGMA table_info({table})")
                       if r[1] in have and (table, r[1]) != ("contacts", "id")]  # fmt: skip
            names = ", ".join(columns)
            # The dimensions as JSON text in the row (an id of dimension_sets since 0009).
            selected = names.replace("financial_dimensions", "(SELECT value FROM dimension_sets "
                                     "WHERE id = financial_dimensions)")  # fmt: skip
            order = " ORDER BY customer_pk, id" if table == "contacts" else ""
            rows = src.execute(f"SELECT {selected} FROM {table}{order}").fetchall()
            marks = ", ".join("?" for _ in columns)
            dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        # 0002 keeps search terms in customer_search only (search_backlog came with 0003)
        terms = src.execute("SELECT rowid, terms FROM customer_search").fetchall()
        terms += src.execute("SELECT customer_pk, terms FROM search_backlog").fetchall()
        dst.executemany("INSERT INTO customer_search (rowid, terms) VALUES (?, ?)", terms)
        dst.commit()
    finally:
        src.close()
        dst.close()


def test_pending_and_rejected_customers_survive_the_upgrade_and_sync(hq, tmp_path) -> None:
    assert head_revision() != PREVIOUS
    # 1. A terminal writes pending and rejected customers (current code, into a scratch dir).
    scratch = activate(hq, tmp_path / "scratch", "T7")
    scratch.parts.link.check_now()
    bad = customer_from_json(person("Rosalba", "Scartata", attributes={}))
    bad.state = SyncState.PENDING
    scratch.parts.store.add_customer(bad, queue_upload=True)  # HQ refuses it: no segment

    def rejected() -> bool:
        scratch.parts.worker.run_cycle()
        return scratch.parts.store.get_customer(bad.customer_id).state is SyncState.REJECTED

    wait_until(rejected, timeout=20, interval=0.3)
    pending = []
    for first, last in [("Amedeo", "Attesa"), ("Benedetta", "Coda"), ("Cirillo", "Sospeso")]:
        customer = customer_from_json(person(first, last))
        customer.state = SyncState.PENDING
        scratch.parts.store.add_customer(customer, queue_upload=True)  # what an async create writes
        pending.append(customer.customer_id)
    before = {cid: customer_to_json(scratch.parts.store.get_customer(cid))
              for cid in [*pending, bad.customer_id]}
    rejection = scratch.parts.store.get_customer(bad.customer_id).rejection_reason
    scratch.close()

    # 2. The data dir of the previous version: schema at 0002, the same rows, raw SQL.
    with sqlite3.connect(tmp_path / "scratch" / DB_FILENAME) as written:
        expected = {t: written.execute(f"SELECT count(*) FROM {t}").fetchone()
                    for t in ("customers", "outbox")}
    assert expected["customers"][0] > 4  # HQ's demo customers came down too
    data_dir = tmp_path / "terminal"
    database_at(PREVIOUS, data_dir / DB_FILENAME)
    copy_rows_as_raw_sql(tmp_path / "scratch" / DB_FILENAME, data_dir / DB_FILENAME)

    # 3. The current code opens it: backup first, then migrate to head.
    terminal = Terminal(data_dir)
    try:
        backup = terminal.parts.store.backup
        assert backup is not None and backup.exists()
        with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (PREVIOUS,)
            for table, count in expected.items():
                assert old.execute(f"SELECT count(*) FROM {table}").fetchone() == count
        with sqlite3.connect(data_dir / DB_FILENAME) as now:
            assert now.execute("SELECT version_num FROM alembic_version").fetchone() == (
                head_revision(),)

        for cid, body in before.items():
            assert customer_to_json(terminal.parts.store.get_customer(cid)) == body
        counts = terminal.parts.store.count_by_state()
        assert counts.get("pending") == 3 and counts.get("rejected") == 1
        assert sum(counts.values()) == expected["customers"][0]  # the synced ones too
        assert terminal.parts.store.get_customer(bad.customer_id).rejection_reason == rejection
        assert [r.customer_id for r in terminal.customers.search("Sospeso")] == [pending[2]]

        # 4. Still syncable: pending ones get numbers, the rejected one after correction.
        terminal.parts.link.check_now()
        sync_until_numbered(terminal, pending)
        shown = terminal.parts.store.get_customer(bad.customer_id)
        shown.attributes = {"segment": "gold"}
        terminal.edits.resubmit(shown, operator=terminal.services.operators.acting("1001"))
        sync_until_numbered(terminal, [bad.customer_id])
        numbers = {terminal.parts.store.get_customer(cid).account_number
                   for cid in [*pending, bad.customer_id]}
        assert len(numbers) == 4 and None not in numbers
        assert terminal.parts.store.count_by_state().get("pending", 0) == 0
    finally:
        terminal.close()
