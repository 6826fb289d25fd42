"""Business validation of customers against the store's configuration, and the
canonical customer document.

HQ never trusts a terminal: the same :func:`validate_customer` runs for real-time
creates (failures are ``422`` naming each field), for edits, and again in the
async-to-sync job (failures reject the staged record with the same messages as reason).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import ValidationError

from hq_stub.schemas import MAX_NUMBER, CustomerFields, CustomerIn
from hq_stub.strictjson import clean_text

COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)
_LANG_RE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DEFAULTED = ("customer_type", "customer_group", "receipt_option", "currency", "language")


@dataclass
class StoreInfo:
    store_id: str
    name: str
    currency: str
    language: str
    country: str
    flags: dict[str, bool]
    config: dict[str, Any]
    default_customer: dict[str, Any] | None
    version: int
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.groups = {g["id"]: g for g in self.config.get("customer_groups", [])}

    def flag(self, name: str) -> bool:
        return bool(self.flags.get(name))


class Problems(list):
    """A list of (field, message) pairs, each with a stable machine code and the code's
    parameters beside it (``codes``): terminals show a known code in their own language
    (``{"field": "last_name", "code": "too_long", "params": {"max": 60}}``) and HQ's
    English ``message`` otherwise. The codes are listed in ``REASON_CODES``."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.codes: list[tuple[str, dict[str, Any]]] = [("invalid", {}) for _ in self]

    def add(self, name: str, message: str, code: str = "invalid", **params: Any) -> None:
        self.append((name, message))
        self.codes.append((code, params))

    @classmethod
    def one(cls, name: str, message: str, code: str, **params: Any) -> Problems:
        problems = cls()
        problems.add(name, message, code, **params)
        return problems

    def text(self) -> str:
        return "; ".join(f"{f}: {m}" for f, m in self)

    def reasons(self) -> list[dict[str, Any]]:
        """``[{"field", "code", "message", "params"}]``: what rejections carry as ``reasons``."""
        codes = self.codes + [("invalid", {})] * (len(self) - len(self.codes))
        return [{"field": f, "code": code, "message": m, "params": dict(params)}
                for (f, m), (code, params) in zip(self, codes, strict=False)]


def rejection(problems: Problems) -> dict[str, Any]:
    """What a rejected record's entry carries: ``error`` (the English line, as before)
    and ``reasons`` (the same one by one, with codes)."""
    return {"error": problems.text(), "reasons": problems.reasons()}


def stored_error(problems: Problems | None) -> dict[str, str | None]:
    """The ``error`` and ``reasons`` columns of a staged record (reasons as JSON text)."""
    if not problems:
        return {"error": None, "reasons": None}
    return {"error": problems.text(),
            "reasons": json.dumps(problems.reasons(), ensure_ascii=False)}


def stored_reasons(error: str, reasons: str | None) -> list[dict[str, Any]]:
    """The reasons of a staged record as stored; a record rejected before codes were kept
    (or with unreadable reasons) gives its error as one reason with code ``invalid``."""
    try:
        found = json.loads(reasons) if reasons else None
    except ValueError:
        found = None
    if isinstance(found, list) and all(isinstance(r, dict) for r in found):
        return found
    problems = Problems()
    for part in error.split("; "):
        field_, sep, message = part.partition(": ")
        if not sep or " " in field_:
            field_, message = "", part
        problems.add(field_, message)
    return problems.reasons()


# Every code HQ puts in a rejection reason (HQ_API.md "Rejection reasons"); a terminal
# that does not know one shows the English message. Never renamed: add new ones.
REASON_CODES = frozenset({
    "invalid", "required", "too_long", "too_short", "wrong_type", "not_allowed",
    "name_required", "unknown_value", "feature_required", "invalid_email", "invalid_phone",
    "invalid_currency", "invalid_language", "invalid_country", "receipt_email_required",
    "unknown_attribute", "invalid_attribute", "required_attribute", "address_incomplete",
    "duplicate_id", "multiple_primary", "uuid_required", "foreign_customer",
    "unknown_customer", "not_an_object", "too_deep", "damaged", "not_json",
    "not_validated", "customer_erased",
})

