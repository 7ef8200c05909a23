"""Runtime settings, all from the environment.

Secrets have development defaults so `make run` works out of the box; whenever one
is used, `dev_defaults_in_use()` names it and the supervisor prints a loud warning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_DEV_SECRETS = {
    "SETTLE_SECRET": "dev-only-token-secret-change-me-0123456789",
    "SETTLE_RASA_TOKEN": "dev-only-rasa-token",
    "SETTLE_WEBHOOK_SECRET": "dev-only-webhook-secret",
}


def _secret(name: str) -> str:
    return os.environ.get(name) or _DEV_SECRETS[name]


def dev_defaults_in_use() -> list[str]:
    """Names of secrets still at their development default."""
    return [name for name in _DEV_SECRETS if not os.environ.get(name)]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"error: {name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = field(default_factory=lambda: _int("PORT", 8080))
    rasa_port: int = field(default_factory=lambda: _int("SETTLE_RASA_PORT", 5005))
    action_port: int = field(default_factory=lambda: _int("SETTLE_ACTION_PORT", 5055))
    database_url: str = field(
        default_factory=lambda: os.environ.get(
            "SETTLE_DATABASE_URL", f"sqlite+aiosqlite:///{ROOT / 'var' / 'settle.db'}"
        )
    )
    secret: str = field(default_factory=lambda: _secret("SETTLE_SECRET"))
    rasa_token: str = field(default_factory=lambda: _secret("SETTLE_RASA_TOKEN"))
    webhook_secret: str = field(default_factory=lambda: _secret("SETTLE_WEBHOOK_SECRET"))
    models_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("SETTLE_MODELS_DIR", str(ROOT / "models")))
    )
    var_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("SETTLE_VAR_DIR", str(ROOT / "var")))
    )
    demo: bool = field(default_factory=lambda: os.environ.get("SETTLE_DEMO", "1") == "1")
    # The ledger sweep (missed installments, broken plans and promises) runs in the
    # gateway this often; 0 turns it off (tests that own the clock).
    sweep_seconds: int = field(default_factory=lambda: _int("SETTLE_SWEEP_SECONDS", 3600))

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def load() -> Settings:
    return Settings()
