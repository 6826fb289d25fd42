"""Demo data: four stores (Milan, Stockholm, Paris, Tallinn) with a few thousand
realistic customers. Seeded by ``hq-stub serve --demo`` only when the database has no
stores yet; deterministic apart from password salts and UUIDs of default customers."""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import unicodedata
import uuid
from datetime import timedelta
from typing import Any

import phonenumbers
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from hq_stub import feed
from hq_stub.db import customers, loyalty_cards, stores, take_numbers, utcnow
from hq_stub.records import account_number, card_number
from hq_stub.validation import build_doc, index_columns

PBKDF2_ITERATIONS = 100_000
CUSTOMERS_PER_STORE = 1000
DEMO_TERMINAL = "T1"

ADDRESS_PURPOSES = ["home", "business", "office", "post_box"]
# What HQ staff would have typed for each store, in the store's language: attribute labels,
# customer group and affiliation names, titles, the default customer and the operators.
WORDS: dict[str, dict[str, Any]] = {
    "it": {"segments": {"standard": "Standard", "silver": "Argento", "gold": "Oro"},
           "segment": "Segmento", "notes": "Note", "shoe_size": "Numero di scarpe",
           "newsletter": "Newsletter", "birth_date": "Data di nascita",
           "RETAIL": "Clienti al dettaglio", "WHOLESALE": "Clienti all'ingrosso",
           "STAFF": "Dipendenti", "RETAIL_CLUB": "Club fedeltà", "STAFF_AFF": "Personale",
           "PARTNER": "Partner", "titles": ["Sig.", "Sig.ra", "Dott.", "Dott.ssa"],
           "walk_in": ("Cliente", "occasionale"),
           "operators": ("Sara Ricci", "Marco Colombo")},
    "sv": {"segments": {"standard": "Standard", "silver": "Silver", "gold": "Guld"},
           "segment": "Segment", "notes": "Anteckningar", "shoe_size": "Skostorlek",
           "newsletter": "Nyhetsbrev", "birth_date": "Födelsedatum",
           "RETAIL": "Privatkunder", "WHOLESALE": "Grossistkunder", "STAFF": "Anställda",
           "RETAIL_CLUB": "Kundklubb", "STAFF_AFF": "Personal", "PARTNER": "Partner",
           "titles": ["Herr", "Fru", "Dr"], "walk_in": ("Kontant", "kund"),
           "operators": ("Emma Lindqvist", "Johan Berg")},
    "fr": {"segments": {"standard": "Standard", "silver": "Argent", "gold": "Or"},
           "segment": "Segment", "notes": "Remarques", "shoe_size": "Pointure",
           "newsletter": "Lettre d'information", "birth_date": "Date de naissance",
           "RETAIL": "Particuliers", "WHOLESALE": "Clients grossistes",
           "STAFF": "Salariés", "RETAIL_CLUB": "Club fidélité", "STAFF_AFF": "Personnel",
           "PARTNER": "Partenaire", "titles": ["M.", "Mme", "Dr"],
           "walk_in": ("Client", "de passage"),
           "operators": ("Camille Martin", "Julien Bernard")},
    "et": {"segments": {"standard": "Tavaline", "silver": "Hõbe", "gold": "Kuld"},
           "segment": "Segment", "notes": "Märkused", "shoe_size": "Kinganumber",
           "newsletter": "Uudiskiri", "birth_date": "Sünnikuupäev",
           "RETAIL": "Jaekliendid", "WHOLESALE": "Hulgikliendid", "STAFF": "Töötajad",
           "RETAIL_CLUB": "Kliendiklubi", "STAFF_AFF": "Personal", "PARTNER": "Partner",
           "titles": ["hr", "pr", "dr"], "walk_in": ("Juhuslik", "klient"),
           "operators": ("Kadri Tamm", "Andres Kask")},
}
SEGMENTS = ["standard", "silver", "gold"]


def attribute_definitions(words: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": "segment", "label": words["segment"], "type": "choice", "required": True,
         "choices": SEGMENTS, "choice_labels": words["segments"]},
        {"name": "notes", "label": words["notes"], "type": "text", "required": False},
        {"name": "shoe_size", "label": words["shoe_size"], "type": "number",
         "required": False},
        {"name": "newsletter", "label": words["newsletter"], "type": "boolean",
         "required": False},
        {"name": "birth_date", "label": words["birth_date"], "type": "date",
         "required": False},
    ]


