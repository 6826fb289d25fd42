"""A customer as rows of the offline store and as its search document: the one place.

Both ways a customer gets into the store go through here:

* single creates and edits (`OfflineStore.add_customer`, `upsert_customer`, ...) turn the
  domain `Customer` into its record with `customer_record` (the HQ API's JSON shape, the
  same one the outbox and the uploads carry) and write it through `CustomerRows`;
* the change feed (`feed_apply.apply_customers`) hands HQ's records to `CustomerRows`
  as they come, a page at a time, with no domain objects in between (a first download
  is a million customers).

`CustomerRows` holds the row tuples of a batch of customers and their search terms
(`search_document`), and writes them with one `executemany` per table. The only other
direction, rows back into a `Customer`, is `to_customer` below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from pos_desktop.domain.codec import customer_to_json
from pos_desktop.domain.customer import (
    Address,
    AddressPurpose,
    Contact,
    ContactKind,
    Customer,
    CustomerType,
    LoyaltyCard,
    ReceiptOption,
    SyncState,
    reasons_from_json,
)
from pos_desktop.domain.defaults import default_purpose

from .models import CustomerRow
from .search_terms import SearchDocument

Record = Mapping[str, Any]  # a customer in the HQ API's JSON shape
ExecuteMany = Callable[[str, list[tuple[Any, ...]]], Any]  # sqlite3's or a session's

CUSTOMER_COLUMNS = (
    "id", "customer_id", "account_number", "state", "rejection_reason", "origin",
    "customer_type", "title", "first_name", "middle_name", "last_name", "organization_name",
    "email", "phone", "customer_group", "currency", "language", "receipt_option",
    "receipt_email", "affiliations", "financial_dimensions", "version", "store_id",
    "created_at", "updated_at", "email_consent", "phone_consent",
)  # fmt: skip
ADDRESS_COLUMNS = (
    "address_id", "customer_pk", "position", "purpose", "street", "city", "state", "zip",
    "country", "contact_name", "contact_phone", "is_primary", "sync_state",
)  # fmt: skip
_DIMENSIONS = CUSTOMER_COLUMNS.index("financial_dimensions")
# `id`: the contact's place among its customer's (migration 0009: keyed by customer_pk, id)
CONTACT_COLUMNS = ("customer_pk", "id", "kind", "value", "marketing_consent", "is_primary")
ATTRIBUTE_COLUMNS = ("customer_pk", "name", "value")
CARD_COLUMNS = ("card_number", "customer_pk")
# Where `CustomerRows.placed` finds the rowid and origin in the rows.
_ORIGIN = CUSTOMER_COLUMNS.index("origin")
assert CUSTOMER_COLUMNS[0] == "id" and ADDRESS_COLUMNS[1] == "customer_pk"
assert CARD_COLUMNS[1] == CONTACT_COLUMNS[0] == ATTRIBUTE_COLUMNS[0] == "customer_pk"
CHILD_TABLES = ("addresses", "contacts", "customer_attributes", "loyalty_cards")

# The scalar fields a `Customer` and a `CustomerRow` share (read side).
SCALARS = (
    "customer_id", "account_number", "title", "first_name", "middle_name", "last_name",
    "organization_name", "email", "phone", "customer_group", "currency", "language",
    "receipt_email", "version", "store_id", "rejection_reason", "created_at", "updated_at",
    "created_by_name", "email_consent", "phone_consent",
)  # fmt: skip

# An address without a purpose gets the domain's default for the customer type.
_DEFAULT_PURPOSE = {t.value: default_purpose(t).value for t in CustomerType}


# A customer's financial dimensions are stored once per distinct value (they come from
# the customer groups: a few values for a million customers; migration 0009): the
# customers row holds the id of its `dimension_sets` row, looked up by value as it is
# written (each value first added by INSERT_DIMENSIONS).
DIMENSIONS_ID = "(SELECT id FROM dimension_sets WHERE value = ?)"
INSERT_DIMENSIONS = "INSERT OR IGNORE INTO dimension_sets (value) VALUES (?)"


def _insert(table: str, columns: tuple[str, ...], replace: bool) -> str:
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    values = [DIMENSIONS_ID if c == "financial_dimensions" else "?" for c in columns]
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"


def _upsert_customer() -> str:
    """Insert, or update the row with this rowid in place: a clash on any other unique
    key (customer_id, account_number) of another customer is an IntegrityError."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in CUSTOMER_COLUMNS if c != "id")
    insert = _insert("customers", CUSTOMER_COLUMNS, False)
    return f"{insert} ON CONFLICT(id) DO UPDATE SET {updates}"


