"""`pos-desktop recover`: salvage the damaged database, then download HQ's data again.

The database work is `pos_desktop.offline.recover`; this adds what needs HQ: the store
configuration (when it could not be salvaged) and the first sync of the fresh database,
which uploads the re-queued pending customers and re-populates HQ's customers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pos_desktop.domain.errors import DomainError
from pos_desktop.offline.health import read_marker
from pos_desktop.offline.recover import recover
from pos_desktop.services.ports import HQRejected, HQUnreachable

log = logging.getLogger(__name__)


def _config_from_hq(terminal: Any, marker: dict[str, Any]) -> tuple[str, str] | None:
    """Fetch and save the store configuration; (error key, reason) when it cannot be done."""
    from pos_desktop.credentials import load_token
    from pos_desktop.sync.client import HQClient

    hq_url, install_id = marker.get("hq_url"), marker.get("install_id")
    if not hq_url or not install_id:
        return ("terminal.not_activated",
                "the store configuration was lost: activate the terminal again")
    token = load_token(str(install_id))
    if not token:
        return ("token.missing", "the store configuration was lost and the device token is "
                "not in the keyring: activate the terminal again")  # fmt: skip
    client = HQClient(str(hq_url), token, ca_bundle=terminal.ca_bundle)
    try:
        config = client.store()
    except (HQUnreachable, HQRejected) as exc:
        key = (getattr(exc, "key", "hq.refused") if isinstance(exc, HQRejected)
               else "hq.unreachable")  # fmt: skip
        return key, f"the store configuration could not be fetched from {hq_url} ({exc})"
    finally:
        client.close()
    terminal.parts.store.save_store_config(
        config, hq_url=str(hq_url), terminal_id=str(marker.get("terminal_id") or "")
    )
    return None


def recover_terminal(data_dir: Path, *, force: bool = False) -> dict[str, Any]:
    """Recover, then sync once. Raises offline.recover.NothingToRecover. When HQ's part
    failed, `sync_error` says why and `sync_error_code` is the DomainError key (the
    command's exit code): the local salvage stands, the download is still to do."""
    from pos_desktop.terminal import Terminal

    marker = read_marker(data_dir) or {}
    report = recover(data_dir, force=force).as_dict()
    report.update({"repopulated": None, "uploaded": None, "sync_error": None,
                   "sync_error_code": None})
    terminal = Terminal(data_dir)
    try:
        if not terminal.is_activated:
            failed = _config_from_hq(terminal, marker)
            if failed is None:
                terminal.close()
                terminal = Terminal(data_dir)
            else:
                report["sync_error_code"], report["sync_error"] = failed
        if report["sync_error"] is None:
            try:
                sync = terminal.sync_once()
            except DomainError as exc:
                report["sync_error_code"] = exc.key
                report["sync_error"] = f"{exc.message} Run 'pos-desktop sync --once' later."
            else:
                report["repopulated"] = sync.pulled
                report["uploaded"] = sync.uploaded
        counts = terminal.parts.store.count_by_state()
        report["pending"] = counts.get("pending", 0)
        report["rejected"] = counts.get("rejected", 0)
        report["customers"] = sum(counts.values())
    finally:
        terminal.close()
    return report


def format_report(report: dict[str, Any]) -> str:
    saved = report.get("saved") or {}
    lines = [
        f"Moved the damaged database to {report['damaged_file']}."
        if report.get("damaged_file") else "There was no database file to move aside.",
        f"Salvaged ({report['method']}): {saved.get('pending', 0)} pending and "
        f"{saved.get('rejected', 0)} rejected customers, {saved.get('outbox', 0)} queued "
        "uploads.",
    ]
    for problem in report.get("not_saved") or []:
        lines.append(f"Not saved: {problem}")
    if report.get("sync_error"):
        lines.append(f"Not re-populated yet: {report['sync_error']}")
    else:
        lines.append(
            f"Re-populated from HQ: {report['repopulated']} customers downloaded, "
            f"{report['uploaded']} pending customers uploaded again (same ids)."
        )
    return "\n".join(lines)
