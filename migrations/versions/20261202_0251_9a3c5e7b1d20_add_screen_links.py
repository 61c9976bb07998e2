"""add screen links: the projector opens the screen without a staff login

Revision ID: 9a3c5e7b1d20
Revises: 6d2e3f4a5b6c
Create Date: 2026-12-02 02:51:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a3c5e7b1d20'
down_revision = '6d2e3f4a5b6c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('screen_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_screen_links_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screen_links')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_screen_links_meeting_id')),
    sa.UniqueConstraint('token', name=op.f('uq_screen_links_token'))
    )


def downgrade():
    op.drop_table('screen_links')