# pydantic's error types -> (code, {our parameter: pydantic's context key})
_PYDANTIC_CODES: dict[str, tuple[str, dict[str, str]]] = {
    "string_too_long": ("too_long", {"max": "max_length"}),
    "too_long": ("too_long", {"max": "max_length"}),
    "string_too_short": ("too_short", {"min": "min_length"}),
    "too_short": ("too_short", {"min": "min_length"}),
    "missing": ("required", {}),
    "extra_forbidden": ("not_allowed", {}),
    "string_type": ("wrong_type", {}),
    "int_type": ("wrong_type", {}),
    "bool_type": ("wrong_type", {}),
    "list_type": ("wrong_type", {}),
    "dict_type": ("wrong_type", {}),
    "model_type": ("wrong_type", {}),
    "uuid_parsing": ("uuid_required", {}),
    "uuid_type": ("uuid_required", {}),
}


def _pydantic_code(err: Any) -> tuple[str, dict[str, Any]]:
    code, wanted = _PYDANTIC_CODES.get(str(err.get("type")), ("invalid", {}))
    ctx = err.get("ctx") or {}
    params = {ours: ctx[theirs] for ours, theirs in wanted.items()
              if isinstance(ctx.get(theirs), int)}  # limits only: never the input
    return code, params


def pydantic_problems(exc: ValidationError) -> Problems:
    """Field paths and messages only: never the input (it may be personal data, or text
    that cannot even be encoded); path parts are bounded and cleaned for the same reason."""
    problems = Problems()
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(clean_text(str(p))[:60] for p in err["loc"]) or "body"
        code, params = _pydantic_code(err)
        problems.add(loc, clean_text(err["msg"]), code, **params)
    return problems


def parse_customer(item: Any) -> tuple[CustomerIn | None, Problems]:
    """THE structural check of an uploaded customer record, shared by the async upload
    and the async-to-sync job (and resubmit): both run it in Python mode on the decoded
    JSON object, so they cannot disagree. Unknown fields are ignored and never stored."""
    problems = Problems()
    if not isinstance(item, dict):
        problems.add("body", "a customer object is required", "not_an_object")
        return None, problems
    try:
        return CustomerIn.model_validate(item), problems
    except ValidationError as exc:
        return None, pydantic_problems(exc)
    except RecursionError:
        problems.add("body", "nested too deeply", "too_deep")
        return None, problems


def staged_record(model: CustomerIn, store_id: str) -> dict[str, Any]:
    """What the staging area stores for a structurally valid record: the validated
    fields (unknown fields dropped), the customer_id and the uploading store."""
    data = model.model_dump(mode="json", exclude_unset=True)
    data["customer_id"] = str(model.customer_id)
    data["store_id"] = store_id
    return data


# Plain ASCII addresses (the vast majority) are checked with this strict pattern, which
# only accepts what email-validator accepts too; everything else goes to email-validator.
_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


@functools.lru_cache(maxsize=8192)
def check_email(value: str) -> str | None:
    """Returns the normalised address, or None if it is not a valid address."""
    if len(value) <= 254 and _PLAIN_EMAIL.match(value):
        local, _, domain = value.rpartition("@")
        if len(local) <= 64:
            return f"{local}@{domain.lower()}"
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


@functools.lru_cache(maxsize=8192)
def phone_numbers(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number if it is a possible number (cached: treat as read-only)."""
    try:
        num = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return num if phonenumbers.is_possible_number(num) else None


def fold(text: str) -> str:
    """Lower-case, accents stripped: what search compares."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def validate_customer(fields: CustomerFields, store: StoreInfo, *,
                      async_mode: bool) -> tuple[dict[str, Any], Problems]:
    """Apply the store's defaults and rules. Returns (normalised fields, problems)."""
    data = fields.model_dump(mode="json")
    problems = Problems()
    # Without the feature, async customers have no title, affiliations or extra contacts.
    limited = async_mode and not store.flag("enhanced_async_customers")
    _apply_defaults(data, store.default_customer or {}, limited=limited)
    _check_names(data, store, problems, limited=limited)
    _check_email_and_phone(data, store, problems)
    _check_group_and_receipt(data, store, problems)
    _check_affiliations(data, store, problems, limited=limited)
    _check_attributes(data["attributes"], store, problems)
    _check_addresses(data, store, problems, async_mode=async_mode)
    _check_contacts(data, store, problems, async_mode=async_mode)
    return data, problems


