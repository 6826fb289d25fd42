"""The device's store configuration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from hq_stub import contract as doc
from hq_stub.api.deps import Device
from hq_stub.contract import responses
from hq_stub.service import HQService


def router(service: HQService) -> APIRouter:
    api = APIRouter()

    @api.get("/api/v1/store", tags=["store"],
             responses=responses(401, 404, s200=doc.StoreConfig))
    def get_store(dev: Device) -> dict[str, Any]:
        """The device's store: flags, default customer, groups, titles, attribute
        definitions (the rules customers are validated against)."""
        return service.stores.config(dev[0])

    return api
