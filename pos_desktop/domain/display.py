"""How a customer's account shows on every screen. The temporary GUID never does."""

from __future__ import annotations

from .customer import Customer

PENDING_SYNC = "Pending sync"


def display_account(account_number: str | None) -> str:
    """The account number, or "Pending sync" while HQ has not assigned one."""
    return account_number if account_number else PENDING_SYNC


def customer_account_label(customer: Customer) -> str:
    return display_account(customer.account_number)
