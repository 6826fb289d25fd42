"""Search as you type over a real SQLite file (DESIGN.md §1, issue 2 item 6)."""

from __future__ import annotations

import time

import pytest

from pos_desktop.domain.customer import (
    Address,
    Contact,
    ContactKind,
    Customer,
    CustomerType,
    LoyaltyCard,
    SyncState,
)
from pos_desktop.offline.store import PAGE_SIZE, OfflineStore

JOSE = Customer(
    first_name="José",
    last_name="García",
    email="jose.garcia@example.es",
    phone="+34612345601",
    addresses=[
        Address(street="Calle Mayor 5", city="Madrid", zip="28013", country="ES", is_primary=True)
    ],
)
JOSE_PLAIN = Customer(first_name="Jose", last_name="Lopez", phone="+34698765432")
OBRIEN = Customer(
    first_name="Seán",
    last_name="O'Brien",
    email="sean@example.ie",
    phone="+353861234567",
    addresses=[
        Address(
            street="Grafton Street 12", city="Dublin", zip="D02 X285", country="IE", is_primary=True
        )
    ],
)
ANNA_ROSSI = Customer(
    first_name="Anna",
    last_name="Rossi",
    email="anna.rossi@example.it",
    phone="+390212345678",
    account_number="C0001234",
    state=SyncState.SYNCED,
    addresses=[
        Address(street="Via Roma 1", city="Milano", zip="20121", country="IT", is_primary=True),
        Address(street="Corso Como 9", city="Bergamo", zip="24121", country="IT"),
    ],
    contacts=[
        Contact(ContactKind.EMAIL, "anna.work@office-mail.it"),
        Contact(ContactKind.PHONE, "+393331112233"),
    ],
    loyalty_cards=[LoyaltyCard("6001234567890"), LoyaltyCard("LC-99887766")],
)
ANNA_BIANCHI = Customer(first_name="Anna", last_name="Bianchi", phone="+390298765432")
MARIO_ROSSI = Customer(first_name="Mario", last_name="Rossi", phone="+390611223344")
LARS = Customer(
    first_name="Lars",
    last_name="Svensson",
    phone="+46812345679",
    addresses=[
        Address(
            street="Drottninggatan 50",
            city="Stockholm",
            zip="111 21",
            country="SE",
            is_primary=True,
        )
    ],
)
ACME = Customer(
    customer_type=CustomerType.ORGANIZATION,
    organization_name="Acme S.p.A.",
    email="info@acme.example",
    phone="+390287654321",
)
EMOJI = Customer(first_name="Zoë", last_name="Smile 😀", phone="+447911123456")

EVERYONE = [JOSE, JOSE_PLAIN, OBRIEN, ANNA_ROSSI, ANNA_BIANCHI, MARIO_ROSSI, LARS, ACME, EMOJI]
NAMES = {c.customer_id: c.display_name for c in EVERYONE}


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> OfflineStore:
    store = OfflineStore(tmp_path_factory.mktemp("search"))
    for customer in EVERYONE:
        store.add_customer(customer, queue_upload=customer.account_number is None)
    yield store
    store.close()


def names(store: OfflineStore, typed: str, **kwargs) -> list[str]:
    return [NAMES[r.customer_id] for r in store.search(typed, **kwargs)]


