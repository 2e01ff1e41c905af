"""A transmigration family's record holds together (DOMAIN §6): its stage history, its members,
and one family per person. Plain data in, {form field: message in Indonesian} out.

- A stage history row is dated between the family's registration and today: a row dated ahead
  would make the family that stage today (the latest dated row is the current stage), and the
  dashboard and the recap would then disagree.
- The "Tahap" field and the history are two ways to move a family on. When a save does both and
  they disagree, the officer is asked which one is meant, instead of one being dropped unseen.
- One head of family among the members; a wife is a woman and a husband a man (as on the KK); a
  NIK once per family.
- A person is in one family's application at a time: a head's NIK or a member's NIK already in
  another family that has not withdrawn is refused (the caller looks those up).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_STAGE = "pendaftaran"
WITHDRAWN = "batal"
HEAD = "kepala"
SEX_OF_RELATIONSHIP = {"istri": ("P", "Istri"), "suami": ("L", "Suami")}
SEX_WORDS = {"P": "perempuan", "L": "laki-laki"}


@dataclass(frozen=True)
class StageRow:
    stage: str
    occurred_on: date | None
    new: bool  # added in this save


@dataclass(frozen=True)
class Member:
    nik: str | None
    relationship: str | None
    sex: str | None


def _d(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def family_problems(*, registered_on: date | None, chosen_stage: str | None, stored_stage: str | None,
                    history: list[StageRow], members: list[Member], today: date, stage_labels: dict[str, str],
                    head_elsewhere: str | None = None, members_elsewhere: dict[str, str] | None = None
                    ) -> dict[str, str]:
    """`stored_stage`: the family's stage before this save (None for a new family).
    `head_elsewhere`: the KK number of another family the head's NIK already heads or belongs to;
    `members_elsewhere`: {member NIK: KK number of the other family} (both looked up by the caller
    among families that have not withdrawn)."""
    problems: dict[str, str] = {}
    dated = [row for row in history if row.occurred_on is not None]
    for row in dated:
        if row.occurred_on > today:
            problems["stages"] = (f"Riwayat tahapan bertanggal {_d(row.occurred_on)} belum terjadi: catat tahapan "
                                  "setelah hari itu tiba.")
            break
        if registered_on is not None and row.occurred_on < registered_on:
            problems["stages"] = (f"Riwayat tahapan tidak boleh sebelum tanggal daftar keluarga ini "
                                  f"({_d(registered_on)}).")
            break
    new_rows = [row for row in dated if row.new]
    if new_rows and "stages" not in problems and chosen_stage:
        latest = max(dated, key=lambda row: row.occurred_on)
        stage_moved = chosen_stage != (stored_stage or FIRST_STAGE)
        if stage_moved and latest.new and chosen_stage != latest.stage:
            problems["stage"] = (f"Tahap yang dipilih ({stage_labels.get(chosen_stage, chosen_stage)}) berbeda dengan "
                                 f"riwayat terbaru yang ditambahkan ({stage_labels.get(latest.stage, latest.stage)}). "
                                 "Ubah Tahap saja (riwayatnya dicatat otomatis hari ini), atau tambahkan baris "
                                 "riwayat saja.")
    if head_elsewhere:
        problems["head_nik"] = f"NIK ini sudah tercatat pada keluarga calon transmigran lain (No. KK {head_elsewhere})."
    heads = [m for m in members if m.relationship == HEAD]
    seen: set[str] = set()
    for member in members:
        if member.nik and member.nik in seen:
            problems.setdefault("members", f"NIK {member.nik} tercatat dua kali dalam keluarga ini.")
        if member.nik:
            seen.add(member.nik)
        expected = SEX_OF_RELATIONSHIP.get(member.relationship or "")
        if expected and member.sex and member.sex != expected[0]:
            problems.setdefault("members", f"{expected[1]} tercatat sebagai {SEX_WORDS.get(member.sex, member.sex)}: "
                                           "periksa hubungan dan jenis kelaminnya sesuai KK.")
    if len(heads) > 1:
        problems.setdefault("members", "Hanya satu anggota yang berhubungan Kepala keluarga.")
    for nik, kk in (members_elsewhere or {}).items():
        problems.setdefault("members", f"NIK {nik} sudah tercatat pada keluarga calon transmigran lain (No. KK {kk}).")
    return problems
