"""The desk's call-next form key on the booking it called (a double click calls one person)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('queue_booking', sa.Column('call_key', sa.String(length=64), nullable=True))
    op.create_index('uq_queue_booking_call_key', 'queue_booking', ['call_key'], unique=True,
                    sqlite_where=sa.text('call_key IS NOT NULL'), postgresql_where=sa.text('call_key IS NOT NULL'))


def downgrade():
    op.drop_index('uq_queue_booking_call_key', table_name='queue_booking',
                  sqlite_where=sa.text('call_key IS NOT NULL'), postgresql_where=sa.text('call_key IS NOT NULL'))
    op.drop_column('queue_booking', 'call_key')
