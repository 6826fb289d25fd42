"""`pos-desktop`: the register (no command) and the headless commands for IT and scripts.

Every failure exits non-zero with one clear line on stderr, never a traceback; each kind
of failure has its own exit code (`EXIT_CODES`, shown by `pos-desktop --help`). Output
never carries raw control characters: text output escapes them, JSON output escapes
them as \\uXXXX.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_desktop.domain.codec import customer_to_json, draft_from_json
from pos_desktop.domain.customer import Customer, CustomerSummary, SyncState
from pos_desktop.domain.display import display_account
from pos_desktop.domain.errors import DomainError, ValidationFailed
from pos_desktop.domain.limitations import EDITABLE
from pos_desktop.domain.validation import canonical_uuid
from pos_desktop.paths import data_dir

if TYPE_CHECKING:  # the commands import it where they use it
    from pos_desktop.services.duplicates import Duplicate
    from pos_desktop.services.operators import SignedIn
    from pos_desktop.terminal import Terminal, TerminalServices

log = logging.getLogger(__name__)

# Exit codes (documented in `pos-desktop --help` and README.md).
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # no such customer or conflict; self-check found a problem
EXIT_INVALID = 2  # bad command line, invalid input, refused by a rule
EXIT_NOT_ACTIVATED = 3
EXIT_CUSTOMER_EXISTS = 4  # customer_id taken by a customer with other data
EXIT_DEACTIVATED = 5  # HQ refused the device token (revoked): activate again
EXIT_TOKEN_MISSING = 6  # the keyring holds no device token for this terminal
EXIT_NO_KEYRING = 7  # no usable keyring, or a bogus PYTHON_KEYRING_BACKEND
EXIT_HQ_UNREACHABLE = 8
EXIT_READ_ONLY = 9  # the data folder cannot be written
EXIT_DISK_FULL = 10
EXIT_INPUT_TOO_DEEP = 11  # a JSON file nested too deeply
EXIT_DAMAGED = 12  # the terminal database is damaged or lost: pos-desktop recover
EXIT_DUPLICATE = 13  # customers create found likely duplicates (--allow-duplicate)
EXIT_HQ_REFUSED = 14  # HQ answered and refused a sync call (the upload): not a link problem
EXIT_IN_USE = 15  # the register (or recover/activate/sync) holds the data dir's lock
EXIT_NO_WINDOW = 16  # no display, or system libraries Qt's X11 plugin needs are missing
EXIT_BUG = 70  # unexpected error: details in the log
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # the reader of the output went away (| head): quiet

EXIT_CODES = (
    (EXIT_OK, "success"),
    (EXIT_NOT_FOUND, "not found (a customer, a conflict), or self-check found a problem"),
    (EXIT_INVALID, "invalid command line or input, or refused by a rule"),
    (EXIT_NOT_ACTIVATED, "terminal not activated"),
    (EXIT_CUSTOMER_EXISTS, "customer_id already used by a customer with other data"),
    (EXIT_DEACTIVATED, "terminal deactivated at HQ: activate it again"),
    (EXIT_TOKEN_MISSING, "device token missing from the keyring: activate it again"),
    (EXIT_NO_KEYRING, "no usable keyring (or a bogus PYTHON_KEYRING_BACKEND)"),
    (EXIT_HQ_UNREACHABLE, "HQ cannot be reached"),
    (EXIT_READ_ONLY, "the data folder cannot be written (read-only, permissions)"),
    (EXIT_DISK_FULL, "the disk is full (or too full to compact the database)"),
    (EXIT_INPUT_TOO_DEEP, "input JSON nested too deeply"),
    (EXIT_DAMAGED, "terminal database damaged or lost: run pos-desktop recover"),
    (EXIT_DUPLICATE, "likely duplicates found (customers create): --allow-duplicate"),
    (EXIT_HQ_REFUSED, "HQ refused the upload or a sync call (its reason is shown)"),
    (EXIT_IN_USE, "the register is running on this data dir (close it first)"),
    (EXIT_NO_WINDOW, "the window cannot start: no display, or system libraries missing"),
    (EXIT_BUG, "unexpected error (details in the log)"),
    (EXIT_BROKEN_PIPE, "output closed early (e.g. piped to head); nothing printed"),
)

# DomainError keys with their own exit code; every other refusal is EXIT_INVALID.
_DOMAIN_EXIT = {
    "terminal.not_activated": EXIT_NOT_ACTIVATED,
    "customer.exists": EXIT_CUSTOMER_EXISTS,
    "terminal.deactivated": EXIT_DEACTIVATED,
    "token.missing": EXIT_TOKEN_MISSING,
    "keyring.missing": EXIT_NO_KEYRING,
    "keyring.invalid_backend": EXIT_NO_KEYRING,
    "hq.unreachable": EXIT_HQ_UNREACHABLE,
    "hq.refused": EXIT_HQ_REFUSED,
    "database.damaged": EXIT_DAMAGED,
    "customer.duplicate": EXIT_DUPLICATE,
    "database.lost": EXIT_DAMAGED,
    "database.space_short": EXIT_DISK_FULL,
}

MAX_JSON_DEPTH = 32  # a customer is 4 levels deep; far more is a mistake or an attack


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.code = code


# -- output that cannot carry control sequences --------------------------------------------


_BIDI = frozenset(chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                                    *range(0x2066, 0x206A)))


def _unsafe(char: str) -> bool:
    """Characters a terminal acts on or that reorder what it shows."""
    return char in _BIDI or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """Text for a terminal: control and bidi characters shown as escapes (``\\x1b``,
    ``\\u202e``); the newlines between lines are kept."""
    if text.isprintable():
        return text
    return "".join(_escape_char(c) if c != "\n" and _unsafe(c) else c for c in text)


def safe_line(text: str) -> str:
    """One value on one line: a newline inside it is escaped too."""
    return safe_text(text).replace("\n", "\\n")


def json_text(payload: Any, **kwargs: Any) -> str:
    """JSON whose strings hold no raw control characters.

    json escapes U+0000-U+001F itself; DEL, the C1 controls, U+2028/U+2029, bidi
    controls and lone surrogates it leaves raw: they become \\uXXXX here (they can only
    sit inside strings, so the JSON stays the same value).
    """
    text = json.dumps(payload, ensure_ascii=False, default=str, **kwargs)
    if text.isprintable():
        return text
    return "".join(
        f"\\u{ord(c):04x}" if c != "\n" and _unsafe(c) else c for c in text
    )


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
        print(json_text(payload, indent=2))
    else:
        print(safe_text(text()))


def _terminal(args: argparse.Namespace, *, create: bool = False) -> Terminal:
    """The terminal in the data dir; only `activate` may start a new one."""
    from pos_desktop.offline.health import check_present
    from pos_desktop.terminal import NotActivated, Terminal

    folder = data_dir(args.data_dir)
    check_present(folder, folder / "pos.db")  # lost data is not "not activated"
    if not create and not (folder / "pos.db").exists():
        raise CliError(
            f"this terminal is not activated (no terminal data in {folder}); "
            "activate it first, or check --data-dir",
            EXIT_NOT_ACTIVATED,
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
        status = terminal.services.sync
        link_up = status.check_link()
        counts = status.counts()
        config = terminal.store_config() if activated else None
        problem = status.device_problem() if activated else None
        space = terminal.services.maintenance.space()
        payload = {
            "activated": activated,
            "data_dir": str(terminal.data_dir),
            "hq_url": terminal.hq_url or None,
            "link": "online" if link_up else "offline",
            "store_id": config.store_id if config else None,
            "store": config.name if config else None,
            "terminal_id": terminal.terminal_id or None,
            "customers": counts.customers,
            "pending": counts.pending,
            "changes_pending": counts.changed,
            "rejected": counts.rejected,
            "rejected_changes": counts.rejected_edits,
            "conflicts": counts.conflicts,
            "outbox": counts.outbox,
            "quarantined": counts.quarantined,
            "last_sync": counts.last_sync,
            "device": "ok" if activated and problem is None else (
                problem.key if problem is not None else None),
            "device_problem": problem.message if problem is not None else None,
            # Free pages: what 'maintenance compact' would give back to the disk.
            "database_mib": round(space.file_bytes / 2**20, 1),
            "database_free_mib": round(space.free_bytes / 2**20, 1),
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
        counts = terminal.services.sync.counts()
    finally:
        terminal.close()
    payload: dict[str, Any] = {
        "uploaded": report.uploaded,
        "rejected": len(report.rejected),
        "pulled": report.pulled,
        "synced": len(report.synced),
        "awaiting_numbers": report.awaiting,
        "pending": counts.pending,
        "rejected_total": counts.rejected,
        "changes_pending": counts.changed,
        "conflicts": counts.conflicts,
        "quarantined": report.quarantined,
        "upload_refused": report.upload_refused or None,
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
            lines.append(f"{payload['rejected_total']} rejected (see 'status').")
        if counts.changed:
            lines.append(f"{counts.changed} customers with changes not at HQ yet "
                         "(see 'customers list --state pending').")
        if counts.conflicts:
            lines.append(f"{counts.conflicts} conflicts to resolve "
                         "(see 'customers list --state conflict').")
        return "\n".join(lines)

    _print(args, payload, text)
    if report.upload_refused:
        # The pull and the status polling ran, the upload did not: HQ's reason on stderr
        # (and in the JSON above), and its own exit code.
        message = f"HQ refused the upload ({report.upload_refused}); pending customers stay queued."
        print(f"pos-desktop: error: {safe_line(message)}", file=sys.stderr)
        return EXIT_HQ_REFUSED
    return 0


def _read_json_file(path: str) -> dict[str, Any]:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text") from exc
    too_deep = CliError(
        f"{path} is nested too deeply (more than {MAX_JSON_DEPTH} levels): not a customer",
        EXIT_INPUT_TOO_DEEP,
    )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise too_deep from exc
    if _depth(data) > MAX_JSON_DEPTH:
        raise too_deep
    if not isinstance(data, dict):
        raise CliError(f"{path} must hold one JSON object (a customer)")
    return data


def _depth(value: Any, limit: int = MAX_JSON_DEPTH + 1) -> int:
    """How deeply lists and objects nest (counted up to `limit`, without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, level)
        if deepest >= limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children)
    return deepest