def _apply_defaults(data: dict[str, Any], default: dict[str, Any], *, limited: bool) -> None:
    """Missing fields from the store's default customer (affiliations only where the
    customer may have them)."""
    for name in DEFAULTED:
        if data.get(name) is None:
            data[name] = default.get(name)
    if data.get("customer_type") is None:
        data["customer_type"] = "person"
    if data.get("affiliations") is None:
        data["affiliations"] = [] if limited else list(default.get("affiliations") or [])
    if data.get("receipt_email") is None:
        data["receipt_email"] = default.get("receipt_email")
    data["attributes"] = data.get("attributes") or {}
    # Consent is never inherited: only the customer gives it, and only with a contact.
    data["email_marketing_consent"] = bool(data.get("email_marketing_consent")
                                           and data.get("email"))
    data["phone_marketing_consent"] = bool(data.get("phone_marketing_consent")
                                           and data.get("phone"))
    data["addresses"] = data.get("addresses") or []
    data["contacts"] = data.get("contacts") or []


def _check_names(data: dict[str, Any], store: StoreInfo, problems: Problems, *,
                 limited: bool) -> None:
    if data["customer_type"] == "person":
        if not (data.get("first_name") or data.get("last_name")):
            problems.add("last_name", "a person needs a first or last name", "name_required")
        data["organization_name"] = data.get("organization_name")
    elif not data.get("organization_name"):
        problems.add("organization_name", "an organization needs a name", "required")
    if data.get("title"):
        if data["title"] not in store.config.get("titles", []):
            problems.add("title", f"unknown title {data['title']!r}", "unknown_value",
                         value=data["title"])
        elif limited:
            problems.add("title", "titles need the enhanced async customers feature",
                         "feature_required", feature="enhanced_async_customers")


def _normal_email(data: dict[str, Any], name: str, problems: Problems) -> None:
    if data.get(name):
        normal = check_email(data[name])
        if normal is None:
            problems.add(name, "not a valid e-mail address", "invalid_email")
        else:
            data[name] = normal


def _check_email_and_phone(data: dict[str, Any], store: StoreInfo,
                           problems: Problems) -> None:
    _normal_email(data, "email", problems)
    if data.get("phone") and phone_numbers(data["phone"], store.country) is None:
        problems.add("phone", "not a valid phone number", "invalid_phone")


def _check_group_and_receipt(data: dict[str, Any], store: StoreInfo,
                             problems: Problems) -> None:
    """Group (financial dimensions always come from it), currency, language, receipt."""
    group = store.groups.get(data.get("customer_group") or "")
    if group is None:
        problems.add("customer_group", f"unknown customer group {data.get('customer_group')!r}",
                     "unknown_value", value=str(data.get("customer_group") or ""))
        data["financial_dimensions"] = {}
    else:
        data["financial_dimensions"] = dict(group.get("financial_dimensions") or {})
    if not data.get("currency") or not _CURRENCY_RE.match(data["currency"]):
        problems.add("currency", "a three-letter ISO 4217 code is required", "invalid_currency")
    if not data.get("language") or not _LANG_RE.match(data["language"]):
        problems.add("language", "a language code such as 'it' or 'sv' is required",
                     "invalid_language")
    if data.get("receipt_option") is None:
        data["receipt_option"] = "print"
    _normal_email(data, "receipt_email", problems)
    if data["receipt_option"] in ("email", "both") and not (
            data.get("receipt_email") or data.get("email")):
        problems.add("receipt_email", "an e-mail receipt needs a receipt e-mail address",
                     "receipt_email_required")