def affiliations(words: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": "RETAIL_CLUB", "name": words["RETAIL_CLUB"]},
            {"id": "STAFF", "name": words["STAFF_AFF"]},
            {"id": "PARTNER", "name": words["PARTNER"]}]


STORES: list[dict[str, Any]] = [
    {"store_id": "MILAN", "name": "Milano Duomo", "currency": "EUR", "language": "it",
     "country": "IT", "code": "MIL",
     "address": {"street": "Via Torino 12", "city": "Milano", "zip": "20123", "country": "IT"},
     "flags": {"multiple_contacts_and_consent": True, "enhanced_async_customers": True,
               "async_customer_addresses": True},
     "first": ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara",
               "Matteo", "Elena", "Davide", "Martina", "Lorenzo", "Valentina", "Andrea",
               "Federica", "Simone", "Paola", "Niccolò", "Beatrice", "Tommaso"],
     "last": ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
              "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
              "Lombardi", "Moretti", "Barbieri", "Fontana", "Esposito"],
     "streets": ["Via Roma", "Corso Buenos Aires", "Via Dante", "Viale Monza",
                 "Via Montenapoleone", "Corso Como", "Via Padova", "Viale Certosa"],
     "cities": [("Milano", "201"), ("Monza", "209"), ("Bergamo", "241"), ("Como", "221")],
     "phone": ("+39 3{a} {b} {c}", 2, 3, 4), "org": "S.r.l."},
    {"store_id": "STOCKHOLM", "name": "Stockholm Drottninggatan", "currency": "SEK",
     "language": "sv", "country": "SE", "code": "STO",
     "address": {"street": "Drottninggatan 45", "city": "Stockholm", "zip": "111 21",
                 "country": "SE"},
     "flags": {},
     "first": ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sofia", "Anders", "Emma",
               "Björn", "Elin", "Magnus", "Ingrid", "Oskar", "Linnea", "Gustav", "Astrid",
               "Nils", "Maja", "Åsa"],
     "last": ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
              "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
              "Lindberg", "Lindström", "Berg", "Holm", "Ström", "Sjöberg", "Ekström",
              "Öberg"],
     "streets": ["Kungsgatan", "Sveavägen", "Götgatan", "Hornsgatan", "Birger Jarlsgatan",
                 "Odengatan", "Fleminggatan", "Ringvägen"],
     "cities": [("Stockholm", "11"), ("Solna", "169"), ("Uppsala", "75"), ("Nacka", "131")],
     "phone": ("+46 7{a} {b} {c}", 1, 3, 4), "org": "AB"},
    {"store_id": "PARIS", "name": "Paris Rivoli", "currency": "EUR", "language": "fr",
     "country": "FR", "code": "PAR",
     "address": {"street": "Rue de Rivoli 88", "city": "Paris", "zip": "75004",
                 "country": "FR"},
     "flags": {"create_customer_async": True},
     "first": ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Gabriel",
               "Inès", "Arthur", "Zoé", "Raphaël", "Juliette", "Lucas", "Élise", "Nathan",
               "Margaux", "Théo", "Anaïs", "Maxime"],
     "last": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
              "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
              "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"],
     "streets": ["Rue Saint-Honoré", "Boulevard Haussmann", "Rue de la Paix",
                 "Avenue de l'Opéra", "Rue Oberkampf", "Rue du Bac", "Rue Lepic",
                 "Boulevard Voltaire"],
     "cities": [("Paris", "750"), ("Boulogne-Billancourt", "921"), ("Versailles", "780"),
                ("Montreuil", "931")],
     "phone": ("+33 6 {a} {b} {c}", 2, 2, 4), "org": "SARL"},
    {"store_id": "TALLINN", "name": "Tallinn Viru", "currency": "EUR", "language": "et",
     "country": "EE", "code": "TLL",
     "address": {"street": "Viru 15", "city": "Tallinn", "zip": "10140", "country": "EE"},
     "flags": {},
     "first": ["Mari", "Jaan", "Kadri", "Andres", "Liis", "Toomas", "Kersti", "Peeter",
               "Triin", "Mart", "Anu", "Rein", "Piret", "Urmas", "Helen", "Indrek", "Eha",
               "Margus", "Kätlin", "Tõnu"],
     "last": ["Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn",
              "Koppel", "Lepik", "Kallas", "Ots", "Raudsepp", "Vaher", "Kuusk", "Lill",
              "Põder", "Karu", "Luik"],
     "streets": ["Narva mnt", "Pärnu mnt", "Tartu mnt", "Kaupmehe", "Telliskivi",
                 "Pikk", "Lai", "Endla"],
     "cities": [("Tallinn", "10"), ("Tartu", "50"), ("Pärnu", "80"), ("Maardu", "74")],
     "phone": ("+372 5{a} {b}", 3, 4, 0), "org": "OÜ"},
]