def cmd_customers_create(args: argparse.Namespace) -> int:
    data = _read_json_file(args.file)
    terminal = _terminal(args)
    try:
        services = terminal.services
        services.sync.check_link()
        try:
            draft = services.customers.draft_from_json(data)
        except (TypeError, ValueError, AttributeError) as exc:
            raise CliError(f"{args.file} does not hold a customer: {exc}") from exc
        operator = services.operators.acting(args.operator) if args.operator else None
        if not args.allow_duplicate:
            _refuse_duplicates(services.duplicates.find(draft), draft)
        result = services.customers.create_customer(draft, operator=operator)
    finally:
        terminal.close()
    payload = customer_output(result.customer)
    payload["mode"] = result.mode.value
    if result.existed:
        payload["note"] = "already_exists"
        print(
            "pos-desktop: note: a customer with this id and the same data already exists; "
            "nothing was changed",
            file=sys.stderr,
        )
    _print(
        args,
        payload,
        lambda: (
            f"{safe_line(result.customer.display_name)}: {payload['display_account']} "
            f"({safe_line(result.customer.customer_id)})"
        ),
    )
    return 0


def _refuse_duplicates(found: list[Duplicate], draft: Customer) -> None:
    """The dialog's warning: likely duplicates stop a create unless --allow-duplicate."""
    mine = canonical_uuid(draft.customer_id) or draft.customer_id
    others = [d for d in found if d.customer_id != mine]  # a re-run is no duplicate
    if not others:
        return
    listed = ", ".join(
        f"{safe_line(d.name)} ({display_account(d.account_number)}, same {'/'.join(d.reasons)})"
        for d in others[:3]
    )
    more = f" and {len(others) - 3} more" if len(others) > 3 else ""
    raise DomainError(
        "customer.duplicate",
        f"likely duplicate of {listed}{more}; nothing was created "
        "(use --allow-duplicate to create it anyway)",
    )


