"""Generate N synthetic customers into a terminal data dir, through the product's bulk path.

    .venv/bin/python benchmarks/generate_customers.py --data-dir bench-data/1m --count 1000000

Customers are HQ-shaped JSON dicts (../shared/HQ_API.md) applied with
`OfflineStore.apply_feed_page` in pages, exactly as a first sync would apply the change
feed, so the search index is built the same way. Names come in Italian, Swedish, French,
Estonian and English (accents and apostrophes included); ~10% are organizations; phones
are valid E.164 mobiles of IT/SE/FR/EE/GB; account numbers look like "C0000123"; some
customers have loyalty cards, secondary contacts and a second address.

The store configuration of tests/sample_store.py is cached too (no HQ URL), so
`Terminal(data_dir)` opens the result and creates customers async, as an offline register.
Run on demand; not collected by pytest.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pos_desktop.offline.store import OfflineStore  # noqa: E402
from pos_desktop.sync.engine import CURSOR_KEY  # noqa: E402
from tests.sample_store import store_json  # noqa: E402

LOCALES: dict[str, dict[str, Any]] = {
    "it": {
        "weight": 35,
        "country": "IT",
        "currency": "EUR",
        "first": [
            "Marco", "Giulia", "Alessandro", "Francesca", "Lorenzo", "Chiara", "Matteo",
            "Sara", "Andrea", "Martina", "Luca", "Elena", "Giovanni", "Valentina",
            "Davide", "Federica", "Niccolò", "Alessia", "Riccardo", "Beatrice", "Mario",
            "Maria", "Marisa", "Rosa", "Rosanna", "Giuseppe", "Antonio", "Paola",
            "Stefano", "Silvia", "Tommaso", "Ilaria", "Gabriele", "Noemi", "Fabrizio",
            "Lucrezia", "Pietro", "Carlotta", "Emanuele", "Benedetta", "Salvatore",
            "Annalisa", "Raffaele", "Caterina", "Vittorio", "Ludovica",
        ],
        "last": [
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
            "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini",
            "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "D'Angelo", "Dell'Acqua",
            "D'Amico", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
            "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli",
            "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Alessandro",
            "Marchetti", "Parisi", "Villa", "Cattaneo", "Fabbri", "Rossetti", "Nicolò",
            "Pellegrini", "Palumbo", "Sanna", "Farina", "Rota", "Monti", "Grasso",
        ],
        "cities": [
            ("Milano", "201"), ("Roma", "001"), ("Torino", "101"), ("Napoli", "801"),
            ("Bologna", "401"), ("Firenze", "501"), ("Genova", "161"), ("Bergamo", "241"),
            ("Forlì", "471"), ("Cantù", "228"), ("Sant'Agata", "980"), ("Como", "221"),
        ],
        "streets": [
            "Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele", "Via Dante",
            "Piazza del Popolo", "Via dell'Indipendenza", "Viale Monza", "Via Cavour",
            "Via XX Settembre", "Corso Buenos Aires", "Via Nazionale", "Via Mazzini",
        ],
        "org": ["S.r.l.", "S.p.A.", "& Figli", "S.n.c."],
        "org_words": ["Moda", "Design", "Ottica", "Calzature", "Gioielleria", "Studio"],
        "domains": ["libero.it", "gmail.com", "tiscali.it", "virgilio.it", "outlook.it"],
        "zip_len": 5,
    },
    "sv": {
        "weight": 15,
        "country": "SE",
        "currency": "SEK",
        "first": [
            "Lars", "Anna", "Björn", "Åsa", "Karl", "Eva", "Erik", "Märta", "Johan",
            "Ingrid", "Sven", "Kerstin", "Per", "Birgitta", "Nils", "Linnéa", "Olof",
            "Astrid", "Gustav", "Sofia", "Anders", "Maja", "Mikael", "Elsa", "Håkan",
            "Ebba", "Jörgen", "Signe", "Magnus", "Agnes", "Göran", "Stina",
        ],
        "last": [
            "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
            "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
            "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
            "Magnusson", "Lindström", "Söderberg", "Åberg", "Öberg", "Sjöberg",
            "Nordström", "Lundqvist", "Hedlund", "Ström", "Engström", "Lindgren",
        ],
        "cities": [
            ("Stockholm", "11"), ("Göteborg", "41"), ("Malmö", "21"), ("Uppsala", "75"),
            ("Västerås", "72"), ("Örebro", "70"), ("Linköping", "58"), ("Jönköping", "55"),
        ],
        "streets": [
            "Drottninggatan", "Storgatan", "Kungsgatan", "Götgatan", "Sveavägen",
            "Västerlånggatan", "Hamngatan", "Järntorget", "Södra Förstadsgatan",
        ],
        "org": ["AB", "Handelsbolag", "& Co AB"],
        "org_words": ["Design", "Möbler", "Bygg", "Konsult", "Kläder", "Optik"],
        "domains": ["telia.com", "gmail.com", "hotmail.se", "bredband.net", "spray.se"],
        "zip_len": 5,
    },
    "fr": {
        "weight": 20,
        "country": "FR",
        "currency": "EUR",
        "first": [
            "Jean", "Marie", "Pierre", "Sophie", "Michel", "Isabelle", "François",
            "Cécile", "Éric", "Hélène", "Jérôme", "Amélie", "Stéphane", "Nathalie",
            "Frédéric", "Céline", "Benoît", "Élodie", "Grégoire", "Béatrice", "Théo",
            "Chloé", "Loïc", "Maëlle", "Noël", "Zoé", "Hervé", "Anaïs", "Gaël", "Inès",
            "Mathéo", "Léa", "Raphaël", "Clémence",
        ],
        "last": [
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
            "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
            "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet",
            "François", "Martinez", "D'Artois", "L'Hôpital", "Béranger", "Chevalier",
            "Rousseau", "Faure", "Blanc", "Guérin", "Boyer", "Gauthier",
        ],
        "cities": [
            ("Paris", "750"), ("Marseille", "130"), ("Lyon", "690"), ("Toulouse", "310"),
            ("Nice", "060"), ("Nantes", "440"), ("Besançon", "250"), ("Orléans", "450"),
            ("Saint-Étienne", "420"), ("Nîmes", "300"), ("Villeneuve-d'Ascq", "596"),
        ],
        "streets": [
            "Rue de la Paix", "Avenue des Champs-Élysées", "Boulevard Saint-Michel",
            "Rue du Faubourg Saint-Honoré", "Place de l'Église", "Rue de l'Hôtel de Ville",
            "Avenue Jean Jaurès", "Rue Victor Hugo", "Quai d'Orsay", "Rue Lamarck",
        ],
        "org": ["SARL", "SAS", "SA", "& Fils"],
        "org_words": ["Boulangerie", "Atelier", "Maison", "Optique", "Librairie", "Café"],
        "domains": ["orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr"],
        "zip_len": 5,
    },
    "et": {
        "weight": 10,
        "country": "EE",
        "currency": "EUR",
        "first": [
            "Mart", "Kadri", "Jüri", "Triin", "Tõnu", "Mari", "Andres", "Külli", "Rein",
            "Liis", "Peeter", "Ülle", "Toomas", "Kärt", "Margus", "Eve", "Jaan", "Piret",
            "Urmas", "Merle", "Aivar", "Tiiu", "Priit", "Maarja", "Siim", "Õnne",
        ],
        "last": [
            "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn",
            "Koppel", "Lepik", "Luik", "Kallas", "Lõhmus", "Raudsepp", "Vaher", "Kivi",
            "Põder", "Jõgi", "Karu", "Org", "Mölder", "Männik", "Tõnisson", "Paju",
        ],
        "cities": [
            ("Tallinn", "10"), ("Tartu", "50"), ("Pärnu", "80"), ("Narva", "20"),
            ("Viljandi", "71"), ("Rakvere", "44"), ("Võru", "65"), ("Jõhvi", "41"),
        ],
        "streets": [
            "Narva maantee", "Pärnu maantee", "Tartu maantee", "Viru tänav", "Rüütli",
            "Küütri", "Õismäe tee", "Pikk tänav", "Mustamäe tee", "Tähe tänav",
        ],
        "org": ["OÜ", "AS", "MTÜ"],
        "org_words": ["Ehitus", "Kaubandus", "Puit", "Disain", "Teenus", "Pood"],
        "domains": ["hot.ee", "gmail.com", "mail.ee", "online.ee", "neti.ee"],
        "zip_len": 5,
    },
    "en": {
        "weight": 20,
        "country": "GB",
        "currency": "GBP",
        "first": [
            "James", "Olivia", "Oliver", "Amelia", "George", "Isla", "Harry", "Emily",
            "Jack", "Ava", "William", "Sophie", "Thomas", "Grace", "Charlie", "Chloe",
            "Daniel", "Lucy", "Samuel", "Mia", "Joseph", "Ella", "Henry", "Ruby",
            "Michael", "Sarah", "David", "Emma", "Mark", "Rose", "Martin", "Mary",
        ],
        "last": [
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
            "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
            "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "O'Brien",
            "O'Connor", "O'Neill", "McDonald", "Murphy", "Hughes", "Edwards", "Marsh",
            "Ross", "Rowe", "Hart", "Palmer", "Marshall", "Morris", "Ward", "Turner",
        ],
        "cities": [
            ("London", "SW1A"), ("Manchester", "M1"), ("Birmingham", "B1"), ("Leeds", "LS1"),
            ("Bristol", "BS1"), ("Edinburgh", "EH1"), ("Cardiff", "CF10"), ("York", "YO1"),
            ("King's Lynn", "PE30"), ("Stoke-on-Trent", "ST1"),
        ],
        "streets": [
            "High Street", "Station Road", "Church Lane", "King's Road", "Victoria Road",
            "Queen's Avenue", "Mill Lane", "St John's Street", "Park Road", "London Road",
        ],
        "org": ["Ltd", "plc", "& Sons Ltd", "LLP"],
        "org_words": ["Trading", "Bakery", "Consulting", "Outfitters", "Builders", "Books"],
        "domains": ["gmail.com", "btinternet.com", "yahoo.co.uk", "outlook.com", "sky.com"],
        "zip_len": 0,
    },
}  # fmt: skip
LANGS = list(LOCALES)
LANG_WEIGHTS = [LOCALES[lang]["weight"] for lang in LANGS]
TITLES = ["", "", "", "Mr", "Mrs", "Ms", "Dr"]


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in ".-"))
    return out.lower()


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone(rng: random.Random, country: str) -> str:
    """A valid E.164 mobile number of the country."""
    if country == "IT":  # 3xx + 7 digits
        return "+39" + rng.choice(["320", "328", "333", "338", "340", "347", "349", "366",
                                   "380", "389", "392"]) + digits(rng, 7)  # fmt: skip
    if country == "SE":  # 7[0236] + 7 digits
        return "+46" + rng.choice(["70", "72", "73", "76"]) + digits(rng, 7)
    if country == "FR":  # 6/7 + 8 digits (0639, 069x are overseas departments)
        return "+33" + rng.choice(["60", "61", "62", "64", "65", "66", "67", "68", "73",
                                   "75", "76", "77", "78"]) + digits(rng, 7)  # fmt: skip
    if country == "EE":  # 5 + 7 digits
        return "+3725" + digits(rng, 7)
    return "+447" + rng.choice(["400", "450", "800", "900", "500"]) + digits(rng, 6)  # GB


def zip_code(rng: random.Random, spec: dict[str, Any], prefix: str) -> str:
    if spec["country"] == "GB":
        return f"{prefix} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}" + rng.choice(
            "ABDEFGHJLNPQRSTUWXYZ"
        )
    value = prefix + digits(rng, spec["zip_len"] - len(prefix))
    if spec["country"] == "SE":
        value = f"{value[:3]} {value[3:]}"
    return value


def email_for(rng: random.Random, first: str, last: str, spec: dict[str, Any], i: int) -> str:
    f, ln = ascii_fold(first), ascii_fold(last).replace(" ", "")
    pattern = rng.randrange(4)
    if pattern == 0:
        local = f"{f}.{ln}"
    elif pattern == 1:
        local = f"{f[:1]}{ln}{rng.randint(1, 99)}"
    elif pattern == 2:
        local = f"{f}{ln}{rng.randint(1950, 2007)}"
    else:
        local = f"{ln}.{f}{i % 1000}"
    return f"{local}@{rng.choice(spec['domains'])}"


def customer(rng: random.Random, i: int, base_time: datetime) -> dict[str, Any]:
    """The i-th synthetic customer as HQ's change feed sends it."""
    lang = rng.choices(LANGS, LANG_WEIGHTS)[0]
    spec = LOCALES[lang]
    org = rng.random() < 0.10
    first, last = rng.choice(spec["first"]), rng.choice(spec["last"])
    middle = rng.choice(spec["first"]) if (not org and rng.random() < 0.05) else ""
    city, prefix = rng.choice(spec["cities"])
    mobile = phone(rng, spec["country"])
    if org:
        org_name = f"{rng.choice(spec['org_words'])} {last} {rng.choice(spec['org'])}"
        tld = "co.uk" if spec["country"] == "GB" else spec["country"].lower()
        email = f"info{i % 100}@{ascii_fold(last).replace(' ', '')}{i}.{tld}"
    else:
        org_name = ""
        email = email_for(rng, first, last, spec, i)
    addresses = [
        {
            "address_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "purpose": "business" if org else rng.choice(["home", "home", "home", "office"]),
            "street": f"{rng.choice(spec['streets'])} {rng.randint(1, 180)}",
            "city": city,
            "state": "",
            "zip": zip_code(rng, spec, prefix),
            "country": spec["country"],
            "contact_name": "" if org else f"{first} {last}",
            "contact_phone": mobile,
            "is_primary": True,
        }
    ]
    if rng.random() < 0.08:
        city2, prefix2 = rng.choice(spec["cities"])
        addresses.append({
            "address_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "purpose": "office", "street": f"{rng.choice(spec['streets'])} {rng.randint(1, 90)}",
            "city": city2, "state": "", "zip": zip_code(rng, spec, prefix2),
            "country": spec["country"], "contact_name": "", "contact_phone": "",
            "is_primary": False,
        })  # fmt: skip
    contacts = [
        {"kind": "email", "value": email, "marketing_consent": rng.random() < 0.4,
         "is_primary": True},
        {"kind": "phone", "value": mobile, "marketing_consent": False, "is_primary": True},
    ]  # fmt: skip
    if rng.random() < 0.10:  # secondary contacts
        if rng.random() < 0.5:
            other = email_for(rng, first, last, spec, i + 7)
            contacts.append({"kind": "email", "value": other, "marketing_consent": False,
                             "is_primary": False})  # fmt: skip
        else:
            contacts.append({"kind": "phone", "value": phone(rng, spec["country"]),
                             "marketing_consent": False, "is_primary": False})  # fmt: skip
    cards = [f"LC{rng.randrange(10**10):010d}"] if rng.random() < 0.25 else []
    created = base_time + timedelta(seconds=i * 7)
    return {
        "customer_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "account_number": f"C{i:07d}",
        "customer_type": "organization" if org else "person",
        "title": "" if org else rng.choice(TITLES),
        "first_name": "" if org else first,
        "middle_name": middle,
        "last_name": "" if org else last,
        "organization_name": org_name,
        "email": email,
        "phone": mobile,
        "customer_group": "WHOLESALE" if org else "RETAIL",
        "currency": spec["currency"],
        "language": lang,
        "receipt_option": rng.choice(["print", "print", "email", "both", "none"]),
        "receipt_email": "",
        "affiliations": ["LOYAL"] if cards else [],
        "financial_dimensions": {"CostCenter": "200" if org else "100"},
        "attributes": {"segment": rng.choice("AABBBC"), "newsletter": rng.random() < 0.5},
        "addresses": addresses,
        "contacts": contacts,
        "loyalty_cards": cards,
        "version": 1,
        "store_id": "MIL01",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "updated_at": created.isoformat().replace("+00:00", "Z"),
    }


