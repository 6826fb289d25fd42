"""The floor under a first population: the same feed pages over HTTP, inserted raw.

No product code: a keep-alive `requests.Session` pages through HQ's change feed (1000 a
page, the next page fetched while one is inserted, as the terminal does), `orjson` reads
each page, plain `sqlite3` inserts the customers, addresses, contacts and loyalty cards
into tables without secondary indexes (WAL, synchronous=NORMAL, one transaction per five
pages, as the terminal's first download), with each customer's search text beside it;
then the unique and customer_pk indexes and the FTS5 search index (the terminal's own
definition) are built once. Used by `bench_sync.py population`.
"""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import requests

SCHEMA = """
CREATE TABLE customers (id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL,
  account_number TEXT, state TEXT NOT NULL, customer_type TEXT NOT NULL, title TEXT,
  first_name TEXT, middle_name TEXT, last_name TEXT, organization_name TEXT, email TEXT,
  phone TEXT, customer_group TEXT, currency TEXT, language TEXT, receipt_option TEXT,
  receipt_email TEXT, affiliations TEXT, financial_dimensions TEXT, attributes TEXT,
  version INTEGER, store_id TEXT, created_at TEXT, updated_at TEXT);
CREATE TABLE addresses (address_id TEXT NOT NULL, customer_pk INTEGER NOT NULL,
  position INTEGER, purpose TEXT, street TEXT, city TEXT, state TEXT, zip TEXT,
  country TEXT, contact_name TEXT, contact_phone TEXT, is_primary INTEGER);
CREATE TABLE contacts (id INTEGER PRIMARY KEY, customer_pk INTEGER NOT NULL, kind TEXT,
  value TEXT, marketing_consent INTEGER, is_primary INTEGER);
CREATE TABLE loyalty_cards (card_number TEXT NOT NULL, customer_pk INTEGER NOT NULL);
CREATE TABLE terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
"""
INDEXES = (
    "CREATE UNIQUE INDEX ux_customers_customer_id ON customers (customer_id)",
    "CREATE UNIQUE INDEX ux_customers_account_number ON customers (account_number)",
    "CREATE INDEX ix_customers_state ON customers (state)",
    "CREATE UNIQUE INDEX ux_addresses_address_id ON addresses (address_id)",
    "CREATE INDEX ix_addresses_customer_pk ON addresses (customer_pk)",
    "CREATE INDEX ix_contacts_customer_pk ON contacts (customer_pk)",
    "CREATE UNIQUE INDEX ux_loyalty_cards_card_number ON loyalty_cards (card_number)",
    "CREATE INDEX ix_loyalty_cards_customer_pk ON loyalty_cards (customer_pk)",
)
FTS = ("CREATE VIRTUAL TABLE search USING fts5(terms, tokenize='unicode61 "
       "remove_diacritics 2', prefix='2 3 4 5 6 7 8', detail=none, columnsize=0)")  # fmt: skip
SCALARS = ("customer_id", "account_number", "state", "customer_type", "title", "first_name",
           "middle_name", "last_name", "organization_name", "email", "phone",
           "customer_group", "currency", "language", "receipt_option", "receipt_email")  # fmt: skip
ADDRESS = ("address_id", "purpose", "street", "city", "state", "zip", "country",
           "contact_name", "contact_phone")  # fmt: skip


def _rows(page: list[dict[str, Any]], pk: int, out: dict[str, list[tuple[Any, ...]]]) -> int:
    dumps = orjson.dumps
    for c in page:
        pk += 1
        out["customers"].append((pk, *(c.get(k) for k in SCALARS),
                                 dumps(c.get("affiliations")), dumps(c.get("financial_dimensions")),
                                 dumps(c.get("attributes")), c.get("version"), c.get("store_id"),
                                 c.get("created_at"), c.get("updated_at")))  # fmt: skip
        words = [c.get("first_name"), c.get("middle_name"), c.get("last_name"),
                 c.get("organization_name"), c.get("email"), c.get("phone"),
                 c.get("account_number")]  # fmt: skip
        for i, a in enumerate(c.get("addresses") or []):
            out["addresses"].append((*(a.get(k) for k in ADDRESS[:1]), pk, i,
                                     *(a.get(k) for k in ADDRESS[1:]), bool(a.get("is_primary"))))
            words += [a.get("street"), a.get("city"), a.get("zip")]
        for x in c.get("contacts") or []:
            out["contacts"].append((pk, x.get("kind"), x.get("value"),
                                    bool(x.get("marketing_consent")), bool(x.get("is_primary"))))
            words.append(x.get("value"))
        for card in c.get("loyalty_cards") or []:
            number = card.get("card_number") if isinstance(card, dict) else card
            out["cards"].append((number, pk))
            words.append(number)
        out["terms"].append((pk, " ".join(w for w in words if w)))
    return pk


INSERTS = {
    "customers": f"INSERT INTO customers VALUES ({','.join('?' * 24)})",
    "addresses": f"INSERT INTO addresses VALUES ({','.join('?' * 12)})",
    "contacts": "INSERT INTO contacts (customer_pk, kind, value, marketing_consent, "
                "is_primary) VALUES (?, ?, ?, ?, ?)",
    "cards": "INSERT INTO loyalty_cards VALUES (?, ?)",
    "terms": "INSERT INTO terms VALUES (?, ?)",
}


def population_floor(hq_url: str, token: str, db: Path, group: int = 5) -> dict[str, float]:
    """Run the floor; returns its timings (seconds) and the customer count."""
    db.parent.mkdir(parents=True, exist_ok=True)
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    session = requests.Session()
    session.trust_env = False
    session.headers["Authorization"] = f"Bearer {token}"

    def fetch(after: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": 1000, **({"after": after} if after else {})}
        response = session.get(f"{hq_url}/api/v1/customers/changes", params=params, timeout=60)
        response.raise_for_status()
        result: dict[str, Any] = orjson.loads(response.content)
        return result

    started = time.perf_counter()
    pk = count = 0
    with ThreadPoolExecutor(max_workers=1) as fetcher:
        page = fetch(None)
        while True:
            upcoming = fetcher.submit(fetch, page["next"]) if page["has_more"] else None
            out: dict[str, list[tuple[Any, ...]]] = {k: [] for k in INSERTS}
            pages = [page]
            while upcoming is not None and len(pages) < group:
                page = upcoming.result()
                pages.append(page)
                upcoming = fetcher.submit(fetch, page["next"]) if page["has_more"] else None
            for p in pages:
                pk = _rows(p["changes"], pk, out)
                count += len(p["changes"])
            conn.execute("BEGIN IMMEDIATE")
            for table, rows in out.items():
                conn.executemany(INSERTS[table], rows)
            conn.execute("INSERT OR REPLACE INTO terms VALUES (0, ?)", (str(page["next"]),))
            conn.execute("COMMIT")
            if upcoming is None:
                break
            page = upcoming.result()
    loaded = time.perf_counter()
    conn.execute("DELETE FROM terms WHERE id = 0")
    for index in INDEXES:
        conn.execute(index)
    indexed = time.perf_counter()
    conn.execute(FTS)
    conn.execute("INSERT INTO search (rowid, terms) SELECT id, terms FROM terms")
    done = time.perf_counter()
    conn.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    return {"customers": count, "load_s": loaded - started, "indexes_s": indexed - loaded,
            "search_s": done - indexed, "total_s": done - started, "mib": size / 2**20}
