"""Async uploads of customers and addresses, and where an uploaded customer stands."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from hq_stub import contract as doc
from hq_stub.api.deps import Device
from hq_stub.contract import responses
from hq_stub.schemas import AsyncAddressesIn, AsyncCustomersIn
from hq_stub.service import HQService


def router(service: HQService) -> APIRouter:
    api = APIRouter()

    @api.post("/api/v1/async-customers", tags=["sync"],
              responses=responses(400, 401, 413, 422, s200=doc.UploadResult))
    def upload_customers(body: AsyncCustomersIn, dev: Device) -> dict[str, Any]:
        """Stage up to 500 customers for the async-to-sync job. Each record is accepted
        or refused on its own (`rejected` says why); idempotent per `customer_id`."""
        return service.staging.upload_customers(dev[0], body.customers, dev[1])

    @api.get("/api/v1/async-customers", tags=["sync"],
             responses=responses(401, 422, s200=doc.AsyncList))
    def list_async(dev: Device,
                   state: Literal["staged", "converted", "rejected"] | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
        """The device's store's async customers."""
        return {"customers": service.staging.list_staged(dev[0], state, limit)}

    @api.get("/api/v1/async-customers/{customer_id}", tags=["sync"],
             responses=responses(401, 404, s200=doc.AsyncStatus))
    def async_status(customer_id: str, dev: Device) -> dict[str, Any]:
        """Where an uploaded customer stands: staged, converted (with its account
        number) or rejected (with the reason)."""
        return service.staging.status(dev[0], customer_id)

    @api.post("/api/v1/async-addresses", tags=["sync"],
              responses=responses(400, 401, 413, 422, s200=doc.AddressUploadResult))
    def upload_addresses(body: AsyncAddressesIn, dev: Device) -> dict[str, Any]:
        """Stage addresses of async customers (needs the async customer addresses
        feature); idempotent per `address_id`."""
        return service.staging.upload_addresses(dev[0], body.addresses)

    return api
