"""passport fields: «Руководитель», «Основные участники» (seed 003), «Основания для разработки»,
«Сроки и этапы реализации» (seed 002) (issue 17)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('participants', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('grounds', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('stages', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('stages')
        batch_op.drop_column('grounds')
        batch_op.drop_column('participants')
        batch_op.drop_column('head')