def work_output(customer: Customer, terminal_id: str = "") -> dict[str, Any]:
    """One worklist line. `created_by` is the operator who created the customer here (the
    register's signed-in one, or `customers create --operator`): "" when none was (an
    unattributed command-line import), None when not recorded (stored before this was
    kept)."""
    return {
        "customer_id": customer.customer_id,
        "name": customer.display_name,
        "display_account": display_account(customer.account_number),
        "state": customer.state.value,
        "created_at": customer.created_at.isoformat() if customer.created_at else None,
        "created_by": customer.created_by,
        "created_by_name": customer.created_by_name or None,
        "terminal": terminal_id or None,
        "rejection_reason": customer.rejection_reason or None,
        "rejection_reasons": [r.to_json() for r in customer.rejection_details],
    }


def _creator_text(row: dict[str, Any]) -> str:
    if row["created_by"] is None:
        return "-"
    if not row["created_by"]:
        return "CLI"
    return safe_line(f"{row['created_by_name'] or ''} ({row['created_by']})".strip())


def cmd_customers_list(args: argparse.Namespace) -> int:
    """The worklist: customers still waiting for HQ, or refused by it with the reason;
    with async customer edits also the changes waiting for HQ, refused by it, or in
    conflict with a change HQ already had (`--state conflict`)."""
    if args.state == "conflict":
        return _list_conflicts(args)
    terminal = _terminal(args)
    try:
        services = terminal.services
        items = services.sync.worklist((SyncState(args.state),))
        customers = [services.customers.get(i.customer_id) for i in items]
        terminal_id = services.terminal_id
        if args.state == "pending":
            changes = [_change_output(i) for i in services.sync.changed_customers()]
        else:
            changes = [_issue_output(i) for i in services.edits.issues()
                       if i.kind == "rejected"]
    finally:
        terminal.close()
    rows = [work_output(c, terminal_id) for c in customers if c is not None]
    payload = {"state": args.state, "customers": rows, "changes": changes}

    def text() -> str:
        if not rows and not changes:
            return f"No {args.state} customers or changes."
        lines = []
        for r in rows:
            line = (f"{r['created_at'] or '-':<26} {r['customer_id']}  {safe_line(r['name'])}"
                    f"  [by {_creator_text(r)}]")
            if r["rejection_reason"]:
                line += f": {safe_line(r['rejection_reason'])}"
            lines.append(line)
        lines += [_change_line(c, args.state) for c in changes]
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def _made_by(operator_id: str, name: str) -> dict[str, Any]:
    return {"created_by": operator_id, "created_by_name": name or None}


