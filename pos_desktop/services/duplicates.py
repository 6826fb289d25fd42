"""Likely duplicates of a customer being created: same phone, same email, or same name + ZIP.

Looked up in the offline DB, and at HQ (all stores) when the link is up. Pure Python on
top of the public OfflineStore search / HQClient search; no Qt. Both lookups may be slow
(a query, a network call): call them off the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import Customer, CustomerSummary, CustomerType
from pos_desktop.domain.store import StoreConfig
from pos_desktop.domain.validation import (
    EmailError,
    PhoneError,
    normalise_email,
    normalise_phone,
)

from .ports import HQRejected, HQUnreachable, LinkState

log = logging.getLogger(__name__)

PHONE, EMAIL, NAME_ZIP = "phone", "email", "name_zip"
HQ_MIN_QUERY = 4
MAX_RESULTS = 10


class LocalCustomers(Protocol):
    def search(self, text_typed: str, limit: int = ...) -> list[CustomerSummary]: ...
    def get_customer(self, key: str) -> Customer | None: ...


class HQSearch(Protocol):
    def search_customers(self, text: str, limit: int = 25) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Duplicate:
    customer_id: str
    account_number: str | None
    name: str
    phone: str
    email: str
    city: str
    reasons: tuple[str, ...]  # PHONE / EMAIL / NAME_ZIP
    source: str  # "local" | "hq"
    hq_data: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Keys:
    phone: str
    email: str
    name: str
    zip: str

    @property
    def empty(self) -> bool:
        return not (self.phone or self.email or (self.name and self.zip))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _zip(text: str) -> str:
    return "".join(text.split()).upper()


def _phone(raw: str, region: str) -> str:
    """The digits of the E.164 form; of the raw text when it does not parse (old data)."""
    if not raw.strip():
        return ""
    try:
        text = normalise_phone(raw, region)
    except PhoneError:
        text = raw
    digits = "".join(c for c in text if c.isdigit())
    return digits if len(digits) >= 6 else ""


def _email(raw: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalise_email(raw).casefold()
    except EmailError:
        return ""


def _name(customer: Customer) -> str:
    if customer.customer_type is CustomerType.ORGANIZATION:
        return _fold(customer.organization_name)
    return _fold(f"{customer.first_name} {customer.last_name}")


def keys_of(draft: Customer, store: StoreConfig) -> _Keys:
    address = draft.primary_address
    return _Keys(
        phone=_phone(draft.phone, store.country),
        email=_email(draft.email),
        name=_name(draft),
        zip=_zip(address.zip) if address else "",
    )


class DuplicateFinder:
    def __init__(
        self,
        local: LocalCustomers,
        store_config: Callable[[], StoreConfig],
        *,
        link: LinkState | None = None,
        hq: HQSearch | None = None,
    ) -> None:
        self._local = local
        self._config = store_config
        self._link = link
        self._hq = hq

    def find(self, draft: Customer) -> list[Duplicate]:
        """Local matches first, then HQ's (when online) that are not already local."""
        found = self.local(draft)
        if self._link is not None and self._link.is_up and self._hq is not None:
            seen = {d.customer_id for d in found}
            found += [d for d in self.at_hq(draft) if d.customer_id not in seen]
        return found[:MAX_RESULTS]

    # -- offline DB ------------------------------------------------------------------

    def local(self, draft: Customer) -> list[Duplicate]:
        store = self._config()
        keys = keys_of(draft, store)
        if keys.empty:
            return []
        by_id: dict[str, tuple[CustomerSummary, set[str]]] = {}

        def consider(
            summaries: list[CustomerSummary],
            reason: str,
            test: Callable[[CustomerSummary], bool],
        ) -> None:
            for summary in summaries:
                if summary.customer_id == draft.customer_id or not test(summary):
                    continue
                by_id.setdefault(summary.customer_id, (summary, set()))[1].add(reason)

        if keys.phone:
            consider(
                self._local.search(keys.phone),
                PHONE,
                lambda s: _phone(s.phone, store.country) == keys.phone,
            )
        if keys.email:
            consider(self._local.search(keys.email), EMAIL, lambda s: _email(s.email) == keys.email)
        if keys.name and keys.zip:

            def same_name_zip(summary: CustomerSummary) -> bool:
                if _fold(summary.name) != keys.name:
                    return False
                customer = self._local.get_customer(summary.customer_id)
                return customer is not None and any(
                    _zip(a.zip) == keys.zip for a in customer.addresses
                )

            consider(self._local.search(f"{keys.name} {keys.zip}"), NAME_ZIP, same_name_zip)
        return [
            Duplicate(
                s.customer_id, s.account_number, s.name, s.phone, s.email, s.city,
                tuple(sorted(reasons)), "local",
            )  # fmt: skip
            for s, reasons in by_id.values()
        ]

    # -- HQ (all stores) -----------------------------------------------------------------

    def at_hq(self, draft: Customer) -> list[Duplicate]:
        if self._hq is None:
            return []
        store = self._config()
        keys = keys_of(draft, store)
        queries: list[tuple[str, str]] = []
        if keys.phone:
            queries.append((keys.phone, PHONE))
        if keys.email:
            queries.append((keys.email, EMAIL))
        if keys.name and keys.zip and len(keys.name) >= HQ_MIN_QUERY:
            queries.append((keys.name, NAME_ZIP))
        by_id: dict[str, tuple[Customer, dict[str, Any], set[str]]] = {}
        for query, reason in queries:
            try:
                results = self._hq.search_customers(query)
            except HQUnreachable as exc:
                if self._link is not None:
                    self._link.report_failure(exc)
                log.info("duplicate check at HQ skipped: %s", exc)
                break
            except HQRejected as exc:
                log.info("duplicate check at HQ refused: HTTP %s %s", exc.status, exc.code)
                continue
            for data in results:
                try:
                    customer = customer_from_json(data)
                except Exception:  # noqa: BLE001 - one odd record must not hide the rest
                    continue
                if customer.customer_id == draft.customer_id:
                    continue
                if _matches(customer, reason, keys, store):
                    entry = by_id.setdefault(customer.customer_id, (customer, data, set()))
                    entry[2].add(reason)
        out = []
        for customer, data, reasons in by_id.values():
            address = customer.primary_address
            out.append(
                Duplicate(
                    customer.customer_id, customer.account_number, customer.display_name,
                    customer.phone, customer.email, address.city if address else "",
                    tuple(sorted(reasons)), "hq", data,
                )  # fmt: skip
            )
        return out


def _matches(customer: Customer, reason: str, keys: _Keys, store: StoreConfig) -> bool:
    if reason == PHONE:
        return _phone(customer.phone, store.country) == keys.phone
    if reason == EMAIL:
        return _email(customer.email) == keys.email
    return _name(customer) == keys.name and any(_zip(a.zip) == keys.zip for a in customer.addresses)
