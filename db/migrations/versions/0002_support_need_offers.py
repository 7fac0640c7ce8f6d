"""support need offers: the office's catalogue events that answer a school's support need

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('support_need_offers',
    sa.Column('need_id', sa.String(length=36), nullable=False),
    sa.Column('catalog_event_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['catalog_event_id'], ['catalog_events.id'], name=op.f('fk_support_need_offers_catalog_event_id_catalog_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['support_needs.id'], name=op.f('fk_support_need_offers_need_id_support_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'catalog_event_id', name=op.f('pk_support_need_offers'))
    )


def downgrade() -> None:
    op.drop_table('support_need_offers')
