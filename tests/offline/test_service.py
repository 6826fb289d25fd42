"""CustomerService over the real offline store and the sample store configuration."""

from __future__ import annotations

import json
import sqlite3

import pytest

from pos_desktop.domain.codec import customer_to_json, store_from_json
from pos_desktop.domain.customer import Address, Contact, ContactKind, Customer, SyncState
from pos_desktop.domain.display import customer_account_label
from pos_desktop.domain.errors import ActionRefused, ValidationFailed
from pos_desktop.domain.modes import CreationMode
from pos_desktop.services.customers import CustomerService
from pos_desktop.services.ports import HQUnreachable
from tests.sample_store import store_json


def service_for(store, **overrides) -> CustomerService:
    config = store_from_json(store_json(**overrides))
    return CustomerService(store, lambda: config)


def anna(service: CustomerService, **fields) -> Customer:
    draft = service.new_draft()
    draft.first_name = "Anna"
    draft.last_name = "Rossi"
    draft.phone = "02 1234 5678"
    draft.email = "anna.rossi@example.it"
    draft.attributes = {"segment": "A"}
    draft.addresses = [Address(street="Via Roma 1", city="Milano", zip="20121")]
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft


def _outbox(store) -> list[tuple]:
    with sqlite3.connect(store.path) as connection:
        return connection.execute(
            "SELECT kind, entity_id, customer_id, state, payload FROM outbox"
        ).fetchall()


# -- no HQ: forced async --------------------------------------------------------------------


def test_without_hq_a_customer_is_saved_pending_with_an_outbox_entry(store):
    service = service_for(store)
    assert service.creation_mode() is CreationMode.FORCED_ASYNC

    result = service.create_customer(anna(service))

    assert result.mode is CreationMode.FORCED_ASYNC
    assert not result.fell_back
    customer = result.customer
    assert customer.state is SyncState.PENDING
    assert customer.account_number is None
    assert customer.phone == "+390212345678"
    assert store.count_customers() == 1
    ((kind, entity_id, customer_id, state, _),) = _outbox(store)
    assert (kind, entity_id, customer_id, state) == (
        "customer",
        customer.customer_id,
        customer.customer_id,
        "pending",
    )

    stored = service.get(customer.customer_id)
    assert stored is not None
    assert stored.state is SyncState.PENDING
    assert stored.phone == "+390212345678"
    assert [a.country for a in stored.addresses] == ["IT"]  # from the operating unit
    assert [a.purpose.value for a in stored.addresses] == ["home"]
    assert stored.addresses[0].is_primary


def test_pending_customer_displays_pending_sync_never_the_guid(store):
    service = service_for(store)
    customer = service.create_customer(anna(service)).customer
    for shown in (customer, service.get(customer.customer_id)):
        label = customer_account_label(shown)
        assert label == "Pending sync"
        assert customer.customer_id not in label
    (row,) = service.search("rossi")
    assert row.customer_id == customer.customer_id
    assert row.account_number is None
    assert row.sync_state is SyncState.PENDING


def test_the_outbox_payload_is_the_stored_customer(store):
    service = service_for(store)
    customer = service.create_customer(anna(service)).customer
    ((_, _, _, _, payload),) = _outbox(store)
    body = json.loads(payload)
    expected = customer_to_json(customer)
    for key in (
        "customer_id",
        "first_name",
        "last_name",
        "phone",
        "email",
        "addresses",
        "financial_dimensions",
        "receipt_email",
        "customer_group",
        "account_number",
    ):
        assert body[key] == expected[key], key


def test_defaults_from_the_default_customer_are_saved(store):
    service = service_for(store)
    customer = service.create_customer(anna(service)).customer
    stored = service.get(customer.customer_id)
    assert stored.customer_group == "RETAIL"
    assert stored.receipt_option.value == "email"
    assert stored.receipt_email == "receipts@duomo.example.com"
    assert stored.financial_dimensions == {"CostCenter": "100"}
    assert (stored.currency, stored.language) == ("EUR", "it")
    # async without the enhanced-async feature: no affiliations, not even inherited ones
    assert stored.affiliations == []


def test_with_enhanced_async_the_default_affiliations_are_inherited(store):
    service = service_for(store, features__enhanced_async_customers=True)
    assert service.new_draft().affiliations == ["LOYAL"]
    customer = service.create_customer(anna(service, title="Dr")).customer
    stored = service.get(customer.customer_id)
    assert stored.affiliations == ["LOYAL"]
    assert stored.title == "Dr"


@pytest.mark.parametrize(
    ("fields", "field", "key"),
    [
        ({"title": "Dr"}, "title", "async.title"),
        ({"affiliations": ["STAFF"]}, "affiliations", "async.affiliations"),
        (
            {"contacts": [Contact(ContactKind.EMAIL, "second@example.it")]},
            "contacts.email",
            "async.contacts",
        ),
        (
            {"contacts": [Contact(ContactKind.PHONE, "02 9876 5432")]},
            "contacts.phone",
            "async.contacts",
        ),
    ],
)
def test_async_limits_without_enhanced_async_refuse_and_write_nothing(store, fields, field, key):
    service = service_for(store)
    with pytest.raises(ValidationFailed) as failure:
        service.create_customer(anna(service, **fields))
    assert (field, key) in [(e.field, e.key) for e in failure.value.errors]
    assert field in failure.value.message
    assert (store.count_customers(), store.outbox_count()) == (0, 0)


