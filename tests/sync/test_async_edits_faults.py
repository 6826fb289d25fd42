"""Exactly once for field-level edits (issue 15): `pos-desktop sync --once` SIGKILLed at
random points while it uploads queued edits. Nothing lost (HQ ends with every last
value), nothing applied twice (HQ's version counts each edit once; an address added
offline in each trial is there once). 3 trials by default;
POS_EDIT_KILL_TRIALS=25 for more."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from pos_desktop.domain.codec import customer_from_json
from pos_desktop.domain.customer import Address
from pos_desktop.services.operators import SignedIn
from pos_desktop.terminal import Terminal
from tests.support.fault_proxy import FaultProxy
from tests.support.terminals import person, store_of
from tests.sync.test_faults import _proxied_terminal, _sync_killed_at
from tests.sync.test_faults import proxy as proxy  # the fixture

EDIT = b"/edits HTTP"
CASHIER = SignedIn("1001", "Sara Ricci", "cashier")
ADDED = 10  # trials that also add an address (a customer takes at most 20)


@pytest.mark.slow
def test_terminal_sigkilled_while_uploading_edits(hq, proxy: FaultProxy, tmp_path: Path) -> None:
    trials = int(os.environ.get("POS_EDIT_KILL_TRIALS", "3"))
    hq.admin.patch_store(store_of(hq), async_customer_edits=True)
    data_dir = tmp_path / "victim"
    terminal = _proxied_terminal(hq, proxy, data_dir, "T7")
    terminal.parts.link.check_now()
    ids = [terminal.customers.create_customer(customer_from_json(person("Kill", f"E{i}")))
           .customer.customer_id for i in range(3)]
    edits = dict.fromkeys(ids, 0)
    last: dict[str, str] = {}
    env = {**os.environ, "POS_DESKTOP_DATA_DIR": str(data_dir)}
    chance = random.Random(15)
    for trial in range(trials):
        terminal.parts.link.set_forced_offline(True)
        made = 0
        for round_ in range(2):
            for cid in ids:
                mine = terminal.parts.store.get_customer(cid)
                mine.last_name = f"T{trial}r{round_}"
                terminal.edits.edit(mine, operator=CASHIER)
                edits[cid] += 1
                last[cid] = mine.last_name
                made += 1
        if trial < ADDED:  # an address added offline: never added twice, never lost
            mine = terminal.parts.store.get_customer(ids[0])
            mine.addresses.append(Address(street=f"Via Kill {trial}", city="Milano",
                                          zip="20121", country="IT"))
            terminal.edits.edit(mine, operator=CASHIER)
            edits[ids[0]] += 1
            made += 1
        terminal.parts.link.set_forced_offline(False)
        nth = chance.randint(1, made)
        point = ("answer", "request")[trial % 2]  # HQ answered unheard / half a request
        _sync_killed_at(proxy, env, EDIT, nth, point)
    terminal.close()
    terminal = Terminal(data_dir)
    try:
        terminal.parts.link.check_now()
        for _ in range(3):
            assert terminal.parts.worker.run_cycle() is not None
        assert terminal.parts.store.edits_pending_for(ids) == set()
        assert terminal.edits.conflicts() == []
        for cid in ids:
            at_hq = terminal.parts.client.get_customer(cid)
            assert at_hq["last_name"] == last[cid], "an edit was lost"
            assert at_hq["version"] == 1 + edits[cid], "an edit was applied twice (or lost)"
            assert terminal.parts.store.get_customer(cid).last_name == last[cid]
        streets = [a["street"] for a in terminal.parts.client.get_customer(ids[0])["addresses"]]
        added = min(trials, ADDED)
        assert sorted(streets[1:]) == sorted(f"Via Kill {t}" for t in range(added))
        assert len(terminal.parts.store.get_customer(ids[0]).addresses) == 1 + added
    finally:
        terminal.close()
        hq.admin.patch_store(store_of(hq), async_customer_edits=False)
