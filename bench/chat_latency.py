"""Chat round-trip latency for the balance question, against a running stack.

    make run                                    # in another terminal
    .venv/bin/python bench/chat_latency.py [--url http://127.0.0.1:8080] [--n 50]

Each request is a real `POST /v1/chat/messages` (gateway → screening → rasa → action
server → ledger API → Babel), alternating an English and a Chinese demo debtor. Prints
the median, p95 and max in milliseconds. A benchmark, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import auth  # noqa: E402
from bot.config import load  # noqa: E402

QUESTIONS = [("d-1001", "how much do I owe?"), ("d-1002", "我还欠多少钱")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=load().gateway_url)
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args()
    secret = load().secret
    conversations: dict[str, str] = {}
    timings = []
    for i in range(args.n + 2):
        debtor, text = QUESTIONS[i % 2]
        body = {"text": text}
        if debtor in conversations:
            body["conversation_id"] = conversations[debtor]
        started = time.perf_counter()
        response = requests.post(
            f"{args.url}/v1/chat/messages",
            json=body,
            timeout=60,
            headers={"Authorization": f"Bearer {auth.issue(secret, 'wallet', debtor)}"},
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        conversations[debtor] = response.json()["conversation_id"]
        if i >= 2:  # the first message of each conversation also starts a Rasa session
            timings.append(elapsed)
    timings.sort()
    print(
        f"balance question round trip over {len(timings)} requests: "
        f"median {statistics.median(timings):.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.0f} ms, max {timings[-1]:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