OPERATORS = [("1001", "cashier", "1234"), ("2001", "manager", "5678")]  # id, role, password


def hash_password(password: str, *, salt: bytes | None = None,
                  iterations: int = PBKDF2_ITERATIONS) -> dict[str, Any]:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return {"password_salt": salt.hex(), "password_hash": digest.hex(),
            "hash_algorithm": "pbkdf2_sha256", "iterations": iterations}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-")).lower()


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _phone(spec: dict[str, Any], rng: random.Random) -> str:
    """A valid mobile number of the store's country, in E.164 (as terminals send them)."""
    pattern, a, b, c = spec["phone"]
    for _ in range(50):
        typed = pattern.format(a=_digits(rng, a), b=_digits(rng, b), c=_digits(rng, c))
        number = phonenumbers.parse(typed)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise RuntimeError(f"no valid demo phone from {pattern!r}")


def store_config(spec: dict[str, Any]) -> dict[str, Any]:
    code = spec["code"]
    words = WORDS[spec["language"]]
    return {
        "operating_unit_address": spec["address"],
        "customer_groups": [
            {"id": "RETAIL", "name": words["RETAIL"],
             "financial_dimensions": {"department": "SALES", "cost_center": f"{code}-RET",
                                      "business_unit": "RETAIL"}},
            {"id": "WHOLESALE", "name": words["WHOLESALE"],
             "financial_dimensions": {"department": "B2B", "cost_center": f"{code}-WHS",
                                      "business_unit": "WHOLESALE"}},
            {"id": "STAFF", "name": words["STAFF"],
             "financial_dimensions": {"department": "HR", "cost_center": f"{code}-STF",
                                      "business_unit": "INTERNAL"}},
        ],
        "affiliations": affiliations(words),
        "titles": words["titles"],
        "address_purposes": ADDRESS_PURPOSES,
        "attribute_definitions": attribute_definitions(words),
        "operators": [{"operator_id": op_id, "name": name, "role": role,
                       **hash_password(password)}
                      for (op_id, role, password), name in zip(OPERATORS, words["operators"],
                                                               strict=True)],
    }


def _customer(spec: dict[str, Any], rng: random.Random, i: int) -> dict[str, Any]:
    org = rng.random() < 0.1
    first, last = rng.choice(spec["first"]), rng.choice(spec["last"])
    city, zip_prefix = rng.choice(spec["cities"])
    zip_code = zip_prefix + _digits(rng, 5 - len(zip_prefix))
    if spec["country"] == "SE":
        zip_code = f"{zip_code[:3]} {zip_code[3:]}"
    phone = _phone(spec, rng)
    if org:
        name = f"{last} {rng.choice(['Moda', 'Design', 'Studio', 'Trading', 'Group'])} " \
               f"{spec['org']}"
        email = f"info{i}@{_ascii(last)}-{i}.example.com"
    else:
        name = None
        email = f"{_ascii(first)}.{_ascii(last)}{i}@example.com"
    address = {
        "address_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "purpose": "business" if org else rng.choice(["home", "home", "home", "office"]),
        "street": f"{rng.choice(spec['streets'])} {rng.randint(1, 180)}",
        "city": city, "state": None, "zip": zip_code, "country": spec["country"],
        "contact_name": name or f"{first} {last}", "contact_phone": phone,
        "is_primary": True,
    }
    contacts = [{"kind": "email", "value": email, "marketing_consent": rng.random() < 0.4,
                 "is_primary": True},
                {"kind": "phone", "value": phone, "marketing_consent": False,
                 "is_primary": True}]
    return {
        "customer_type": "organization" if org else "person",
        "title": None if org else rng.choice([None, None, *WORDS[spec["language"]]["titles"]]),
        "first_name": None if org else first,
        "middle_name": None,
        "last_name": None if org else last,
        "organization_name": name,
        "email": email, "phone": phone,
        "customer_group": "WHOLESALE" if org else rng.choice(["RETAIL"] * 9 + ["STAFF"]),
        "currency": spec["currency"], "language": spec["language"],
        "receipt_option": rng.choice(["print", "print", "email", "both", "none"]),
        "receipt_email": None,
        "affiliations": rng.choice([[], [], ["RETAIL_CLUB"]]),
        "attributes": {"segment": rng.choice(["standard"] * 6 + ["silver"] * 3 + ["gold"]),
                       "newsletter": rng.random() < 0.5},
        "addresses": [address],
        "contacts": contacts,
    }


