"""`pos-desktop`: the register (no command) and the headless commands for IT and scripts.

Every failure exits non-zero with one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pos_desktop.domain.codec import customer_from_json, customer_to_json
from pos_desktop.domain.customer import Customer, CustomerSummary
from pos_desktop.domain.display import display_account
from pos_desktop.domain.errors import DomainError, ValidationFailed
from pos_desktop.paths import data_dir

log = logging.getLogger(__name__)


class CliError(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def customer_output(customer: Customer) -> dict[str, Any]:
    body = customer_to_json(customer)
    body["display_account"] = display_account(customer.account_number)
    body["rejection_reason"] = customer.rejection_reason or None
    return body


def summary_output(summary: CustomerSummary) -> dict[str, Any]:
    return {
        "customer_id": summary.customer_id,
        "account_number": summary.account_number,
        "display_account": display_account(summary.account_number),
        "name": summary.name,
        "phone": summary.phone,
        "email": summary.email,
        "city": summary.city,
        "state": summary.sync_state.value,
    }


def _print(args: argparse.Namespace, payload: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    else:
        print(text())


def _terminal(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    """The terminal in the data dir; only `activate` may start a new one."""
    from pos_desktop.offline.health import check_present
    from pos_desktop.terminal import NotActivated, Terminal

    folder = data_dir(args.data_dir)
    check_present(folder, folder / "pos.db")  # lost data is not "not activated"
    if not create and not (folder / "pos.db").exists():
        raise CliError(
            f"this terminal is not activated (no terminal data in {folder}); "
            "activate it first, or check --data-dir"
        )
    terminal = Terminal(folder, ca_bundle=getattr(args, "ca_bundle", None))
    if not create and args.command != "status" and not terminal.is_activated:
        terminal.close()
        raise NotActivated()
    return terminal


def cmd_activate(args: argparse.Namespace) -> int:
    terminal = _terminal(args, create=True)
    try:
        config = terminal.activate(args.hq, args.code, args.terminal)
    finally:
        terminal.close()
    payload = {"store_id": config.store_id, "store": config.name, "terminal_id": args.terminal}
    _print(args, payload, lambda: f"Activated terminal {args.terminal} for {config.name}.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        activated = terminal.is_activated
        link_up = terminal.link.check_now() if terminal.link else False
        counts = terminal.store.count_by_state()
        config = terminal.store_config() if activated else None
        payload = {
            "activated": activated,
            "data_dir": str(terminal.data_dir),
            "hq_url": terminal.hq_url or None,
            "link": "online" if link_up else "offline",
            "store_id": config.store_id if config else None,
            "store": config.name if config else None,
            "terminal_id": terminal.terminal_id or None,
            "customers": sum(counts.values()),
            "pending": counts.get("pending", 0),
            "rejected": counts.get("rejected", 0),
            "outbox": terminal.store.outbox_count(),
            "quarantined": terminal.store.quarantine_count(),
            "last_sync": terminal.store.get_state("last_sync"),
        }
    finally:
        terminal.close()

    def text() -> str:
        lines = [f"{k.replace('_', ' ')}: {'-' if v is None else v}" for k, v in payload.items()]
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    if not args.once:
        raise CliError("only 'sync --once' is supported from the command line")
    terminal = _terminal(args)
    try:
        report = terminal.sync_once()
        counts = terminal.store.count_by_state()
    finally:
        terminal.close()
    payload = {
        "uploaded": report.uploaded,
        "rejected": len(report.rejected),
        "pulled": report.pulled,
        "synced": len(report.synced),
        "awaiting_numbers": report.awaiting,
        "pending": counts.get("pending", 0),
        "rejected_total": counts.get("rejected", 0),
        "quarantined": report.quarantined,
    }

    def text() -> str:
        lines = [
            f"Uploaded {report.uploaded}, pulled {report.pulled}; "
            f"{len(report.synced)} customers got their account numbers."
        ]
        not_sent = payload["pending"] - report.awaiting
        if report.awaiting:
            lines.append(
                f"{report.awaiting} uploaded, waiting for HQ to assign account numbers: "
                "run 'sync --once' again shortly."
            )
        if not_sent > 0:
            lines.append(f"{not_sent} not uploaded yet.")
        if report.quarantined:
            lines.append(f"{report.quarantined} feed records could not be applied and were "
                         "quarantined (see 'pos-desktop quarantine').")
        if payload["rejected_total"]:
            lines.append(f"{payload['rejected_total']} rejected by HQ (see 'status').")
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def _read_json_file(path: str) -> dict[str, Any]:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise CliError(f"{path} must hold one JSON object (a customer)")
    return data


def cmd_customers_create(args: argparse.Namespace) -> int:
    data = _read_json_file(args.file)
    terminal = _terminal(args)
    try:
        if terminal.link is not None:
            terminal.link.check_now()
        try:
            draft = customer_from_json(data)
        except (TypeError, ValueError, AttributeError) as exc:
            raise CliError(f"{args.file} does not hold a customer: {exc}") from exc
        result = terminal.customers.create_customer(draft)
    finally:
        terminal.close()
    payload = customer_output(result.customer)
    payload["mode"] = result.mode.value
    _print(
        args,
        payload,
        lambda: (
            f"{result.customer.display_name}: {payload['display_account']} "
            f"({result.customer.customer_id})"
        ),
    )
    return 0


def cmd_customers_search(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        results = terminal.customers.search(args.text)
    finally:
        terminal.close()
    payload = {"results": [summary_output(r) for r in results]}

    def text() -> str:
        if not results:
            return "No customers found."
        return "\n".join(
            f"{display_account(r.account_number):<14} {r.name:<30} {r.phone:<16} {r.city}"
            for r in results
        )

    _print(args, payload, text)
    return 0


def cmd_customers_show(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        customer = terminal.customers.get(args.id)
    finally:
        terminal.close()
    if customer is None:
        raise CliError(f"no customer with id or account number {args.id!r}", code=1)
    payload = customer_output(customer)

    def text() -> str:
        lines = [
            f"{customer.display_name}",
            f"account: {payload['display_account']}",
            f"state: {customer.state.value}",
        ]
        if customer.rejection_reason:
            lines.append(f"rejected: {customer.rejection_reason}")
        for key in ("email", "phone"):
            if payload[key]:
                lines.append(f"{key}: {payload[key]}")
        for address in customer.addresses:
            purpose = address.purpose.value if address.purpose else "-"
            primary = ", primary" if address.is_primary else ""
            lines.append(
                f"address ({purpose}{primary}): "
                f"{address.street}, {address.zip} {address.city}, {address.country}"
            )
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    """The change-feed records this terminal could not apply, newest first."""
    terminal = _terminal(args)
    try:
        records = terminal.store.quarantined()
        total = terminal.store.quarantine_count()
    finally:
        terminal.close()
    payload = {"quarantined": total, "records": records}

    def text() -> str:
        if not records:
            return "No quarantined feed records."
        lines = [f"{total} quarantined feed records:"]
        for r in records:
            who = r["customer_id"] or "unreadable record"
            line = f"{r['received_at']}  {who}: {r['reason']}"
            # HQ's data, not ours: never print a control character raw.
            lines.append("".join(c if c.isprintable() else repr(c)[1:-1] for c in line))
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from pos_desktop.offline.recover import NothingToRecover
    from pos_desktop.recovery import format_report, recover_terminal

    try:
        payload = recover_terminal(data_dir(args.data_dir), force=args.force)
    except NothingToRecover as exc:
        raise CliError(str(exc), code=1) from exc
    _print(args, payload, lambda: format_report(payload))
    return 0


def cmd_self_check(args: argparse.Namespace) -> int:
    from pos_desktop import selfcheck

    if args.probe_qt:
        return selfcheck.probe_qt()
    body = selfcheck.report(data_dir(args.data_dir))
    _print(args, body, lambda: selfcheck.format_report(body))
    return 0 if body["ok"] else 1


def cmd_gui(args: argparse.Namespace) -> int:
    from pos_desktop.ui.main import run_gui

    return run_gui(data_dir(args.data_dir), demo=args.demo)


def build_parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(add_help=False)
    top.add_argument("--data-dir", help="terminal data folder (default: per-user data dir)")
    top.add_argument("--json", action="store_true", help="print JSON")
    # The same options after the command; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)  # fmt: skip

    parser = argparse.ArgumentParser(
        prog="pos-desktop",
        description="POS Desktop register. With no command, starts the register window. "
        "--data-dir and --json may also follow the command.",
        parents=[top],
    )
    parser.add_argument(
        "--demo", action="store_true", help="start a local demo HQ and a terminal activated on it"
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("activate", parents=[common], help="activate this terminal against HQ")
    p.add_argument("--hq", required=True, help="HQ base URL, e.g. https://hq.example.com")
    p.add_argument("--code", required=True, help="one-time activation code from HQ")
    p.add_argument("--terminal", required=True, help="terminal id, e.g. T1")
    p.add_argument("--ca-bundle", help="CA bundle to verify HQ's TLS certificate")
    p.set_defaults(func=cmd_activate)

    p = sub.add_parser("status", parents=[common], help="link, store, pending and rejected counts")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("sync", parents=[common], help="run one upload + pull cycle")
    p.add_argument("--once", action="store_true", help="one full cycle, then exit")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser(
        "quarantine", parents=[common], help="feed records this terminal could not apply"
    )
    p.set_defaults(func=cmd_quarantine)

    p = sub.add_parser(
        "recover",
        parents=[common],
        help="damaged or lost database: keep it aside, salvage it, download HQ's data again",
    )
    p.add_argument("--force", action="store_true", help="rebuild even a sound database")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "self-check",
        parents=[common],
        help="data dir, migrations, Qt platform, translations, keyring, HQ; exit 0 if all hold",
    )
    p.add_argument("--probe-qt", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_self_check)

    customers = sub.add_parser("customers", help="create, search and show customers")
    csub = customers.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    p = csub.add_parser("create", parents=[common], help="create a customer from a JSON file")
    p.add_argument("file", nargs="?", help="customer JSON file ('-' for stdin)")
    p.add_argument("--from", dest="file_opt", metavar="FILE", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_customers_create)
    p = csub.add_parser("search", parents=[common], help="search the offline customers")
    p.add_argument("text")
    p.set_defaults(func=cmd_customers_search)
    p = csub.add_parser("show", parents=[common], help="show one customer")
    p.add_argument("id", help="customer_id or account number")
    p.set_defaults(func=cmd_customers_show)
    return parser


def _normalise_create_args(argv: list[str]) -> list[str]:
    """`customers create --json FILE` (DESIGN.md): --json there names the input file."""
    if len(argv) >= 2 and "customers" in argv and "create" in argv:
        out = list(argv)
        i = out.index("create")
        for j in range(i + 1, len(out) - 1):
            if out[j] == "--json" and not out[j + 1].startswith("--"):
                out[j : j + 2] = [out[j + 1], "--json"]
                break
        return out
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    argv = _normalise_create_args(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "customers_command", None) == "create":
        args.file = args.file or args.file_opt
        if not args.file:
            parser.error("customers create needs a JSON file: customers create --json FILE")
    from pos_desktop.logs import setup_logging

    setup_logging(console=False)
    try:
        return int(args.func(args) or 0)
    except ValidationFailed as exc:
        details = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        _fail(args, f"invalid customer: {details}", exc.key, [e.__dict__ for e in exc.errors])
        return 2
    except DomainError as exc:
        _fail(args, exc.message, exc.key)
        return 2
    except CliError as exc:
        _fail(args, str(exc), "cli.error")
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: log the trace, show one line
        log.exception("unexpected error")
        _fail(args, f"unexpected error ({type(exc).__name__}); see the log for details", "bug")
        return 70


def _fail(args: argparse.Namespace, message: str, key: str, fields: Any = None) -> None:
    if getattr(args, "json", False):
        error: dict[str, Any] = {"code": key, "message": message}
        if fields:
            error["fields"] = fields
        print(json.dumps({"error": error}, ensure_ascii=False, default=str))
    print(f"pos-desktop: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