# -- blocked --------------------------------------------------------------------------------


def test_blocked_mode_refuses_and_writes_nothing(store):
    service = service_for(store, channel_db_group__filter_shared_customer_data_tables=True)
    assert service.creation_mode() is CreationMode.BLOCKED
    with pytest.raises(ActionRefused) as refused:
        service.create_customer(anna(service))
    assert refused.value.key == "mode.blocked"
    assert "cannot be created" in refused.value.message
    assert (store.count_customers(), store.outbox_count()) == (0, 0)
    assert service.search("rossi") == []


# -- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"first_name": ""}, {("first_name", "name.required")}),
        ({"email": "anna@"}, {("email", "email.invalid")}),
        ({"phone": "12", "addresses": []}, {("phone", "phone.invalid")}),
        ({"attributes": {}}, {("attributes.segment", "attribute.required")}),
        (
            {"last_name": "", "email": "x", "addresses": [Address(street="x", country="Italy")]},
            {
                ("last_name", "name.required"),
                ("email", "email.invalid"),
                ("addresses.0.country", "country.invalid"),
            },
        ),
    ],
)
def test_validation_errors_name_the_fields_and_write_nothing(store, fields, expected):
    service = service_for(store)
    draft = anna(service, **fields)
    assert {(e.field, e.key) for e in service.check(draft)} == expected
    with pytest.raises(ValidationFailed) as failure:
        service.create_customer(draft)
    assert {(e.field, e.key) for e in failure.value.errors} == expected
    for field, _ in expected:
        assert field in failure.value.message
    assert (store.count_customers(), store.outbox_count()) == (0, 0)


def test_a_valid_draft_checks_clean(store):
    service = service_for(store)
    assert service.check(anna(service)) == []


def test_each_customer_gets_its_own_id_and_both_are_found(store):
    service = service_for(store)
    first = service.create_customer(anna(service)).customer
    second = service.create_customer(anna(service, first_name="Mario", phone="")).customer
    assert first.customer_id != second.customer_id
    assert {r.customer_id for r in service.search("rossi")} == {
        first.customer_id,
        second.customer_id,
    }
    assert store.outbox_count() == 2


def test_get_by_unknown_or_empty_key_is_none(store):
    service = service_for(store)
    assert service.get("no-such-id") is None
    assert service.get("") is None


# -- with a link: the profile's async mode and the fall-back ------------------------------------


class FakeLink:
    def __init__(self) -> None:
        self.is_up = True
        self.failures: list[BaseException] = []

    def report_failure(self, error: BaseException) -> None:
        self.failures.append(error)
        self.is_up = False

    def report_success(self) -> None:
        pass


class FakeHQ:
    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[dict, str]] = []

    def create_customer(self, payload: dict, idempotency_key: str, operator=None) -> dict:
        self.calls.append((payload, idempotency_key))
        if self.fail:
            raise HQUnreachable("timed out")
        return {**payload, "account_number": "C0005555", "version": 1}


def test_async_profile_with_the_link_up_never_calls_hq(store):
    config = store_from_json(store_json(functionality_profile__create_customer_async=True))
    hq = FakeHQ()
    service = CustomerService(store, lambda: config, link=FakeLink(), realtime=hq)
    result = service.create_customer(anna(service))
    assert result.mode is CreationMode.ASYNC
    assert hq.calls == []
    assert result.customer.state is SyncState.PENDING
    assert store.outbox_count() == 1


def test_a_realtime_timeout_saves_the_same_customer_async(store):
    config = store_from_json(store_json())
    hq, link = FakeHQ(fail=True), FakeLink()
    service = CustomerService(store, lambda: config, link=link, realtime=hq)
    result = service.create_customer(anna(service))
    assert result.fell_back
    assert result.mode is CreationMode.FORCED_ASYNC
    assert len(link.failures) == 1 and not link.is_up
    ((payload, key),) = hq.calls
    assert key == payload["customer_id"] == result.customer.customer_id
    ((_, entity_id, _, _, _),) = _outbox(store)
    assert entity_id == result.customer.customer_id  # the same idempotency key
    assert customer_account_label(service.get(key)) == "Pending sync"


def test_sync_mode_stores_the_account_number_hq_returned(store):
    config = store_from_json(store_json())
    hq = FakeHQ()
    service = CustomerService(store, lambda: config, link=FakeLink(), realtime=hq)
    result = service.create_customer(anna(service))
    assert result.mode is CreationMode.SYNC
    assert result.customer.account_number == "C0005555"
    assert store.outbox_count() == 0
    stored = service.get("C0005555")
    assert stored.customer_id == result.customer.customer_id
    assert stored.state is SyncState.SYNCED
    assert customer_account_label(stored) == "C0005555"


def test_secondary_contacts_need_the_contacts_feature_in_async_mode_too(store):
    """Issue 12: enhanced async on, multiple contacts off: refused here, not rejected by HQ."""
    service = service_for(
        store,
        features__enhanced_async_customers=True,
        features__multiple_contacts_and_consent=False,
    )
    assert service.creation_mode().is_async
    draft = anna(service, contacts=[Contact(ContactKind.EMAIL, "second@example.it")])
    with pytest.raises(ValidationFailed) as failure:
        service.create_customer(draft)
    assert ("contacts", "contacts.feature_off") in [
        (e.field, e.key) for e in failure.value.errors
    ]
    assert (store.count_customers(), store.outbox_count()) == (0, 0)
