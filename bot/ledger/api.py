"""The ledger's HTTP API under /v1/ledger (service token; the payment webhook is signed).

Handlers only parse and answer: every field is checked before anything is written (422
names the field), and each write runs through `writes.run_once`, which locks the
account, replays a repeated idempotency key (200, first body) or refuses a reused one
(409), and appends the audit row in the same transaction. Events go out after commit.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Events
from bot.gateway.http import error, json_body, principal
from bot.ledger import (
    debtors,
    disputes,
    payments,
    plans,
    promises,
    service,
    validation,
    webhook,
)
from bot.ledger.errors import Invalid, LedgerProblem, NotFound
from bot.ledger.models import (
    CHANNELS,
    DISPUTE_REASONS,
    REQUEST_PURPOSES,
    Account,
    PaymentRequest,
    utcnow,
)
from bot.ledger.views import dispute_view, payment_request_view
from bot.ledger.writes import (
    API,
    WALLET_EVENT,
    Key,
    Result,
    fingerprint,
    lock_account,
    lock_debtor,
    run_once,
)
from bot.plans import FREQUENCIES

routes = web.RouteTableDef()

Handler = Callable[[web.Request], Awaitable[web.Response]]
T = TypeVar("T")


def problems(handler: Handler) -> Handler:
    """A refused operation becomes its HTTP status with a JSON `{"error": ...}` body."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except LedgerProblem as exc:
            error(exc.status, exc.message)

    return wrapper


def _actor(request: web.Request) -> str:
    # Bounded to the audit column; token subjects are short names like "action-server".
    return f"service:{principal(request, 'service').subject}"[:100]


async def _publish(app: web.Application, events: list[tuple[str, dict[str, Any]]]) -> None:
    bus: Events | None = app.get("events")
    if bus is not None:
        for name, payload in events:
            await bus.publish(name, payload)


async def _write(
    request: web.Request,
    body: dict[str, Any],
    lock: Callable[[AsyncSession], Awaitable[T]],
    operation: Callable[[AsyncSession, T], Awaitable[Result]],
) -> web.Response:
    key = Key(
        API, validation.idempotency_key(body), fingerprint(f"{request.method} {request.path}", body)
    )
    outcome = await run_once(request.app["sessions"], key, lock, operation)
    await _publish(request.app, outcome.events)
    return web.json_response(outcome.body, status=outcome.status)


def _account_lock(request: web.Request) -> Callable[[AsyncSession], Awaitable[Account]]:
    account_id = request.match_info["account_id"]

    async def lock(session: AsyncSession) -> Account:
        return await lock_account(session, account_id)

    return lock


async def _existing_account(session: AsyncSession, account_id: str) -> Account:
    account = await service.get_account(session, account_id)
    if account is None:
        raise NotFound(f"no account {account_id}")
    return account


async def _optional_body(request: web.Request) -> dict[str, Any]:
    return await json_body(request) if request.body_exists else {}


# -- debtors -------------------------------------------------------------------------------


@routes.get("/v1/ledger/debtors")
async def list_debtors(request: web.Request) -> web.Response:
    principal(request, "service")
    async with request.app["sessions"]() as session:
        debtor_rows = await service.list_debtors(session)
        return web.json_response({"debtors": await service.debtor_views(session, debtor_rows)})


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


@routes.put("/v1/ledger/debtors/{debtor_id}/contact-preferences/{channel}")
@problems
async def put_contact_preference(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("opted_out", "idempotency_key"))
    channel = validation.choice(dict(request.match_info), "channel", CHANNELS)
    opted_out = validation.boolean(body, "opted_out")
    debtor_id = request.match_info["debtor_id"]

    async def lock(session: AsyncSession) -> Any:
        return await lock_debtor(session, debtor_id)

    async def operation(session: AsyncSession, debtor: Any) -> Result:
        return await debtors.set_preference(session, debtor, channel, opted_out, actor)

    return await _write(request, body, lock, operation)


_FLAG_TIMES = ("crisis_until", "breathing_space_until")


@routes.patch("/v1/ledger/debtors/{debtor_id}/flags")
@problems
async def patch_flags(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("idempotency_key",), (*_FLAG_TIMES, "vulnerable"))
    changes: dict[str, bool | datetime | None] = {}
    for name in _FLAG_TIMES:
        if name in body:
            value = body[name]
            changes[name] = None if value is None else validation.aware_datetime(value, name)
    if "vulnerable" in body:
        changes["vulnerable"] = validation.boolean(body, "vulnerable")
    if not changes:
        raise Invalid("give at least one of crisis_until, breathing_space_until, vulnerable")
    debtor_id = request.match_info["debtor_id"]

    async def lock(session: AsyncSession) -> Any:
        return await lock_debtor(session, debtor_id)

    async def operation(session: AsyncSession, debtor: Any) -> Result:
        return await debtors.set_flags(session, debtor, changes, actor)

    return await _write(request, body, lock, operation)


# -- accounts ------------------------------------------------------------------------------


