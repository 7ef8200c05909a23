"""The gateway application: wires routes, the database, Rasa and the live hub."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import configure_mappers

from bot.config import Settings
from bot.db import create_engine, session_factory
from bot.events import Events
from bot.gateway import agent, chat, health, pages, payments
from bot.gateway.hub import Hub
from bot.gateway.rasa import RasaClient
from bot.gateway.throttle import LoginThrottle
from bot.handoff.routing import Handoffs
from bot.ledger import api as ledger_api
from bot.ledger import identity as ledger_identity
from bot.ledger import sweep as ledger_sweep
from bot.signals import screen

log = logging.getLogger(__name__)


@web.middleware
async def _security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    )
    return response


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[_security_headers], client_max_size=256 * 1024)
    app["settings"] = settings
    app["hub"] = Hub()
    app["handoff"] = Handoffs()  # queue settings, agent consoles online, crisis lines
    app["events"] = Events()  # in-process pub/sub, e.g. "payment_posted" from the ledger
    app["login_throttle"] = LoginThrottle()  # failed agent logins
    app.cleanup_ctx.append(_resources)
    app.add_routes(health.routes)
    app.add_routes(chat.routes)
    app.add_routes(agent.routes)
    app.add_routes(ledger_api.routes)
    app.add_routes(ledger_identity.routes)
    app.add_routes(pages.routes)
    app.add_routes(payments.routes)
    payments.subscribe(app)
    app.router.add_static("/static/", pages.STATIC)
    return app


async def _resources(app: web.Application) -> AsyncIterator[None]:
    settings: Settings = app["settings"]
    engine = create_engine(settings.database_url)
    app["engine"] = engine
    app["sessions"] = session_factory(engine)
    app["rasa"] = RasaClient(settings.rasa_url, settings.rasa_token)
    await _warm_up(app)
    swept = None
    if settings.sweep_seconds > 0:
        swept = asyncio.create_task(
            ledger_sweep.sweep_periodically(app["sessions"], settings.sweep_seconds)
        )
    yield
    if swept is not None:
        swept.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await swept
    # Payment confirmations still being pushed finish before the database goes away.
    pending = list(app.get("payment_push_tasks", ()))
    if pending:
        await asyncio.wait(pending, timeout=10)
    await app["hub"].close_all()
    await app["handoff"].agents.close_all()
    await app["rasa"].close()
    await engine.dispose()


async def _warm_up(app: web.Application) -> None:
    """Pays the one-off costs before the first debtor does: a crisis message must reach the
    console in seconds, and on a cold gateway the first one spent ~0.9 s here. It also makes
    a broken lexicon fail the start instead of someone's message."""
    screen("warm up")  # loads and compiles the lexicon (both languages)
    screen("预热")
    configure_mappers()
    try:
        async with app["sessions"]() as session:
            await session.execute(text("SELECT 1"))  # a pooled connection ready
    except (SQLAlchemyError, OSError) as exc:  # /healthz reports it; no reason not to start
        log.warning("database not reachable at start: %s", exc)


def serve(settings: Settings) -> None:
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)
