"""add signup answers

The few facts a contractor needs before a site visit, asked per chosen
measure at the sign-up (roof, shade, asbestos, build year, insulation,
heating) and, for tenants, whether the landlord agrees. One row per sign-up
and question; deleted with the sign-up.

Revision ID: b7d4e1a2c3f5
Revises: b5d1e2c3a4f6
Create Date: 2026-12-02 14:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d4e1a2c3f5'
down_revision = 'b5d1e2c3a4f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signup_answers',
    sa.Column('signup_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=32), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=False),
    sa.CheckConstraint("answer <> ''", name=op.f('ck_signup_answers_answered')),
    sa.ForeignKeyConstraint(['signup_id'], ['signups.id'], name=op.f('fk_signup_answers_signup_id_signups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('signup_id', 'question', name=op.f('pk_signup_answers'))
    )


def downgrade():
    op.drop_table('signup_answers')