def found(store: OfflineStore, typed: str) -> set[str]:
    return set(names(store, typed))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # any word of the name, by prefix, in any case
        ("ann", {"Anna Rossi", "Anna Bianchi"}),
        ("an", {"Anna Rossi", "Anna Bianchi"}),
        ("ROSS", {"Anna Rossi", "Mario Rossi"}),
        ("bianchi", {"Anna Bianchi"}),
        ("svens", {"Lars Svensson"}),
        ("acme", {"Acme S.p.A."}),
        # two words narrow it down
        ("anna rossi", {"Anna Rossi", "Anna Bianchi", "Mario Rossi"}),
        ("rossi mario", {"Mario Rossi", "Anna Rossi"}),
        # accents both ways
        ("jose", {"José García", "Jose Lopez"}),
        ("josé", {"José García", "Jose Lopez"}),
        ("JOSÉ", {"José García", "Jose Lopez"}),
        ("garcia", {"José García"}),
        ("garcía", {"José García"}),
        ("sean", {"Seán O'Brien"}),
        ("zoe", {"Zoë Smile 😀"}),
        # apostrophes
        ("obri", {"Seán O'Brien"}),
        ("o'b", {"Seán O'Brien"}),
        ("o'brien", {"Seán O'Brien"}),
        ("O’Brien", {"Seán O'Brien"}),  # typographic apostrophe
        ("brien", {"Seán O'Brien"}),
    ],
)
def test_name_search(people, typed, expected):
    assert found(people, typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("anna rossi", ["Anna Rossi"]),
        ("rossi anna", ["Anna Rossi"]),
        ("mario rossi", ["Mario Rossi"]),
        ("jose garcia", ["José García"]),
        ("anna r", ["Anna Rossi"]),  # a one-letter word narrows too
        ("anna milano", ["Anna Rossi"]),  # name and city
    ],
)
def test_more_matched_words_rank_first(people, typed, expected):
    results = people.search(typed)
    assert [NAMES[r.customer_id] for r in results[: len(expected)]] == expected
    counts = [r.matched_words for r in results]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 2


@pytest.mark.parametrize(
    "typed",
    ["", " ", "\t\n", "a", "A", "é", "5", "%", "_", "*", "'", '"', "-", "(", ")", "😀", "a b c"],
)
def test_empty_one_character_and_punctuation_find_nothing(people, typed):
    assert people.search(typed) == []


@pytest.mark.parametrize(
    "typed",
    [
        "%",
        "%%",
        "_",
        "__",
        "%ross%",
        "ross%",
        "ro_si",
        "'",
        "''",
        '"',
        '"rossi',
        'rossi"',
        "O''Brien",
        "' OR 1=1 --",
        '"; DROP TABLE customers; --',
        "*",
        "ross*",
        "NEAR(a b)",
        "anna AND",
        "OR",
        "NOT rossi",
        "rossi NOT",
        "col:rossi",
        "terms:anna",
        "^anna",
        "{a b}",
        "😀",
        "😀😀 ross",
        "ross😀",
        "\x00",
        "anna\x00rossi",
        "\\",
        "[",
        "]",
        "+",
        "-anna",
    ],
)
def test_sql_and_fts_syntax_never_crash_nor_match_everything(people, typed):
    results = people.search(typed)
    assert len(results) < len(EVERYONE)
    assert len({r.customer_id for r in results}) == len(results)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ross%", {"Anna Rossi", "Mario Rossi"}),
        ("%ross%", {"Anna Rossi", "Mario Rossi"}),
        ('"rossi"', {"Anna Rossi", "Mario Rossi"}),
        ("ross*", {"Anna Rossi", "Mario Rossi"}),
        ("ross😀", {"Anna Rossi", "Mario Rossi"}),
        ("smile", {"Zoë Smile 😀"}),
        ("%", set()),
        ("_", set()),
        ("😀", set()),
    ],
)
def test_special_characters_are_ignored_around_real_words(people, typed, expected):
    assert found(people, typed) == expected


