"""Demo debtors for `make run` and the tests. Idempotent: existing ids are left alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.db import transaction
from bot.ledger import audit
from bot.ledger.models import Account, Debtor, Entry

# (kind, amount_minor, effective_on, description): balances are the sums of these.
DEMO: list[dict[str, Any]] = [
    {
        "id": "d-1001",
        "name": "Alex Carter",
        "locale": "en_US",
        "timezone": "America/New_York",
        "date_of_birth": date(1988, 3, 12),
        "accounts": [
            {
                "id": "a-1001",
                "creditor": "Pocket Wallet Credit",
                "original_creditor": "Pocket Wallet",
                "product": "Pay Later",
                "currency": "USD",
                "number_last4": "4821",
                "opened_on": date(2025, 2, 10),
                "days_past_due": 64,
                "status": "delinquent",
                "entries": [
                    ("principal", 110000, date(2025, 2, 10), "Pay Later purchase"),
                    ("interest", 12456, date(2025, 9, 30), "Interest to 30 Sep 2025"),
                    ("fee", 3500, date(2025, 10, 15), "Late fee"),
                    ("payment", -2500, date(2025, 8, 1), "Payment, thank you"),
                ],
            }
        ],
    },
    {
        "id": "d-1002",
        "name": "李娜",
        "locale": "zh_Hans_CN",
        "timezone": "Asia/Shanghai",
        "date_of_birth": date(1992, 7, 5),
        "accounts": [
            {
                "id": "a-1002",
                "creditor": "钱包信贷",
                "original_creditor": "钱包小贷",
                "product": "消费分期",
                "currency": "CNY",
                "number_last4": "7315",
                "opened_on": date(2025, 1, 20),
                "days_past_due": 95,
                "status": "delinquent",
                "entries": [
                    ("principal", 800000, date(2025, 1, 20), "消费分期本金"),
                    ("interest", 64000, date(2025, 9, 30), "利息"),
                    ("fee", 36000, date(2025, 10, 5), "逾期滞纳金"),
                    ("payment", -20000, date(2025, 6, 18), "还款"),
                ],
            }
        ],
    },
    {
        "id": "d-1003",
        "name": "Oliver Bennett",
        "locale": "en_GB",
        "timezone": "Europe/London",
        "date_of_birth": date(1979, 11, 30),
        "accounts": [
            {
                "id": "a-1003",
                "creditor": "Pocket Wallet Credit UK",
                "original_creditor": "Pocket Wallet UK",
                "product": "Wallet Loan",
                "currency": "GBP",
                "number_last4": "0932",
                "opened_on": date(2024, 11, 2),
                "days_past_due": 41,
                "status": "delinquent",
                "entries": [
                    ("principal", 60000, date(2024, 11, 2), "Wallet Loan advance"),
                    ("interest", 4800, date(2025, 9, 30), "Interest"),
                    ("fee", 1200, date(2025, 10, 12), "Missed payment fee"),
                    ("payment", -2000, date(2025, 7, 3), "Payment received"),
                ],
            }
        ],
    },
    {
        "id": "d-1004",
        "name": "Maria Lopez",
        "locale": "en_US",
        "timezone": "America/Los_Angeles",
        "date_of_birth": date(1995, 1, 22),
        "accounts": [
            {
                "id": "a-1004",
                "creditor": "Pocket Wallet Credit",
                "original_creditor": "Pocket Wallet",
                "product": "Cash Advance",
                "currency": "USD",
                "number_last4": "5508",
                "opened_on": date(2025, 4, 1),
                "days_past_due": 182,
                "status": "delinquent",
                "entries": [
                    ("principal", 40000, date(2025, 4, 1), "Cash advance"),
                    ("interest", 3575, date(2025, 9, 30), "Interest"),
                    ("fee", 1500, date(2025, 6, 2), "Late fee"),
                ],
            },
        ],
    },
    {
        "id": "d-1005",
        "name": "王伟",
        "locale": "zh_Hans_CN",
        "timezone": "Asia/Shanghai",
        "date_of_birth": date(1985, 9, 9),
        "accounts": [
            {
                "id": "a-1005",
                "creditor": "钱包信贷",
                "original_creditor": "钱包小贷",
                "product": "现金贷",
                "currency": "CNY",
                "number_last4": "2277",
                "opened_on": date(2024, 12, 12),
                "days_past_due": 210,
                "status": "delinquent",
                "entries": [
                    ("principal", 1200000, date(2024, 12, 12), "现金贷本金"),
                    ("interest", 98000, date(2025, 9, 30), "利息"),
                    ("fee", 12000, date(2025, 3, 15), "滞纳金"),
                    ("payment", -60000, date(2025, 2, 12), "还款"),
                ],
            }
        ],
    },
    {
        "id": "d-1006",
        "name": "Priya Shah",
        "locale": "en_GB",
        "timezone": "Europe/London",
        "date_of_birth": date(1990, 5, 17),
        "accounts": [
            {
                "id": "a-1006",
                "creditor": "Pocket Wallet Credit UK",
                "original_creditor": "Pocket Wallet UK",
                "product": "Pay Later",
                "currency": "GBP",
                "number_last4": "6140",
                "opened_on": date(2025, 3, 8),
                "days_past_due": 12,
                "status": "delinquent",
                "entries": [
                    ("principal", 25000, date(2025, 3, 8), "Pay Later purchase"),
                    ("interest", 899, date(2025, 9, 30), "Interest"),
                    ("payment", -5000, date(2025, 5, 8), "Payment received"),
                ],
            }
        ],
    },
    {
        "id": "d-1007",
        "name": "Chen Jing",
        "locale": "en_US",
        "timezone": "America/Chicago",
        "date_of_birth": date(1999, 12, 1),
        "accounts": [
            {
                "id": "a-1007",
                "creditor": "Pocket Wallet Credit",
                "original_creditor": "Pocket Wallet",
                "product": "Pay Later",
                "currency": "USD",
                "number_last4": "3390",
                "opened_on": date(2025, 5, 19),
                "days_past_due": 33,
                "status": "delinquent",
                "entries": [
                    ("principal", 89900, date(2025, 5, 19), "Pay Later purchase"),
                    ("interest", 2140, date(2025, 9, 30), "Interest"),
                    ("fee", 2900, date(2025, 9, 2), "Late fee"),
                    ("waiver", -2900, date(2025, 9, 20), "Late fee waived (goodwill)"),
                ],
            }
        ],
    },
]


async def seed_demo(sessions: sessionmaker) -> int:
    """Insert the demo debtors that are missing; returns how many were added."""
    added = 0
    async with transaction(sessions) as session:
        existing = set((await session.execute(select(Debtor.id))).scalars())
        for spec in DEMO:
            if spec["id"] in existing:
                continue
            debtor = Debtor(**{k: v for k, v in spec.items() if k != "accounts"})
            session.add(debtor)
            for acc in spec["accounts"]:
                fields = {k: v for k, v in acc.items() if k != "entries"}
                session.add(Account(debtor_id=debtor.id, **fields))
            await session.flush()  # entries reference the accounts by foreign key
            for acc in spec["accounts"]:
                for kind, amount, on, description in acc["entries"]:
                    session.add(
                        Entry(
                            account_id=acc["id"],
                            kind=kind,
                            amount_minor=amount,
                            currency=acc["currency"],
                            effective_on=on,
                            description=description,
                        )
                    )
            await session.flush()
            await audit.append(
                session,
                actor="seed",
                action="debtor.seeded",
                subject=f"debtor:{spec['id']}",
                data={"accounts": [_summary(acc) for acc in spec["accounts"]]},
            )
            added += 1
    return added


def _summary(acc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": acc["id"],
        "currency": acc["currency"],
        "entries": len(acc["entries"]),
        "balance_minor": sum(amount for _, amount, _, _ in acc["entries"]),
    }
