"""district report header: the office's district name and total number of schools (seed 004)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:46:51
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district_name', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('schools_total', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_municipalities_schools_total_range'),
            'schools_total IS NULL OR (schools_total >= 0 AND schools_total <= 100000)',
        )


def downgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_municipalities_schools_total_range'), type_='check')
        batch_op.drop_column('schools_total')
        batch_op.drop_column('district_name')
