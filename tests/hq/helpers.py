"""Helpers for the HQ service tests (imported by conftest and the tests)."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from hq_stub.process import HQProcess
from tests.support.hq import ADMIN_TOKEN as ADMIN_TOKEN  # the one admin token of the tests


class Api:
    """requests.Session bound to an HQ URL and a bearer token."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.token = token

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", 30)
        return self.session.request(method, self.url + path, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def patch(self, path: str, *, operator: str | None = "1001", **kw: Any) -> requests.Response:
        """A PATCH names the signed-in operator (HQ checks its role's permissions): by
        default the demo cashier 1001, whom the default permissions let edit."""
        if operator is not None:
            kw["headers"] = {"X-Operator-Id": operator, **(kw.get("headers") or {})}
        return self.request("PATCH", path, **kw)

    def create(self, customer: dict[str, Any]) -> requests.Response:
        return self.post("/api/v1/customers", json=customer,
                         headers={"Idempotency-Key": customer["customer_id"]})

    def upload(self, *customers: dict[str, Any]) -> dict[str, Any]:
        r = self.post("/api/v1/async-customers", json={"customers": list(customers)})
        assert r.status_code == 200, r.text
        return r.json()

    def status(self, customer_id: str) -> dict[str, Any]:
        r = self.get(f"/api/v1/async-customers/{customer_id}")
        assert r.status_code == 200, r.text
        return r.json()

    def all_changes(self, after: str | None = None, limit: int = 500
                    ) -> tuple[list[dict[str, Any]], str]:
        out: list[dict[str, Any]] = []
        while True:
            params = {"limit": limit, **({"after": after} if after is not None else {})}
            r = self.get("/api/v1/customers/changes", params=params)
            assert r.status_code == 200, r.text
            body = r.json()
            out.extend(body["changes"])
            after = body["next"]
            if not body["has_more"]:
                return out, after


def activate(hq: HQProcess, store_id: str, terminal_id: str | None = None) -> Api:
    terminal_id = terminal_id or f"T-{uuid.uuid4().hex[:8]}"
    code = hq.admin.create_activation_code(store_id, terminal_id)
    r = requests.post(f"{hq.url}/api/v1/devices/activate",
                      json={"activation_code": code["activation_code"],
                            "terminal_id": terminal_id}, timeout=10)
    assert r.status_code == 200, r.text
    return Api(hq.url, r.json()["device_token"])


def new_customer(**overrides: Any) -> dict[str, Any]:
    """A valid customer for the Milan demo store."""
    n = uuid.uuid4().hex[:10]
    customer = {
        "customer_id": str(uuid.uuid4()),
        "customer_type": "person",
        "first_name": "Giulia",
        "last_name": f"Test{n}",
        "email": f"giulia.{n}@example.com",
        "phone": "+39 02 1234 5678",
        "customer_group": "RETAIL",
        "currency": "EUR",
        "language": "it",
        "receipt_option": "print",
        "attributes": {"segment": "gold"},
        "addresses": [{"address_id": str(uuid.uuid4()), "street": "Via Roma 1",
                       "city": "Milano", "zip": "20121", "country": "IT"}],
    }
    customer.update(overrides)
    return customer
