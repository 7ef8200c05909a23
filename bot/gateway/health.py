"""`GET /healthz`: 200 only when the database, rasa server and action server all answer."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import text

from bot.config import Settings
from bot.gateway.rasa import RasaClient, RasaError

routes = web.RouteTableDef()


async def _database(app: web.Application) -> dict[str, Any]:
    try:
        async with app["sessions"]() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "down"; the body says which
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


async def _rasa(app: web.Application) -> dict[str, Any]:
    rasa: RasaClient = app["rasa"]
    try:
        status = await rasa.status()
    except RasaError as exc:
        return {"status": "down", "error": str(exc)}
    return {"status": "ok", "model": status.get("model_file")}


async def _action_server(app: web.Application) -> dict[str, Any]:
    settings: Settings = app["settings"]
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=3)) as http,
            http.get(f"{settings.action_url}/health") as response,
        ):
            if response.status != 200:
                return {"status": "down", "error": f"answered {response.status}"}
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    database, rasa, actions = await asyncio.gather(
        _database(request.app), _rasa(request.app), _action_server(request.app)
    )
    dependencies = {"database": database, "rasa": rasa, "action_server": actions}
    healthy = all(d["status"] == "ok" for d in dependencies.values())
    return web.json_response(
        {"status": "ok" if healthy else "unavailable", "dependencies": dependencies},
        status=200 if healthy else 503,
    )
