"""Imports every table module so `Base.metadata` is complete (Alembic, tests)."""

from bot.db import Base
from bot.gateway import models as gateway_models
from bot.handoff import models as handoff_models
from bot.ledger import identity as ledger_identity
from bot.ledger import models as ledger_models

metadata = Base.metadata

__all__ = ["gateway_models", "handoff_models", "ledger_identity", "ledger_models", "metadata"]