def _change_output(item: Any) -> dict[str, Any]:
    """A customer HQ has, with changes made here it has not had yet (WorkItem)."""
    return {"customer_id": item.customer_id, "name": item.name,
            "created_at": item.created_at.isoformat() if item.created_at else None,
            **_made_by(item.created_by or "", item.created_by_name),
            "fields": list(item.changes)}


def _issue_output(issue: Any) -> dict[str, Any]:
    """A queued edit HQ refused, or one field of it in conflict (EditIssue)."""
    since = issue.since
    out: dict[str, Any] = {
        "customer_id": issue.customer_id, "name": issue.name,
        "created_at": since.isoformat() if hasattr(since, "isoformat") else since,
        **_made_by(issue.operator_id, issue.operator_name), "edit": issue.outbox_id}
    if issue.kind == "conflict":
        out.update(field=issue.field, hq=issue.hq, mine=issue.mine)
    else:
        out.update(fields=list(issue.fields), rejection_reason=issue.reason or None,
                   rejection_reasons=[r.to_json() for r in issue.details])
    return out


def _value(value: Any) -> str:
    return safe_line(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def _change_line(c: dict[str, Any], state: str) -> str:
    who = _creator_text(c)
    head = f"{c['created_at'] or '-':<26} {c['customer_id']}  {safe_line(c['name'])}"
    if state == "conflict":
        return (f"{head}  [by {who}] {c['field']}: HQ has {_value(c['hq'])}, "
                f"this terminal had {_value(c['mine'])}")
    if state == "pending":
        return f"{head}  [by {who}] change pending sync: {', '.join(c['fields'])}"
    return (f"{head}  [by {who}] change of {', '.join(c['fields'])} rejected: "
            f"{safe_line(c['rejection_reason'] or '-')}")


def _list_conflicts(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        conflicts = [_issue_output(i) for i in terminal.services.edits.issues()
                     if i.kind == "conflict"]
    finally:
        terminal.close()
    payload = {"state": "conflict", "conflicts": conflicts}

    def text() -> str:
        if not conflicts:
            return "No conflicts."
        lines = [_change_line(c, "conflict") for c in conflicts]
        lines.append("Choose a value: pos-desktop customers resolve-conflict ID FIELD "
                     "--keep-hq|--use-mine --operator OP")
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def cmd_customers_resolve_conflict(args: argparse.Namespace) -> int:
    """The worklist's "Keep HQ's value" / "Use mine" for one field of one customer."""
    if args.field not in EDITABLE:
        raise CliError(f"{args.field!r} is not a customer field that can be edited "
                       f"({', '.join(EDITABLE)})")
    terminal = _terminal(args)
    try:
        services = terminal.services
        operator, current = _acting_on(services, args)
        found = [i for i in services.edits.issues() if i.kind == "conflict"
                 and i.customer_id == current.customer_id and i.field == args.field]
        if not found:
            raise CliError(f"no conflict on {args.field} for customer {args.id!r} "
                           "(see 'customers list --state conflict')", code=EXIT_NOT_FOUND)
        services.sync.check_link()  # "use mine" is an edit: through HQ when it can
        # The newest of this terminal's values (edits queued one after another) is the
        # one to use; the older lines of the same field go with it.
        *older, newest = found
        for issue in older:
            services.edits.resolve_conflict(issue.outbox_id, args.field, use_mine=False,
                                            operator=operator)
        saved = services.edits.resolve_conflict(newest.outbox_id, args.field,
                                                use_mine=args.use_mine, operator=operator)
        pending = bool(saved and services.edits.pending_changes([saved.customer_id]))
    finally:
        terminal.close()
    result = saved or current
    payload = customer_output(result)
    payload["resolved"] = {"field": args.field, "kept": "mine" if args.use_mine else "hq",
                           "value": newest.mine if args.use_mine else newest.hq,
                           "change_pending_sync": pending}

    def text() -> str:
        value = _value(payload["resolved"]["value"])
        if not args.use_mine:
            return f"{safe_line(result.display_name)}: {args.field} keeps HQ's value {value}."
        where = "saved here, goes to HQ with the next sync" if pending else "saved at HQ"
        return f"{safe_line(result.display_name)}: {args.field} set to {value} ({where})."

    _print(args, payload, text)
    return 0


def cmd_customers_dismiss_change(args: argparse.Namespace) -> int:
    """The worklist's "Dismiss" for the changes of one customer HQ refused (HQ's data
    already shows): they leave the worklist."""
    terminal = _terminal(args)
    try:
        services = terminal.services
        operator, current = _acting_on(services, args)
        refused = [i for i in services.edits.issues() if i.kind == "rejected"
                   and i.customer_id == current.customer_id]
        if not refused:
            raise CliError(f"no change of customer {args.id!r} was rejected by HQ "
                           "(see 'customers list --state rejected')", code=EXIT_NOT_FOUND)
        for issue in refused:
            services.edits.dismiss_rejected(issue.outbox_id, operator=operator)
    finally:
        terminal.close()
    payload = {"customer_id": current.customer_id, "dismissed": len(refused)}
    _print(args, payload, lambda: (
        f"{safe_line(current.display_name)}: {len(refused)} rejected change(s) dismissed."))
    return 0


def _corrected(current: Customer, path: str | None) -> Customer:
    """The stored customer with the fields of the JSON file (if any) laid over it."""
    body = customer_to_json(current)
    if path:
        changes = _read_json_file(path)
        body.update({k: v for k, v in changes.items() if k != "customer_id"})
    try:
        corrected = draft_from_json(body)
    except (TypeError, ValueError, AttributeError) as exc:
        raise CliError(f"{path} does not hold customer fields: {exc}") from exc
    corrected.customer_id = current.customer_id
    corrected.account_number = current.account_number
    corrected.version = current.version
    corrected.state = current.state
    return corrected


def _acting_on(services: TerminalServices, args: argparse.Namespace) -> tuple[SignedIn, Customer]:
    """`--operator` (who acts, checked before what on) and the customer `args.id` names."""
    operator = services.operators.acting(args.operator)
    current = services.customers.get(args.id)
    if current is None:
        raise CliError(f"no customer with id or account number {args.id!r}", code=1)
    return operator, current


def _change(args: argparse.Namespace, action: str) -> int:
    """customers edit / resubmit: the details page's EditService, the same rules."""
    terminal = _terminal(args)
    try:
        services = terminal.services
        operator, current = _acting_on(services, args)
        corrected = _corrected(current, args.file)
        if action == "edit":
            services.sync.check_link()
            saved = services.edits.edit(corrected, operator=operator)
        else:
            saved = services.edits.resubmit(corrected, operator=operator)
    finally:
        terminal.close()
    payload = customer_output(saved)
    _print(args, payload, lambda: (
        f"{safe_line(saved.display_name)}: {payload['display_account']} ({saved.state.value})"
    ))
    return 0


def cmd_customers_edit(args: argparse.Namespace) -> int:
    if not args.file:
        raise CliError("customers edit needs a JSON file: customers edit ID --json FILE")
    return _change(args, "edit")


def cmd_customers_resubmit(args: argparse.Namespace) -> int:
    return _change(args, "resubmit")


def cmd_customers_search(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        results = terminal.services.customers.search(args.text)
    finally:
        terminal.close()
    payload = {"results": [summary_output(r) for r in results]}

    def text() -> str:
        if not results:
            return "No customers found."
        return "\n".join(
            f"{display_account(r.account_number):<14} {safe_line(r.name):<30} "
            f"{safe_line(r.phone):<16} {safe_line(r.city)}"
            for r in results
        )

    _print(args, payload, text)
    return 0


def cmd_customers_show(args: argparse.Namespace) -> int:
    terminal = _terminal(args)
    try:
        customer = terminal.services.customers.get(args.id)
    finally:
        terminal.close()
    if customer is None:
        raise CliError(f"no customer with id or account number {args.id!r}", code=1)
    payload = customer_output(customer)

    def text() -> str:
        lines = [
            f"{safe_line(customer.display_name)}",
            f"account: {safe_line(payload['display_account'])}",
            f"state: {customer.state.value}",
        ]
        if customer.rejection_reason:
            lines.append(f"rejected: {safe_line(customer.rejection_reason)}")
        for key in ("email", "phone"):
            if payload[key]:
                lines.append(f"{key}: {safe_line(payload[key])}")
        for address in customer.addresses:
            purpose = address.purpose.value if address.purpose else "-"
            primary = ", primary" if address.is_primary else ""
            lines.append(
                f"address ({purpose}{primary}): " + safe_line(
                    f"{address.street}, {address.zip} {address.city}, {address.country}")
            )
        return "\n".join(lines)

    _print(args, payload, text)
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    """The change-feed records this terminal could not apply, newest first."""
    terminal = _terminal(args)
    try:
        status = terminal.services.sync
        records = status.quarantined()
        total = status.counts().quarantined
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
    if payload.get("sync_error"):
        # The salvage stands (reported above); HQ's data is not back: not a success.
        message = ("recovery incomplete: HQ's data was not downloaded again: "
                   f"{payload['sync_error']}")
        print(f"pos-desktop: error: {safe_line(message)}", file=sys.stderr)
        return _DOMAIN_EXIT.get(str(payload.get("sync_error_code")), EXIT_HQ_UNREACHABLE)
    return 0


def cmd_maintenance_compact(args: argparse.Namespace) -> int:
    """VACUUM the terminal database (register closed): its size before and after."""
    terminal = _terminal(args)
    try:
        done = terminal.services.maintenance.compact_now()
    finally:
        terminal.close()
    payload = done.as_dict()

    def text() -> str:
        saved = done.before_bytes - done.after_bytes
        line = (f"Compacted {payload['path']}: {done.before_bytes / 2**20:,.1f} MiB -> "
                f"{done.after_bytes / 2**20:,.1f} MiB ({saved / 2**20:,.1f} MiB given back) "
                f"in {payload['seconds']:.1f} s.")
        if payload["auto_vacuum"] == "incremental":
            line += " Space freed from now on goes back by itself (auto_vacuum incremental)."
        return line

    _print(args, payload, text)
    return 0


def cmd_self_check(args: argparse.Namespace) -> int:
    from pos_desktop import selfcheck

    if args.probe_qt:
        return selfcheck.probe_qt()
    body = selfcheck.report(data_dir(args.data_dir))
    _print(args, body, lambda: selfcheck.format_report(body))
    return 0 if body["ok"] else 1


def cmd_gui(args: argparse.Namespace) -> int:
    from pos_desktop.launch import run_gui

    return run_gui(data_dir(args.data_dir), demo=args.demo, fullscreen=args.fullscreen)


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from pos_desktop.desktop_entry import install_desktop_entry

    payload = install_desktop_entry(fullscreen=args.fullscreen, data_dir=args.data_dir)
    _print(args, payload, lambda: f"Installed {payload['desktop_file']} and "
           f"{payload['icon']}; the menu entry runs: {payload['exec']}")
    return 0


# Commands that write the terminal database or sync it: never while the register runs
# (one writer, one sync thread per database). Reading commands run alongside it.
LOCKED_COMMANDS = frozenset({"activate", "sync", "recover", "maintenance compact",
                             "customers create",
                             "customers edit", "customers resubmit",
                             "customers resolve-conflict", "customers dismiss-change"})


def _lock_data_dir(args: argparse.Namespace) -> Any:
    """The data dir's lock for the commands above (None for the others)."""
    command = " ".join(filter(None, (args.command, getattr(args, "customers_command", None),
                                     getattr(args, "maintenance_command", None))))
    if command not in LOCKED_COMMANDS:
        return None
    from pos_desktop.instance import DataDirInUse, DataDirLock

    lock = DataDirLock(data_dir(args.data_dir))
    try:
        lock.acquire(create=command == "activate")
    except DataDirInUse as exc:
        raise CliError(
            f"the register is running on {exc.folder}, in {exc.holder}: close it, then run "
            f"'pos-desktop {command}' again", EXIT_IN_USE) from exc
    return lock


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
        epilog="exit codes:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[top],
    )
    parser.add_argument(
        "--demo", action="store_true", help="start a local demo HQ and a terminal activated on it"
    )
    parser.add_argument("--fullscreen", action="store_true",
                        help="start full screen without window decorations (kiosk)")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_terminal_commands(sub, common)
    _add_customers_commands(sub, common)
    return parser


def _add_terminal_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                           common: argparse.ArgumentParser) -> None:
    """activate, status, sync, quarantine, recover, self-check."""
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
    _add_maintenance_commands(sub, common)

    p = sub.add_parser("install-desktop", parents=[common],
                       help="Linux: add the register to the desktop's menu (.desktop file, icon)")
    p.add_argument("--fullscreen", action="store_true",
                   help="the menu entry starts the register full screen (kiosk)")
    p.set_defaults(func=cmd_install_desktop)


def _add_maintenance_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                              common: argparse.ArgumentParser) -> None:
    """maintenance compact."""
    maintenance = sub.add_parser("maintenance", help="database housekeeping for IT")
    msub = maintenance.add_subparsers(dest="maintenance_command", metavar="ACTION",
                                      required=True)
    p = msub.add_parser("compact", parents=[common],
                        help="give the database's free pages back to the disk (VACUUM; "
                        "register closed; needs about twice the data's size free)")
    p.set_defaults(func=cmd_maintenance_compact)


