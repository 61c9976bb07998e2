"""add paper ballots and close-out records

Paper ballots of a poll step (each one a household entered by hand, with the
form key that saved it) and a meeting's close-out record: the head count of
the people present, the organisations, short minutes and agreed follow-ups.

Revision ID: 7e1ba11075c0
Revises: 4f1d3b2a9c8e
Create Date: 2026-12-02 03:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e1ba11075c0'
down_revision = '4f1d3b2a9c8e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=40), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_paper_ballots_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_paper_ballots_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_ballots')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_paper_ballots_participant_id')),
    sa.UniqueConstraint('step_id', 'client_key', name=op.f('uq_paper_ballots_step_id'))
    )
    with op.batch_alter_table('paper_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_ballots_step_id'), ['step_id'], unique=False)

    op.create_table('meeting_records',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('head_count', sa.Integer(), nullable=True),
    sa.Column('organisations', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('follow_ups', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('head_count IS NULL OR head_count BETWEEN 0 AND 100000', name=op.f('ck_meeting_records_head_count_sensible')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_records_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_meeting_records'))
    )


def downgrade():
    op.drop_table('meeting_records')
    with op.batch_alter_table('paper_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_ballots_step_id'))

    op.drop_table('paper_ballots')
