"""add step countdowns and agenda templates

A step may have a countdown (its length, whether it closes the step at the end,
and the end of the one running); a municipality keeps agendas to start from.

Revision ID: dc2c75824d52
Revises: 9a3c5e7b1d20
Create Date: 2026-12-02 02:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc2c75824d52'
down_revision = '9a3c5e7b1d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_agenda_templates_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_agenda_templates_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_templates')),
    sa.UniqueConstraint('municipality_id', 'name', name=op.f('uq_agenda_templates_municipality_id'))
    )
    with op.batch_alter_table('agenda_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_templates_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_templates_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('countdown_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('close_at_end', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('deadline', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_steps_deadline'), ['deadline'], unique=False)
        batch_op.create_check_constraint(
            'countdown_positive', 'countdown_seconds IS NULL OR countdown_seconds > 0'
        )


def downgrade():
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_steps_countdown_positive'), type_='check')
        batch_op.drop_index(batch_op.f('ix_steps_deadline'))
        batch_op.drop_column('deadline')
        batch_op.drop_column('close_at_end')
        batch_op.drop_column('countdown_seconds')

    with op.batch_alter_table('agenda_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_templates_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_templates_created_by_id'))

    op.drop_table('agenda_templates')
