"""Regression tests for bugs found while writing the unit, offline and CLI tests."""

import json

import pytest

from pos_desktop.cli import main
from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.customer import Address, Customer, CustomerType
from pos_desktop.offline.store import OfflineStore
from pos_desktop.services.customers import CustomerService
from tests.sample_store import store_json


@pytest.fixture
def store(tmp_path):
    s = OfflineStore(tmp_path / "t")
    yield s
    s.close()


# 1. Search as you type: a phone typed from its start in national format finds nothing
#    until the very last digit.
@pytest.mark.parametrize(
    ("phone", "typed"),
    [
        ("+390212345678", "02 1234"),
        ("+390212345678", "02 1234 56"),
        ("+46812345679", "08-123 45"),
        ("+46812345679", "08-123 456 7"),
    ],
)
def test_bug1_national_phone_prefix_finds_the_customer(store, phone, typed):
    store.add_customer(Customer(first_name="A", last_name="B", phone=phone), queue_upload=False)
    assert len(store.search(typed)) == 1


# 2. A bad customer phone is reported twice: also on addresses.0.contact_phone, a field
#    the cashier never typed (complete_from_default copies the raw phone before validation).
def test_bug2_bad_phone_is_reported_once(store):
    config = store_from_json(store_json())
    service = CustomerService(store, lambda: config)
    draft = Customer(
        first_name="Anna",
        last_name="Rossi",
        phone="12",
        attributes={"segment": "A"},
        addresses=[Address(street="Via Roma 1")],
    )
    assert [(e.field, e.key) for e in service.check(draft)] == [("phone", "phone.invalid")]


# 3. An organization's address without a purpose is saved as Home (default is Business).
def test_bug3_organization_address_defaults_to_business(store):
    config = store_from_json(store_json())
    service = CustomerService(store, lambda: config)
    draft = Customer(
        customer_type=CustomerType.ORGANIZATION,
        organization_name="Acme",
        attributes={"segment": "A"},
        addresses=[Address(street="Via Roma 1")],
    )
    # (the CLI path: address_from_json({"street": ...}) also yields purpose "home")
    saved = service.create_customer(draft).customer
    assert saved.addresses[0].purpose.value == "business"


@pytest.fixture
def activated(tmp_path):
    s = OfflineStore(tmp_path / "t")
    s.save_store_config(store_json(), hq_url="", terminal_id="T1")
    s.close()
    return tmp_path / "t"


def _create(activated, capsys, content: bytes):
    path = activated.parent / "c.json"
    path.write_bytes(content)
    code = main(["customers", "create", "--json", str(path), "--data-dir", str(activated)])
    return code, capsys.readouterr().err


# 4. A file that is not UTF-8 is an "unexpected error (UnicodeDecodeError)", exit 70.
def test_bug4_non_utf8_file_is_a_clear_error(activated, capsys):
    code, err = _create(activated, capsys, b"\xff\xfe{}")
    assert code == 2 and "unexpected error" not in err


# 5. Wrongly shaped customer JSON crashes as "unexpected error", exit 70, or stores a repr.
BASE = {"first_name": "Anna", "last_name": "Rossi", "attributes": {"segment": "A"}}


@pytest.mark.parametrize(
    "extra",
    [
        {"addresses": ["Via Roma 1"]},
        {"attributes": ["segment"]},
        {"version": "x"},
        {"contacts": ["a@example.com"]},
    ],
)
def test_bug5_badly_shaped_json_is_a_clear_error(activated, capsys, extra):
    code, err = _create(activated, capsys, json.dumps({**BASE, **extra}).encode())
    assert code == 2 and "unexpected error" not in err


def test_bug5b_a_list_as_first_name_is_refused_not_stored_as_its_repr(activated, capsys):
    code, _ = _create(activated, capsys, json.dumps({**BASE, "first_name": ["Anna"]}).encode())
    assert code != 0


# 6. A customer_id that is not a UUID (HQ_API: client-generated UUID) is accepted and queued.
@pytest.mark.parametrize("customer_id", ["not-a-uuid", "x" * 80])
def test_bug6_customer_id_must_be_a_uuid(activated, capsys, customer_id):
    code, _ = _create(activated, capsys, json.dumps({**BASE, "customer_id": customer_id}).encode())
    assert code != 0


# 7. Long input: the query is cut to 200 characters BEFORE it is stripped, so leading
#    whitespace hides what was typed.
def test_bug7_leading_whitespace_does_not_hide_the_query(store):
    store.add_customer(Customer(first_name="Anna", last_name="Rossi"), queue_upload=False)
    assert len(store.search(" " * 300 + "rossi")) == 1


# 8. With JSON columns decoded by orjson, a numeric attribute (SQLite keeps a bare JSON
#    number as a number) made reading the customer fail: the register never showed it.
def test_bug8_numeric_and_other_attribute_values_read_back(store):
    customer = Customer(first_name="Nora", last_name="Numeri",
                        attributes={"shoe_size": 38, "weight": 61.5, "newsletter": True,
                                    "segment": "gold", "birth_date": "1990-12-31"})
    store.add_customer(customer, queue_upload=True)
    again = store.get_customer(customer.customer_id)
    assert again.attributes == customer.attributes
