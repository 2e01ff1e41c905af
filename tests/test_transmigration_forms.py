"""A transmigration family's record holds together (domain.transmigration.family_problems),
checked at each field of the panel's form with what was typed kept; and the recap counts every
family's head once."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from domain import codes, roles
from domain import nik as nik_rules
from domain import transmigration as rules
from extensions import db
from models import TransmigrationFamily, TransmigrationMember, TransmigrationStageEvent
from services import reports
from tests.test_edit_conflicts import form_of

TODAY = date(2026, 12, 6)
HEAD_NIK = nik_rules.build("360407", date(1985, 4, 1), "L", 9)
WIFE_NIK = nik_rules.build("360407", date(1988, 6, 2), "P", 4)


def _problems(**changes):
    values = dict(registered_on=date(2026, 1, 10), chosen_stage="penyuluhan", stored_stage="pendaftaran",
                  history=[rules.StageRow("pendaftaran", date(2026, 1, 10), False),
                           rules.StageRow("penyuluhan", date(2026, 2, 14), True)],
                  members=[rules.Member(HEAD_NIK, "kepala", "L"), rules.Member(WIFE_NIK, "istri", "P")],
                  today=TODAY, stage_labels=codes.TRANSMIGRATION_STAGES)
    values.update(changes)
    return rules.family_problems(**values)


def test_a_family_that_holds_together_has_no_problems():
    assert _problems() == {}
    assert _problems(chosen_stage="pendaftaran", stored_stage=None) == {}  # a new family: history sets the stage
    assert _problems(chosen_stage="pendaftaran") == {}  # Tahap left as it was: the new row moves it


def test_each_problem_is_named():
    assert "belum terjadi" in _problems(history=[rules.StageRow("pemberangkatan", date(2027, 6, 1), True)])["stages"]
    assert "sebelum tanggal daftar" in _problems(
        history=[rules.StageRow("penyuluhan", date(2025, 12, 1), True)])["stages"]
    assert _problems(chosen_stage="batal")["stage"].startswith(
        "Tahap yang dipilih (Batal/mengundurkan diri) berbeda dengan tahap terbaru di riwayat (Penyuluhan, "
        "14 Februari 2026).")
    # a back-dated new row leaves an older stage the latest: the chosen stage would be dropped, so it is asked too
    backdated = [rules.StageRow("pendaftaran", date(2026, 1, 10), False), rules.StageRow("seleksi", date(2026, 3, 1), False),
                 rules.StageRow("penyuluhan", date(2026, 2, 14), True)]
    assert "berbeda dengan tahap terbaru di riwayat (Seleksi" in _problems(
        history=backdated, stored_stage="seleksi", chosen_stage="pelatihan")["stage"]
    assert _problems(members=[rules.Member(HEAD_NIK, "kepala", "L"), rules.Member(WIFE_NIK, "istri", "L")])[
        "members"] == "Istri tercatat sebagai laki-laki: periksa hubungan dan jenis kelaminnya sesuai KK."
    assert _problems(members=[rules.Member(HEAD_NIK, "kepala", "L"), rules.Member(WIFE_NIK, "kepala", "P")])[
        "members"] == "Hanya satu anggota yang boleh berhubungan Kepala keluarga."
    assert "tercatat dua kali" in _problems(members=[rules.Member(WIFE_NIK, "istri", "P"),
                                                     rules.Member(WIFE_NIK, "anak", "P")])["members"]
    assert _problems(head_elsewhere="3604070101100001")["head_nik"] == (
        "NIK ini sudah tercatat pada keluarga calon transmigran lain (No. KK 3604070101100001).")


def _marked(page: str, field_id: str) -> bool:
    """The field is drawn as invalid (its message under it)."""
    import re

    tag = re.search(rf'<(?:input|select)[^>]*id="{field_id}"[^>]*>', page)
    return tag is not None and "is-invalid" in tag.group(0)


def _family_form(**changes) -> dict[str, str]:
    data = {"kk_number": "3604070101100002", "registered_on": "2026-01-10", "transmigration_type": "TU",
            "stage": "pendaftaran", "interest_level": "tinggi", "origin_kecamatan": "36.04.07",
            "head_nik": HEAD_NIK, "head_name": "Cecep Supriatna", "head_birth_date": "1985-04-01",
            "members-0-nik": WIFE_NIK, "members-0-full_name": "Euis Sumiati", "members-0-relationship_to_head": "istri",
            "members-0-sex": "P", "members-0-birth_date": "1988-06-02",
            "stages-0-stage": "pendaftaran", "stages-0-occurred_on": "2026-01-10"}
    data.update(changes)
    return data


def test_a_history_row_dated_ahead_is_refused_at_its_field(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    page = client.post("/admin/keluarga_transmigrasi/new/", data=_family_form(**{
        "stages-1-stage": "pemberangkatan", "stages-1-occurred_on": "2027-06-01"})).get_data(as_text=True)
    assert "Riwayat tahapan bertanggal 1 Juni 2027 belum terjadi" in page
    assert _marked(page, "stages-1-occurred_on") and not _marked(page, "stages-0-occurred_on")  # at that row
    assert form_of(page)["stages-1-occurred_on"] == "2027-06-01" and form_of(page)["head_name"] == "Cecep Supriatna"
    assert db.session.scalar(select(func.count()).select_from(TransmigrationFamily)) == 0


def test_a_stage_and_a_history_row_that_disagree_ask_which_is_meant(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form()).status_code == 302
    family = db.session.scalar(select(TransmigrationFamily))
    url = f"/admin/keluarga_transmigrasi/edit/?id={family.id}"
    fields = form_of(client.get(url).get_data(as_text=True))
    fields.update({"stage": "batal", "stages-1-stage": "penyuluhan", "stages-1-occurred_on": "2026-02-14"})
    page = client.post(url, data=fields).get_data(as_text=True)
    assert "Tahap yang dipilih (Batal/mengundurkan diri) berbeda dengan tahap terbaru di riwayat" in page
    db.session.expire_all()
    assert db.session.get(TransmigrationFamily, family.id).stage == "pendaftaran"
    fields["stage"] = "pendaftaran"  # the history row alone moves the family on
    assert client.post(url, data=fields).status_code == 302
    db.session.expire_all()
    assert db.session.get(TransmigrationFamily, family.id).stage == "penyuluhan"


def test_a_person_is_in_one_familys_application(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form()).status_code == 302
    again = _family_form(kk_number="3604070101100003", **{"members-0-relationship_to_head": "anak"})
    page = client.post("/admin/keluarga_transmigrasi/new/", data=again).get_data(as_text=True)
    assert "NIK ini sudah tercatat pada keluarga calon transmigran lain (No. KK 3604070101100002)." in page
    assert f"NIK {WIFE_NIK} sudah tercatat pada keluarga calon transmigran lain" in page
    assert db.session.scalar(select(func.count()).select_from(TransmigrationFamily)) == 1
    # once the first family has withdrawn, the same people may apply again
    first = db.session.scalar(select(TransmigrationFamily))
    first.stage = "batal"
    db.session.commit()
    assert client.post("/admin/keluarga_transmigrasi/new/", data=again).status_code == 302


def test_members_are_checked_against_their_relationship(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    page = client.post("/admin/keluarga_transmigrasi/new/", data=_family_form(**{
        "members-0-sex": "L", "members-1-nik": HEAD_NIK, "members-1-full_name": "Cecep Supriatna",
        "members-1-relationship_to_head": "kepala", "members-1-sex": "L", "members-1-birth_date": "1985-04-01",
    })).get_data(as_text=True)
    assert "Istri tercatat sebagai laki-laki" in page and _marked(page, "members-0-sex")
    assert db.session.scalar(select(func.count()).select_from(TransmigrationFamily)) == 0


def test_the_recap_counts_each_familys_head_once(app):
    def family(kk, head_nik, members):
        f = TransmigrationFamily(kk_number=kk, registered_on=date(2026, 3, 1), stage="pendaftaran",
                                 origin_kecamatan_code="36.04.08", head_nik=head_nik, head_name="Kepala")
        f.stages = [TransmigrationStageEvent(stage="pendaftaran", occurred_on=date(2026, 3, 1))]
        f.members = [TransmigrationMember(nik=nik, full_name=f"Anggota {i}", relationship_to_head=rel, sex="L")
                     for i, (nik, rel) in enumerate(members)]
        db.session.add(f)

    family("3604080101260001", "3604080101900001", [])  # the head only, no member rows: one person
    family("3604080101260002", "3604080101900002", [("3604080101900002", "kepala"), ("3604080101100003", "anak")])
    family("3604080101260003", "3604080101900004", [("3604080101900004", "lainnya"), ("3604080101100005", "istri")])
    db.session.commit()
    registered = next(row for row in reports.families_by_stage() if row[0] == "pendaftaran")
    assert (sum(registered[2].values()), registered[3]) == (3, 1 + 2 + 2)


def test_every_demo_family_holds_together(app):
    import demo_data
    from collections import Counter

    from services.clock import local_today

    demo_data.fill(job_seekers=0, seed=5)
    families = db.session.scalars(select(TransmigrationFamily)).all()
    active = [f for f in families if f.stage != rules.WITHDRAWN]
    appearances = Counter(nik for f in active for nik in {f.head_nik, *(m.nik for m in f.members)})
    for f in families:
        problems = rules.family_problems(
            registered_on=f.registered_on, chosen_stage=f.stage, stored_stage=f.stage,
            history=[rules.StageRow(s.stage, s.occurred_on, False) for s in f.stages],
            members=[rules.Member(m.nik, m.relationship_to_head, m.sex) for m in f.members], today=local_today(),
            stage_labels=codes.TRANSMIGRATION_STAGES)
        assert problems == {}, (f.kk_number, problems)
    assert [nik for nik, n in appearances.items() if n > 1] == []


def test_the_family_page_shows_its_members_and_stage_history(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form()).status_code == 302
    family = db.session.scalar(select(TransmigrationFamily))
    page = client.get(f"/admin/keluarga_transmigrasi/details/?id={family.id}").get_data(as_text=True)
    assert "Euis Sumiati" in page and "<td>Istri</td>" in page and "<td>Perempuan</td>" in page
    assert "Riwayat tahapan" in page and "<td>Pendaftaran/pendataan</td>" in page and "10 Jan 2026" in page


def test_a_family_phone_must_be_an_indonesian_mobile_number(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    page = client.post("/admin/keluarga_transmigrasi/new/", data=_family_form(phone="nomor saya lupa")).get_data(
        as_text=True)
    assert "Nomor HP hanya boleh berisi angka" in page
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form(phone="0812-3456-7890")).status_code == 302
    assert db.session.scalar(select(TransmigrationFamily)).phone == "+6281234567890"


def test_a_member_added_on_their_own_page_follows_the_familys_rules(login_as):
    client, _ = login_as(roles.TRANSMIGRASI)
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form()).status_code == 302
    assert client.post("/admin/keluarga_transmigrasi/new/", data=_family_form(
        kk_number="3604070101100009", head_nik=nik_rules.build("360407", date(1980, 3, 3), "L", 5),
        head_name="Dadang", head_birth_date="1980-03-03",
        **{"members-0-nik": nik_rules.build("360407", date(1982, 4, 4), "P", 6), "members-0-full_name": "Iis",
           "members-0-birth_date": "1982-04-04"}),
    ).status_code == 302
    first = db.session.scalar(select(TransmigrationFamily).where(TransmigrationFamily.kk_number == "3604070101100002"))
    member = {"family": str(first.id), "full_name": "Asep", "sex": "L", "birth_date": "2010-01-01"}
    page = client.post("/admin/anggota_transmigrasi/new/", data=dict(
        member, nik=nik_rules.build("360407", date(2010, 1, 1), "L", 7), relationship_to_head="istri")).get_data(
        as_text=True)
    assert "Istri tercatat sebagai laki-laki" in page
    page = client.post("/admin/anggota_transmigrasi/new/", data=dict(
        member, nik=nik_rules.build("360407", date(1982, 4, 4), "P", 6), full_name="Iis", sex="P",
        birth_date="1982-04-04", relationship_to_head="anak")).get_data(as_text=True)
    assert "sudah tercatat pada keluarga calon transmigran lain (No. KK 3604070101100009)" in page
    assert client.post("/admin/anggota_transmigrasi/new/", data=dict(
        member, nik=nik_rules.build("360407", date(2010, 1, 1), "L", 7), relationship_to_head="anak")).status_code == 302
    assert len(db.session.get(TransmigrationFamily, first.id).members) == 2
