"""How long one NLU pipeline takes to train and to parse, for comparing configs (not a test).

    .venv/bin/python bench/nlu_time.py                          # config.yml as it is
    .venv/bin/python bench/nlu_time.py --config other.yml
    .venv/bin/python bench/nlu_time.py --model models/settle-X.tar.gz [--limit 600]

Trains an NLU-only model on all of data/nlu/ with the config (a fresh `rasa train nlu`, no
cache), loads it, and parses every held-out message in tests/nlu/ one at a time, as the
gateway does. Prints the training time, the load time, the parse latency (median, p95) and
the total. A pipeline change is measured against config.yml on the same idle machine.
`--model` skips training and times a model already trained (two models compared one after
the other, on the same idle machine); `--limit` parses only the first N held-out messages.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bench.nlu_eval import examples, load_agent, model_file, train_nlu  # noqa: E402


async def parse_times(model: Path, texts: list[str]) -> tuple[float, list[float]]:
    """Seconds to load the model, then seconds per parse."""
    start = time.perf_counter()
    agent = load_agent(model)
    loaded = time.perf_counter() - start
    times = []
    for text in texts:
        start = time.perf_counter()
        await agent.parse_message(text)
        times.append(time.perf_counter() - start)
    return loaded, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", type=Path, default=ROOT / "config.yml")
    source.add_argument("--model", type=model_file, help="time this trained model; no training")
    parser.add_argument("--limit", type=int, help="parse only the first N held-out messages")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 2:
        parser.error("--limit needs at least 2 messages for a p95")
    heldout = sorted((ROOT / "tests" / "nlu").glob("heldout_*.yml"))
    texts = [text for path in heldout for text, _ in examples(path)][: args.limit]
    if args.model is not None:
        trained = 0.0
        loaded, times = asyncio.run(parse_times(args.model, texts))
    else:
        with tempfile.TemporaryDirectory() as tmp_name:
            start = time.perf_counter()
            model = train_nlu(args.config, ROOT / "data" / "nlu", Path(tmp_name), "timed")
            trained = time.perf_counter() - start
            loaded, times = asyncio.run(parse_times(model, texts))
    parsed = sum(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"model: {args.model}" if args.model is not None else f"config: {args.config}")
    print("| train s | load s | parses | median ms | p95 ms | parse all s | train + parse s |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {trained:.0f} | {loaded:.1f} | {len(times)} | {statistics.median(times) * 1000:.1f} "
        f"| {p95 * 1000:.1f} | {parsed:.0f} | {trained + loaded + parsed:.0f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
