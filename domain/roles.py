"""Staff roles and what each may do. The admin panel reads its access rules from here."""
from __future__ import annotations

ADMIN = "admin"
PELAYANAN = "pelayanan"
PENGANTAR_KERJA = "pengantar_kerja"
MEDIATOR = "mediator"
PELATIHAN = "pelatihan"
TRANSMIGRASI = "transmigrasi"
PIMPINAN = "pimpinan"
BKK = "bkk"

ROLE_LABELS: dict[str, str] = {
    ADMIN: "Administrator sistem",
    PELAYANAN: "Petugas pelayanan (loket)",
    PENGANTAR_KERJA: "Pengantar Kerja",
    MEDIATOR: "Mediator Hubungan Industrial",
    PELATIHAN: "Petugas pelatihan",
    TRANSMIGRASI: "Petugas transmigrasi",
    PIMPINAN: "Pimpinan (baca dan ekspor)",
    BKK: "Operator BKK sekolah",
}

ALL_ROLES = tuple(ROLE_LABELS)


class Area:
    """Who may read, write and export one area of the staff panel."""

    def __init__(self, read: set[str], write: set[str], export: set[str] = frozenset()):
        self.write = frozenset(write)
        self.read = frozenset(read) | self.write
        self.export = frozenset(export)


# One place for the access matrix. "read" includes list and detail; "write" is create, edit,
# delete and actions; "export" is CSV/XLSX. The BKK role is additionally row-limited to its own
# school's graduates wherever it has access.
USERS = Area(read={ADMIN}, write={ADMIN})
BKK_REGISTRY = Area(read={PENGANTAR_KERJA, PIMPINAN}, write={ADMIN, PENGANTAR_KERJA}, export={ADMIN, PIMPINAN})
JOB_SEEKERS = Area(
    read={PIMPINAN},
    write={ADMIN, PELAYANAN, PENGANTAR_KERJA, BKK},
    export={ADMIN, PIMPINAN, PENGANTAR_KERJA, BKK},
)
JOB_SEEKER_HISTORY = Area(read={ADMIN, PELAYANAN, PENGANTAR_KERJA, PIMPINAN, BKK}, write=set(),
                          export={ADMIN, PIMPINAN})
# The verification queue (check online submissions) and walk-in/BKK registration through the same
# form and rules as the public site.
VERIFICATION = Area(read=set(), write={ADMIN, PELAYANAN, PENGANTAR_KERJA})
REGISTRATION_DESK = Area(read=set(), write={ADMIN, PELAYANAN, PENGANTAR_KERJA, BKK})
# Printing and keeping the card: only the front desk and placement officers (not admin: the card
# is signed by a Pengantar Kerja in person).
CARDS = Area(read=set(), write={PELAYANAN, PENGANTAR_KERJA})
QUEUE = Area(read={PENGANTAR_KERJA, PIMPINAN}, write={ADMIN, PELAYANAN}, export={ADMIN, PIMPINAN})
MEDIATION = Area(read={PIMPINAN}, write={ADMIN, MEDIATOR}, export={ADMIN, PIMPINAN, MEDIATOR})
TRAINING = Area(read={PIMPINAN}, write={ADMIN, PELATIHAN}, export={ADMIN, PIMPINAN, PELATIHAN})
TRANSMIGRATION = Area(read={PIMPINAN}, write={ADMIN, TRANSMIGRASI}, export={ADMIN, PIMPINAN, TRANSMIGRASI})
CALENDAR = Area(read={PENGANTAR_KERJA, MEDIATOR, PIMPINAN}, write={ADMIN, PELAYANAN})
REFERENCE = Area(read={ADMIN, PELAYANAN, PENGANTAR_KERJA, MEDIATOR, PELATIHAN, TRANSMIGRASI, PIMPINAN},
                 write=set())
SETTINGS = Area(read={PIMPINAN}, write={ADMIN})
AUDIT = Area(read={ADMIN}, write=set(), export={ADMIN})
# Leadership reports (IPK, recaps) and their XLSX/PDF exports: aggregate figures, no personal data.
# Each report is further limited to the roles that may export its own area (see admin/views/reports.py);
# "write" is rebuilding the IPK summary table from the status history.
REPORTS = Area(read={PIMPINAN, PENGANTAR_KERJA, MEDIATOR, PELATIHAN, TRANSMIGRASI}, write={ADMIN},
               export={ADMIN, PIMPINAN, PENGANTAR_KERJA, MEDIATOR, PELATIHAN, TRANSMIGRASI})
