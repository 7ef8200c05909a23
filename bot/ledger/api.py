"""The ledger's HTTP API under /v1/ledger (service token)."""

from __future__ import annotations

from aiohttp import web

from bot.gateway.http import error, principal
from bot.ledger import service

routes = web.RouteTableDef()


@routes.get("/v1/ledger/debtors")
async def list_debtors(request: web.Request) -> web.Response:
    principal(request, "service")
    async with request.app["sessions"]() as session:
        debtors = await service.list_debtors(session)
        return web.json_response({"debtors": await service.debtor_views(session, debtors)})


@routes.get("/v1/ledger/debtors/{debtor_id}")
async def get_debtor(request: web.Request) -> web.Response:
    principal(request, "service")
    debtor_id = request.match_info["debtor_id"]
    async with request.app["sessions"]() as session:
        debtor = await service.get_debtor(session, debtor_id)
        if debtor is None:
            error(404, f"no debtor {debtor_id}")
        [view] = await service.debtor_views(session, [debtor])
        return web.json_response(view)
