"""add street lists and matched streets

A municipality's own street list (each name with its canonical key), when it
was last loaded, staff's decisions on typed streets that are not clearly a
listed one, and the listed street each sign-up is matched to.

Revision ID: e0e2859eb5e5
Revises: b7d4e1a2c3f5
Create Date: 2026-12-02 14:06:22.222449

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0e2859eb5e5'
down_revision = 'b7d4e1a2c3f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('municipality_streets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_municipality_streets_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality_streets')),
    sa.UniqueConstraint('municipality_id', 'key', name='uq_municipality_streets')
    )
    op.create_table('street_lists',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_street_lists_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_street_lists'))
    )
    op.create_table('street_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('typed_key', sa.String(length=160), nullable=False),
    sa.Column('street_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_street_decisions_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['street_id'], ['municipality_streets.id'], name=op.f('fk_street_decisions_street_id_municipality_streets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_street_decisions')),
    sa.UniqueConstraint('municipality_id', 'typed_key', name='uq_street_decisions')
    )
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_signups_street_id'), ['street_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_signups_street_id_municipality_streets'), 'municipality_streets', ['street_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_signups_street_id_municipality_streets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_signups_street_id'))
        batch_op.drop_column('street_id')

    op.drop_table('street_decisions')
    op.drop_table('street_lists')
    op.drop_table('municipality_streets')