# replace=True: the feed's way (HQ's copy wins over whatever holds its keys here);
# replace=False: a single create or edit, where a clash is an error.
INSERT_CUSTOMER = {True: _insert("customers", CUSTOMER_COLUMNS, True), False: _upsert_customer()}
INSERT_ADDRESS = {r: _insert("addresses", ADDRESS_COLUMNS, r) for r in (True, False)}
INSERT_CONTACT = _insert("contacts", CONTACT_COLUMNS, False)
INSERT_ATTRIBUTE = _insert("customer_attributes", ATTRIBUTE_COLUMNS, False)
INSERT_CARD = {r: _insert("loyalty_cards", CARD_COLUMNS, r) for r in (True, False)}
INSERT_TERMS = "INSERT INTO customer_search (rowid, terms) VALUES (?, ?)"
INSERT_BACKLOG = "INSERT OR REPLACE INTO search_backlog (customer_pk, terms) VALUES (?, ?)"


def sql_datetime(value: Any) -> str | None:
    """ISO 8601 (or a datetime) -> the naive-UTC text SQLAlchemy's SQLite DateTime reads."""
    if not value:
        return None
    if isinstance(value, str) and len(value) == 27 and value[10] == "T" and value[26] == "Z":
        return f"{value[:10]} {value[11:26]}"  # HQ's own form: 2025-04-14T21:33:43.767907Z
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%d %H:%M:%S.%f")


_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def micros(value: Any) -> int | None:
    """ISO 8601 (or a datetime) -> microseconds since 1970 UTC: how the customers table
    keeps its timestamps (8 bytes instead of 26 characters, migration 0009)."""
    text = sql_datetime(value)
    if text is None:
        return None
    return (datetime.fromisoformat(text) - _EPOCH) // _MICROSECOND


def from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _card_number(card: Any) -> str:
    """HQ sends card numbers; a {"card_number": ...} object is read the same way."""
    return _s(card.get("card_number") if isinstance(card, dict) else card)


def customer_record(customer: Customer) -> dict[str, Any]:
    """The record of a domain customer that `CustomerRows` and `search_document` take."""
    return customer_to_json(customer)


def search_document(record: Record) -> SearchDocument:
    """What a customer is found by: names, e-mails, phones, codes, places."""
    addresses = record.get("addresses") or []
    contacts = record.get("contacts") or []
    return SearchDocument(
        names=(
            _s(record.get("first_name")),
            _s(record.get("middle_name")),
            _s(record.get("last_name")),
            _s(record.get("organization_name")),
        ),
        emails=[_s(record.get("email"))]
        + [_s(x.get("value")) for x in contacts if x.get("kind") == "email"],
        phones=[_s(record.get("phone"))]
        + [_s(x.get("value")) for x in contacts if x.get("kind") == "phone"],
        codes=[_s(record.get("account_number"))]
        + [_card_number(card) for card in record.get("loyalty_cards") or []]
        + [_s(a.get("zip")) for a in addresses],
        places=[_s(a.get("street")) for a in addresses] + [_s(a.get("city")) for a in addresses],
    )


