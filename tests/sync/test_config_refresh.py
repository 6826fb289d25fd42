"""Issue 12: a terminal decides its creation mode by HQ's configuration as it is now.

With the link up, a create first checks the cached store configuration against HQ with
an ETag (HQ answers 304 while it is current), on the CLI's path and the dialog's alike.
"""

from __future__ import annotations

import json

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.modes import CreationMode
from pos_desktop.sync.engine import CONFIG_ETAG_KEY
from pos_desktop.terminal import Terminal
from tests.support.terminals import PERSON, activate, person, run_cli


def test_cli_create_after_hq_switched_the_store_to_async_creates_async(
    hq, tmp_path, capsys
) -> None:
    data_dir = tmp_path / "t"
    terminal = activate(hq, data_dir, "T9")
    try:
        store_id = terminal.store_config().store_id
        assert not terminal.store_config().create_customer_async
    finally:
        terminal.close()
    draft = tmp_path / "giulia.json"
    draft.write_text(json.dumps(PERSON), encoding="utf-8")

    code, body, err = run_cli(capsys, "customers", "create", "--json", str(draft),
                              "--data-dir", str(data_dir))
    assert (code, err) == (0, "") and body is not None
    assert body["mode"] == "sync" and body["account_number"]

    hq.admin.patch_store(store_id, create_customer_async=True)  # no sync in between
    draft.write_text(json.dumps(person("Marta", "Neri")), encoding="utf-8")
    code, body, err = run_cli(capsys, "customers", "create", "--json", str(draft),
                              "--data-dir", str(data_dir))
    assert (code, err) == (0, "") and body is not None
    assert body["mode"] == "async" and body["account_number"] is None


def test_the_service_checks_the_configuration_cheaply_before_each_create(hq, tmp_path) -> None:
    terminal = activate(hq, tmp_path / "t", "T10")
    try:
        terminal.parts.link.check_now()
        customers = terminal.services.customers
        first = customers.create_customer(customer_from_json(person("Ada", "Uno")))
        assert first.mode is CreationMode.SYNC
        etag = terminal.parts.store.get_state(CONFIG_ETAG_KEY)
        assert etag  # HQ's ETag of the cached configuration
        answers: list[int] = []
        terminal.parts.client.session.hooks["response"].append(
            lambda r, *a, **k: answers.append(r.status_code) if r.url.endswith("/store")
            else None)
        second = customers.create_customer(customer_from_json(person("Bea", "Due")))
        assert second.mode is CreationMode.SYNC
        assert answers == [304]  # unchanged: no body sent

        hq.admin.patch_store(terminal.store_config().store_id, create_customer_async=True)
        third = customers.create_customer(customer_from_json(person("Cleo", "Tre")))
        assert third.mode is CreationMode.ASYNC
        assert answers == [304, 200]
        assert terminal.store_config().create_customer_async
        assert terminal.parts.store.get_state(CONFIG_ETAG_KEY) != etag
    finally:
        terminal.close()


def test_a_restarted_terminal_without_an_etag_fetches_the_configuration(hq, tmp_path) -> None:
    terminal = activate(hq, tmp_path / "t", "T11")
    terminal.close()
    terminal = Terminal(tmp_path / "t")
    try:
        terminal.parts.link.check_now()
        hq.admin.patch_store(terminal.store_config().store_id, create_customer_async=True)
        result = terminal.services.customers.create_customer(
            customer_from_json(person("Dora", "Quattro")))
        assert result.mode is CreationMode.ASYNC
    finally:
        terminal.close()
