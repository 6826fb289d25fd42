"""Loyalty cards: issued by HQ for a synced customer, while the link is up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import Customer, SyncState
from pos_desktop.domain.errors import ActionRefused
from pos_desktop.domain.limitations import can_issue_loyalty_card

from .customers import _rejection_to_domain
from .editing import CustomerNotFound, EditRepository
from .events import CustomersChanged
from .ports import HQRejected, HQUnreachable, LinkState


class HQLoyalty(Protocol):
    def get_customer(self, account_number: str) -> dict[str, Any]: ...
    def issue_loyalty_card(self, account_number: str) -> dict[str, Any]: ...


class LoyaltyService:
    def __init__(
        self,
        repository: EditRepository,
        *,
        link: LinkState,
        hq: HQLoyalty | None,
        on_changed: Callable[[CustomersChanged], None] | None = None,
    ) -> None:
        self._repo = repository
        self._link = link
        self._hq = hq
        self._on_changed = on_changed

    @property
    def _link_up(self) -> bool:
        return self._link.is_up and self._hq is not None

    def issue_card(self, key: str) -> Customer:
        """Ask HQ for a card for this customer; returns the customer as HQ now has it."""
        customer = self._repo.get_customer(key)
        if customer is None:
            raise CustomerNotFound(key)
        can_issue_loyalty_card(customer, link_up=self._link_up).require()
        assert self._hq is not None and customer.account_number
        try:
            self._hq.issue_loyalty_card(customer.account_number)
        except HQUnreachable as exc:
            self._link.report_failure(exc)
            raise ActionRefused("loyalty.offline", "HQ could not be reached.") from exc
        except HQRejected as exc:
            raise _rejection_to_domain(exc) from exc
        try:
            fresh = customer_from_json(self._hq.get_customer(customer.account_number))
        except (HQUnreachable, HQRejected):
            return customer
        fresh.state = SyncState.SYNCED
        self._repo.upsert_customer(fresh)
        if self._on_changed is not None:
            self._on_changed(CustomersChanged.of(fresh.customer_id))
        return fresh
