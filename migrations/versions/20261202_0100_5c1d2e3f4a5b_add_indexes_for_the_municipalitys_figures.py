"""add indexes for the municipality's figures

The dashboard and the LEKP export count answers per measure and horizon, and
the households among them, from one index alone: over five years of meetings
that is a walk through one index instead of a read of every answer row. The
sign-ups' (municipality, last change) tells whether the figures kept from
them still hold.

Revision ID: 5c1d2e3f4a5b
Revises: 8d8e84c398fe
Create Date: 2026-12-02 01:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1d2e3f4a5b'
down_revision = '8d8e84c398fe'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_poll_answers_measure_horizon',
        'poll_answers',
        ['measure_id', 'horizon', 'participant_id'],
        unique=False,
    )
    op.create_index(
        'ix_signups_municipality_updated',
        'signups',
        ['municipality_id', 'updated_at'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_signups_municipality_updated', table_name='signups')
    op.drop_index('ix_poll_answers_measure_horizon', table_name='poll_answers')
