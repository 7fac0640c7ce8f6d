"""indicator formula: an indicator counted from records (issue 19, item 3)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('formula', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_column('formula')