def _check_affiliations(data: dict[str, Any], store: StoreInfo, problems: Problems, *,
                        limited: bool) -> None:
    known_aff = {a["id"] for a in store.config.get("affiliations", [])}
    for i, aff in enumerate(data["affiliations"]):
        if aff not in known_aff:
            problems.add(f"affiliations.{i}", f"unknown affiliation {aff!r}", "unknown_value",
                         value=str(aff))
    if limited and data["affiliations"]:
        problems.add("affiliations", "affiliations need the enhanced async customers feature",
                     "feature_required", feature="enhanced_async_customers")


def _check_attributes(attrs: dict[str, Any], store: StoreInfo, problems: Problems) -> None:
    defs = {d["name"]: d for d in store.config.get("attribute_definitions", [])}
    for name, value in attrs.items():
        d = defs.get(name)
        where = f"attributes.{name}"
        if d is None:
            problems.add(where, "unknown attribute", "unknown_attribute")
            continue
        if value is None:
            continue
        kind = d["type"]
        ok = True
        if kind == "text":
            ok = isinstance(value, str) and len(value) <= 500
        elif kind == "number":
            # Finite and within +-2^53: the terminal's rule; what JSON readers keep exactly.
            ok = (isinstance(value, int | float) and not isinstance(value, bool)
                  and abs(value) <= MAX_NUMBER)  # False for NaN too
        elif kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "date":
            ok = isinstance(value, str) and bool(_DATE_RE.match(value))
            if ok:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    ok = False
        elif kind == "choice":
            ok = value in d.get("choices", [])
        if not ok:
            problems.add(where, f"not a valid {kind} value", "invalid_attribute", type=kind)
    for name, d in defs.items():
        if d.get("required") and attrs.get(name) in (None, ""):
            problems.add(f"attributes.{name}", "required attribute is missing",
                         "required_attribute")


def display_name(data: dict[str, Any]) -> str:
    if data.get("customer_type") == "organization":
        return data.get("organization_name") or ""
    parts = (data.get("first_name"), data.get("middle_name"), data.get("last_name"))
    return " ".join(p for p in parts if p)


def _check_addresses(data: dict[str, Any], store: StoreInfo, problems: Problems, *,
                     async_mode: bool) -> None:
    addresses = data["addresses"]
    if async_mode and len(addresses) > 1 and not store.flag("async_customer_addresses"):
        problems.add("addresses", "async customers carry one address without the "
                                  "async customer addresses feature",
                     "feature_required", feature="async_customer_addresses")
    default_purpose = "business" if data["customer_type"] == "organization" else "home"
    unit_country = (store.config.get("operating_unit_address") or {}).get("country",
                                                                          store.country)
    seen: set[str] = set()
    for i, addr in enumerate(addresses):
        normalize_address(addr, data, default_purpose, unit_country)
        check_address(addr, store, problems, f"addresses.{i}")
        if addr["address_id"] in seen:
            problems.add(f"addresses.{i}.address_id", "duplicate address id", "duplicate_id")
        seen.add(addr["address_id"])
    primaries = [a for a in addresses if a["is_primary"]]
    if len(primaries) > 1:
        problems.add("addresses", "only one address can be primary", "multiple_primary")
    elif addresses and not primaries:
        addresses[0]["is_primary"] = True


def normalize_address(addr: dict[str, Any], customer: dict[str, Any], default_purpose: str,
                      unit_country: str) -> None:
    if not addr.get("address_id"):
        addr["address_id"] = str(uuid.uuid4())
    addr["purpose"] = addr.get("purpose") or default_purpose
    addr["country"] = addr.get("country") or unit_country
    addr["contact_name"] = addr.get("contact_name") or display_name(customer) or None
    addr["contact_phone"] = addr.get("contact_phone") or customer.get("phone")
    for key in ("street", "city", "state", "zip"):
        addr.setdefault(key, None)
    addr["is_primary"] = bool(addr.get("is_primary"))