# -- the search index's content: generated from the stored rows -------------------------
#
# The FTS5 table `customer_search` (migration 0009) keeps no copy of the terms: its
# content is the view `customer_search_source`, whose `terms` column calls the SQL
# function `pos_search_terms` (`stored_terms` below, registered on every connection by
# `register_functions`) on the customer's stored values. Every entry is indexed from those
# same values (`CustomerRows` calls `stored_terms` on the rows it writes), and FTS5 reads
# them back through the view to delete an entry, so an entry is always deleted with
# exactly the terms it was indexed with, as long as the rows have not changed in
# between: an entry goes (`unindex`) before its customer's rows change or go.
# A stored customer is either indexed or in the search backlog, never both, never
# neither; the view leaves out those in the backlog (FTS5 has nothing to delete for
# them). A backlog entry's terms are those of its rows when written with them (a
# download), '' when they are to be generated from the rows when it is indexed.

TERMS_FUNCTION = "pos_search_terms"
CUSTOMER_TERMS_VIEW = f"""CREATE VIEW customer_terms AS SELECT c.id AS id, {TERMS_FUNCTION}(
    c.first_name, c.middle_name, c.last_name, c.organization_name, c.email, c.phone,
    c.account_number,
    (SELECT json_group_array(json_array(kind, value)) FROM contacts WHERE customer_pk = c.id),
    (SELECT json_group_array(json_array(street, city, zip)) FROM addresses
     WHERE customer_pk = c.id),
    (SELECT json_group_array(card_number) FROM loyalty_cards WHERE customer_pk = c.id)
) AS terms FROM customers c"""
SEARCH_SOURCE_VIEW = """CREATE VIEW customer_search_source AS SELECT id, terms
FROM customer_terms t WHERE NOT EXISTS (
    SELECT 1 FROM search_backlog b WHERE b.customer_pk = t.id)"""
SEARCH_TABLE = (
    "CREATE VIRTUAL TABLE customer_search USING fts5(terms, "
    "content='customer_search_source', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6 7 8', "
    "detail=none, columnsize=0)"
)
INDEX_FROM_ROWS = (
    "INSERT INTO customer_search (rowid, terms) SELECT id, terms FROM customer_terms WHERE id = ?"
)
# Every customer not in the backlog, from its rows (after SEARCH_DELETE_ALL).
INDEX_ALL_FROM_ROWS = (
    "INSERT INTO customer_search (rowid, terms) SELECT id, terms FROM customer_search_source"
)
MARK_BACKLOG = "INSERT OR REPLACE INTO search_backlog (customer_pk, terms) VALUES (?, '')"
UNMARK_BACKLOG = "DELETE FROM search_backlog WHERE customer_pk = ?"
SEARCH_DELETE_ALL = "INSERT INTO customer_search (customer_search) VALUES ('delete-all')"


def stored_terms(
    first: Any,
    middle: Any,
    last: Any,
    organization: Any,
    email: Any,
    phone: Any,
    account: Any,
    contacts: Any,
    addresses: Any,
    cards: Any,
) -> str:
    """The search terms of a customer from its stored values (`customer_terms`'s
    arguments: contacts as [[kind, value]], addresses as [[street, city, zip]], cards as
    [card_number], each a JSON text or already a list)."""
    return SearchDocument(
        names=(_s(first), _s(middle), _s(last), _s(organization)),
        emails=[_s(email)] + [_s(v) for k, v in _listed(contacts) if k == "email"],
        phones=[_s(phone)] + [_s(v) for k, v in _listed(contacts) if k == "phone"],
        codes=[_s(account)]
        + [_s(c) for c in _listed(cards)]
        + [_s(a[2]) for a in _listed(addresses)],
        places=[_s(a[0]) for a in _listed(addresses)] + [_s(a[1]) for a in _listed(addresses)],
    ).terms()


