"""promises: a pending promise the debtor changes becomes `replaced`

Revision ID: 0006
Revises: 0005
"""
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_BEFORE = "status IN ('pending','kept','broken')"
_AFTER = "status IN ('pending','kept','broken','replaced')"


def _status_check(rule: str) -> None:
    # SQLite cannot alter a constraint: batch mode copies the table with the new one.
    with op.batch_alter_table("promises", recreate="auto") as batch_op:
        batch_op.drop_constraint(op.f("ck_promises_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_promises_status"), rule)


def upgrade() -> None:
    _status_check(_AFTER)


def downgrade() -> None:
    op.execute("UPDATE promises SET status = 'broken' WHERE status = 'replaced'")
    _status_check(_BEFORE)
