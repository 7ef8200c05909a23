"""Small HTTP helpers shared by the gateway's handlers: JSON errors and auth."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from aiohttp import web

from bot import auth
from bot.config import Settings

_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    422: web.HTTPUnprocessableEntity,
    502: web.HTTPBadGateway,
    503: web.HTTPServiceUnavailable,
}


def error(status: int, message: str, **extra: Any) -> NoReturn:
    """Raise an HTTP error whose body is `{"error": message, ...}`."""
    raise _ERRORS[status](
        text=json.dumps({"error": message, **extra}), content_type="application/json"
    )


def principal(request: web.Request, *kinds: auth.Kind) -> auth.Principal:
    settings: Settings = request.app["settings"]
    try:
        token = auth.bearer(request.headers.get("Authorization"))
        return auth.verify(settings.secret, token, *kinds)
    except auth.AuthError as exc:
        error(401, str(exc))


async def json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        error(400, "the body must be a JSON object")
    if not isinstance(body, dict):
        error(400, "the body must be a JSON object")
    return body
