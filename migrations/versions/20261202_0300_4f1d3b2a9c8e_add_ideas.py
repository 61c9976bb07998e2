"""add ideas: an open question, the ideas phones share and their upvotes

Revision ID: 4f1d3b2a9c8e
Revises: dc2c75824d52
Create Date: 2026-12-02 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f1d3b2a9c8e'
down_revision = 'dc2c75824d52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idea_questions',
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('max_length', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_length BETWEEN 20 AND 500', name=op.f('ck_idea_questions_max_length_range')),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_idea_questions_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('step_id', name=op.f('pk_idea_questions'))
    )
    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('merged_into_id IS NULL OR merged_into_id <> id', name=op.f('ck_ideas_not_itself')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['ideas.id'], name=op.f('fk_ideas_merged_into_id_ideas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_ideas_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_ideas_step_id_steps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas')),
    sa.UniqueConstraint('step_id', 'participant_id', 'client_key', name=op.f('uq_ideas_step_id'))
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_step_id'), ['step_id'], unique=False)

    op.create_table('idea_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_votes_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_idea_votes_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_votes')),
    sa.UniqueConstraint('idea_id', 'participant_id', name=op.f('uq_idea_votes_idea_id'))
    )
    with op.batch_alter_table('idea_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_votes_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_votes_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('idea_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_votes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_idea_votes_idea_id'))

    op.drop_table('idea_votes')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_step_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_participant_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_merged_into_id'))

    op.drop_table('ideas')
    op.drop_table('idea_questions')