def _with_dims(data: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    groups = {g["id"]: g for g in config["customer_groups"]}
    data["financial_dimensions"] = dict(groups[data["customer_group"]]["financial_dimensions"])
    return data


def is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(stores)).scalar_one() == 0


def seed(conn: Connection, *, customers_per_store: int = CUSTOMERS_PER_STORE,
         seed_value: int = 20241123) -> int:
    """Insert the demo stores and customers inside the caller's write transaction."""
    rng = random.Random(seed_value)
    now = utcnow()
    plan: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any], bool]] = []
    for spec in STORES:
        config = store_config(spec)
        walk_in_first, walk_in_last = WORDS[spec["language"]]["walk_in"]
        default = _with_dims({
            "customer_type": "person", "title": None, "first_name": walk_in_first,
            "middle_name": None, "last_name": walk_in_last, "organization_name": None,
            "email": None, "phone": None, "customer_group": "RETAIL",
            "currency": spec["currency"], "language": spec["language"],
            "receipt_option": "print", "receipt_email": None,
            "affiliations": ["RETAIL_CLUB"], "attributes": {"segment": "standard"},
            "addresses": [], "contacts": []}, config)
        plan.append((spec, config, default, True))
        for i in range(customers_per_store):
            plan.append((spec, config, _with_dims(_customer(spec, rng, i), config), False))
    n = len(plan)
    accts = take_numbers(conn, "account", n)
    with_cards = [k for k, (_, _, _, is_default) in enumerate(plan)
                  if not is_default and rng.random() < 0.2]
    card_nos = take_numbers(conn, "loyalty", len(with_cards)) if with_cards else []
    cards = {k: card_number(card_nos[j]) for j, k in enumerate(with_cards)}
    seqs = feed.allocate(conn, {spec["store_id"] for spec, *_ in plan}, n)
    rows, card_rows, store_rows = [], [], []
    for k, (spec, config, data, is_default) in enumerate(plan):
        created = now - timedelta(days=rng.randint(0, 700), seconds=rng.randint(0, 86399))
        cid = str(uuid.uuid4()) if is_default else str(
            uuid.UUID(int=rng.getrandbits(128), version=4))
        stamp = created.isoformat().replace("+00:00", "Z")
        doc = build_doc(cid, data, account_number=account_number(accts[k]),
                        store_id=spec["store_id"], version=1, created_at=stamp,
                        updated_at=stamp, loyalty_cards=[cards[k]] if k in cards else None)
        rows.append(dict(customer_id=cid, account_number=doc["account_number"],
                         store_id=spec["store_id"], version=1, feed_seq=seqs[k],
                         origin="demo", doc=json.dumps(doc, separators=(",", ":")),
                         created_at=created, updated_at=created,
                         **index_columns(doc, spec["country"])))
        if k in cards:
            card_rows.append(dict(card_number=cards[k], customer_id=cid,
                                  store_id=spec["store_id"], issued_at=created))
        if is_default:
            flags = {name: False for name in (
                "create_customer_async", "filter_shared_customer_data_tables",
                "multiple_contacts_and_consent", "enhanced_async_customers",
                "async_customer_addresses")}
            flags.update(spec["flags"])
            store_rows.append(dict(store_id=spec["store_id"], name=spec["name"],
                                   currency=spec["currency"], language=spec["language"],
                                   country=spec["country"], default_customer_id=cid,
                                   config=json.dumps(config), version=1, **flags))
    conn.execute(insert(stores), store_rows)
    conn.execute(insert(customers), rows)
    if card_rows:
        conn.execute(insert(loyalty_cards), card_rows)
    return n
