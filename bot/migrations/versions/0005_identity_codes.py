"""identity codes: one-time codes the wallet app shows, stored as HMACs

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'identity_codes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('debtor_id', sa.String(length=64), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['debtor_id'], ['debtors.id'],
                                name=op.f('fk_identity_codes_debtor_id_debtors')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_codes')),
    )
    op.create_index(op.f('ix_identity_codes_debtor_id'), 'identity_codes', ['debtor_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_identity_codes_debtor_id'), table_name='identity_codes')
    op.drop_table('identity_codes')