@routes.get("/v1/ledger/accounts/{account_id}")
@problems
async def get_account(request: web.Request) -> web.Response:
    principal(request, "service")
    raw_since = request.query.get("since")
    since = None if raw_since is None else validation.iso_date(raw_since, "since")
    async with request.app["sessions"]() as session:
        account = await _existing_account(session, request.match_info["account_id"])
        return web.json_response(await service.account_detail(session, account, since))


# -- disputes ------------------------------------------------------------------------------


@routes.post("/v1/ledger/accounts/{account_id}/disputes")
@problems
async def post_dispute(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("reason", "channel", "idempotency_key"), ("details",))
    reason = validation.choice(body, "reason", DISPUTE_REASONS)
    channel = validation.choice(body, "channel", CHANNELS)
    details = validation.text(body, "details", max_len=4000) if "details" in body else ""

    async def operation(session: AsyncSession, account: Account) -> Result:
        return await disputes.open_dispute(
            session, account, reason=reason, details=details, channel=channel, actor=actor
        )

    return await _write(request, body, _account_lock(request), operation)


@routes.get("/v1/ledger/accounts/{account_id}/disputes")
@problems
async def list_disputes(request: web.Request) -> web.Response:
    principal(request, "service")
    async with request.app["sessions"]() as session:
        account = await _existing_account(session, request.match_info["account_id"])
        found = await disputes.account_disputes(session, account.id)
        return web.json_response({"disputes": found})


@routes.get("/v1/ledger/disputes/{dispute_id}")
@problems
async def get_dispute(request: web.Request) -> web.Response:
    principal(request, "service")
    dispute_id = request.match_info["dispute_id"]
    async with request.app["sessions"]() as session:
        dispute = await disputes.find(session, dispute_id)
        if dispute is None:
            raise NotFound(f"no dispute {dispute_id}")
        return web.json_response(dispute_view(dispute))


@routes.post("/v1/ledger/disputes/{dispute_id}/resolve")
@problems
async def resolve_dispute(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("outcome", "idempotency_key"), ("note",))
    outcome = validation.choice(body, "outcome", disputes.OUTCOMES)
    note = validation.text(body, "note", max_len=4000) if "note" in body else ""
    dispute_id = request.match_info["dispute_id"]

    async def lock(session: AsyncSession) -> Any:
        return await disputes.lock_dispute(session, dispute_id)

    async def operation(session: AsyncSession, locked: Any) -> Result:
        dispute, account = locked
        return await disputes.resolve(
            session, dispute, account, outcome=outcome, note=note, actor=actor
        )

    return await _write(request, body, lock, operation)


# -- payments ------------------------------------------------------------------------------


@routes.post("/v1/ledger/accounts/{account_id}/payment-requests")
@problems
async def post_payment_request(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("amount_minor", "currency", "idempotency_key"), ("purpose",))
    amount = validation.integer(body, "amount_minor", minimum=1)
    purpose = "payment"
    if "purpose" in body:
        purpose = validation.choice(body, "purpose", REQUEST_PURPOSES)

    async def operation(session: AsyncSession, account: Account) -> Result:
        validation.currency(body, account.currency)
        return await payments.request_payment(session, account, amount, purpose, actor)

    return await _write(request, body, _account_lock(request), operation)


@routes.get("/v1/ledger/payment-requests/{request_id}")
@problems
async def get_payment_request(request: web.Request) -> web.Response:
    principal(request, "service")
    request_id = request.match_info["request_id"]
    async with request.app["sessions"]() as session:
        found = await session.get(PaymentRequest, request_id)
        if found is None:
            raise NotFound(f"no payment request {request_id}")
        return web.json_response(payment_request_view(found, utcnow()))


@routes.post("/v1/ledger/webhooks/payments")
@problems
async def payment_webhook(request: web.Request) -> web.Response:
    """Signed by the wallet backend, not token-authenticated; one posting per event id."""
    raw = await request.read()
    secret = request.app["settings"].webhook_secret
    if not webhook.signature_ok(secret, raw, request.headers.get(webhook.SIGNATURE_HEADER)):
        error(401, f"missing or bad {webhook.SIGNATURE_HEADER} signature")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        error(400, "the body must be a JSON object")
    if not isinstance(body, dict):
        error(400, "the body must be a JSON object")
    event = webhook.parse_event(body)
    fields = webhook.event_fields(event)
    key = Key(WALLET_EVENT, event.event_id, fingerprint("wallet-event", fields))

    async def lock(session: AsyncSession) -> Any:
        return await payments.lock_for_event(session, event)

    async def operation(session: AsyncSession, locked: Any) -> Result:
        payment_request, account = locked
        return await payments.apply_event(session, payment_request, account, event)

    outcome = await run_once(request.app["sessions"], key, lock, operation)
    await _publish(request.app, outcome.events)
    answer = {**outcome.body, "duplicate": outcome.replayed}
    return web.json_response(answer, status=200)


# -- plans ---------------------------------------------------------------------------------

