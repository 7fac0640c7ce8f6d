"""recommendations answered: a due date and what the office expects; the school's responses
and the links from plan activities, events and diary entries to the recommendations they answer

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('director_diary_recommendations',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['director_diary.id'], name=op.f('fk_director_diary_recommendations_entry_id_director_diary'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_director_diary_recommendations_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'recommendation_id', name=op.f('pk_director_diary_recommendations'))
    )
    with op.batch_alter_table('director_diary_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_director_diary_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('event_recommendations',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_recommendations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_event_recommendations_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'recommendation_id', name=op.f('pk_event_recommendations'))
    )
    with op.batch_alter_table('event_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('recommendation_responses',
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('accepted', 'in_progress', 'done', 'declined')", name=op.f('ck_recommendation_responses_status')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_responses_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_recommendation_responses_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_responses'))
    )
    with op.batch_alter_table('recommendation_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_responses_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendation_responses_school_id'), ['school_id'], unique=False)

    op.create_table('teacher_diary_recommendations',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['teacher_diary.id'], name=op.f('fk_teacher_diary_recommendations_entry_id_teacher_diary'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_teacher_diary_recommendations_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'recommendation_id', name=op.f('pk_teacher_diary_recommendations'))
    )
    with op.batch_alter_table('teacher_diary_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_diary_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('plan_activity_recommendations',
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'], name=op.f('fk_plan_activity_recommendations_activity_id_plan_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_plan_activity_recommendations_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'recommendation_id', name=op.f('pk_plan_activity_recommendations'))
    )
    with op.batch_alter_table('plan_activity_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_activity_recommendations_recommendation_id'), ['recommendation_id'], unique=False)

    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('activity_hint', sa.Text(), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_column('activity_hint')
        batch_op.drop_column('due_date')

    with op.batch_alter_table('plan_activity_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_activity_recommendations_recommendation_id'))

    op.drop_table('plan_activity_recommendations')
    with op.batch_alter_table('teacher_diary_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_diary_recommendations_recommendation_id'))

    op.drop_table('teacher_diary_recommendations')
    with op.batch_alter_table('recommendation_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_responses_school_id'))
        batch_op.drop_index(batch_op.f('ix_recommendation_responses_recommendation_id'))

    op.drop_table('recommendation_responses')
    with op.batch_alter_table('event_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_recommendations_recommendation_id'))

    op.drop_table('event_recommendations')
    with op.batch_alter_table('director_diary_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_director_diary_recommendations_recommendation_id'))

    op.drop_table('director_diary_recommendations')
