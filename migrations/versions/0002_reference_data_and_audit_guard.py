"""Kecamatan reference data; the audit log refuses UPDATE and DELETE.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of domain/kecamatan.py at the time of this migration (migrations must not change
# when the code does).
KECAMATAN = [
    ("36.04.05", "Kramatwatu"), ("36.04.06", "Waringinkurung"), ("36.04.07", "Bojonegara"),
    ("36.04.08", "Pulo Ampel"), ("36.04.09", "Ciruas"), ("36.04.11", "Kragilan"), ("36.04.12", "Pontang"),
    ("36.04.13", "Tirtayasa"), ("36.04.14", "Tanara"), ("36.04.15", "Cikande"), ("36.04.16", "Kibin"),
    ("36.04.17", "Carenang"), ("36.04.18", "Binuang"), ("36.04.19", "Petir"), ("36.04.20", "Tunjung Teja"),
    ("36.04.22", "Baros"), ("36.04.23", "Cikeusal"), ("36.04.24", "Pamarayan"), ("36.04.25", "Kopo"),
    ("36.04.26", "Jawilan"), ("36.04.27", "Ciomas"), ("36.04.28", "Pabuaran"), ("36.04.29", "Padarincang"),
    ("36.04.30", "Anyar"), ("36.04.31", "Cinangka"), ("36.04.32", "Mancak"), ("36.04.33", "Gunungsari"),
    ("36.04.34", "Bandung"), ("36.04.35", "Lebak Wangi"),
]


def upgrade():
    kecamatan = sa.table("kecamatan", sa.column("code", sa.String), sa.column("name", sa.String))
    op.bulk_insert(kecamatan, [{"code": c, "name": n} for c, n in KECAMATAN])

    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only';
            END $$;
        """)
        op.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
                      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();""")
    else:
        op.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;""")
        op.execute("""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DELETE FROM kecamatan")
