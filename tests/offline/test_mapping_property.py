"""Property: the one customer mapping agrees with itself and with search.

For generated customers (HQ's JSON shape), stored once through the single-write path
(`OfflineStore.upsert_customer`, what services call) and once through the change-feed
path (`OfflineStore.apply_feed_page`, the raw bulk writer):

* both paths store identical rows in every customer table and the same search terms,
  and read back the same `Customer`, for a first version and for an edit of it;
* the indexed search terms are `search_document(record).terms()` of the customer read
  back (the one builder, nothing else makes terms), and the whole index holds exactly
  the terms generated from the stored rows (what deleting an entry relies on);
* search finds the customer by what a cashier types (name prefix, e-mail, phone suffix,
  account number, loyalty card, ZIP, city, street) and by every term of its document.

Derandomized and bounded (a few seconds): two stores shared by all examples, each
example a new customer_id, account and card numbers unique by a counter.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.offline.mapping import customer_record, search_document
from pos_desktop.offline.search_terms import parse_query, words
from pos_desktop.offline.store import OfflineStore
from tests.support.search_index import assert_index_matches_rows, indexed_terms

CURSOR = "feed_cursor"
LIMIT = 10_000  # the whole store: the property is "found", not "found on page one"

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàèéìòùäöüåõšžçñÅÖÉ"
word = st.text(LETTERS, min_size=1, max_size=12)
name = st.lists(word, min_size=1, max_size=3).map(" ".join) | st.builds(
    lambda a, b: f"{a}'{b}", word, word
)
optional_name = st.just("") | name
email = st.builds(
    lambda local, host, tld: f"{local}@{host}.{tld}",
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=16).filter(
        lambda s: s[0].isalnum()
    ),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10),
    st.sampled_from(["it", "se", "fr", "ee", "com"]),
)
phone = st.builds(
    lambda cc, digits: f"+{cc}{digits}",
    st.sampled_from(["39", "46", "33", "372", "1"]),
    st.text("0123456789", min_size=6, max_size=10),
) | st.text("0123456789", min_size=6, max_size=11).map(lambda d: f"0{d}")
zip_code = st.text("0123456789", min_size=4, max_size=5) | st.builds(
    lambda a, b: f"{a} {b}", st.text("0123456789", min_size=3, max_size=3),
    st.text("0123456789", min_size=2, max_size=2),
)
purposes = st.sampled_from([None, "home", "business", "office", "post_box"])
scalar = (
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False) | word
)  # fmt: skip


@st.composite
def addresses(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 3))
    primary = draw(st.integers(0, max(count - 1, 0)))
    return [
        {
            "purpose": draw(purposes),
            "street": f"{draw(name)} {draw(st.integers(1, 999))}",
            "city": draw(name),
            "state": draw(st.sampled_from(["", "MI", "Stockholm"])),
            "zip": draw(zip_code),
            "country": draw(st.sampled_from(["IT", "SE", "FR", "EE", "US"])),
            "contact_name": draw(optional_name),
            "contact_phone": draw(st.just("") | phone),
            "is_primary": i == primary,
        }
        for i in range(count)
    ]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """One customer as HQ (or customer_to_json) shapes it; ids filled in by the test."""
    organization = draw(st.booleans())
    contacts = [
        {"kind": "email", "value": draw(email), "marketing_consent": draw(st.booleans()),
         "is_primary": False}
        for _ in range(draw(st.integers(0, 2)))
    ] + [
        {"kind": "phone", "value": draw(phone), "marketing_consent": draw(st.booleans()),
         "is_primary": False}
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    stamp = draw(st.sampled_from([
        None, "2024-05-01T10:00:00Z", "2025-04-14T21:33:43.767907Z",
        "2024-05-01T10:00:00+02:00", "2024-12-31T23:59:59.5-05:00",
    ]))  # fmt: skip
    return {
        "customer_type": "organization" if organization else "person",
        "title": "" if organization else draw(st.sampled_from(["", "Mr", "Ms", "Dr"])),
        "first_name": "" if organization else draw(name),
        "middle_name": "" if organization else draw(optional_name),
        "last_name": "" if organization else draw(name),
        "organization_name": draw(name) if organization else "",
        "email": draw(st.just("") | email),
        "phone": draw(st.just("") | phone),
        "customer_group": draw(st.sampled_from(["", "RETAIL", "WHOLESALE"])),
        "currency": draw(st.sampled_from(["EUR", "SEK"])),
        "language": draw(st.sampled_from(["it", "sv", "en"])),
        "receipt_option": draw(st.sampled_from(["print", "email", "both", "none"])),
        "receipt_email": draw(st.just("") | email),
        "affiliations": draw(st.lists(st.sampled_from(["STAFF", "VIP", "STUDENT"]),
                                      unique=True, max_size=2)),
        "financial_dimensions": draw(st.dictionaries(st.sampled_from(["dept", "cc"]), word,
                                                     max_size=2)),
        "attributes": draw(st.dictionaries(st.sampled_from(["size", "segment", "newsletter"]),
                                           scalar, max_size=3)),
        "addresses": draw(addresses()),
        "contacts": contacts,
        "numbered": draw(st.booleans()),
        "cards": draw(st.integers(0, 2)),
        "version": draw(st.integers(0, 50)),
        "store_id": "MIL01",
        "created_at": stamp,
        "updated_at": stamp,
    }  # fmt: skip


def _finish(draft: dict[str, Any], n: int) -> dict[str, Any]:
    """Unique ids and numbers for example `n` (the stores keep every example)."""
    record = {k: v for k, v in draft.items() if k not in ("numbered", "cards")}
    customer_id = f"00000000-0000-4000-8000-{n:012d}"
    record["customer_id"] = customer_id
    record["account_number"] = f"C{n:07d}" if draft["numbered"] else None
    record["state"] = "synced" if draft["numbered"] else "pending"
    record["loyalty_cards"] = [f"LC{n:06d}{i}" for i in range(draft["cards"])]
    record["addresses"] = [
        {**a, "address_id": f"{customer_id}-a{i}"}
        for i, a in enumerate(draft["addresses"])
    ]
    return record


def _rows(path: Path, customer_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of one customer, without rowids (the two stores may differ)."""
    with sqlite3.connect(path) as db:
        def rows(sql: str, *args: Any) -> list[tuple[Any, ...]]:
            return db.execute(sql, args).fetchall()

        ((pk,),) = rows("SELECT id FROM customers WHERE customer_id = ?", customer_id)
        out = {
            "customers": rows("SELECT * FROM customers WHERE id = ?", pk),
            "search": sorted(indexed_terms(path).get(pk, set())),  # what the index holds
            "backlog": rows("SELECT terms FROM search_backlog WHERE customer_pk = ?", pk),
        }
        for table, order in (("addresses", "position"), ("contacts", "id"),
                             ("customer_attributes", "name"), ("loyalty_cards", "card_number")):
            cursor = db.execute(f"SELECT * FROM {table} WHERE customer_pk = ? ORDER BY {order}",
                                (pk,))  # fmt: skip
            columns = [c[0] for c in cursor.description]
            keep = [i for i, c in enumerate(columns) if c not in ("id", "customer_pk")]
            out[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        out["customers"] = [row[1:] for row in out["customers"]]  # without the rowid
        return out


def _typed_queries(record: dict[str, Any]) -> list[str]:
    """What a cashier would type to find this customer."""
    queries = []
    for field in ("first_name", "last_name", "organization_name"):
        for w in words(record[field]):
            if len(w) >= 2:
                queries.append(w[: min(len(w), 4)])  # a name prefix
                queries.append(w)
    if record["first_name"] and record["last_name"]:
        queries.append(f"{record['first_name']} {record['last_name']}")
    for value in [record["email"]] + [c["value"] for c in record["contacts"]]:
        if "@" in value:
            queries.append(value)
        elif value:
            digits = "".join(ch for ch in value if ch.isdigit())
            queries.extend([value, digits[-4:], digits[-6:]])  # the last digits
    if record["phone"]:
        digits = "".join(ch for ch in record["phone"] if ch.isdigit())
        queries.extend([record["phone"], digits[-4:], digits[-6:]])
    if record["account_number"]:
        queries.append(record["account_number"])
    queries.extend(record["loyalty_cards"])
    for a in record["addresses"]:
        queries.extend([a["zip"], a["city"], a["street"]])
    return [q for q in queries if not parse_query(q).empty]


def _found(store: OfflineStore, query: str, customer_id: str) -> bool:
    return customer_id in {s.customer_id for s in store.search(query, limit=LIMIT)}


def test_both_write_paths_store_the_same_rows_and_search_finds_what_the_document_says(
    tmp_path: Path,
) -> None:
    orm = OfflineStore(tmp_path / "orm")
    feed = OfflineStore(tmp_path / "feed")
    counter = itertools.count(1)

    def store_both(record: dict[str, Any]) -> None:
        orm.upsert_customer(customer_from_json(record), origin="hq")
        feed.apply_feed_page([record], cursor_key=CURSOR, cursor=None)
        assert feed.last_quarantined == 0

    def check(record: dict[str, Any]) -> None:
        customer_id = record["customer_id"]
        rows = _rows(orm.path, customer_id)
        assert rows == _rows(feed.path, customer_id)
        from_orm, from_feed = orm.get_customer(customer_id), feed.get_customer(customer_id)
        assert from_orm is not None and from_orm == from_feed
        # The indexed terms are the one builder's, for the customer as read back too,
        # and every entry of the index is exactly its rows' terms (what a delete uses).
        terms = rows["search"]
        assert terms == sorted(set(search_document(record).terms().split()))
        assert terms == sorted(set(search_document(customer_record(from_orm)).terms().split()))
        assert_index_matches_rows(orm.path)
        assert_index_matches_rows(feed.path)
        for store in (orm, feed):
            for query in _typed_queries(record):
                assert _found(store, query, customer_id), (query, terms)
            for term in terms:
                if len(term) >= 2:
                    assert _found(store, term, customer_id), (term, terms)

    @settings(
        max_examples=40, derandomize=True, database=None, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )  # fmt: skip
    @given(first=records(), edit=records())
    def run(first: dict[str, Any], edit: dict[str, Any]) -> None:
        n = next(counter)
        record = _finish(first, n)
        store_both(record)
        check(record)
        # An edit of the same customer (same id, new data): replaced the same way.
        edited = _finish(edit, n)
        if record["account_number"]:
            edited["account_number"], edited["state"] = record["account_number"], "synced"
        store_both(edited)
        check(edited)

    try:
        run()
    finally:
        orm.close()
        feed.close()

