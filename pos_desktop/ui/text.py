"""User-visible text shared by several screens, always through Qt's translator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from pos_desktop.domain.customer import AddressPurpose, Customer, RejectionReason, SyncState
from pos_desktop.domain.errors import DomainError, FieldError, ValidationFailed
from pos_desktop.domain.limitations import refusal
from pos_desktop.domain.store import Permission


def tr(text: str, context: str = "POS") -> str:
    return QCoreApplication.translate(context, text)


def account_text(account_number: str | None) -> str:
    """The account number or "Pending sync"; the temporary GUID never shows."""
    return account_number if account_number else tr("Pending sync")


def domain_text(message: str) -> str:
    """Domain messages are English with stable keys; translations hook in here."""
    return QCoreApplication.translate("domain", message)


def field_error_text(error: FieldError) -> str:
    """A field error in the register's language (templated messages by their key)."""
    if error.key == "field.too_long" and "max" in error.params:
        return domain_text("At most {limit} characters.").format(limit=error.params["max"])
    if error.key == "addresses.too_many" and "max" in error.params:
        return domain_text("At most {limit} addresses.").format(limit=error.params["max"])
    if error.key == "contacts.too_many" and "max" in error.params:
        return domain_text("At most {limit} contacts.").format(limit=error.params["max"])
    if error.key == "affiliations.too_many" and "max" in error.params:
        return domain_text("At most {limit} affiliations.").format(limit=error.params["max"])
    if error.key.startswith("attribute.invalid_"):
        kind = error.key.removeprefix("attribute.invalid_")
        return domain_text("Not a valid {definition.type.value}.").replace(
            "{definition.type.value}", attribute_kind_text(kind))
    return domain_text(error.message)


def attribute_kind_text(kind: str) -> str:
    """An attribute type as a word in the register's language ("Not a valid number.")."""
    return {"number": tr("number"), "date": tr("date"), "boolean": tr("yes/no"),
            "choice": tr("choice"), "text": tr("text")}.get(kind, kind)


FIELD_LABELS = {
    "title": "Title",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "organization_name": "Organization name",
    "email": "Email",
    "phone": "Phone",
    "receipt_email": "Receipt email",
    "customer_group": "Customer group",
    "currency": "Currency",
    "affiliations": "Affiliations",
    "contacts": "More emails and phones",
    "addresses": "Address",
    "attributes": "Attributes",
    "customer_id": "Customer id",
}
ADDRESS_LABELS = {
    "street": "Street",
    "city": "City",
    "state": "State",
    "zip": "ZIP",
    "country": "Country",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "purpose": "Purpose",
    "is_primary": "Primary address",
}


def field_label(field: str, attribute_labels: dict[str, str] | None = None) -> str:
    """The on-screen name of a domain field path ("addresses.0.zip" -> "Address: zip");
    attributes by the store's labels when given."""
    head, _, rest = field.partition(".")
    label = tr(FIELD_LABELS.get(head, head.replace("_", " ").capitalize()))
    if head == "attributes" and rest:
        return (attribute_labels or {}).get(rest) or rest.replace("_", " ").capitalize()
    leaf = rest.split(".")[-1]
    if head == "addresses" and leaf in ADDRESS_LABELS:
        return f"{label}: {tr(ADDRESS_LABELS[leaf])}"
    return label


def feature_text(feature: str) -> str:
    """A store feature HQ names in a rejection, as the register calls it."""
    return {"enhanced_async_customers": tr("enhanced async customers"),
            "async_customer_addresses": tr("async customer addresses"),
            "async_customer_edits": tr("async customer edits"),
            "multiple_contacts_and_consent": tr("multiple contacts and marketing consent"),
            }.get(feature, feature.replace("_", " "))


