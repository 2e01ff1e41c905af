"""A training cohort (angkatan) and its participants hold together (DOMAIN §5). Plain data in,
{form field: message in Indonesian} out; the panel shows each message at its field.

Without these checks a cohort could be "finished" before it ends, run more training days than its
dates hold, or count as a graduate someone who did not pass selection, and the yearly recap
would count them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.dates import long_date

PASSED_SELECTION = "lulus_seleksi"
FINISHED = "selesai"
RUNNING = "berjalan"
CANCELLED = "batal"


@dataclass(frozen=True)
class Participant:
    nik: str | None
    selection_status: str | None
    attendance_days: int | None
    graduated: bool
    competency_result: str | None
    follow_up: str | None



def cohort_problems(*, year: int | None, start: date | None, end: date | None, training_days: int | None,
                    status: str | None, cancellation_reason: str | None, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if start and end and end < start:
        problems["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if start and year and start.year != year:
        problems["year"] = f"Tahun angkatan ({year}) berbeda dengan tahun tanggal mulai ({start.year})."
    if start and end and end >= start and training_days and training_days > (end - start).days + 1:
        problems["training_days"] = (f"Jumlah hari ({training_days}) lebih dari rentang tanggal mulai sampai selesai "
                                     f"({(end - start).days + 1} hari).")
    if status == FINISHED:
        if end is None:
            problems["end_date"] = "Isi tanggal selesai untuk angkatan yang sudah selesai."
        elif end > today:
            problems["status"] = f"Angkatan ini baru selesai {long_date(end)}: pilih Selesai setelah hari itu."
    if status == RUNNING and start is not None and start > today:
        problems["status"] = f"Angkatan ini baru mulai {long_date(start)}: sebelum itu statusnya Rencana atau Seleksi."
    if status == CANCELLED and not (cancellation_reason or "").strip():
        problems["cancellation_reason"] = "Isi alasan pembatalan angkatan."
    return problems


def participant_problems(participant: Participant, training_days: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    days = participant.attendance_days
    if days is not None and days < 0:
        problems["attendance_days"] = "Hari hadir tidak boleh kurang dari 0."
    elif days is not None and training_days and days > training_days:
        problems["attendance_days"] = f"Hari hadir ({days}) lebih dari jumlah hari pelatihan ({training_days})."
    if participant.selection_status != PASSED_SELECTION:
        for name, value in (("graduated", participant.graduated),
                            ("competency_result", participant.competency_result),
                            ("follow_up", participant.follow_up)):
            if value:
                problems[name] = ("Hanya peserta yang lulus seleksi yang dapat lulus pelatihan, diuji kompetensi "
                                  "atau ditindaklanjuti: periksa isian Seleksi.")
                break
    return problems


def duplicate_niks(niks: list[str | None]) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for nik in niks:
        if nik:
            (twice if nik in seen else seen).add(nik)
    return twice
