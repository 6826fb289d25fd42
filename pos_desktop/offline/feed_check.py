"""Is this change-feed record one the terminal can store and show? (one record at a time)

HQ is trusted to send valid customers, but one bad record must never stop a page
(DESIGN.md §2): `record_problem` names what is wrong with a record, and the store puts
such a record in the quarantine instead of applying it. The checks are the terminal's
own rules where it has them (attribute numbers: `coerce_attribute`, the same rule as a
customer typed at the register) plus the shape the offline store needs. Kept cheap: it
runs on every record of a first download.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pos_desktop.domain.customer import (
    AddressPurpose,
    ContactKind,
    CustomerType,
    ReceiptOption,
    SyncState,
)
from pos_desktop.domain.store import AttributeDefinition, AttributeType
from pos_desktop.domain.validation import coerce_attribute

MAX_TEXT = 1000  # generous: HQ's own limits are lower; this only bounds what is stored
MAX_ITEMS = 1000  # addresses, contacts, attributes, cards, affiliations of one customer
MAX_VERSION = 2**53
MAX_ID = 64  # ids are UUIDs (36); some HQ data derives longer ones

# C0 controls (tab and newline only where text may span lines), DEL, C1 controls,
# bidi overrides/isolates, and lone surrogates (not encodable as UTF-8).
_BAD_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

CUSTOMER_TEXT = (
    "account_number", "title", "first_name", "middle_name", "last_name",
    "organization_name", "email", "phone", "customer_group", "currency", "language",
    "receipt_email", "store_id", "created_at", "updated_at", "state",
)  # fmt: skip
ADDRESS_TEXT = ("city", "state", "zip", "country", "contact_name", "contact_phone")
_TYPES = frozenset(t.value for t in CustomerType)
_RECEIPTS = frozenset(r.value for r in ReceiptOption)
_PURPOSES = frozenset(p.value for p in AddressPurpose)
_KINDS = frozenset(k.value for k in ContactKind)
_STATES = frozenset(s.value for s in SyncState)
_NUMBER = AttributeDefinition("number", AttributeType.NUMBER)


class BadRecord(ValueError):
    """What is wrong with a record, naming the field."""


Texts = list[tuple[str, str]]  # (field, value) of a record, checked together at the end


def _text(value: Any, field: str, texts: Texts) -> None:
    if value is None:
        return
    if value.__class__ is not str and not isinstance(value, str):
        raise BadRecord(f"{field}: expected text, got {type(value).__name__}")
    texts.append((field, value))


def _check_texts(texts: Texts, pattern: re.Pattern[str]) -> None:
    """One regex over all the record's text; only on a hit, find the field to name."""
    if not texts:
        return
    values = [value for _, value in texts]
    if not pattern.search(" ".join(values)) and max(map(len, values)) <= MAX_TEXT:
        return
    for field, value in texts:
        if len(value) > MAX_TEXT:
            raise BadRecord(f"{field}: longer than {MAX_TEXT} characters")
        if pattern.search(value):
            raise BadRecord(f"{field}: control, bidi-override or invalid characters")


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRecord(f"{field}: expected a list, got {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise BadRecord(f"{field}: more than {MAX_ITEMS} items")
    return value


def _dict(value: Any, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadRecord(f"{field}: expected an object, got {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise BadRecord(f"{field}: more than {MAX_ITEMS} entries")
    return value


def _flag(value: Any, field: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise BadRecord(f"{field}: expected true or false, got {type(value).__name__}")


def _identifier(value: Any, field: str) -> None:
    """A client-generated id: plain printable text of at most MAX_ID characters."""
    if not isinstance(value, str) or not value.strip():
        raise BadRecord(f"{field}: missing")
    if len(value) > MAX_ID or not value.isprintable() or value != value.strip():
        raise BadRecord(f"{field}: not a valid id")


def _scalar(value: Any, field: str, texts: Texts) -> None:
    """An attribute or dimension value: text, a finite number in range, a flag, or null."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        texts.append((field, value))
        return
    if isinstance(value, int | float):
        try:
            coerce_attribute(_NUMBER, value)  # the register's own number rule
        except (ValueError, TypeError, OverflowError) as exc:
            raise BadRecord(f"{field}: not a valid number ({exc})") from None
        return
    raise BadRecord(f"{field}: expected a value, got {type(value).__name__}")


def check_customer(c: Any) -> None:
    """Raise BadRecord naming the first problem of this feed record; None if it is fine."""
    if not isinstance(c, dict):
        raise BadRecord(f"expected a customer object, got {type(c).__name__}")
    _identifier(c.get("customer_id"), "customer_id")
    texts: Texts = []
    streets: Texts = []
    for name in CUSTOMER_TEXT:
        value = c.get(name)
        if value is not None:
            if value.__class__ is not str:
                raise BadRecord(f"{name}: expected text, got {type(value).__name__}")
            texts.append((name, value))
    customer_type = c.get("customer_type")
    if customer_type not in (None, "") and customer_type not in _TYPES:
        raise BadRecord(f"customer_type: unknown value {str(customer_type)[:40]!r}")
    state = c.get("state")
    if state not in (None, "") and state not in _STATES:
        raise BadRecord(f"state: unknown value {str(state)[:40]!r}")
    receipt = c.get("receipt_option")
    if receipt not in (None, "") and receipt not in _RECEIPTS:
        raise BadRecord(f"receipt_option: unknown value {str(receipt)[:40]!r}")
    version = c.get("version")
    if version is not None and (
        version.__class__ is not int or not 0 <= version <= MAX_VERSION
    ):
        raise BadRecord(f"version: expected a whole number, got {str(version)[:40]!r}")
    _check_addresses(c, texts, streets)
    _check_contacts(c, texts)
    for name, value in _dict(c.get("attributes"), "attributes").items():
        _text(name, "attributes (a name)", texts)
        _scalar(value, f"attributes.{name}", texts)
    for i, value in enumerate(_list(c.get("affiliations"), "affiliations")):
        _text(value, f"affiliations[{i}]", texts)
    for name, value in _dict(c.get("financial_dimensions"), "financial_dimensions").items():
        _text(name, "financial_dimensions (a name)", texts)
        _scalar(value, f"financial_dimensions.{name}", texts)
    for i, card in enumerate(_list(c.get("loyalty_cards"), "loyalty_cards")):
        number = card.get("card_number") if isinstance(card, dict) else card
        if not isinstance(number, str) or not number:
            raise BadRecord(f"loyalty_cards[{i}]: missing card number")
        texts.append((f"loyalty_cards[{i}]", number))
    _check_texts(texts, _BAD_LINE)
    _check_texts(streets, _BAD_MULTILINE)


def _check_addresses(c: dict[str, Any], texts: Texts, streets: Texts) -> None:
    for i, a in enumerate(_list(c.get("addresses"), "addresses")):
        where = f"addresses[{i}]"
        if not isinstance(a, dict):
            raise BadRecord(f"{where}: expected an object")
        _identifier(a.get("address_id"), f"{where}.address_id")
        purpose = a.get("purpose")
        if purpose not in (None, "") and purpose not in _PURPOSES:
            raise BadRecord(f"{where}.purpose: unknown value {str(purpose)[:40]!r}")
        _text(a.get("street"), f"{where}.street", streets)
        for name in ADDRESS_TEXT:
            _text(a.get(name), f"{where}.{name}", texts)
        _flag(a.get("is_primary"), f"{where}.is_primary")


def _check_contacts(c: dict[str, Any], texts: Texts) -> None:
    for i, x in enumerate(_list(c.get("contacts"), "contacts")):
        where = f"contacts[{i}]"
        if not isinstance(x, dict):
            raise BadRecord(f"{where}: expected an object")
        if x.get("kind") not in _KINDS:
            raise BadRecord(f"{where}.kind: unknown value {str(x.get('kind'))[:40]!r}")
        _text(x.get("value"), f"{where}.value", texts)
        _flag(x.get("marketing_consent"), f"{where}.marketing_consent")
        _flag(x.get("is_primary"), f"{where}.is_primary")


def record_problem(c: Any) -> str | None:
    """The reason this record cannot be applied, or None when it can."""
    try:
        check_customer(c)
    except BadRecord as exc:
        return str(exc)
    except (RecursionError, ValueError, TypeError) as exc:
        return f"unreadable record ({type(exc).__name__})"
    return None


def hq_damaged(c: Any) -> tuple[str, str] | None:
    """(reason, raw text) when HQ itself marks this record as damaged, else None.

    HQ serves a stored customer it cannot read as strict JSON as a placeholder
    (``"state": "damaged"``, ``damaged: {code, message, raw}``) so the page stays valid;
    the terminal quarantines it with what is wrong with HQ's text, read leniently here.
    """
    if not isinstance(c, dict) or c.get("state") != "damaged":
        return None
    damaged = c.get("damaged")
    if not isinstance(damaged, dict):
        return None
    raw = str(damaged.get("raw") or "")
    try:
        detail = record_problem(json.loads(raw)) if raw else "no stored text"
    except (ValueError, RecursionError):
        detail = "not readable as JSON"
    return (f"damaged at HQ ({detail or 'not strict JSON'}); an HQ administrator must "
            "repair it", raw)