TERMS_STATE_KEY = "search_terms"  # sync_state: `terms_fingerprint()` the index was built with
_RANGE_CHILDREN = (
    ("contacts", "SELECT customer_pk, kind, value FROM contacts "
                 "WHERE customer_pk BETWEEN ? AND ? ORDER BY customer_pk, id"),
    ("addresses", "SELECT customer_pk, street, city, zip FROM addresses "
                  "WHERE customer_pk BETWEEN ? AND ? ORDER BY customer_pk, position"),
    ("cards", "SELECT customer_pk, card_number FROM loyalty_cards "
              "WHERE customer_pk BETWEEN ? AND ?"),
)  # fmt: skip


def index_all_from_rows(conn: sqlite3.Connection, chunk: int = 20_000) -> int:
    """Index every customer that is not in the backlog from its rows (inside the
    caller's transaction, the index empty): `customer_search_source` row by row, but
    reading the children a range of customers at a time (a million in ~a minute)."""
    done, last = 0, 0
    while True:
        customers = conn.execute(
            "SELECT id, first_name, middle_name, last_name, organization_name, email, phone, "
            "account_number FROM customers c WHERE id > ? AND NOT EXISTS (SELECT 1 FROM "
            "search_backlog b WHERE b.customer_pk = c.id) ORDER BY id LIMIT ?",
            (last, chunk),
        ).fetchall()
        if not customers:
            return done
        low, last = customers[0][0], customers[-1][0]
        children: dict[str, dict[int, list[Any]]] = {}
        for name, sql in _RANGE_CHILDREN:
            by_pk = children[name] = {}
            for pk, *values in conn.execute(sql, (low, last)):
                by_pk.setdefault(pk, []).append(values if len(values) > 1 else values[0])
        contacts, addresses, cards = (children[n] for n in ("contacts", "addresses", "cards"))
        conn.executemany(
            "INSERT INTO customer_search (rowid, terms) VALUES (?, ?)",
            [(pk, stored_terms(first, middle, last_name, organization, email, phone, account,
                               contacts.get(pk, []), addresses.get(pk, []), cards.get(pk, [])))
             for pk, first, middle, last_name, organization, email, phone, account
             in customers],
        )  # fmt: skip
        done += len(customers)


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return orjson.loads(value) if value else []


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL function the search index's content view calls (every connection)."""
    conn.create_function(TERMS_FUNCTION, 10, stored_terms, deterministic=True)


def address_row(
    a: Record, pk: int, position: int, customer_type: str, *, sync_state: str = "synced"
) -> tuple[Any, ...]:
    """One address of a customer as its `addresses` row (ADDRESS_COLUMNS)."""
    return (
        _s(a.get("address_id")), pk, position,
        _s(a.get("purpose") or _DEFAULT_PURPOSE.get(customer_type, AddressPurpose.HOME.value)),
        _s(a.get("street")), _s(a.get("city")), _s(a.get("state")), _s(a.get("zip")),
        _s(a.get("country")), _s(a.get("contact_name")), _s(a.get("contact_phone")),
        bool(a.get("is_primary")), sync_state,
    )  # fmt: skip


