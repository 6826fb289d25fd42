"""Offline sign-in against salted PBKDF2 hashes (services/operators.py, no Qt)."""

from __future__ import annotations

import pytest

from hq_stub.demo import hash_password
from pos_desktop.domain.codec import store_from_json
from pos_desktop.services.operators import OperatorService, SignInFailed
from tests.sample_store import store_json


def _service(**extra):  # type: ignore[no-untyped-def]
    operators = [
        {"operator_id": "1001", "name": "Cashier", "role": "cashier",
         **hash_password("1234", iterations=20_000)},
        {"operator_id": "2001", "name": "Manager", "role": "manager",
         **hash_password("5678", iterations=20_000)},
        {"operator_id": "3001", "name": "Weak", "role": "manager",
         **hash_password("0000", iterations=1)},
        {"operator_id": "4001", "name": "Nobody", "role": "admin",
         **hash_password("0000", iterations=20_000)},
    ]
    config = store_from_json(store_json(operators=operators, **extra))
    return OperatorService(lambda: config)


def test_cashier_and_manager_sign_in_with_their_roles() -> None:
    service = _service()
    cashier = service.sign_in("1001", "1234")
    manager = service.sign_in(" 2001 ", "5678")
    assert (cashier.role, cashier.is_manager) == ("cashier", False)
    assert (manager.role, manager.is_manager, manager.name) == ("manager", True, "Manager")


@pytest.mark.parametrize(
    ("operator_id", "password"),
    [("1001", "5678"), ("2001", ""), ("9999", "1234"), ("", ""), ("3001", "0000"),
     ("4001", "0000")],
)
def test_wrong_unknown_weak_or_roleless_operators_are_refused(operator_id, password) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SignInFailed) as info:
        _service().sign_in(operator_id, password)
    assert info.value.message == "Wrong operator ID or password."
