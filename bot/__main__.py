"""Command line: `python -m bot up | gateway | train | token | validate | migrate | audit |
agent`."""

from __future__ import annotations

import argparse
import subprocess
import sys

from bot import auth, config
from bot.handoff import cli as handoff_cli


def _token(args: argparse.Namespace, settings: config.Settings) -> int:
    if args.service:
        print(auth.issue(settings.secret, "service", "cli"))
    elif args.agent:
        print(auth.issue(settings.secret, "agent", args.agent))
    elif args.debtor_id:
        print(auth.issue(settings.secret, "wallet", args.debtor_id, verified=not args.link))
    else:
        print("error: give a DEBTOR_ID, --service or --agent NAME", file=sys.stderr)
        return 2
    return 0


def _audit(args: argparse.Namespace, settings: config.Settings) -> int:
    import asyncio

    from sqlalchemy.exc import SQLAlchemyError

    from bot.ledger.audit import verify_url

    try:
        verdict = asyncio.run(verify_url(settings.database_url))
    except SQLAlchemyError as exc:
        print(f"error: cannot read the audit log: {exc}", file=sys.stderr)
        return 2
    if verdict.ok:
        print(f"OK: audit log intact, {verdict.count} rows")
        return 0
    print(f"FAIL: audit row {verdict.bad_id}: {verdict.reason}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start everything and wait (make run)")
    sub.add_parser("gateway", help="serve the gateway only")
    train = sub.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even if up to date")
    token = sub.add_parser("token", help="print a bearer token")
    token.add_argument("debtor_id", nargs="?", help="a wallet token for this debtor")
    token.add_argument("--service", action="store_true", help="a ledger service token")
    token.add_argument("--agent", metavar="NAME", help="an agent token")
    token.add_argument(
        "--link",
        action="store_true",
        help="a chat-link token (as sent by SMS): reaches the chat, identity still to prove",
    )
    sub.add_parser("validate", help="rasa data validate")
    sub.add_parser(
        "stories", help="rasa test core on tests/stories (fails on any wrong prediction)"
    )
    sub.add_parser("migrate", help="upgrade the database schema and seed demo data")
    audit = sub.add_parser("audit", help="ledger audit log tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check the audit log's hash chain (exit 1 if broken)")
    handoff_cli.add_parser(sub)
    args = parser.parse_args(argv)
    settings = config.load()

    if args.command == "up":
        from bot.supervisor import up

        return up(settings)
    if args.command == "gateway":
        from bot.gateway.app import serve

        serve(settings)
        return 0
    if args.command == "train":
        from bot.training import ensure_model

        ensure_model(settings.models_dir, force=args.force)
        return 0
    if args.command == "token":
        return _token(args, settings)
    if args.command == "validate":
        from bot.validation import run

        return run(config.ROOT)
    if args.command == "agent":
        return handoff_cli.run(args, settings)
    if args.command == "audit":
        return _audit(args, settings)
    if args.command == "stories":
        from bot.training import model_path

        return subprocess.call(
            [
                sys.executable,
                "-m",
                "rasa",
                "test",
                "core",
                "--stories",
                "tests/stories",
                "--model",
                str(model_path(settings.models_dir)),
                "--out",
                "results/stories",
                "--fail-on-prediction-errors",
            ],
            cwd=config.ROOT,
        )
    if args.command == "migrate":
        from bot.supervisor import prepare

        prepare(settings)
        return 0
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