class CustomerRows:
    """The rows and search terms of a batch of customers, written one table at a time."""

    __slots__ = ("customers", "addresses", "contacts", "attributes", "cards", "terms")

    def __init__(self) -> None:
        self.customers: list[tuple[Any, ...]] = []
        self.addresses: list[tuple[Any, ...]] = []
        self.contacts: list[tuple[Any, ...]] = []
        self.attributes: list[tuple[Any, ...]] = []
        self.cards: list[tuple[Any, ...]] = []
        self.terms: list[tuple[Any, ...]] = []

    def add(
        self, c: Record, pk: int, *, origin: str, state: str, rejection_reason: str = ""
    ) -> None:
        """Add one customer record as row `pk` (`origin`, `state` as this path decides)."""
        customer_type = _s(c.get("customer_type") or CustomerType.PERSON.value)
        self.customers.append((
            pk, _s(c.get("customer_id")), c.get("account_number") or None, state,
            rejection_reason, origin, customer_type, _s(c.get("title")),
            _s(c.get("first_name")), _s(c.get("middle_name")), _s(c.get("last_name")),
            _s(c.get("organization_name")), _s(c.get("email")), _s(c.get("phone")),
            _s(c.get("customer_group")), _s(c.get("currency")), _s(c.get("language")),
            _s(c.get("receipt_option") or ReceiptOption.PRINT.value), _s(c.get("receipt_email")),
            _json(c.get("affiliations") or []),
            _json(c.get("financial_dimensions") or {}),
            int(c.get("version") or 0), _s(c.get("store_id")),
            micros(c.get("created_at")), micros(c.get("updated_at")),
            bool(c.get("email_marketing_consent")), bool(c.get("phone_marketing_consent")),
        ))  # fmt: skip
        row = self.customers[-1]
        addresses = [address_row(a, pk, position, customer_type)
                     for position, a in enumerate(c.get("addresses") or [])]  # fmt: skip
        contacts = [
            (pk, position, _s(x.get("kind")), _s(x.get("value")),
             bool(x.get("marketing_consent")), bool(x.get("is_primary")))
            for position, x in enumerate(c.get("contacts") or [])
        ]  # fmt: skip
        cards = [(_card_number(card), pk) for card in c.get("loyalty_cards") or []]
        self.addresses += addresses
        self.contacts += contacts
        self.cards += cards
        for name, value in (c.get("attributes") or {}).items():
            self.attributes.append((pk, str(name), _json(value)))
        # The terms of exactly the values written (what the content view reads back).
        self.terms.append((pk, stored_terms(
            row[8], row[9], row[10], row[11], row[12], row[13], row[2],
            [(x[2], x[3]) for x in contacts], [(a[4], a[5], a[7]) for a in addresses],
            [card[0] for card in cards],
        )))  # fmt: skip

    def placed(self, pks: Sequence[int], origins: Sequence[str] | None) -> CustomerRows:
        """These rows, built with each customer's position for its rowid, at their real
        rowids (`pks[position]`) and, unless None, origins (`origins[position]`)."""
        out = CustomerRows()
        if origins is None:
            out.customers = [(pks[r[0]], *r[1:]) for r in self.customers]
        else:
            out.customers = [(pks[r[0]], *r[1:_ORIGIN], origins[r[0]], *r[_ORIGIN + 1 :])
                             for r in self.customers]  # fmt: skip
        out.addresses = [(r[0], pks[r[1]], *r[2:]) for r in self.addresses]
        out.contacts = [(pks[r[0]], *r[1:]) for r in self.contacts]
        out.attributes = [(pks[r[0]], *r[1:]) for r in self.attributes]
        out.cards = [(r[0], pks[r[1]]) for r in self.cards]
        out.terms = [(pks[r[0]], r[1]) for r in self.terms]
        return out

    def write(self, execute_many: ExecuteMany, *, replace: bool, defer_index: bool) -> None:
        """Insert the rows (after `forget` of those that were stored before).

        `replace`: the feed's INSERT OR REPLACE; otherwise a clash with another
        customer's keys raises. `defer_index`: the terms go to the search backlog.
        """
        dimensions = {row[_DIMENSIONS]: None for row in self.customers}
        if dimensions:
            execute_many(INSERT_DIMENSIONS, [(value,) for value in dimensions])
        for statement, rows in (
            (INSERT_CUSTOMER[replace], self.customers),
            (INSERT_ADDRESS[replace], self.addresses),
            (INSERT_CONTACT, self.contacts),
            (INSERT_ATTRIBUTE, self.attributes),
            (INSERT_CARD[replace], self.cards),
            (INSERT_BACKLOG if defer_index else INSERT_TERMS, self.terms),
        ):
            if rows:
                execute_many(statement, rows)
        if not defer_index and self.terms:  # indexed now: no longer marked (`unindex`)
            execute_many(UNMARK_BACKLOG, [(pk,) for pk, _ in self.terms])


