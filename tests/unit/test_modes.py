"""The creation-mode table of DESIGN.md §1, row by row."""

from __future__ import annotations

import pytest

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.modes import CreationMode, decide_creation_mode, explain_mode
from tests.sample_store import store_json


def _store(*, create_async: bool, filtered: bool):
    return store_from_json(
        store_json(
            functionality_profile__create_customer_async=create_async,
            channel_db_group__filter_shared_customer_data_tables=filtered,
        )
    )


@pytest.mark.parametrize(
    ("link_up", "create_async", "filtered", "mode"),
    [
        (True, False, False, CreationMode.SYNC),
        (True, False, True, CreationMode.SYNC),
        (True, True, False, CreationMode.ASYNC),
        (True, True, True, CreationMode.ASYNC),
        (False, False, False, CreationMode.FORCED_ASYNC),
        (False, True, False, CreationMode.FORCED_ASYNC),
        (False, False, True, CreationMode.BLOCKED),
        (False, True, True, CreationMode.BLOCKED),
    ],
)
def test_creation_mode_table(link_up, create_async, filtered, mode):
    store = _store(create_async=create_async, filtered=filtered)
    assert decide_creation_mode(link_up, store) is mode


@pytest.mark.parametrize(
    ("mode", "is_async"),
    [
        (CreationMode.SYNC, False),
        (CreationMode.ASYNC, True),
        (CreationMode.FORCED_ASYNC, True),
        (CreationMode.BLOCKED, False),
    ],
)
def test_which_modes_save_async(mode, is_async):
    assert mode.is_async is is_async


def test_every_mode_has_its_own_stable_key_and_an_explanation():
    keys = set()
    for mode in CreationMode:
        key, text = explain_mode(mode)
        assert key == f"mode.{mode.value}"
        assert text
        keys.add(key)
    assert len(keys) == len(CreationMode)


def test_forced_async_and_blocked_explanations_say_hq_is_offline():
    assert "offline" in explain_mode(CreationMode.FORCED_ASYNC)[1]
    assert "Pending sync" in explain_mode(CreationMode.FORCED_ASYNC)[1]
    assert "cannot be created" in explain_mode(CreationMode.BLOCKED)[1]
