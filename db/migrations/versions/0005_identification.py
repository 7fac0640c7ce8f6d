"""identification: the office's criteria for schools with low results, and its status decisions

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 04:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identification_criteria', sa.JSON(), nullable=True))
    op.create_table('status_decisions',
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('change', sa.String(length=10), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("change IN ('include', 'leave')", name=op.f('ck_status_decisions_change')),
    sa.CheckConstraint('length(grounds) > 0', name=op.f('ck_status_decisions_grounds_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_status_decisions_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_decisions'))
    )
    with op.batch_alter_table('status_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_decisions_school_id'), ['school_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('status_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_decisions_school_id'))
    op.drop_table('status_decisions')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('identification_criteria')