def unindex(execute_many: ExecuteMany, pks: list[tuple[int]]) -> None:
    """Take these customers' entries out of the search index, while their rows are still
    as they were indexed (FTS5 reads the terms to delete through the view), and mark
    them in the backlog to be indexed again from their rows ('' terms). Harmless for a
    customer already in the backlog (the view leaves it out: nothing to delete)."""
    if not pks:
        return
    execute_many("DELETE FROM customer_search WHERE rowid = ?", pks)
    execute_many(MARK_BACKLOG, pks)


def forget(execute_many: ExecuteMany, pks: list[tuple[int]]) -> None:
    """Take out the search entry, then drop the children, of these stored customers
    (rows stay, in the backlog until written again)."""
    if not pks:
        return
    unindex(execute_many, pks)  # first: the children are part of the indexed terms
    for table in CHILD_TABLES:
        execute_many(f"DELETE FROM {table} WHERE customer_pk = ?", pks)


def drop_customers(execute_many: ExecuteMany, pks: list[tuple[int]]) -> None:
    """Delete these customers: search entry, children, row, backlog mark."""
    forget(execute_many, pks)
    execute_many("DELETE FROM customers WHERE id = ?", pks)
    execute_many("DELETE FROM search_backlog WHERE customer_pk = ?", pks)


def reindex(execute_many: ExecuteMany, pks: list[tuple[int]]) -> None:
    """Index these stored customers now, from their rows as they are (indexed or in the
    backlog before: either way, the rows unchanged since, or changed after `unindex`)."""
    if not pks:
        return
    unindex(execute_many, pks)
    execute_many("DELETE FROM search_backlog WHERE customer_pk = ?", pks)
    execute_many(INDEX_FROM_ROWS, pks)


def to_customer(row: CustomerRow) -> Customer:
    """A stored customer (its row and children loaded) back into the domain."""
    customer = Customer(
        customer_type=CustomerType(row.customer_type),
        receipt_option=ReceiptOption(row.receipt_option),
        state=SyncState(row.state),
        affiliations=list(row.affiliations or []),
        financial_dimensions=dict(row.financial_dimensions or {}),
        addresses=[
            Address(
                address_id=a.address_id,
                purpose=AddressPurpose(a.purpose),
                street=a.street,
                city=a.city,
                state=a.state,
                zip=a.zip,
                country=a.country,
                contact_name=a.contact_name,
                contact_phone=a.contact_phone,
                is_primary=a.is_primary,
            )
            for a in row.addresses
        ],
        contacts=[
            Contact(
                kind=ContactKind(c.kind),
                value=c.value,
                marketing_consent=c.marketing_consent,
                is_primary=c.is_primary,
            )
            for c in row.contacts
        ],
        attributes={a.name: a.value for a in row.attributes},
        loyalty_cards=[LoyaltyCard(card_number=c.card_number) for c in row.loyalty_cards],
    )
    for name in SCALARS:
        setattr(customer, name, getattr(row, name))
    customer.created_by = row.created_by
    customer.rejection_details = reasons_from_json(row.rejection_details)
    return customer


# What the terminal alone knows about a customer (never in HQ's records, so not in
# `CUSTOMER_COLUMNS`, which the change feed writes too): set after a single write.
LOCAL_FACTS = (
    "UPDATE customers SET rejection_details = ?, created_by = coalesce(?, created_by), "
    "created_by_name = CASE WHEN ? IS NULL THEN created_by_name ELSE ? END WHERE id = ?"
)


def local_facts(customer: Customer, pk: int) -> tuple[Any, ...]:
    """The row of `LOCAL_FACTS` for this customer (who created it is kept once known)."""
    details = _json([r.to_json() for r in customer.rejection_details])
    who = customer.created_by
    return (details, who, who, customer.created_by_name, pk)

