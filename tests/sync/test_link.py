"""The link monitor: Online/Offline, failures, a manager's Disconnect/Connect."""

from __future__ import annotations

import json

from pos_desktop.sync.link import LinkMonitor


def test_connect_after_disconnect_tells_listeners_the_link_is_back() -> None:
    healthy = [True]
    link = LinkMonitor(lambda: healthy[0])
    seen: list[bool] = []
    link.subscribe(seen.append)
    assert link.check_now() is True
    link.set_forced_offline(True)
    assert not link.is_up
    link.check_now()  # HQ answers, but the terminal stays offline by hand
    assert not link.is_up
    link.set_forced_offline(False)
    assert link.is_up
    assert seen == [True, False, True]


def test_a_failed_call_flips_offline_at_once_and_a_good_check_flips_back() -> None:
    healthy = [True]
    link = LinkMonitor(lambda: healthy[0])
    seen: list[bool] = []
    link.subscribe(seen.append)
    link.check_now()
    link.report_failure(OSError("connection reset"))
    assert not link.is_up
    healthy[0] = False
    assert link.check_now() is False
    healthy[0] = True
    assert link.check_now() is True
    assert seen == [True, False, True]
    assert link.last_contact is not None


def test_unsubscribed_views_hear_nothing_more() -> None:
    link = LinkMonitor(lambda: True)
    seen: list[bool] = []
    unsubscribe = link.subscribe(seen.append)
    link.check_now()
    unsubscribe()
    link.report_failure()
    assert seen == [True]


def test_the_first_good_cycle_after_a_failed_one_says_so(hq, tmp_path) -> None:
    """A failed cycle may have committed part of its work; its report is lost, so the
    next good one tells the screens to read again (ui/context.py)."""
    from tests.support.terminals import activate

    terminal = activate(hq, tmp_path / "t", "T7")
    try:
        terminal.parts.link.check_now()
        assert terminal.parts.worker.run_cycle().after_failure is False
        hq.kill()
        assert terminal.parts.worker.run_cycle() is None  # HQ unreachable
        hq.restart()
        terminal.parts.link.check_now()
        report = terminal.parts.worker.run_cycle()
        assert report is not None and report.after_failure and report.changed_anything
        assert terminal.parts.worker.run_cycle().after_failure is False
    finally:
        terminal.close()


def test_a_manual_disconnect_lasts_across_a_restart_until_connect(hq, tmp_path, capsys) -> None:
    """Issue 12: Disconnect is kept in the terminal's offline store; a restarted register
    (and the CLI) stays offline, creates async, until a manager's Connect."""
    from pos_desktop.terminal import Terminal
    from tests.support.terminals import PERSON, activate, run_cli

    data_dir = tmp_path / "t"
    terminal = activate(hq, data_dir, "T8")
    try:
        assert terminal.services.sync.check_link()
        manager = terminal.services.operators.acting("2001")
        terminal.services.sync.set_forced_offline(True, operator=manager)
    finally:
        terminal.close()

    terminal = Terminal(data_dir)
    try:
        assert terminal.services.sync.forced_offline
        assert not terminal.services.sync.check_link()  # HQ is up, the terminal is not
    finally:
        terminal.close()
    draft = tmp_path / "giulia.json"
    draft.write_text(json.dumps(PERSON), encoding="utf-8")
    code, body, err = run_cli(capsys, "customers", "create", "--json", str(draft),
                              "--data-dir", str(data_dir))
    assert (code, err) == (0, "") and body is not None
    assert body["mode"] == "forced_async" and body["account_number"] is None

    terminal = Terminal(data_dir)
    try:
        manager = terminal.services.operators.acting("2001")
        terminal.services.sync.set_forced_offline(False, operator=manager)  # Connect
    finally:
        terminal.close()
    terminal = Terminal(data_dir)
    try:
        assert not terminal.services.sync.forced_offline
        assert terminal.services.sync.check_link()
    finally:
        terminal.close()