def test_ten_thousand_characters_return_quickly_and_correctly(people):
    typed = ("rossi " * 2000)[:10_000]
    assert len(typed) == 10_000
    start = time.perf_counter()
    result = found(people, typed)
    elapsed = time.perf_counter() - start
    assert result == {"Anna Rossi", "Mario Rossi"}
    assert elapsed < 0.5

    start = time.perf_counter()
    assert people.search("x" * 10_000) == []
    assert people.search("😀" * 10_000) == []
    assert people.search("%" * 10_000) == []
    assert people.search("4" * 10_000) == []
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # email prefix
        ("anna.ro", {"Anna Rossi"}),
        ("anna.rossi@example.it", {"Anna Rossi"}),
        ("jose.garcia@", {"José García"}),
        ("info@acme", {"Acme S.p.A."}),
        # phone digits, with spaces, dashes, brackets, a plus
        ("+39 02 1234 5678", {"Anna Rossi"}),
        ("390212345678", {"Anna Rossi"}),
        ("(02) 1234-5678", {"Anna Rossi"}),
        ("02-1234-5678", {"Anna Rossi"}),
        ("+34 612 345 601", {"José García"}),
        ("612 345 601", {"José García"}),
        # the last digits
        ("5678", {"Anna Rossi"}),
        ("45678", {"Anna Rossi"}),
        ("5679", {"Lars Svensson"}),
        ("3344", {"Mario Rossi"}),
        # national format with the trunk 0 (Swedish +46 8 ... typed as 08-...)
        ("08-123 456 79", {"Lars Svensson"}),
        ("08 12345679", {"Lars Svensson"}),
        ("0812345679", {"Lars Svensson"}),
        ("086 123 4567", {"Seán O'Brien"}),  # Irish mobile, trunk 0
        # account number, loyalty cards
        ("C0001234", {"Anna Rossi"}),
        ("c000123", {"Anna Rossi"}),
        ("6001234567890", {"Anna Rossi"}),
        ("LC-99887766", {"Anna Rossi"}),
        # street, city, ZIP
        ("grafton", {"Seán O'Brien"}),
        ("grafton street", {"Seán O'Brien"}),
        ("via roma", {"Anna Rossi"}),
        ("drottning", {"Lars Svensson"}),
        ("dublin", {"Seán O'Brien"}),
        ("stockh", {"Lars Svensson"}),
        ("madrid", {"José García"}),
        ("20121", {"Anna Rossi"}),
        ("28013", {"José García"}),
        ("D02", {"Seán O'Brien"}),
        ("bergamo", {"Anna Rossi"}),  # a second address counts too
        ("24121", {"Anna Rossi"}),
    ],
)
def test_contact_code_and_place_search(people, typed, expected):
    assert found(people, typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["anna.work", "anna.work@office-mail.it", "+39 333 111 2233", "333 111 2233", "2233"],
)
def test_secondary_contacts_are_found_but_the_result_shows_the_primary_ones(people, typed):
    results = people.search(typed)
    assert [r.customer_id for r in results] == [ANNA_ROSSI.customer_id]
    (row,) = results
    assert row.email == "anna.rossi@example.it"
    assert row.phone == "+390212345678"
    assert row.city == "Milano"  # the primary address, not Bergamo
    assert row.name == "Anna Rossi"
    assert row.account_number == "C0001234"


def test_result_rows_of_pending_customers_carry_no_account_number(people):
    (row,) = people.search("bianchi")
    assert row.account_number is None
    assert row.sync_state.value == "pending"
    assert row.phone == "+390298765432"
    assert row.city == ""


@pytest.mark.parametrize(
    "typed", ["zzzz", "rossix", "0000000000", "anna.rossi@example.com", "C0009", "99999"]
)
def test_non_matching_input_finds_nothing(people, typed):
    assert people.search(typed) == []


# -- first page only ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> OfflineStore:
    store = OfflineStore(tmp_path_factory.mktemp("crowd"))
    for i in range(PAGE_SIZE * 2):
        store.add_customer(
            Customer(first_name="Giulia", last_name=f"Verdi{i:02d}", phone=f"+3902111100{i:02d}"),
            queue_upload=False,
        )
    store.add_customer(
        Customer(first_name="Giulia", last_name="Neri", phone="+390255554444"),
        queue_upload=False,
    )
    yield store
    store.close()


def test_only_the_first_page_is_returned(crowd):
    assert len(crowd.search("giulia")) == PAGE_SIZE
    assert len(crowd.search("giulia", limit=5)) == 5
    assert len(crowd.search("verdi", limit=100)) == PAGE_SIZE * 2


def test_the_best_match_is_on_the_first_page_even_in_a_crowd(crowd):
    results = crowd.search("giulia neri")
    assert results[0].name == "Giulia Neri"
    assert results[0].matched_words == 2
    assert len(results) == PAGE_SIZE
