"""``/api/v1/admin/*``: the admin token only (devices get 403)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from hq_stub import contract as doc
from hq_stub.api.deps import AdminOnly, exact
from hq_stub.contract import responses
from hq_stub.schemas import ActivationCodeIn, ResubmitIn, RevokeDeviceIn, StoreFlagsIn
from hq_stub.service import HQService


def router(service: HQService) -> APIRouter:
    api = APIRouter(tags=["admin"], dependencies=[AdminOnly])
    _stores(api, service)
    _devices_and_job(api, service)
    _async_customers(api, service)
    _privacy(api, service)
    return api


def _stores(api: APIRouter, service: HQService) -> None:
    @api.get("/api/v1/admin/stores", responses=responses(401, 403, s200=doc.AdminStores))
    def admin_stores() -> dict[str, Any]:
        return {"stores": service.admin.all_stores()}

    @api.get("/api/v1/admin/stores/{store_id}",
             responses=responses(401, 403, 404, s200=doc.AdminStore))
    def admin_store(store_id: str) -> dict[str, Any]:
        return service.admin.store(store_id, fresh=True)

    @api.patch("/api/v1/admin/stores/{store_id}", dependencies=[exact(StoreFlagsIn)],
               responses=responses(400, 401, 403, 404, 413, 422, s200=doc.AdminStore))
    def admin_patch_store(store_id: str, body: StoreFlagsIn) -> dict[str, Any]:
        """Switch store flags and role permissions (`{"permissions": {"cashier":
        {"customer.edit": false}}}`); unknown flags, roles or permissions are 422. Any
        change is a new configuration version (and `ETag`) for the store's terminals."""
        return service.admin.patch_store(store_id, body.model_dump(exclude_none=True))


def _devices_and_job(api: APIRouter, service: HQService) -> None:
    @api.post("/api/v1/admin/activation-codes", status_code=201,
              dependencies=[exact(ActivationCodeIn)],
              responses=responses(400, 401, 403, 404, 413, 422, s201=doc.ActivationCode))
    def admin_code(body: ActivationCodeIn) -> dict[str, Any]:
        """A one-time activation code for a terminal of a store (404: unknown store)."""
        return service.devices.create_activation_code(body.store_id, body.terminal_id,
                                                      body.ttl_seconds)

    @api.post("/api/v1/admin/devices/revoke", dependencies=[exact(RevokeDeviceIn)],
              responses=responses(400, 401, 403, 404, 413, 422))
    def admin_revoke_device(body: RevokeDeviceIn) -> dict[str, Any]:
        """Revoke every device token of one terminal (it must be activated again)."""
        return service.devices.revoke(body.store_id, body.terminal_id)

    @api.post("/api/v1/admin/jobs/async-to-sync",
              responses=responses(401, 403, s200=doc.JobResult))
    def admin_job() -> dict[str, Any]:
        """Run the async-to-sync job now."""
        return service.job.run()


def _async_customers(api: APIRouter, service: HQService) -> None:
    @api.get("/api/v1/admin/async-customers",
             responses=responses(401, 403, 422, s200=doc.AdminAsyncList))
    def admin_async_list(state: Literal["staged", "converted", "rejected"] | None = None,
                         store_id: Annotated[str | None, Query(max_length=64)] = None,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                         ) -> dict[str, Any]:
        return {"customers": service.admin.async_list(store_id, state, limit)}

    @api.get("/api/v1/admin/async-customers/{customer_id}",
             responses=responses(401, 403, 404, s200=doc.AdminAsync))
    def admin_async_show(customer_id: str) -> dict[str, Any]:
        return service.admin.async_show(customer_id)

    @api.post("/api/v1/admin/async-customers/{customer_id}/resubmit",
              dependencies=[exact(ResubmitIn)],
              responses=responses(400, 401, 403, 404, 409, 413, 422, s200=doc.AdminAsync))
    def admin_resubmit(customer_id: str, body: ResubmitIn) -> dict[str, Any]:
        """Correct a rejected async customer and stage it again (409 unless rejected)."""
        return service.admin.resubmit(customer_id, body.customer, body.changes)


CustomerKey = Annotated[str, Path(description="Account number (e.g. `C0000042`) or "
                                             "`customer_id`", max_length=64)]


def _privacy(api: APIRouter, service: HQService) -> None:
    @api.post("/api/v1/admin/customers/{key}/erase",
              responses=responses(401, 403, 404, s200=doc.Erasure))
    def admin_erase(key: CustomerKey) -> dict[str, Any]:
        """Erase a customer's personal data (right to be forgotten): an anonymised
        tombstone keeps the account number, the store's change feed carries the erasure
        to its terminals. A `customer_id` HQ never held is recorded too (its upload is
        refused with `customer_erased`); an account number HQ does not know is 404.
        Erasing again answers the same tombstone (`already_erased`)."""
        return service.privacy.erase(key)

    @api.get("/api/v1/admin/customers/{key}/export",
             responses=responses(401, 403, 404, s200=doc.CustomerExport))
    def admin_export(key: CustomerKey) -> dict[str, Any]:
        """Everything HQ holds about one customer (an access request)."""
        return service.privacy.export(key)
