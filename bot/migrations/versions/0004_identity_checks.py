"""identity checks: failed verifications lock for 30 minutes

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'identity_checks',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('debtor_id', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ok', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['debtor_id'], ['debtors.id'],
                                name=op.f('fk_identity_checks_debtor_id_debtors')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_checks')),
    )
    op.create_index(op.f('ix_identity_checks_debtor_id'), 'identity_checks', ['debtor_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_identity_checks_debtor_id'), table_name='identity_checks')
    op.drop_table('identity_checks')
