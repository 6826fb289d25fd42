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

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
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
CONTACT_COLUMNS = ("customer_pk", "kind", "value", "marketing_consent", "is_primary")
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


def _insert(table: str, columns: tuple[str, ...], replace: bool) -> str:
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    return (
        f"{verb} INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )


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
            sql_datetime(c.get("created_at")), sql_datetime(c.get("updated_at")),
            bool(c.get("email_marketing_consent")), bool(c.get("phone_marketing_consent")),
        ))  # fmt: skip
        addresses = self.addresses
        for position, a in enumerate(c.get("addresses") or []):
            addresses.append(address_row(a, pk, position, customer_type))
        contacts = self.contacts
        for x in c.get("contacts") or []:
            contacts.append(
                (pk, _s(x.get("kind")), _s(x.get("value")), bool(x.get("marketing_consent")),
                 bool(x.get("is_primary")))
            )  # fmt: skip
        for name, value in (c.get("attributes") or {}).items():
            self.attributes.append((pk, str(name), _json(value)))
        for card in c.get("loyalty_cards") or []:
            self.cards.append((_card_number(card), pk))
        self.terms.append((pk, search_document(c).terms()))

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


def forget(execute_many: ExecuteMany, pks: list[tuple[int]]) -> None:
    """Drop the children and the search entry of these stored customers (rows stay)."""
    if not pks:
        return
    for table in CHILD_TABLES:
        execute_many(f"DELETE FROM {table} WHERE customer_pk = ?", pks)
    # A customer is either indexed or in the backlog, never both.
    execute_many("DELETE FROM customer_search WHERE rowid = ?", pks)
    execute_many("DELETE FROM search_backlog WHERE customer_pk = ?", pks)


def reindex(execute_many: ExecuteMany, pk: int, record: Record) -> None:
    """Replace one stored customer's search entry."""
    execute_many("DELETE FROM customer_search WHERE rowid = ?", [(pk,)])
    execute_many("DELETE FROM search_backlog WHERE customer_pk = ?", [(pk,)])
    execute_many(INSERT_TERMS, [(pk, search_document(record).terms())])


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

