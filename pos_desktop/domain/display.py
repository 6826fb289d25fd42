"""How a customer's account shows on every screen. The temporary GUID never does."""

from __future__ import annotations

from .customer import Customer

PENDING_SYNC = "Pending sync"


def display_account(account_number: str | None) -> str:
    """The account number, or "Pending sync" while HQ has not assigned one."""
    return account_number if account_number else PENDING_SYNC


def customer_account_label(customer: Customer) -> str:
    return display_account(customer.account_number)


def format_phone(phone: str) -> str:
    """E.164 as people read it aloud: "+393216196548" -> "+39 321 619 6548"."""
    if not phone or not phone.startswith("+"):
        return phone or ""
    import phonenumbers  # here, not at import: the register's start does without it

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
