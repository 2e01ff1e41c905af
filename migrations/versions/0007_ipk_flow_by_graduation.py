"""IPK flow by time since graduation (0-2, 3-5, 6+ years; DOMAIN §3), a third summary table

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ipk_monthly_flow_graduation',
    sa.Column('month_key', sa.Integer(), nullable=False),
    sa.Column('graduation_group', sa.String(length=4), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('placed', sa.Integer(), nullable=False),
    sa.Column('placed_akl', sa.Integer(), nullable=False),
    sa.Column('placed_akad', sa.Integer(), nullable=False),
    sa.Column('placed_akan', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month_key', 'graduation_group', 'sex', name=op.f('pk_ipk_monthly_flow_graduation'))
    )
    # With history already recorded, the new table starts empty: forget that the summaries were
    # built, so the application rebuilds all of them from job_seeker_event on first use
    # (services.reports.ensure_summary), the new one included.
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM job_seeker_event")).scalar():
        conn.execute(sa.text("DELETE FROM report_summary_state WHERE name = 'ipk_monthly_flow'"))


def downgrade():
    op.drop_table('ipk_monthly_flow_graduation')
