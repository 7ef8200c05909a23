"""Imports every table module so `Base.metadata` is complete (Alembic, tests)."""

from bot.db import Base
from bot.gateway import models as gateway_models
from bot.ledger import models as ledger_models

metadata = Base.metadata

__all__ = ["gateway_models", "ledger_models", "metadata"]
