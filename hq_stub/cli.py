"""``hq-stub`` command line.

``hq-stub serve ...`` runs the server; ``hq-stub admin ...`` drives a running server
over its admin API (``--url`` / ``HQ_URL``, ``--admin-token`` / ``HQ_ADMIN_TOKEN``),
except ``hq-stub admin seed-customers --db URL ...``, which writes to the database
directly (like ``hq-stub migrate``).
Admin commands print JSON on stdout; failures exit non-zero with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_URL = "http://127.0.0.1:8700"


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"not a boolean: {text!r}")


def _flag(text: str) -> tuple[str, bool]:
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected NAME=true|false, got {text!r}")
    return name.strip(), _bool(value)


def _change(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {text!r}")
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    return name.strip(), parsed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hq-stub", description="POS Desktop HQ service")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_serve(sub)
    mig = sub.add_parser("migrate", help="create/upgrade the database schema and exit")
    mig.add_argument("--db", default="sqlite:///hq.db")
    admin = sub.add_parser("admin", help="administer a running HQ")
    admin.add_argument("--url", default=None, help=f"HQ URL (default HQ_URL or {DEFAULT_URL})")
    admin.add_argument("--admin-token", default=None, help="default: HQ_ADMIN_TOKEN")
    asub = admin.add_subparsers(dest="admin_command", required=True)
    _add_admin_stores(asub)
    _add_admin_async(asub)
    _add_admin_privacy(asub)
    _add_seed(asub)
    return parser


# argparse keeps its subparser action private; the parameter is the object it returns.
def _add_serve(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the HQ HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700, help="0 picks a free port")
    serve.add_argument("--db", default="sqlite:///hq.db",
                       help="SQLAlchemy URL or SQLite file path (default sqlite:///hq.db)")
    serve.add_argument("--demo", action="store_true",
                       help="seed demo stores/customers if the DB is empty and issue "
                            "activation codes for terminal T1 of each demo store")
    serve.add_argument("--admin-token", default=None,
                       help="admin token (default: environment HQ_ADMIN_TOKEN)")
    serve.add_argument("--ready-file", default=None,
                       help="write {url, pid, activation_codes} here once listening")
    serve.add_argument("--job-interval", type=float, default=None,
                       help="seconds between async-to-sync job runs "
                            "(default: HQ_ASYNC_JOB_INTERVAL or 30; <= 0 disables)")
    serve.add_argument("--forwarded-allow-ips", default=None, metavar="IPS",
                       help="comma-separated addresses of reverse proxies whose "
                            "X-Forwarded-For/-Proto headers are trusted ('*' = any); "
                            "default: none, the headers are ignored")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes serving the same database (default 1; "
                            "more than 1 needs PostgreSQL)")
    serve.add_argument("--parent-pid", type=int, default=None, help=argparse.SUPPRESS)


def _add_admin_stores(asub: Any) -> None:
    """Stores, flags, activation codes, revocation, the job."""
    asub.add_parser("stores", help="list stores with their flags")
    show = asub.add_parser("store", help="show one store")
    show.add_argument("store_id")
    setf = asub.add_parser("set", help="set store flags/features, e.g. "
                                       "create_customer_async=true")
    setf.add_argument("store_id")
    setf.add_argument("flags", nargs="+", type=_flag, metavar="NAME=BOOL")

    perm = asub.add_parser("permissions", help="set what a role may do in a store, e.g. "
                                               "permissions MILAN cashier customer.edit=false")
    perm.add_argument("store_id")
    perm.add_argument("role", choices=["cashier", "manager"])
    perm.add_argument("permissions", nargs="+", type=_flag, metavar="PERMISSION=BOOL",
                      help="customer.create, customer.edit, address.edit, "
                           "customer.resubmit, terminal.disconnect")

    code = asub.add_parser("activation-code", help="issue a one-time activation code")
    code.add_argument("store_id")
    code.add_argument("terminal_id")
    code.add_argument("--ttl", type=float, default=None, help="lifetime in seconds")

    rev = asub.add_parser("revoke-device", help="revoke a terminal's device tokens (it must "
                                                "be activated again)")
    rev.add_argument("store_id")
    rev.add_argument("terminal_id")

    asub.add_parser("run-job", help="run the async-to-sync job now")


def _add_admin_async(asub: Any) -> None:
    lst = asub.add_parser("async-list", help="list async customers (staged/rejected/...)")
    lst.add_argument("--state", choices=["staged", "converted", "rejected"], default=None)
    lst.add_argument("--store", default=None)
    lst.add_argument("--limit", type=int, default=200)

    one = asub.add_parser("async-show", help="show one async customer with its data")
    one.add_argument("customer_id")

    res = asub.add_parser("resubmit", help="correct a rejected async customer and stage "
                                           "it again for the next job run")
    res.add_argument("customer_id")
    res.add_argument("--json", dest="json_file", default=None,
                     help="file with the full corrected customer JSON")
    res.add_argument("--set", dest="changes", action="append", type=_change, default=[],
                     metavar="FIELD=VALUE", help="change one field (VALUE parsed as JSON "
                                                 "when possible); repeatable")
    res.add_argument("--run-job", action="store_true", help="run the job right after")


def _add_admin_privacy(asub: Any) -> None:
    erase = asub.add_parser("erase", help="erase a customer's personal data (right to be "
                                          "forgotten); terminals purge it on their next sync")
    erase.add_argument("customer", help="account number or customer_id")
    export = asub.add_parser("export", help="everything HQ holds about one customer, as "
                                            "JSON (an access request)")
    export.add_argument("customer", help="account number or customer_id")
    export.add_argument("--output", "-o", default=None,
                        help="write the JSON to this file (default: standard output)")


def _add_seed(asub: Any) -> None:
    seed = asub.add_parser("seed-customers", help="bulk-insert N realistic customers for an "
                                                  "existing store, directly in the database "
                                                  "(the server need not run; --url and the "
                                                  "admin token are not used)")
    seed.add_argument("--db", default="sqlite:///hq.db",
                      help="SQLAlchemy URL or SQLite file path (default sqlite:///hq.db)")
    seed.add_argument("--store", required=True, dest="store_id", metavar="STORE_ID")
    seed.add_argument("--count", required=True, type=int, metavar="N")
    seed.add_argument("--seed", type=int, default=None, metavar="S",
                      help="random seed (same seed + same database state = same customers)")
    seed.add_argument("--batch", type=int, default=None, metavar="B",
                      help="customers per transaction (default 50000)")


class AdminError(Exception):
    pass


def _segment(text: str) -> str:
    from urllib.parse import quote

    return quote(text.strip(), safe="")


class AdminClient:
    """A small requests-based client of the admin API (also used by HQProcess.admin)."""

    def __init__(self, url: str, token: str, timeout: float = 30.0) -> None:
        import requests

        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kwargs) -> Any:
        import requests

        try:
            resp = self.session.request(method, self.url + path, timeout=self.timeout,
                                        **kwargs)
        except requests.RequestException as exc:
            raise AdminError(f"cannot reach HQ at {self.url}: {exc}") from None
        try:
            body = resp.json()
        except ValueError:
            body = None
        if resp.status_code >= 400:
            err = (body or {}).get("error", {}) if isinstance(body, dict) else {}
            raise AdminError(f"HTTP {resp.status_code} {err.get('code', '')}: "
                             f"{err.get('message', resp.text[:200])}")
        return body

    def stores(self) -> list[dict[str, Any]]:
        return self.request("GET", "/api/v1/admin/stores")["stores"]

    def store(self, store_id: str) -> dict[str, Any]:
        return self.request("GET", f"/api/v1/admin/stores/{store_id}")

    def patch_store(self, store_id: str, **flags: bool) -> dict[str, Any]:
        return self.request("PATCH", f"/api/v1/admin/stores/{store_id}", json=flags)

    def set_permissions(self, store_id: str, role: str, **permissions: bool) -> dict[str, Any]:
        """Switch permissions of one role (names with dots: pass them as a dict)."""
        return self.request("PATCH", f"/api/v1/admin/stores/{store_id}",
                            json={"permissions": {role: permissions}})

    def create_activation_code(self, store_id: str, terminal_id: str,
                               ttl_seconds: float | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"store_id": store_id, "terminal_id": terminal_id}
        if ttl_seconds is not None:
            body["ttl_seconds"] = ttl_seconds
        return self.request("POST", "/api/v1/admin/activation-codes", json=body)

    def revoke_device(self, store_id: str, terminal_id: str) -> dict[str, Any]:
        return self.request("POST", "/api/v1/admin/devices/revoke",
                            json={"store_id": store_id, "terminal_id": terminal_id})

    def run_job(self) -> dict[str, Any]:
        return self.request("POST", "/api/v1/admin/jobs/async-to-sync")

    def async_customers(self, state: str | None = None, store_id: str | None = None,
                        limit: int = 200) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("state", state), ("store_id", store_id),
                                    ("limit", limit)) if v is not None}
        return self.request("GET", "/api/v1/admin/async-customers", params=params)["customers"]

    def async_customer(self, customer_id: str) -> dict[str, Any]:
        return self.request("GET", f"/api/v1/admin/async-customers/{customer_id}")

    def erase(self, customer: str) -> dict[str, Any]:
        return self.request("POST", f"/api/v1/admin/customers/{_segment(customer)}/erase")

    def export(self, customer: str) -> dict[str, Any]:
        return self.request("GET", f"/api/v1/admin/customers/{_segment(customer)}/export")

    def resubmit(self, customer_id: str, customer: dict[str, Any] | None = None,
                 changes: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.request("POST", f"/api/v1/admin/async-customers/{customer_id}/resubmit",
                            json={"customer": customer, "changes": changes})


def _seed_customers(args: argparse.Namespace) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from hq_stub.bulk import DEFAULT_BATCH, SeedError, seed_customers
    from hq_stub.db import Database

    db = Database(args.db)
    try:
        db.migrate()
        return seed_customers(db, args.store_id, args.count, seed=args.seed,
                              batch=args.batch or DEFAULT_BATCH)
    except SeedError as exc:
        raise AdminError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise AdminError(f"database error: {str(exc).splitlines()[0]}") from None
    finally:
        db.dispose()


def _export(client: AdminClient, customer: str, output: str | None) -> Any:
    data = client.export(customer)
    if output is None:
        return data
    try:
        Path(output).write_text(json.dumps(data, indent=2, ensure_ascii=False),
                                encoding="utf-8")
    except OSError as exc:
        raise AdminError(f"cannot write {output}: {exc}") from None
    return {"customer_id": data["customer_id"], "written": output}


def _admin(args: argparse.Namespace) -> Any:
    if args.admin_command == "seed-customers":
        return _seed_customers(args)
    url = args.url or os.environ.get("HQ_URL") or DEFAULT_URL
    token = args.admin_token or os.environ.get("HQ_ADMIN_TOKEN")
    if not token:
        raise AdminError("an admin token is required (--admin-token or HQ_ADMIN_TOKEN)")
    client = AdminClient(url, token)
    cmd = args.admin_command
    if cmd == "stores":
        return {"stores": client.stores()}
    if cmd == "store":
        return client.store(args.store_id)
    if cmd == "set":
        return client.patch_store(args.store_id, **dict(args.flags))
    if cmd == "permissions":
        return client.set_permissions(args.store_id, args.role, **dict(args.permissions))
    if cmd == "activation-code":
        return client.create_activation_code(args.store_id, args.terminal_id, args.ttl)
    if cmd == "revoke-device":
        return client.revoke_device(args.store_id, args.terminal_id)
    if cmd == "run-job":
        return client.run_job()
    if cmd == "async-list":
        return {"customers": client.async_customers(args.state, args.store, args.limit)}
    if cmd == "async-show":
        return client.async_customer(args.customer_id)
    if cmd == "erase":
        return client.erase(args.customer)
    if cmd == "export":
        return _export(client, args.customer, args.output)
    if cmd == "resubmit":
        customer = None
        if args.json_file:
            try:
                customer = json.loads(Path(args.json_file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise AdminError(f"cannot read {args.json_file}: {exc}") from None
        out = client.resubmit(args.customer_id, customer, dict(args.changes) or None)
        if args.run_job:
            job = client.run_job()
            out = {"job": job, "customer": client.async_customer(args.customer_id)}
        return out
    raise AdminError(f"unknown admin command {cmd}")  # pragma: no cover


def workers_problem(workers: int, db: str) -> str | None:
    """Why ``--workers`` cannot be used with this database, or None."""
    if workers < 1:
        return "--workers must be at least 1"
    if workers > 1 and not db.startswith("postgresql"):
        return (f"--workers {workers} needs a PostgreSQL database (--db "
                f"postgresql+psycopg://USER@HOST/DB): a SQLite file has a single writer and "
                f"several processes would only queue on it; run one worker on SQLite")
    return None


def _serve(args: argparse.Namespace) -> int:
    from hq_stub.server import serve

    problem = workers_problem(args.workers, args.db)
    if problem:
        print(f"hq-stub serve: {problem}", file=sys.stderr)
        return 2
    token = args.admin_token or os.environ.get("HQ_ADMIN_TOKEN")
    try:
        return serve(host=args.host, port=args.port, db_url=args.db,
                     demo_data=args.demo, admin_token=token,
                     ready_file=args.ready_file, job_interval=args.job_interval,
                     parent_pid=args.parent_pid,
                     forwarded_allow_ips=args.forwarded_allow_ips, workers=args.workers)
    except OSError as exc:
        print(f"hq-stub: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "migrate":
        from hq_stub.db import Database

        db = Database(args.db)
        db.migrate()
        db.dispose()
        print(json.dumps({"migrated": db.url.split("://")[0]}))
        return 0
    try:
        result = _admin(args)
    except AdminError as exc:
        print(f"hq-stub admin: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
