"""diary order indexes: a school's live entries in date order, read from the index alone

«Дневник педагога» of 100 000 entries listed its ids by sorting them in a temporary B-tree on
every opening; with (school_id, date, id, deleted_at) SQLite walks a covering index instead.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 04:00:00
"""

from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_events_school_order', 'events', ['school_id', 'date_from', 'id', 'deleted_at']),
    ('ix_teacher_diary_school_order', 'teacher_diary', ['school_id', 'entry_date', 'id', 'deleted_at']),
    ('ix_director_diary_school_order', 'director_diary', ['school_id', 'entry_date', 'id', 'deleted_at']),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
