"""IPK monthly flow summaries (derived from job_seeker_event for the reports and the dashboard)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 02:05:19.224920

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ipk_monthly_flow',
    sa.Column('month_key', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age_group', sa.String(length=5), nullable=False),
    sa.Column('education_level', sa.String(length=6), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('placed', sa.Integer(), nullable=False),
    sa.Column('placed_akl', sa.Integer(), nullable=False),
    sa.Column('placed_akad', sa.Integer(), nullable=False),
    sa.Column('placed_akan', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month_key', 'sex', 'age_group', 'education_level', name=op.f('pk_ipk_monthly_flow'))
    )
    op.create_table('ipk_monthly_flow_kecamatan',
    sa.Column('month_key', sa.Integer(), nullable=False),
    sa.Column('kecamatan_code', sa.String(length=8), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('placed', sa.Integer(), nullable=False),
    sa.Column('placed_akl', sa.Integer(), nullable=False),
    sa.Column('placed_akad', sa.Integer(), nullable=False),
    sa.Column('placed_akan', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month_key', 'kecamatan_code', 'sex', name=op.f('pk_ipk_monthly_flow_kecamatan'))
    )
    op.create_table('report_summary_state',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('rebuilt_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_report_summary_state'))
    )
    # An empty history has an (empty) up-to-date summary. With existing history the state row stays
    # missing and the application rebuilds the summary from job_seeker_event on first use
    # (services.reports.ensure_summary), with the rules of the code that reads it.
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM job_seeker_event")).scalar() == 0:
        state = sa.table('report_summary_state', sa.column('name', sa.String), sa.column('rebuilt_at', sa.DateTime))
        op.bulk_insert(state, [{'name': 'ipk_monthly_flow',
                                'rebuilt_at': datetime.now(timezone.utc).replace(tzinfo=None)}])


def downgrade():
    op.drop_table('report_summary_state')
    op.drop_table('ipk_monthly_flow_kecamatan')
    op.drop_table('ipk_monthly_flow')