OPERATOR_HELP = ("the operator (id, as at sign-in) who makes the change: its role's "
                 "permissions in the store apply, here and at HQ")


def _add_customers_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                            common: argparse.ArgumentParser) -> None:
    """customers create | list | edit | resubmit | resolve-conflict | dismiss-change |
    search | show."""
    customers = sub.add_parser("customers", help="create, list, edit, resubmit, "
                                                 "resolve-conflict, dismiss-change, search, "
                                                 "show")
    csub = customers.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    p = csub.add_parser("create", parents=[common], help="create a customer from a JSON file")
    p.add_argument("file", nargs="?", help="customer JSON file ('-' for stdin)")
    p.add_argument("--from", dest="file_opt", metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument("--allow-duplicate", action="store_true",
                   help="create it even if likely duplicates exist")
    p.add_argument("--operator", metavar="ID",
                   help="create it as this operator of the store (its role's permissions "
                        "apply, here and at HQ); without it: an unattributed import")
    p.set_defaults(func=cmd_customers_create)
    _add_worklist_commands(csub, common)
    p = csub.add_parser("edit", parents=[common], help="edit a customer through HQ")
    p.add_argument("id", help="customer_id or account number")
    p.add_argument("file", nargs="?", help="JSON file with the fields to change ('-': stdin)")
    p.add_argument("--operator", metavar="ID", required=True, help=OPERATOR_HELP)
    p.set_defaults(func=cmd_customers_edit)
    p = csub.add_parser("resubmit", parents=[common],
                        help="resubmit a rejected customer, corrected from a JSON file")
    p.add_argument("id", help="customer_id or account number")
    p.add_argument("file", nargs="?", help="JSON file with the corrected fields ('-': stdin)")
    p.add_argument("--operator", metavar="ID", required=True, help=OPERATOR_HELP)
    p.set_defaults(func=cmd_customers_resubmit)
    p = csub.add_parser("search", parents=[common], help="search the offline customers")
    p.add_argument("text")
    p.set_defaults(func=cmd_customers_search)
    p = csub.add_parser("show", parents=[common], help="show one customer")
    p.add_argument("id", help="customer_id or account number")
    p.set_defaults(func=cmd_customers_show)


def _add_worklist_commands(csub: argparse._SubParsersAction[argparse.ArgumentParser],
                           common: argparse.ArgumentParser) -> None:
    """customers list | resolve-conflict | dismiss-change: the sync worklist."""
    p = csub.add_parser("list", parents=[common],
                        help="the worklist: pending or rejected customers and changes, "
                             "or conflicts")
    p.add_argument("--state", choices=("pending", "rejected", "conflict"), required=True,
                   help="pending: waiting for HQ; rejected: refused by HQ, with its "
                        "reason; conflict: fields HQ had also changed (choose with "
                        "resolve-conflict)")
    p.set_defaults(func=cmd_customers_list)
    p = csub.add_parser("resolve-conflict", parents=[common],
                        help="choose the value of a field in conflict: HQ's or this "
                             "terminal's")
    p.add_argument("id", help="customer_id or account number")
    p.add_argument("field", help="the field in conflict, as 'customers list --state "
                                 "conflict' names it (e.g. first_name)")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep-hq", action="store_true", help="keep HQ's value")
    choice.add_argument("--use-mine", action="store_true",
                        help="use this terminal's value (an ordinary edit)")
    p.add_argument("--operator", metavar="ID", required=True, help=OPERATOR_HELP)
    p.set_defaults(func=cmd_customers_resolve_conflict)
    p = csub.add_parser("dismiss-change", parents=[common],
                        help="clear a customer's changes HQ rejected from the worklist")
    p.add_argument("id", help="customer_id or account number")
    p.add_argument("--operator", metavar="ID", required=True, help=OPERATOR_HELP)
    p.set_defaults(func=cmd_customers_dismiss_change)


def _normalise_create_args(argv: list[str]) -> list[str]:
    """`customers create|edit|resubmit --json FILE` (DESIGN.md): --json names the input."""
    action = next((a for a in ("create", "edit", "resubmit") if a in argv), None)
    if len(argv) >= 2 and "customers" in argv and action:
        out = list(argv)
        i = out.index(action)
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
    # The database, its backups and the log: 0600 files in 0700 folders (POSIX).
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        return _run(args)
    except BrokenPipeError:
        return _broken_pipe()
    finally:
        if old_umask is not None:
            os.umask(old_umask)


def _run(args: argparse.Namespace) -> int:
    from pos_desktop.logs import setup_logging

    setup_logging(console=False)
    lock = None
    try:
        lock = _lock_data_dir(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        raise
    except ValidationFailed as exc:
        details = "; ".join(
            f"{e.field}: {e.message}"
            + (f" ({e.params['codepoint']})" if "codepoint" in e.params else "")
            for e in exc.errors
        )
        _fail(args, f"invalid customer: {details}", exc.key, [e.__dict__ for e in exc.errors])
        return EXIT_INVALID
    except DomainError as exc:
        about = exc.params.get("customer_id")
        _fail(args, exc.message + (f" (customer_id {about})" if about else ""), exc.key)
        return _DOMAIN_EXIT.get(exc.key, EXIT_INVALID)
    except CliError as exc:
        _fail(args, str(exc), "cli.error")
        return exc.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # storage trouble has its own line; anything else is a bug
        storage = _storage_error(exc, data_dir(getattr(args, "data_dir", None)))
        if storage is not None:
            log.warning("storage error: %s", storage.key)
            _fail(args, str(storage), storage.key)
            return storage.code
        log.exception("unexpected error")
        _fail(args, f"unexpected error ({type(exc).__name__}); see the log for details", "bug")
        return EXIT_BUG
    finally:
        if lock is not None:
            lock.release()


class StorageError(CliError):
    def __init__(self, message: str, code: int, key: str) -> None:
        super().__init__(message, code)
        self.key = key


_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _storage_error(exc: BaseException, folder: Path) -> StorageError | None:
    """A read-only data folder or a full disk, wherever in the chain it shows."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(getattr(current, "orig", None) or current).lower()
        number = getattr(current, "errno", None) if isinstance(current, OSError) else None
        full = number in _FULL_ERRNOS or "disk is full" in text or (
            # SQLite reports a WAL or journal it cannot grow as an I/O error.
            ("disk i/o error" in text or number == errno.EIO) and _nearly_full(folder))
        if full:
            return StorageError(
                f"the disk holding {folder} is full: free some space, then try again",
                EXIT_DISK_FULL, "storage.full")
        if number in _READ_ONLY_ERRNOS or any(
            marker in text for marker in ("readonly database", "read-only",
                                          "unable to open database file")
        ):
            return StorageError(
                f"the data folder {folder} cannot be written (read-only or no permission)",
                EXIT_READ_ONLY, "storage.read_only")
        current = current.__cause__ or current.__context__
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _broken_pipe() -> int:
    """The reader went away (`| head`): say nothing, exit like a process killed by SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests): nothing more to write to it
    return EXIT_BROKEN_PIPE


def _fail(args: argparse.Namespace, message: str, key: str, fields: Any = None) -> None:
    if getattr(args, "json", False):
        error: dict[str, Any] = {"code": key, "message": message}
        if fields:
            error["fields"] = fields
        try:
            print(json_text({"error": error}))
        except BrokenPipeError:
            _broken_pipe()
    print(f"pos-desktop: error: {safe_line(message)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
