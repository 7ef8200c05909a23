"""The demo wallet chat page and, in demo mode only, the debtor picker's tokens."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot import auth
from bot.config import Settings
from bot.gateway.http import error
from bot.ledger import service

STATIC = Path(__file__).resolve().parent / "static"
routes = web.RouteTableDef()


@routes.get("/")
async def chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.html")


@routes.get("/v1/demo/debtors")
async def demo_debtors(request: web.Request) -> web.Response:
    """Demo debtors with wallet tokens, for the page's picker. Off unless SETTLE_DEMO=1."""
    settings: Settings = request.app["settings"]
    if not settings.demo:
        error(404, "demo mode is off")
    async with request.app["sessions"]() as session:
        debtors = await service.list_debtors(session)
    return web.json_response(
        {
            "debtors": [
                {
                    "id": d.id,
                    "name": d.name,
                    "locale": d.locale,
                    "token": auth.issue(settings.secret, "wallet", d.id),
                    "link_token": auth.issue(settings.secret, "wallet", d.id, verified=False),
                }
                for d in debtors
            ]
        }
    )