def check_phones(rng: random.Random, samples: int = 2000) -> None:
    """Every generator's numbers are valid for its country (phonenumbers)."""
    import phonenumbers

    for spec in LOCALES.values():
        for _ in range(samples // len(LOCALES)):
            number = phone(rng, spec["country"])
            parsed = phonenumbers.parse(number, None)
            if not phonenumbers.is_valid_number(parsed):
                raise SystemExit(f"generated an invalid {spec['country']} phone: {number}")
            if phonenumbers.region_code_for_number(parsed) != spec["country"]:
                raise SystemExit(f"{number} is not a {spec['country']} number")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--page", type=int, default=10_000, help="customers per feed page")
    parser.add_argument("--first-account", type=int, default=100)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    check_phones(random.Random(args.seed + 1))
    store = OfflineStore(args.data_dir)
    if store.count_customers():
        print(f"{args.data_dir} already holds customers; use an empty data dir", file=sys.stderr)
        return 2
    store.save_store_config(store_json(), hq_url="", terminal_id="T1")
    base_time = datetime(2020, 1, 1, tzinfo=UTC)

    # As a first download: rows first, then the unique and search indexes once.
    store.begin_bulk_load()
    gen_s = apply_s = 0.0
    done = 0
    start = time.perf_counter()
    while done < args.count:
        n = min(args.page, args.count - done)
        t0 = time.perf_counter()
        page = [customer(rng, args.first_account + done + k, base_time) for k in range(n)]
        t1 = time.perf_counter()
        store.apply_feed_page(page, cursor_key=CURSOR_KEY, cursor=str(done + n),
                              defer_index=True)
        t2 = time.perf_counter()
        gen_s += t1 - t0
        apply_s += t2 - t1
        done += n
        if done % (args.page * 10) == 0 or done == args.count:
            print(
                f"{done:>9,} customers  apply {done / apply_s:,.0f} rows/s  "
                f"elapsed {time.perf_counter() - start:,.0f} s",
                flush=True,
            )
    t0 = time.perf_counter()
    store.finish_bulk_load()
    store.build_search_backlog()
    index_s = time.perf_counter() - t0
    apply_s += index_s
    print(f"indexes (unique + search) built at the end in {index_s:,.1f} s")
    total = time.perf_counter() - start
    store.close()
    db = args.data_dir / "pos.db"
    size = sum(p.stat().st_size for p in args.data_dir.glob("pos.db*"))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"customers:            {done:,}")
    print(f"generate (Python):    {gen_s:,.1f} s")
    print(f"apply_feed_page:      {apply_s:,.1f} s = {done / apply_s:,.0f} rows/s")
    print(f"total:                {total:,.1f} s = {done / total:,.0f} rows/s end to end")
    print(f"db file:              {db} {db.stat().st_size / 2**20:,.0f} MiB "
          f"(with -wal/-shm: {size / 2**20:,.0f} MiB)")  # fmt: skip
    print(f"peak RSS:             {rss_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