def _int_param(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reason_code_text(code: str, params: dict[str, Any]) -> str | None:
    """HQ's rejection code in the register's language (with its parameters), or None for
    a code this register does not know (or without the parameters it needs)."""
    fixed = {
        "required": tr("required"),
        "wrong_type": tr("wrong kind of value"),
        "not_allowed": tr("not allowed here"),
        "name_required": tr("a person needs a first or last name"),
        "invalid_email": tr("not a valid e-mail address"),
        "invalid_phone": tr("not a valid phone number"),
        "invalid_currency": tr("not a valid currency code"),
        "invalid_language": tr("not a valid language code"),
        "invalid_country": tr("not a valid country code"),
        "receipt_email_required": tr("an e-mail receipt needs a receipt e-mail address"),
        "unknown_attribute": tr("unknown attribute"),
        "required_attribute": tr("required attribute is missing"),
        "address_incomplete": tr("an address needs a street, a city or a ZIP code"),
        "duplicate_id": tr("the same id twice"),
        "multiple_primary": tr("only one address can be primary"),
        "uuid_required": tr("not a valid id"),
        "foreign_customer": tr("the id belongs to a customer of another store"),
        "unknown_customer": tr("unknown customer"),
        "customer_erased": tr("the customer's data was erased at HQ (right to be forgotten)"),
    }
    if code in fixed:
        return fixed[code]
    limit = _int_param(params, "max") if code == "too_long" else _int_param(params, "min")
    if code == "too_long" and limit is not None:
        return QCoreApplication.translate("POS", "at most %n character(s)", "", limit)
    if code == "too_short" and limit is not None:
        return QCoreApplication.translate("POS", "at least %n character(s)", "", limit)
    value = params.get("value")
    if code == "unknown_value" and isinstance(value, str):
        return tr("unknown value “{value}”").format(value=value)
    feature = params.get("feature")
    if code == "feature_required" and isinstance(feature, str):
        return tr("needs the “{feature}” feature").format(feature=feature_text(feature))
    if code == "permission_denied":
        return _permission_text(params)
    kind = params.get("type")
    if code == "invalid_attribute" and isinstance(kind, str):
        return tr("not a valid {type}").format(type=attribute_kind_text(kind))
    return None


def _permission_text(params: dict[str, Any]) -> str | None:
    """HQ refused an edit for the operator's role: the register's own sentence."""
    try:
        permission = Permission(str(params.get("permission")))
    except ValueError:
        return None
    return domain_text(refusal(str(params.get("role") or ""), permission).message)


def _labelled(path: str, text: str, attribute_labels: dict[str, str] | None) -> str:
    if not path or path == "body" or " " in path:
        return text
    return f"{field_label(path, attribute_labels)}: {text}"


def rejection_text(reason: str, attribute_labels: dict[str, str] | None = None,
                   details: Sequence[RejectionReason] = ()) -> str:
    """HQ's rejection in the register's language: each of HQ's reasons whose code this
    register knows in its words, with the field's label ("Last name: at most 60
    characters"); any other in HQ's English, with the label. Without reasons (an older
    HQ): HQ's line ("attributes.segment: required attribute is missing; ...") with each
    field path read as the label on screen."""
    if details:
        return "; ".join(
            _labelled(r.field, reason_code_text(r.code, r.params) or r.message, attribute_labels)
            for r in details)
    parts = []
    for part in reason.split("; "):
        path, sep, message = part.partition(": ")
        if not sep or " " in path:
            parts.append(part)
            continue
        parts.append(f"{field_label(path, attribute_labels)}: {message}")
    return "; ".join(parts)


def error_text(error: BaseException, attribute_labels: dict[str, str] | None = None) -> str:
    if isinstance(error, ValidationFailed):
        labels = dict.fromkeys(field_label(e.field, attribute_labels) for e in error.errors)
        return tr("Please correct: {fields}").format(fields=", ".join(labels))
    if isinstance(error, DomainError):
        return domain_text(error.message)
    return tr("Something went wrong: {error}").format(error=error)


def purpose_text(purpose: AddressPurpose | str | None) -> str:
    names = {
        AddressPurpose.HOME: tr("Home"),
        AddressPurpose.BUSINESS: tr("Business"),
        AddressPurpose.OFFICE: tr("Office"),
        AddressPurpose.POST_BOX: tr("Post box"),
    }
    try:
        return names[AddressPurpose(purpose)] if purpose else ""
    except ValueError:
        return str(purpose)


def state_text(state: SyncState) -> str:
    return {
        SyncState.PENDING: tr("Waiting for HQ"),
        SyncState.SYNCED: tr("Synced"),
        SyncState.REJECTED: tr("Rejected by HQ"),
    }[state]


def change_pending_text() -> str:
    return tr("Change pending sync")


def badge_text(customer: Customer, change_pending: bool = False) -> tuple[str, str]:
    """The state badge's text and its style (synced, pending, rejected): a synced
    customer with changes saved here that HQ has not had yet is "Change pending sync"."""
    if change_pending and customer.state is SyncState.SYNCED:
        return change_pending_text(), SyncState.PENDING.value
    return state_text(customer.state), customer.state.value


def when_text(moment: datetime | str | None) -> str:
    """A local time for the status bar: HH:MM:SS today, else the date too."""
    if moment is None or moment == "":
        return tr("never")
    if isinstance(moment, str):
        text = moment
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    when = QDateTime.fromSecsSinceEpoch(int(local.timestamp())).toLocalTime()
    locale = QLocale()  # the register's language (pos_desktop.ui.i18n sets the default)
    if local.date() == datetime.now().astimezone().date():
        return locale.toString(when.time(), "HH:mm:ss")
    return locale.toString(when, locale.dateTimeFormat(QLocale.FormatType.ShortFormat))


CURRENCY_SYMBOLS = {"EUR": "€", "SEK": "kr", "USD": "$", "GBP": "£", "NOK": "kr",
                    "DKK": "kr", "CHF": "CHF"}


def money_text(amount: float, currency: str | None = None) -> str:
    """An amount with the locale's separators (1 234,50 / 1,234.50); with a currency, as
    the locale writes money ("12,50 €", "€12.50", "12,50 kr")."""
    if currency is None:
        return QLocale().toString(float(amount), "f", 2)
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency)
    return QLocale().toCurrencyString(float(amount), symbol, 2)


def date_format() -> str:
    """The locale's short date with a four-digit year (31/12/1990, 31.12.1990, 1990-12-31)."""
    fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt
