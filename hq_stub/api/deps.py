"""What the routes share: the bearer schemes and the device/admin dependencies, and the
exact-type check of JSON bodies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from hq_stub.errors import HQError
from hq_stub.service import HQService

DEVICE_AUTH = HTTPBearer(auto_error=False, scheme_name="DeviceToken",
                         description="The device token from POST /api/v1/devices/activate")
ADMIN_AUTH = HTTPBearer(auto_error=False, scheme_name="AdminToken",
                        description="The admin token HQ was started with "
                                    "(--admin-token or HQ_ADMIN_TOKEN)")


def service_of(request: Request) -> HQService:
    service: HQService = request.app.state.service
    return service


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HQError(401, "unauthorized", "Authorization: Bearer <token> is required")
    token = authorization[7:].strip()
    if not token or len(token) > 512:
        raise HQError(401, "unauthorized", "Unknown token")
    return token


# Async dependencies: a cached token is a dict lookup, so no thread hop for it; only a
# cache miss reads the database (in the thread pool).
async def _lookup(service: HQService, token: str) -> tuple[str, str] | None:
    found = service.devices.cached(token)
    if found is None:
        found = await run_in_threadpool(service.devices.for_token, token)
    return found


# The security schemes only document the bearer tokens; the header is read here so a
# missing, malformed or unknown token is always the same JSON 401.
async def device(request: Request, _scheme: Annotated[Any, Security(DEVICE_AUTH)]
                 ) -> tuple[str, str]:
    found = await _lookup(service_of(request),
                          _bearer(request.headers.get("authorization")))
    if found is None:
        raise HQError(401, "unauthorized", "Unknown device token")
    return found


async def admin(request: Request, _scheme: Annotated[Any, Security(ADMIN_AUTH)]) -> None:
    service = service_of(request)
    token = _bearer(request.headers.get("authorization"))
    if service.admin.is_admin(token):
        return
    if await _lookup(service, token) is not None:
        raise HQError(403, "forbidden", "Devices cannot call admin endpoints")
    raise HQError(401, "unauthorized", "Unknown admin token")


# (store_id, terminal_id) of the calling device.
Device = Annotated[tuple[str, str], Depends(device)]
AdminOnly = Depends(admin)


def exact(model: type[BaseModel]) -> Any:
    """A dependency that holds a JSON body to the types the document gives: pydantic's lax
    mode would take ``0`` or ``"yes"`` for ``false``/``true`` and ``"5"`` for ``5``, which
    the document does not allow (strict JSON mode still reads UUIDs from strings). Bodies
    strict mode cannot read at all (invalid Unicode escapes) are left to the normal
    validation, which answers them."""

    async def check(request: Request) -> None:
        try:
            model.model_validate_json(await request.body(), strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False)
            if errors and not any(e["type"] == "json_invalid" for e in errors):
                raise RequestValidationError(
                    [{**e, "loc": ("body", *e["loc"])} for e in errors]) from None

    return Depends(check)
