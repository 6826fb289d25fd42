"""HTTP client of the HQ API (../shared/HQ_API.md).

Connect and read timeouts on every call, keep-alive through one Session, TLS verified
(with an optional CA bundle). requests' default adapter retries nothing, so a call that
is not idempotent is never sent twice behind the caller's back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from pos_desktop.domain.field_edits import edit_parts
from pos_desktop.services.ports import (
    TOKEN_MISSING_MESSAGE,
    DeviceNotAuthorized,
    HQRejected,
    HQUnreachable,
)
from pos_desktop.sync.feed_parse import FeedPageUnreadable, parse_feed_page

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 15.0


class HQClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        ca_bundle: str | None = None,
        token_source: Callable[[], str | None] | None = None,
    ) -> None:
        """`token_source` (instead of `token`): asked once, at the first use of `token`."""
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._token_source = token_source
        self._token_lock = threading.Lock()
        self.timeout = (connect_timeout, read_timeout)
        self._ca_bundle = ca_bundle
        self._session: requests.Session | None = None
        self._session_lock = threading.Lock()
        # What a device call without a token raises instead of asking HQ (the terminal
        # says why: no keyring entry, no usable keyring); and who hears of a 401.
        self.missing_token: Callable[[], DeviceNotAuthorized] = lambda: DeviceNotAuthorized(
            "token_missing", TOKEN_MISSING_MESSAGE, key="token.missing"
        )
        self.on_unauthorized: Callable[[DeviceNotAuthorized], None] | None = None

    @property
    def token(self) -> str | None:
        with self._token_lock:
            source, self._token_source = self._token_source, None
            if source is not None:
                self._token = source()
            return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        with self._token_lock:
            self._token_source = None
            self._token = value

    @property
    def ca_bundle(self) -> str | None:
        return self._ca_bundle

    @property
    def session(self) -> requests.Session:
        """One keep-alive Session, made at the first call: `requests` is imported then,
        on the thread that calls HQ (never the register's start, never the GUI thread)."""
        with self._session_lock:
            if self._session is None:
                import requests

                session = requests.Session()
                session.verify = self._ca_bundle or True
                session.headers["User-Agent"] = "pos-desktop"
                self._session = session
            return self._session

    def close(self) -> None:
        with self._session_lock:
            if self._session is not None:
                self._session.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        timeout: tuple[float, float] | None = None,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if auth and not self.token:
            raise self.missing_token()
        if auth:
            all_headers["Authorization"] = f"Bearer {self.token}"
        body = None
        if json is not None:
            # orjson, not requests' json=: encoding a 500-customer upload with the standard
            # library holds the GIL for tens of ms and stalls the register's event loop.
            body = orjson.dumps(json)
            all_headers["Content-Type"] = "application/json"
        import requests

        try:
            response = self.session.request(
                method,
                self.base_url + path,
                data=body,
                params=params,
                headers=all_headers,
                timeout=timeout or self.timeout,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise HQUnreachable(f"{method} {path}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise HQUnreachable(f"{method} {path}: {exc}") from exc
        if response.status_code >= 500 and response.status_code != 503:
            raise HQUnreachable(f"{method} {path}: HTTP {response.status_code}")
        if response.status_code == 503:
            raise HQUnreachable(f"{method} {path}: HQ unavailable")
        if response.status_code == 401 and auth:
            # Revoked (device_revoked) or unknown token: only a new activation helps.
            rejected = _rejected(response)
            refused = DeviceNotAuthorized(rejected.code, body=rejected.body)
            if self.on_unauthorized is not None:
                self.on_unauthorized(refused)
            raise refused
        if response.status_code >= 400:
            raise _rejected(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._request(method, path, **kwargs)
        try:
            # orjson: a first download parses about a gigabyte of customer JSON.
            return orjson.loads(response.content)
        except ValueError as exc:
            raise HQUnreachable(f"{method} {path}: answer is not JSON") from exc

    # -- endpoints ---------------------------------------------------------------------

    def health(self, timeout: float = 2.0) -> bool:
        try:
            self._request("GET", "/health", auth=False, timeout=(timeout, timeout))
        except (HQUnreachable, HQRejected):
            return False
        return True

    def activate(self, activation_code: str, terminal_id: str) -> dict[str, Any]:
        return self._json(
            "POST",
            "/api/v1/devices/activate",
            json={"activation_code": activation_code, "terminal_id": terminal_id},
            auth=False,
        )

    def store(self) -> dict[str, Any]:
        return self._json("GET", "/api/v1/store")

    def store_if_changed(self, etag: str | None) -> tuple[dict[str, Any] | None, str]:
        """The store configuration unless `etag` is still current (then None: HQ's 304,
        no body); with the ETag to send next time."""
        headers = {"If-None-Match": etag} if etag else None
        response = self._request("GET", "/api/v1/store", headers=headers)
        new_etag = response.headers.get("ETag", "")
        if response.status_code == 304:
            return None, new_etag or (etag or "")
        try:
            return orjson.loads(response.content), new_etag
        except ValueError as exc:
            raise HQUnreachable("GET /api/v1/store: answer is not JSON") from exc

    def create_customer(
        self, payload: dict[str, Any], idempotency_key: str,
        operator: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        return self._json(
            "POST",
            "/api/v1/customers",
            json=payload,
            headers={"Idempotency-Key": idempotency_key, **_operator_headers(operator)},
        )

    def get_customer(self, account_number: str) -> dict[str, Any]:
        return self._json("GET", f"/api/v1/customers/{account_number}")

    def patch_customer(
        self, account_number: str, changes: dict[str, Any], version: int,
        operator: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """`operator`: (operator id, role) of who makes the change; HQ checks its role's
        permissions in the store (403 `permission_denied`)."""
        return self._json(
            "PATCH",
            f"/api/v1/customers/{account_number}",
            json=changes,
            headers={"If-Match": str(version), **_operator_headers(operator)},
        )

    def send_edit(self, customer_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """One queued field-level edit (issue 15); HQ merges it per field and answers
        the outcome (the same again for the same `edit_id`)."""
        changes, address_ops = edit_parts(payload)
        body: dict[str, Any] = {"edit_id": payload["edit_id"],
                                "base_version": payload["base_version"], "changes": changes}
        if address_ops:
            body["address_changes"] = address_ops
        operator = (str(payload.get("operator_id") or ""), str(payload.get("operator_role") or ""))
        return self._json(
            "POST", f"/api/v1/customers/{customer_id}/edits", json=body,
            headers=_operator_headers(operator if operator[0] else None),
        )

    def search_customers(self, text: str, limit: int = 25) -> list[dict[str, Any]]:
        body = self._json("GET", "/api/v1/customers", params={"q": text, "limit": limit})
        return list(body.get("results", []))

    def issue_loyalty_card(self, account_number: str) -> dict[str, Any]:
        return self._json("POST", f"/api/v1/customers/{account_number}/loyalty-cards", json={})

    def upload_customers(self, customers: list[dict[str, Any]]) -> dict[str, Any]:
        return self._json("POST", "/api/v1/async-customers", json={"customers": customers})

    def upload_addresses(self, addresses: list[dict[str, Any]]) -> dict[str, Any]:
        return self._json("POST", "/api/v1/async-addresses", json={"addresses": addresses})

    def changes(
        self, after: str | None, limit: int = 500, *, keep: Callable[[bytes], Any] | None = None
    ) -> dict[str, Any]:
        """A feed page (`keep`, if given, is handed the page's body as HQ sent it)."""
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        response = self._request("GET", "/api/v1/customers/changes", params=params)
        if keep is not None:
            keep(response.content)
        try:
            # One bad record must not cost the page: salvaged record by record if need be.
            return parse_feed_page(response.content)
        except FeedPageUnreadable as exc:
            raise HQUnreachable(f"GET /api/v1/customers/changes: {exc}") from exc

    def async_status(self, customer_id: str) -> dict[str, Any]:
        return self._json("GET", f"/api/v1/async-customers/{customer_id}")


def _operator_headers(operator: tuple[str, str] | None) -> dict[str, str]:
    """Who acts, for HQ's permission check (`X-Operator-Id`; the role is informational)."""
    if operator is None:
        return {}
    operator_id, role = operator
    return {"X-Operator-Id": operator_id, **({"X-Operator-Role": role} if role else {})}


def _rejected(response: requests.Response) -> HQRejected:
    code, message, body = "http_error", f"HTTP {response.status_code}", None
    try:
        body = response.json()
        error = body.get("error") or {}
        code = str(error.get("code") or code)
        message = str(error.get("message") or message)
    except (ValueError, AttributeError):
        pass
    return HQRejected(response.status_code, code, message, body)
