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

from domain.dates import long_date

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
    wrong_row = stage_row_problem(history, registered_on, today)
    if wrong_row is not None:
        problems["stages"] = wrong_row[1]
    if any(row.new for row in dated) and "stages" not in problems and chosen_stage:
        # the latest dated row is the stage the family will be in (on_model_change applies it)
        latest = max(dated, key=lambda row: row.occurred_on)
        stage_moved = chosen_stage != (stored_stage or FIRST_STAGE)
        if stage_moved and chosen_stage != latest.stage:
            problems["stage"] = (f"Tahap yang dipilih ({stage_labels.get(chosen_stage, chosen_stage)}) berbeda dengan "
                                 f"tahap terbaru di riwayat ({stage_labels.get(latest.stage, latest.stage)}, "
                                 f"{long_date(latest.occurred_on)}). Ubah Tahap saja (riwayatnya dicatat otomatis "
                                 "hari ini), atau tambahkan baris riwayat yang tanggalnya paling akhir.")
    if head_elsewhere:
        problems["head_nik"] = f"NIK ini sudah tercatat pada keluarga calon transmigran lain (No. KK {head_elsewhere})."
    message = members_problem(members, members_elsewhere)
    if message:
        problems["members"] = message
    return problems


def stage_row_problem(history: list[StageRow], registered_on: date | None, today: date
                      ) -> tuple[int, str] | None:
    """(position, message) of the first history row dated ahead of today or before the family
    registered, or None."""
    for index, row in enumerate(history):
        if row.occurred_on is None:
            continue
        if row.occurred_on > today:
            return index, (f"Riwayat tahapan bertanggal {long_date(row.occurred_on)} belum terjadi: catat tahapan "
                           "setelah hari itu tiba.")
        if registered_on is not None and row.occurred_on < registered_on:
            return index, f"Riwayat tahapan tidak boleh sebelum tanggal daftar keluarga ini ({long_date(registered_on)})."
    return None


def member_problem(members: list[Member], elsewhere: dict[str, str] | None = None
                   ) -> tuple[int, str, str] | None:
    """(position, field, message) of the first problem among a family's members, all of them
    (the family's form, or one member's own form with the family's other members), or None.
    `elsewhere`: {NIK: KK number} of members already in another family that has not withdrawn."""
    seen: set[str] = set()
    heads = 0
    for index, member in enumerate(members):
        if member.nik and member.nik in seen:
            return index, "nik", f"NIK {member.nik} tercatat dua kali dalam keluarga ini."
        if member.nik:
            seen.add(member.nik)
        expected = SEX_OF_RELATIONSHIP.get(member.relationship or "")
        if expected and member.sex and member.sex != expected[0]:
            return index, "sex", (f"{expected[1]} tercatat sebagai {SEX_WORDS.get(member.sex, member.sex)}: periksa "
                                  "hubungan dan jenis kelaminnya sesuai KK.")
        heads += member.relationship == HEAD
        if heads > 1:
            return index, "relationship_to_head", "Hanya satu anggota yang boleh berhubungan Kepala keluarga."
    for index, member in enumerate(members):
        if member.nik in (elsewhere or {}):
            return index, "nik", (f"NIK {member.nik} sudah tercatat pada keluarga calon transmigran lain "
                                  f"(No. KK {elsewhere[member.nik]}).")
    return None


def members_problem(members: list[Member], elsewhere: dict[str, str] | None = None) -> str | None:
    found = member_problem(members, elsewhere)
    return found[2] if found else None
