"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 22:13:57.919740
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('municipalities',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('signing_key', sa.String(length=100), nullable=True),
    sa.Column('encryption_key', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities'))
    )
    op.create_table('survey_templates',
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('scale', sa.JSON(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_survey_templates_title_not_empty')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_survey_templates_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_templates')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_survey_templates_code_version'))
    )
    op.create_table('catalog_events',
    sa.Column('municipality_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('form', sa.String(length=200), nullable=False),
    sa.Column('organizer', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=True),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('key_elements', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("level IN ('school', 'municipal', 'regional', 'federal')", name=op.f('ck_catalog_events_level')),
    sa.CheckConstraint('date_to IS NULL OR date_from IS NULL OR date_to >= date_from', name=op.f('ck_catalog_events_dates_in_order')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_catalog_events_title_not_empty')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_catalog_events_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_events'))
    )
    op.create_table('schools',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=False),
    sa.Column('municipality', sa.String(length=300), nullable=False),
    sa.Column('municipality_id', sa.String(length=36), nullable=True),
    sa.Column('settlement', sa.String(length=200), nullable=False),
    sa.Column('is_shnor', sa.Boolean(), nullable=False),
    sa.Column('is_shnsu', sa.Boolean(), nullable=False),
    sa.Column('is_pilot', sa.Boolean(), nullable=False),
    sa.Column('director', sa.String(length=200), nullable=False),
    sa.Column('deputy', sa.String(length=200), nullable=False),
    sa.Column('in_programme_since', sa.Date(), nullable=True),
    sa.Column('left_programme_on', sa.Date(), nullable=True),
    sa.Column('left_grounds', sa.Text(), nullable=False),
    sa.Column('signing_key', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('left_programme_on IS NULL OR in_programme_since IS NULL OR left_programme_on >= in_programme_since', name=op.f('ck_schools_left_after_joined')),
    sa.CheckConstraint('length(code) > 0', name=op.f('ck_schools_code_not_empty')),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_schools_name_not_empty')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_schools_municipality_id_municipalities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('code', name=op.f('uq_schools_code'))
    )
    op.create_table('curator_comments',
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("target IN ('teacher_diary', 'director_diary', 'events')", name=op.f('ck_curator_comments_target')),
    sa.CheckConstraint('length(text) > 0', name=op.f('ck_curator_comments_text_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_curator_comments_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curator_comments'))
    )
    with op.batch_alter_table('curator_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_curator_comments_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_curator_comments_target_id'), ['target_id'], unique=False)

    op.create_table('director_diary',
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('form_of_use', sa.Text(), nullable=False),
    sa.Column('where_used', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('director_comment', sa.Text(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(form_of_use) > 0', name=op.f('ck_director_diary_form_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_director_diary_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_director_diary'))
    )
    with op.batch_alter_table('director_diary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_director_diary_entry_date'), ['entry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_director_diary_school_id'), ['school_id'], unique=False)

    op.create_table('events',
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('form', sa.String(length=200), nullable=False),
    sa.Column('organizer', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('participants_note', sa.Text(), nullable=False),
    sa.Column('key_elements', sa.Text(), nullable=False),
    sa.Column('program_elements_note', sa.Text(), nullable=False),
    sa.Column('catalog_event_id', sa.String(length=36), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("level IN ('school', 'municipal', 'regional', 'federal')", name=op.f('ck_events_level')),
    sa.CheckConstraint('date_to IS NULL OR date_to >= date_from', name=op.f('ck_events_dates_in_order')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_events_title_not_empty')),
    sa.ForeignKeyConstraint(['catalog_event_id'], ['catalog_events.id'], name=op.f('fk_events_catalog_event_id_catalog_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_events_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_date_from'), ['date_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_school_id'), ['school_id'], unique=False)

    op.create_table('exam_results',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('assessment', sa.String(length=10), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('metric', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("assessment IN ('ВПР', 'ОГЭ', 'ЕГЭ', 'ГВЭ')", name=op.f('ck_exam_results_assessment')),
    sa.CheckConstraint("level IS NULL OR level IN ('базовая', 'профильная')", name=op.f('ck_exam_results_level')),
    sa.CheckConstraint("metric <> 'mean_mark' OR (value >= 0 AND value <= 5)", name=op.f('ck_exam_results_mean_mark_range')),
    sa.CheckConstraint("metric <> 'mean_score' OR (value >= 0 AND value <= 100)", name=op.f('ck_exam_results_mean_score_range')),
    sa.CheckConstraint("metric IN ('mean_mark', 'mean_score', 'students', 'participants', 'confirmed_pct', 'lowered_pct', 'failed_pct')", name=op.f('ck_exam_results_metric')),
    sa.CheckConstraint("metric NOT IN ('confirmed_pct', 'lowered_pct', 'failed_pct') OR (value >= 0 AND value <= 100)", name=op.f('ck_exam_results_pct_range')),
    sa.CheckConstraint("metric NOT IN ('students', 'participants') OR value >= 0", name=op.f('ck_exam_results_count_not_negative')),
    sa.CheckConstraint('grade IS NULL OR (grade >= 1 AND grade <= 11)', name=op.f('ck_exam_results_grade')),
    sa.CheckConstraint('length(subject) > 0', name=op.f('ck_exam_results_subject_not_empty')),
    sa.CheckConstraint('year >= 2000 AND year <= 2100', name=op.f('ck_exam_results_year')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_exam_results_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_results'))
    )
    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_results_school_id'), ['school_id'], unique=False)
        # A NULL grade or level must still collide: COALESCE in the unique key.
        batch_op.create_index(
            'uq_exam_results_key',
            ['school_id', 'year', 'assessment', 'subject',
             sa.text('coalesce(grade, 0)'), sa.text("coalesce(level, '')"), 'metric'],
            unique=True,
        )

    op.create_table('installation',
    sa.Column('singleton', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('signing_public_key', sa.String(length=100), nullable=True),
    sa.Column('encryption_public_key', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('school', 'municipality')", name=op.f('ck_installation_mode')),
    sa.CheckConstraint('singleton = 1', name=op.f('ck_installation_singleton')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_installation_school_id_schools'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation')),
    sa.UniqueConstraint('singleton', name=op.f('uq_installation_singleton'))
    )
    op.create_table('package_log',
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=True),
    sa.Column('package_id', sa.String(length=36), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('sender_id', sa.String(length=36), nullable=True),
    sa.Column('signing_key', sa.String(length=100), nullable=True),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('package_created_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("direction IN ('out', 'in')", name=op.f('ck_package_log_direction')),
    sa.CheckConstraint("kind IS NULL OR kind IN ('school_snapshot', 'municipal_feedback')", name=op.f('ck_package_log_kind')),
    sa.CheckConstraint("result IN ('written', 'imported', 'already_imported', 'refused')", name=op.f('ck_package_log_result')),
    sa.CheckConstraint('sequence IS NULL OR sequence >= 1', name=op.f('ck_package_log_sequence_positive')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_package_log_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_log'))
    )
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_log_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_package_log_school_id'), ['school_id'], unique=False)

    op.create_table('programs',
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('year_from', sa.Integer(), nullable=False),
    sa.Column('year_to', sa.Integer(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('indicators_text', sa.Text(), nullable=False),
    sa.Column('expected_results', sa.Text(), nullable=False),
    sa.Column('developers', sa.Text(), nullable=False),
    sa.Column('executors', sa.Text(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_programs_title_not_empty')),
    sa.CheckConstraint('year_from >= 2000 AND year_from <= 2100', name=op.f('ck_programs_year_from')),
    sa.CheckConstraint('year_to >= year_from AND year_to <= 2100', name=op.f('ck_programs_year_to')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_programs_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs'))
    )
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programs_school_id'), ['school_id'], unique=False)

    op.create_table('recommendations',
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_recommendations_title_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_recommendations_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_school_id'), ['school_id'], unique=False)

    op.create_table('staff',
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('education', sa.String(length=60), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('experience_years', sa.Integer(), nullable=True),
    sa.Column('in_pos', sa.Boolean(), nullable=False),
    sa.Column('has_iprp', sa.Boolean(), nullable=False),
    sa.Column('has_tutor', sa.Boolean(), nullable=False),
    sa.Column('teaches_by_diploma', sa.Boolean(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("category IS NULL OR category IN ('высшая', 'первая', 'соответствие', 'без категории')", name=op.f('ck_staff_category')),
    sa.CheckConstraint("education IS NULL OR education IN ('высшее', 'среднее профессиональное')", name=op.f('ck_staff_education')),
    sa.CheckConstraint('birth_year IS NULL OR (birth_year >= 1920 AND birth_year <= 2015)', name=op.f('ck_staff_birth_year')),
    sa.CheckConstraint('experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 70)', name=op.f('ck_staff_experience_years')),
    sa.CheckConstraint('length(full_name) > 0', name=op.f('ck_staff_full_name_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_staff_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_full_name'), ['full_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_school_id'), ['school_id'], unique=False)

    op.create_table('survey_rounds',
    sa.Column('template_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('respondents', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("source IN ('sheets', 'totals')", name=op.f('ck_survey_rounds_source')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_survey_rounds_title_not_empty')),
    sa.CheckConstraint('respondents >= 0', name=op.f('ck_survey_rounds_respondents_not_negative')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_survey_rounds_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['survey_templates.id'], name=op.f('fk_survey_rounds_template_id_survey_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_rounds'))
    )
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_rounds_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_rounds_template_id'), ['template_id'], unique=False)

    op.create_table('director_diary_events',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['director_diary.id'], name=op.f('fk_director_diary_events_entry_id_director_diary'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_director_diary_events_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'event_id', name=op.f('pk_director_diary_events'))
    )
    op.create_table('event_participants',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_participants_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_participants_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'staff_id', name=op.f('pk_event_participants'))
    )
    op.create_table('indicators',
    sa.Column('program_id', sa.String(length=36), nullable=True),
    sa.Column('criterion', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_indicators_name_not_empty')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_indicators_program_id_programs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_indicators_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicators_school_id'), ['school_id'], unique=False)

    op.create_table('plan_sections',
    sa.Column('program_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_plan_sections_title_not_empty')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_plan_sections_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_plan_sections_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_sections'))
    )
    with op.batch_alter_table('plan_sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_sections_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_sections_school_id'), ['school_id'], unique=False)

    op.create_table('support_needs',
    sa.Column('program_id', sa.String(length=36), nullable=True),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('due_text', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("level IN ('school', 'municipal', 'regional')", name=op.f('ck_support_needs_level')),
    sa.CheckConstraint("status IN ('needed', 'agreed', 'received', 'not_received')", name=op.f('ck_support_needs_status')),
    sa.CheckConstraint('length(content) > 0', name=op.f('ck_support_needs_content_not_empty')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_support_needs_program_id_programs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_support_needs_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_needs'))
    )
    with op.batch_alter_table('support_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_needs_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_needs_school_id'), ['school_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.String(length=36), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['survey_rounds.id'], name=op.f('fk_survey_responses_round_id_survey_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_round_id'), ['round_id'], unique=False)

    op.create_table('teacher_diary',
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('methods', sa.Text(), nullable=False),
    sa.Column('where_used', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('teacher_comment', sa.Text(), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('length(methods) > 0', name=op.f('ck_teacher_diary_methods_not_empty')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_teacher_diary_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_teacher_diary_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher_diary'))
    )
    with op.batch_alter_table('teacher_diary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_diary_entry_date'), ['entry_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_teacher_diary_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teacher_diary_staff_id'), ['staff_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('indicator_id', sa.String(length=36), nullable=False),
    sa.Column('academic_year', sa.String(length=9), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('actual', sa.Float(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("length(academic_year) = 9 AND academic_year LIKE '____/____'", name=op.f('ck_indicator_values_academic_year')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'academic_year', name=op.f('uq_indicator_values_indicator_id_academic_year'))
    )
    op.create_table('plan_activities',
    sa.Column('program_id', sa.String(length=36), nullable=False),
    sa.Column('section_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('deadline_text', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('responsible', sa.Text(), nullable=False),
    sa.Column('expected_result', sa.Text(), nullable=False),
    sa.Column('control_form', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('actual_result', sa.Text(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status = 'done' OR done_on IS NULL", name=op.f('ck_plan_activities_done_on_only_when_done')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'cancelled')", name=op.f('ck_plan_activities_status')),
    sa.CheckConstraint('length(title) > 0', name=op.f('ck_plan_activities_title_not_empty')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_plan_activities_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_plan_activities_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['plan_sections.id'], name=op.f('fk_plan_activities_section_id_plan_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_activities'))
    )
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_activities_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activities_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activities_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activities_section_id'), ['section_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_activities_status'), ['status'], unique=False)

    op.create_table('support_need_events',
    sa.Column('need_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_support_need_events_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['support_needs.id'], name=op.f('fk_support_need_events_need_id_support_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'event_id', name=op.f('pk_support_need_events'))
    )
    op.create_table('teacher_diary_events',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['teacher_diary.id'], name=op.f('fk_teacher_diary_events_entry_id_teacher_diary'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_teacher_diary_events_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'event_id', name=op.f('pk_teacher_diary_events'))
    )
    op.create_table('director_diary_activities',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'], name=op.f('fk_director_diary_activities_activity_id_plan_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['director_diary.id'], name=op.f('fk_director_diary_activities_entry_id_director_diary'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'activity_id', name=op.f('pk_director_diary_activities'))
    )
    op.create_table('event_activities',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'], name=op.f('fk_event_activities_activity_id_plan_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_activities_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'activity_id', name=op.f('pk_event_activities'))
    )
    op.create_table('support_need_activities',
    sa.Column('need_id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'], name=op.f('fk_support_need_activities_activity_id_plan_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['support_needs.id'], name=op.f('fk_support_need_activities_need_id_support_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'activity_id', name=op.f('pk_support_need_activities'))
    )
    op.create_table('teacher_diary_activities',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'], name=op.f('fk_teacher_diary_activities_activity_id_plan_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['teacher_diary.id'], name=op.f('fk_teacher_diary_activities_entry_id_teacher_diary'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'activity_id', name=op.f('pk_teacher_diary_activities'))
    )


def downgrade() -> None:
    op.drop_table('teacher_diary_activities')
    op.drop_table('support_need_activities')
    op.drop_table('event_activities')
    op.drop_table('director_diary_activities')
    op.drop_table('teacher_diary_events')
    op.drop_table('support_need_events')
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_activities_status'))
        batch_op.drop_index(batch_op.f('ix_plan_activities_section_id'))
        batch_op.drop_index(batch_op.f('ix_plan_activities_school_id'))
        batch_op.drop_index(batch_op.f('ix_plan_activities_program_id'))
        batch_op.drop_index(batch_op.f('ix_plan_activities_due_date'))

    op.drop_table('plan_activities')
    op.drop_table('indicator_values')
    with op.batch_alter_table('teacher_diary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_diary_staff_id'))
        batch_op.drop_index(batch_op.f('ix_teacher_diary_school_id'))
        batch_op.drop_index(batch_op.f('ix_teacher_diary_entry_date'))

    op.drop_table('teacher_diary')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_round_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('support_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_needs_school_id'))
        batch_op.drop_index(batch_op.f('ix_support_needs_program_id'))

    op.drop_table('support_needs')
    with op.batch_alter_table('plan_sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_sections_school_id'))
        batch_op.drop_index(batch_op.f('ix_plan_sections_program_id'))

    op.drop_table('plan_sections')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_school_id'))
        batch_op.drop_index(batch_op.f('ix_indicators_program_id'))

    op.drop_table('indicators')
    op.drop_table('event_participants')
    op.drop_table('director_diary_events')
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_rounds_template_id'))
        batch_op.drop_index(batch_op.f('ix_survey_rounds_school_id'))

    op.drop_table('survey_rounds')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_school_id'))
        batch_op.drop_index(batch_op.f('ix_staff_full_name'))

    op.drop_table('staff')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_school_id'))

    op.drop_table('recommendations')
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programs_school_id'))

    op.drop_table('programs')
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_log_school_id'))
        batch_op.drop_index(batch_op.f('ix_package_log_package_id'))

    op.drop_table('package_log')
    op.drop_table('installation')
    with op.batch_alter_table('exam_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_results_school_id'))

    op.drop_table('exam_results')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_school_id'))
        batch_op.drop_index(batch_op.f('ix_events_level'))
        batch_op.drop_index(batch_op.f('ix_events_date_from'))

    op.drop_table('events')
    with op.batch_alter_table('director_diary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_director_diary_school_id'))
        batch_op.drop_index(batch_op.f('ix_director_diary_entry_date'))

    op.drop_table('director_diary')
    with op.batch_alter_table('curator_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_curator_comments_target_id'))
        batch_op.drop_index(batch_op.f('ix_curator_comments_school_id'))

    op.drop_table('curator_comments')
    op.drop_table('schools')
    op.drop_table('catalog_events')
    op.drop_table('survey_templates')
    op.drop_table('municipalities')