def check_address(addr: dict[str, Any], store: StoreInfo, problems: Problems,
                  where: str) -> None:
    if addr["purpose"] not in store.config.get("address_purposes", []):
        problems.add(f"{where}.purpose", f"unknown purpose {addr['purpose']!r}",
                     "unknown_value", value=str(addr["purpose"]))
    if addr["country"] not in COUNTRIES:
        problems.add(f"{where}.country", "not an ISO 3166 country code", "invalid_country")
    if not (addr.get("street") or addr.get("city") or addr.get("zip")):
        # The terminal's rule (street, city or ZIP): what a register accepts, HQ accepts.
        problems.add(f"{where}.street", "an address needs a street, a city or a ZIP code",
                     "address_incomplete")
    if addr.get("contact_phone") and phone_numbers(addr["contact_phone"],
                                                   addr["country"]) is None:
        problems.add(f"{where}.contact_phone", "not a valid phone number", "invalid_phone")


def _check_contacts(data: dict[str, Any], store: StoreInfo, problems: Problems, *,
                    async_mode: bool) -> None:
    secondary = 0
    for i, contact in enumerate(data["contacts"]):
        if contact["kind"] == "email":
            normal = check_email(contact["value"])
            if normal is None:
                problems.add(f"contacts.{i}.value", "not a valid e-mail address", "invalid_email")
            else:
                contact["value"] = normal
        elif phone_numbers(contact["value"], store.country) is None:
            problems.add(f"contacts.{i}.value", "not a valid phone number", "invalid_phone")
        if not contact["is_primary"]:
            secondary += 1
    if secondary and not store.flag("multiple_contacts_and_consent"):
        problems.add("contacts", "secondary e-mails and phones need the multiple contacts "
                                 "and marketing consent feature",
                     "feature_required", feature="multiple_contacts_and_consent")
    elif secondary and async_mode and not store.flag("enhanced_async_customers"):
        problems.add("contacts", "secondary e-mails and phones need the enhanced async "
                                 "customers feature",
                     "feature_required", feature="enhanced_async_customers")


DOC_FIELDS = (
    "customer_id", "account_number", "state", "customer_type", "title", "first_name",
    "middle_name", "last_name", "organization_name", "name", "email", "phone",
    "email_marketing_consent", "phone_marketing_consent", "customer_group", "currency",
    "language", "receipt_option", "receipt_email",
    "affiliations", "financial_dimensions", "attributes", "addresses", "contacts",
    "loyalty_cards", "store_id", "version", "created_at", "updated_at",
)


def build_doc(customer_id: str, data: dict[str, Any], *, account_number: str, store_id: str,
              version: int, created_at: str, updated_at: str,
              loyalty_cards: list[str] | None = None) -> dict[str, Any]:
    doc = {name: data.get(name) for name in DOC_FIELDS}
    doc.update(customer_id=customer_id, account_number=account_number, state="synced",
               name=display_name(data), store_id=store_id, version=version,
               created_at=created_at, updated_at=updated_at,
               loyalty_cards=list(loyalty_cards or data.get("loyalty_cards") or []))
    return doc


def index_columns(doc: dict[str, Any], country: str) -> dict[str, str]:
    """Search columns derived from a customer document."""
    words = [doc.get(k) for k in ("first_name", "middle_name", "last_name",
                                  "organization_name", "email", "account_number")]
    words.extend(doc.get("loyalty_cards") or [])
    search_text = " " + fold(" ".join(w for w in words if w)) + " "
    digits = ""
    if doc.get("phone"):
        raw = re.sub(r"\D", "", doc["phone"])
        num = phone_numbers(doc["phone"], country)
        national = str(num.national_number) if num is not None else ""
        e164 = f"{num.country_code}{num.national_number}" if num is not None else ""
        digits = " ".join(dict.fromkeys(x for x in (raw, e164, national) if x))[:64]
    sort_name = fold(" ".join(x for x in (doc.get("last_name"), doc.get("first_name"),
                                          doc.get("organization_name")) if x))[:200]
    return {"search_text": search_text, "phone_digits": digits, "sort_name": sort_name}
