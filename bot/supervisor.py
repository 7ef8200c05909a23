"""`python -m bot up`: start the action server, rasa server and gateway; watch them.

Waits until each answers its health check, prints URLs and demo tokens, stops everything
cleanly on Ctrl-C, and exits non-zero with the failing process's last log lines if one dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot import auth, migrate
from bot.config import ROOT, Settings, dev_defaults_in_use
from bot.gateway.rasa import RasaClient, RasaError
from bot.training import model_path

START_TIMEOUT_S = float(os.environ.get("SETTLE_START_TIMEOUT", "300"))
STOP_GRACE_S = 10.0
LOG_TAIL = 40


@dataclass
class Process:
    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    popen: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self, logs: Path) -> None:
        self.log_path = logs / f"{self.name}.log"
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def exited(self) -> int | None:
        return None if self.popen is None else self.popen.poll()

    def tail(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        with self.log_path.open(errors="replace") as f:
            return "".join(deque(f, maxlen=LOG_TAIL))

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


class ProcessDied(RuntimeError):
    def __init__(self, process: Process) -> None:
        super().__init__(f"{process.name} exited with code {process.exited}")
        self.process = process


def processes(settings: Settings, model: Path) -> list[Process]:
    py = sys.executable
    common = {
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONUNBUFFERED": "1",
        "SETTLE_GATEWAY_URL": settings.gateway_url,
    }
    return [
        Process(
            "action-server",
            [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
            f"{settings.action_url}/health",
            {**common, "SANIC_HOST": "127.0.0.1"},
        ),
        Process(
            "rasa",
            [
                py,
                "-m",
                "rasa",
                "run",
                "--enable-api",
                "--auth-token",
                settings.rasa_token,
                "--interface",
                "127.0.0.1",
                "--port",
                str(settings.rasa_port),
                "--model",
                str(model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
            f"{settings.rasa_url}/status?token={settings.rasa_token}",
            {**common, "SETTLE_ACTION_ENDPOINT": f"{settings.action_url}/webhook"},
        ),
        Process("gateway", [py, "-m", "bot", "gateway"], f"{settings.gateway_url}/healthz", common),
    ]


async def _healthy(http: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with http.get(url, timeout=aiohttp.ClientTimeout(total=3)) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def wait_healthy(procs: list[Process]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = list(procs)
    async with aiohttp.ClientSession() as http:
        while pending:
            for proc in procs:
                if proc.exited is not None:
                    raise ProcessDied(proc)
            for proc in list(pending):
                if await _healthy(http, proc.health_url):
                    print(f"  {proc.name} is up", flush=True)
                    pending.remove(proc)
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"not healthy after {START_TIMEOUT_S:.0f} s: "
                    + ", ".join(p.name for p in pending)
                )
            await asyncio.sleep(0.5)


async def warm_up(settings: Settings) -> None:
    """One NLU parse per language before saying "up": Rasa's first parse after loading a
    model takes ~0.7 s, which the first debtor's screening would otherwise pay."""
    rasa = RasaClient(settings.rasa_url, settings.rasa_token)
    try:
        for sample in ("hello", "你好"):
            await rasa.parse(sample)
    except RasaError as exc:  # healthy a moment ago; the gateway copes without NLU anyway
        print(f"  warning: warming up rasa failed: {exc}", flush=True)
    finally:
        await rasa.close()


async def watch(procs: list[Process], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for proc in procs:
            if proc.exited is not None:
                raise ProcessDied(proc)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)


def banner(settings: Settings, seconds: float) -> str:
    tokens = [
        ("wallet token, d-1001 (en_US)", auth.issue(settings.secret, "wallet", "d-1001")),
        ("wallet token, d-1002 (zh_Hans_CN)", auth.issue(settings.secret, "wallet", "d-1002")),
        ("ledger service token", auth.issue(settings.secret, "service", "demo-cli")),
        ("agent token (demo)", auth.issue(settings.secret, "agent", "demo")),
    ]
    lines = [
        "",
        f"Settle is up in {seconds:.0f} s.",
        f"  chat (wallet demo):  {settings.gateway_url}/",
        f"  agent console:       {settings.gateway_url}/agent",
        f"  health:              {settings.gateway_url}/healthz",
        "",
        *[f"  {label}:\n    {token}" for label, token in tokens],
        "",
        "  more tokens: .venv/bin/python -m bot token DEBTOR_ID | --service | --agent NAME",
        *_agent_login_lines(),
        "  Ctrl-C stops everything.",
    ]
    if dev_defaults_in_use():
        lines += [
            "",
            "  WARNING: development secrets in use (" + ", ".join(dev_defaults_in_use()) + ").",
            "  Set them in the environment before exposing this anywhere.",
        ]
    return "\n".join(lines)


def _agent_login_lines() -> list[str]:
    from bot.handoff.agents import DEMO_AGENT, demo_password

    password, dev_default = demo_password()
    shown = (
        f"{password}   (development default; set SETTLE_DEMO_AGENT_PASSWORD)"
        if dev_default
        else "(from SETTLE_DEMO_AGENT_PASSWORD)"
    )
    return [
        f"  agent console login: {DEMO_AGENT} / {shown}",
        "  more agents: .venv/bin/python -m bot agent add NAME [--supervisor]",
    ]


def prepare(settings: Settings) -> None:
    """Database schema and demo data (both idempotent)."""
    from bot.db import create_engine, session_factory
    from bot.handoff.agents import seed_demo_agent
    from bot.ledger.seed import seed_demo

    migrate.upgrade(settings.database_url)

    async def _seed() -> int:
        engine = create_engine(settings.database_url)
        try:
            sessions = session_factory(engine)
            added = await seed_demo(sessions)
            await seed_demo_agent(sessions)  # the console's `demo` login (idempotent)
            return added
        finally:
            await engine.dispose()

    added = asyncio.run(_seed())
    print(f"database ready ({added} demo debtors added)", flush=True)


def up(settings: Settings) -> int:
    started = time.monotonic()
    # SETTLE_MODEL pins a model file (e.g. one being evaluated); normally the one for the
    # current training inputs, which `make run` has just trained if needed.
    model = Path(os.environ.get("SETTLE_MODEL") or model_path(settings.models_dir))
    if not model.exists():
        print(
            f"error: no trained model {model}; run `make run` (it trains) or `make train`",
            file=sys.stderr,
        )
        return 2
    prepare(settings)
    logs = settings.var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs = processes(settings, model)
    print(f"starting {', '.join(p.name for p in procs)} (logs in {logs}) …", flush=True)
    for proc in procs:
        proc.start(logs)
    return asyncio.run(_run(settings, procs, started))


async def _run(settings: Settings, procs: list[Process], started: float) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await wait_healthy(procs)
        await warm_up(settings)
        print(banner(settings, time.monotonic() - started), flush=True)
        await watch(procs, stop)
        print("\nstopping …", flush=True)
        return 0
    except ProcessDied as exc:
        print(
            f"\nerror: {exc}. Last lines of {exc.process.log_path}:\n{exc.process.tail()}",
            file=sys.stderr,
            flush=True,
        )
        return 1
    except TimeoutError as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        for proc in procs:
            print(f"--- {proc.log_path}\n{proc.tail()}", file=sys.stderr)
        return 1
    finally:
        for proc in reversed(procs):
            proc.stop()