_ANSWER_FIELDS = (
    "frequency",
    "affordable_per_period_minor",
    "income_monthly_minor",
    "essentials_monthly_minor",
)


def _answers(body: dict[str, Any]) -> plans.Answers:
    frequency = validation.choice(body, "frequency", FREQUENCIES) if "frequency" in body else None
    income = validation.optional_integer(body, "income_monthly_minor")
    essentials = validation.optional_integer(body, "essentials_monthly_minor")
    if (income is None) != (essentials is None):
        raise Invalid("give both income_monthly_minor and essentials_monthly_minor, or neither")
    return plans.Answers(
        frequency=frequency or "monthly",
        affordable_per_period_minor=validation.optional_integer(
            body, "affordable_per_period_minor"
        ),
        income_monthly_minor=income,
        essentials_monthly_minor=essentials,
    )


@routes.post("/v1/ledger/accounts/{account_id}/plans/quote")
@problems
async def quote_plans(request: web.Request) -> web.Response:
    principal(request, "service")
    body = await _optional_body(request)
    validation.check_fields(body, (), (*_ANSWER_FIELDS, "today"))
    answers = _answers(body)
    today = validation.iso_date(body["today"], "today") if body.get("today") else None
    async with request.app["sessions"]() as session:
        account = await _existing_account(session, request.match_info["account_id"])
        numbers = await plans.terms(session, account, today)
        found = plans.run_quote(account, numbers, answers)
        return web.json_response(plans.quote_view(numbers, account, found))


@routes.post("/v1/ledger/accounts/{account_id}/settlement/quote")
@problems
async def quote_settlement(request: web.Request) -> web.Response:
    principal(request, "service")
    body = await _optional_body(request)
    validation.check_fields(body, (), ("today",))
    today = validation.iso_date(body["today"], "today") if body.get("today") else None
    async with request.app["sessions"]() as session:
        account = await _existing_account(session, request.match_info["account_id"])
        numbers = await plans.terms(session, account, today)
        offer = plans.settlement(account, numbers)
        return web.json_response(
            {
                "account_id": account.id,
                "balance_minor": numbers.balance_minor,
                "offer": None if offer is None else plans.option_view(offer),
            }
        )


@routes.post("/v1/ledger/accounts/{account_id}/plans")
@problems
async def accept_plan(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(
        body, ("idempotency_key",), ("option_id", "plan", "replaces", *_ANSWER_FIELDS)
    )
    chosen = plans.requested_option(body)
    answers = _answers(body)
    replaces = body.get("replaces")
    if replaces is not None and not (isinstance(replaces, str) and replaces.isdigit()):
        raise Invalid("replaces must be the id of the active plan, as a string")

    async def operation(session: AsyncSession, account: Account) -> Result:
        return await plans.accept(session, account, chosen, answers, actor, replaces)

    return await _write(request, body, _account_lock(request), operation)


@routes.get("/v1/ledger/plans/{plan_id}")
@problems
async def get_plan(request: web.Request) -> web.Response:
    principal(request, "service")
    async with request.app["sessions"]() as session:
        return web.json_response(await plans.plan_detail(session, request.match_info["plan_id"]))


@routes.post("/v1/ledger/plans/{plan_id}/cancel")
@problems
async def cancel_plan(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(body, ("idempotency_key",))
    plan_id = request.match_info["plan_id"]

    async def lock(session: AsyncSession) -> Any:
        return await plans.lock_plan(session, plan_id)

    async def operation(session: AsyncSession, locked: Any) -> Result:
        plan, account = locked
        return await plans.cancel(session, plan, account, actor)

    return await _write(request, body, lock, operation)


# -- promises ------------------------------------------------------------------------------


@routes.post("/v1/ledger/accounts/{account_id}/promises")
@problems
async def post_promise(request: web.Request) -> web.Response:
    actor = _actor(request)
    body = await json_body(request)
    validation.check_fields(
        body,
        ("date", "amount_minor", "currency", "reminder_consent", "channel", "idempotency_key"),
        ("replaces",),
    )
    replaces = body.get("replaces")
    if replaces is not None and (type(replaces) is not int or replaces < 1):
        raise Invalid("replaces must be the id of the pending promise, a number")
    terms = promises.PromiseTerms(
        due=validation.iso_date(body["date"], "date"),
        amount_minor=validation.integer(body, "amount_minor", minimum=1),
        reminder_consent=validation.boolean(body, "reminder_consent"),
        channel=validation.choice(body, "channel", CHANNELS),
    )

    async def operation(session: AsyncSession, account: Account) -> Result:
        validation.currency(body, account.currency)
        return await promises.make_promise(session, account, terms, actor, replaces)

    return await _write(request, body, _account_lock(request), operation)


@routes.get("/v1/ledger/accounts/{account_id}/promises")
@problems
async def list_promises(request: web.Request) -> web.Response:
    principal(request, "service")
    async with request.app["sessions"]() as session:
        account = await _existing_account(session, request.match_info["account_id"])
        return web.json_response({"promises": await promises.account_promises(session, account.id)})
