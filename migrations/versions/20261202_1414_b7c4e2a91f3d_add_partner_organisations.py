"""add partner organisations

An Energiehuis, a social housing company or a renovation coach: an
organisation of one municipality, whose users (the new role "partner") see
only the purchase groups staff assigned to it. Audit rows now also record the
pages a partner opened ("view"), not only downloads ("export").

Downgrading removes the partner accounts: the older schema has no such role.

Revision ID: b7c4e2a91f3d
Revises: e0e2859eb5e5
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c4e2a91f3d'
down_revision = 'e0e2859eb5e5'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('admin', 'staff', 'facilitator')"
ROLES_AFTER = "role IN ('admin', 'staff', 'facilitator', 'partner')"
PARTNER_BOUND = (
    "(role = 'partner' AND partner_id IS NOT NULL)"
    " OR (role <> 'partner' AND partner_id IS NULL)"
)


def upgrade():
    op.create_table('partner_organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_partner_organisations_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_organisations')),
    sa.UniqueConstraint('municipality_id', 'name', name=op.f('uq_partner_organisations_municipality_id'))
    )
    with op.batch_alter_table('partner_organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_organisations_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_partner_id'), ['partner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_partner_id_partner_organisations'), 'partner_organisations', ['partner_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', ROLES_AFTER)
        batch_op.create_check_constraint('partner_bound', PARTNER_BOUND)

    with op.batch_alter_table('purchase_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_purchase_groups_partner_id'), ['partner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_purchase_groups_partner_id_partner_organisations'), 'partner_organisations', ['partner_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('export_audits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='export', nullable=False))
        batch_op.create_check_constraint('kind_known', "kind IN ('export', 'view')")


#: what points at a user, and is kept without one (ON DELETE SET NULL, done
#: here by hand: foreign keys are not enforced while a migration runs)
USER_REFERENCES = (
    ("export_audits", "user_id"),
    ("meetings", "facilitator_id"),
    ("agenda_templates", "created_by_id"),
)


def downgrade():
    # A partner's downloads and views stay in the trail, without the account.
    partners = "SELECT id FROM users WHERE role = 'partner'"
    for table, column in USER_REFERENCES:
        op.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({partners})")
    op.execute("DELETE FROM users WHERE role = 'partner'")
    with op.batch_alter_table('export_audits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_export_audits_kind_known'), type_='check')
        batch_op.drop_column('kind')

    with op.batch_alter_table('purchase_groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_purchase_groups_partner_id_partner_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_purchase_groups_partner_id'))
        batch_op.drop_column('partner_id')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_partner_bound'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint('role_known', ROLES_BEFORE)
        batch_op.drop_constraint(batch_op.f('fk_users_partner_id_partner_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_partner_id'))
        batch_op.drop_column('partner_id')

    with op.batch_alter_table('partner_organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_organisations_municipality_id'))

    op.drop_table('partner_organisations')
