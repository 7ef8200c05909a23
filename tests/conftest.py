"""Shared fixtures. `stack` starts the real processes once per test session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import auth
from bot.config import ROOT, Settings
from tests.ports import free_port

STACK_START_TIMEOUT_S = 420
READY_LINE = "Settle is up in"


@dataclass(frozen=True)
class Stack:
    settings: Settings
    log: Path

    @property
    def base_url(self) -> str:
        return self.settings.gateway_url

    def token(self, debtor_id: str) -> str:
        return auth.issue(self.settings.secret, "wallet", debtor_id)

    def service_token(self) -> str:
        return auth.issue(self.settings.secret, "service", "tests")

    def agent_token(self, name: str = "demo") -> str:
        return auth.issue(self.settings.secret, "agent", name)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Gateway, rasa server and action server as `make run` starts them, on test ports,
    with a fresh SQLite database. Started once per session: Rasa takes a minute to load."""
    var = tmp_path_factory.mktemp("stack")
    ports = {
        "PORT": free_port(),
        "SETTLE_RASA_PORT": free_port(),
        "SETTLE_ACTION_PORT": free_port(),
    }
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "SETTLE_VAR_DIR": str(var),
        "SETTLE_DATABASE_URL": f"sqlite+aiosqlite:///{var / 'settle.db'}",
    }
    log = var / "supervisor.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "up"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    settings = Settings(
        port=ports["PORT"],
        rasa_port=ports["SETTLE_RASA_PORT"],
        action_port=ports["SETTLE_ACTION_PORT"],
        database_url=env["SETTLE_DATABASE_URL"],
        var_dir=var,
    )
    deadline = time.monotonic() + STACK_START_TIMEOUT_S
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the stack exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
            # The banner comes after every health check and the warm-up, as in `make run`.
            if READY_LINE in log.read_text(errors="replace"):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"the stack was not healthy in time:\n{log.read_text()[-4000:]}")
            time.sleep(1)
        yield Stack(settings=settings, log=log)
    finally:
        _stop(proc)
