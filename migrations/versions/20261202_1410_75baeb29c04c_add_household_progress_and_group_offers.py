"""add household progress in a group, group offers and housing units

Each household of a group (a sign-up's measure) gets a status, a drop reason,
its own home size and the offer it subscribed to; offers belong to a group;
neighbourhoods may say how many housing units they hold (LEKP rates).

Revision ID: 75baeb29c04c
Revises: 7e1ba11075c0
Create Date: 2026-12-02 14:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '75baeb29c04c'
down_revision = '7e1ba11075c0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('contractor', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('included', sa.String(length=2000), nullable=False),
    sa.Column('conditions', sa.String(length=2000), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('premium_category', sa.String(length=24), nullable=True),
    sa.Column('premium_kind', sa.String(length=8), nullable=True),
    sa.Column('premium_cents', sa.Integer(), nullable=True),
    sa.Column('premium_as_of', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('procured', 'quote')", name=op.f('ck_group_offers_kind_known')),
    sa.CheckConstraint("premium_category IS NULL OR premium_category IN ('roof', 'windows_doors', 'wall_insulation', 'floor_insulation', 'heat_pump', 'heat_pump_boiler', 'solar_boiler', 'interior', 'electricity_sanitation')", name=op.f('ck_group_offers_premium_known')),
    sa.CheckConstraint("premium_kind IS NULL OR premium_kind IN ('per_unit', 'fixed')", name=op.f('ck_group_offers_premium_kind_known')),
    sa.CheckConstraint("unit IN ('m2', 'kwp', 'window', 'metre', 'home')", name=op.f('ck_group_offers_unit_known')),
    sa.CheckConstraint('(premium_category IS NULL AND premium_kind IS NULL AND premium_cents IS NULL AND premium_as_of IS NULL) OR (premium_category IS NOT NULL AND premium_kind IS NOT NULL AND premium_cents IS NOT NULL AND premium_as_of IS NOT NULL)', name=op.f('ck_group_offers_premium_whole')),
    sa.CheckConstraint('premium_cents IS NULL OR premium_cents BETWEEN 1 AND 100000000', name=op.f('ck_group_offers_premium_sensible')),
    sa.CheckConstraint('price_cents BETWEEN 1 AND 100000000', name=op.f('ck_group_offers_price_sensible')),
    sa.ForeignKeyConstraint(['group_id'], ['purchase_groups.id'], name=op.f('fk_group_offers_group_id_purchase_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_offers'))
    )
    with op.batch_alter_table('group_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_offers_group_id'), ['group_id'], unique=False)
        batch_op.create_index('uq_group_offers_procured', ['group_id'], unique=True, sqlite_where=sa.text("kind = 'procured'"), postgresql_where=sa.text("kind = 'procured'"))

    with op.batch_alter_table('neighbourhoods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('housing_units', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            'housing_units_sensible',
            'housing_units IS NULL OR housing_units BETWEEN 1 AND 1000000',
        )

    with op.batch_alter_table('signup_measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='interested', nullable=False))
        batch_op.add_column(sa.Column('drop_reason', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('changed_by', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('offer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quantity_tenths', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False))
        batch_op.create_index(batch_op.f('ix_signup_measures_offer_id'), ['offer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_signup_measures_offer_id_group_offers'), 'group_offers', ['offer_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            'status_known',
            "status IN ('interested', 'qualified', 'visit_planned', "
            "'offer_accepted', 'works_done', 'dropped')",
        )
        batch_op.create_check_constraint(
            'reason_if_dropped', "(status = 'dropped') = (drop_reason IS NOT NULL)"
        )
        batch_op.create_check_constraint(
            'reason_known',
            "drop_reason IS NULL OR drop_reason IN "
            "('price', 'timing', 'landlord', 'technical', 'other')",
        )
        batch_op.create_check_constraint(
            'quantity_sensible',
            'quantity_tenths IS NULL OR quantity_tenths BETWEEN 1 AND 1000000',
        )



def downgrade():
    with op.batch_alter_table('signup_measures', schema=None) as batch_op:
        for name in ('quantity_sensible', 'reason_known', 'reason_if_dropped', 'status_known'):
            batch_op.drop_constraint(batch_op.f(f'ck_signup_measures_{name}'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_signup_measures_offer_id_group_offers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_signup_measures_offer_id'))
        batch_op.drop_column('updated_at')
        batch_op.drop_column('quantity_tenths')
        batch_op.drop_column('offer_id')
        batch_op.drop_column('changed_by')
        batch_op.drop_column('drop_reason')
        batch_op.drop_column('status')

    with op.batch_alter_table('neighbourhoods', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_neighbourhoods_housing_units_sensible'), type_='check')
        batch_op.drop_column('housing_units')

    with op.batch_alter_table('group_offers', schema=None) as batch_op:
        batch_op.drop_index('uq_group_offers_procured', sqlite_where=sa.text("kind = 'procured'"), postgresql_where=sa.text("kind = 'procured'"))
        batch_op.drop_index(batch_op.f('ix_group_offers_group_id'))

    op.drop_table('group_offers')
