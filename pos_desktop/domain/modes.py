"""How a new customer is created: the creation-mode table of the design brief."""

from __future__ import annotations

from enum import StrEnum

from .store import StoreConfig


class CreationMode(StrEnum):
    SYNC = "sync"  # created at HQ in real time; account number returned at once
    ASYNC = "async"  # the store profile asks for async creation
    FORCED_ASYNC = "forced_async"  # HQ link down: async automatically
    BLOCKED = "blocked"  # link down and no customer data offline: refused

    @property
    def is_async(self) -> bool:
        return self in (CreationMode.ASYNC, CreationMode.FORCED_ASYNC)


def decide_creation_mode(link_up: bool, store: StoreConfig) -> CreationMode:
    if link_up:
        return CreationMode.ASYNC if store.create_customer_async else CreationMode.SYNC
    if store.filter_shared_customer_data_tables:
        return CreationMode.BLOCKED
    return CreationMode.FORCED_ASYNC


MODE_EXPLANATIONS = {
    CreationMode.SYNC: ("mode.sync", "The customer is created at HQ now."),
    CreationMode.ASYNC: (
        "mode.async",
        'The store creates customers asynchronously: "Pending sync" until HQ assigns '
        "the account number.",
    ),
    CreationMode.FORCED_ASYNC: (
        "mode.forced_async",
        'HQ is offline: the customer is saved here as "Pending sync" and uploaded when '
        "the link returns.",
    ),
    CreationMode.BLOCKED: (
        "mode.blocked",
        "HQ is offline and this store keeps no customer data on the terminal, so "
        "customers cannot be created until the link returns.",
    ),
}


def explain_mode(mode: CreationMode) -> tuple[str, str]:
    """(message key, English text) for the banner shown before saving."""
    return MODE_EXPLANATIONS[mode]
