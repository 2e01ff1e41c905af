"""Citizens register for AK-1 online: validation at the field, nothing typed is lost, one
registration per NIK and per submit, receipt with QR, status check, the correction loop."""
from __future__ import annotations

import gc
import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain import codes, nik as nik_rules, roles
from extensions import db
from models import AuditLog, JobSeeker, Setting
from services import registration
from tests import photo_samples

BIRTH = date(2000, 2, 29)
NIK = nik_rules.build("360405", BIRTH, "P", 21)


def form_data(**overrides):
    data = {
        "nik": NIK, "kk_number": "3604052902000001", "full_name": "Siti  Nurhaliza Şükrü", "birth_place": "Serang",
        "birth_date": BIRTH.isoformat(), "sex": "P", "religion": "islam", "marital_status": "belum_kawin",
        "height_cm": "156", "weight_kg": "48", "address_street": "Kp. Sukamaju No. 12", "rt": "003", "rw": "001",
        "desa": "Margasana", "kecamatan": "36.04.05", "phone": "0812-3456-7890", "email": "siti@example.id",
        "education-0-level": "SMK", "education-0-school": "SMK Negeri 1 Kramatwatu",
        "education-0-major": "Akuntansi", "education-0-graduation_year": "2018",
        "education-1-level": "SMP", "education-1-school": "SMP Negeri 2 Kramatwatu",
        "education-1-graduation_year": "2015",
        "skills": "Microsoft Excel, kasir", "experience-0-employer": "Toko Berkah", "experience-0-position": "Kasir",
        "experience-0-start_year": "2019", "experience-0-end_year": "2021", "desired_position": "Staf administrasi",
        "privacy_ack": "y", "truth_ack": "y", "submission_key": "kunci-uji-0001",
    }
    data.update(overrides)
    return data


def with_photo(data, content=None, name="foto.jpg"):
    data = dict(data)
    data["photo"] = (io.BytesIO(content if content is not None else photo_samples.jpeg(gps=True)), name)
    return data


def submit(client, data):
    return client.post("/daftar", data=data, content_type="multipart/form-data")


def test_registration_form_has_every_section_and_no_external_assets(client):
    page = client.get("/daftar").get_data(as_text=True)
    for heading in ("1. Identitas", "2. Alamat tempat tinggal", "3. Kontak", "4. Pendidikan",
                    "5. Keterampilan dan pengalaman", "6. Pekerjaan yang diinginkan", "7. Pas foto",
                    "8. Data pribadi Anda", "UU 27/2022"):
        assert heading in page, heading
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert 'name="submission_key"' in page and 'enctype="multipart/form-data"' in page


def test_successful_registration_gives_receipt_and_stores_everything(app, client):
    response = submit(client, with_photo(form_data()))
    assert response.status_code == 303 and response.location == "/daftar/tanda-terima"
    page = client.get("/daftar/tanda-terima").get_data(as_text=True)
    js = db.session.scalar(select(JobSeeker))
    assert js.registration_number in page
    code = re.search(r'id="access-code">([A-Z0-9-]+)<', page).group(1)
    assert registration.lookup_by_access_code(code).id == js.id
    assert re.search(r'Setelah terverifikasi, <a href="/antrean">pesan nomor antrean</a>', page)  # the next step
    assert js.full_name == "Siti Nurhaliza Şükrü"  # spaces tidied
    assert js.phone == "+6281234567890" and js.kecamatan_code == "36.04.05"
    assert (js.education_level, js.graduation_year) == ("SMK", 2018)
    assert [e.school for e in js.education] == ["SMK Negeri 1 Kramatwatu", "SMP Negeri 2 Kramatwatu"]
    assert js.experience[0].employer == "Toko Berkah"
    assert js.status == codes.JS_SUBMITTED and [e.event for e in js.events] == [codes.EV_REGISTERED]
    assert js.privacy_acknowledged_at is not None and js.access_code_hash != code
    photo = Path(app.config["UPLOAD_DIR"]) / js.photo_file
    assert photo.is_file() and "static" not in str(photo)
    assert b"GPS" not in photo.read_bytes()


def _shown_code(page: str) -> str:
    return re.search(r'id="access-code">([A-Z0-9-]+)<', page).group(1)


def test_double_submit_creates_one_registration_and_shows_the_same_receipt(client):
    first = submit(client, with_photo(form_data()))
    code = _shown_code(client.get("/daftar/tanda-terima").get_data(as_text=True))
    second = submit(client, with_photo(form_data()))
    assert first.status_code == second.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 1
    js = db.session.scalar(select(JobSeeker))
    assert _shown_code(client.get(second.location).get_data(as_text=True)) == code
    assert registration.lookup_by_access_code(code).id == js.id  # the code first shown still works


def test_a_second_tap_whose_first_answer_never_arrived_still_gets_an_access_code(app, client):
    """On a slow connection the first answer (and the cookie with its receipt) can be dropped by the
    browser when the person taps again: the second send of the same form gets a working code."""
    lost = app.test_client()  # the first tap: its answer never reached the phone
    assert submit(lost, with_photo(form_data())).status_code == 303
    js = db.session.scalar(select(JobSeeker))
    first_hash = js.access_code_hash
    again = submit(client, with_photo(form_data()))  # the same form, sent from a session without the receipt
    assert again.status_code == 303 and again.location.endswith("/daftar/tanda-terima")
    code = _shown_code(client.get(again.location).get_data(as_text=True))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 1
    assert registration.lookup_by_access_code(code).id == js.id and js.access_code_hash != first_hash
    assert db.session.scalar(select(AuditLog).where(AuditLog.object_id == str(js.id),
                                                    AuditLog.summary.like("kode akses diterbitkan ulang%")))
    # Later than the receipt's window, the same form only points to the status page.
    js.created_at = js.created_at - timedelta(minutes=31)
    db.session.commit()
    device = app.test_client()
    late = submit(device, with_photo(form_data()))
    page = late.get_data(as_text=True)
    assert late.status_code == 200 and "Cek status pendaftaran AK-1" in page
    assert f"sudah diterima sebelumnya dengan nomor pendaftaran {js.registration_number}" in page
    assert "Kode akses tidak dapat ditampilkan lagi; bila tidak tercatat, minta kode baru di kantor." in page
    assert f'value="{js.registration_number}"' in page  # filled in: only the date of birth to type
    cookie = device.get_cookie("session")  # said on the page, never carried in the session cookie
    assert cookie is None or js.registration_number not in str(
        app.session_interface.get_signing_serializer(app).loads(cookie.value))
    db.session.expire_all()
    assert registration.lookup_by_access_code(code).id == js.id  # nothing changed


def test_two_identical_forms_at_the_same_moment_make_one_registration_and_no_error(app, client, monkeypatch):
    """The twin's INSERT meets the UNIQUE index inside create() (its flush), not at the commit."""
    from public import routes

    real_lookup = registration.active_registration_for_nik
    twin = {}

    def lookup_then_twin_commits(nik):
        found = real_lookup(nik)
        if not twin:  # the other request commits between this one's checks and its INSERT
            twin["js"] = JobSeeker(idempotency_key="kunci-uji-0001", privacy_acknowledged_at=routes.utcnow(),
                                   photo_file="x.jpg")
            with app.test_request_context("/daftar", method="POST", data=form_data()):
                routes.RegistrationForm().fill(twin["js"])
            registration.create(twin["js"])
            db.session.commit()
        return found

    monkeypatch.setattr(registration, "active_registration_for_nik", lookup_then_twin_commits)
    response = submit(client, with_photo(form_data()))
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 1


def test_second_registration_for_same_nik_reveals_nothing(app, client):
    assert submit(client, with_photo(form_data())).status_code == 303
    other = app.test_client()
    page = submit(other, with_photo(form_data(full_name="Orang Lain", submission_key="kunci-lain",
                                              phone="0813 1111 2222"))).get_data(as_text=True)
    assert "sudah memiliki pendaftaran kartu AK-1 yang masih berlaku" in page
    assert "Cek Status" in page
    assert "Siti Nurhaliza" not in page and "AK1-3604" not in page
    assert 'value="Orang Lain"' in page
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 1


def test_a_nik_and_kk_number_typed_in_groups_are_accepted_and_stored_as_digits(app, client):
    """As people copy them from a chat or read them off a card: "3604 0569 0200 0001"."""
    grouped_nik = f"{NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}"
    form = client.get("/daftar").get_data(as_text=True)
    for name in ("nik", "kk_number"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', form).group(0)
        assert int(re.search(r'maxlength="(\d+)"', tag).group(1)) >= len(grouped_nik), tag
    response = submit(client, with_photo(form_data(nik=grouped_nik, kk_number="3604.0529.0200.0001")))
    assert response.status_code == 303
    js = db.session.scalar(select(JobSeeker))
    assert (js.nik, js.kk_number) == (NIK, "3604052902000001")


def test_a_refused_form_shows_the_phone_and_nik_as_they_were_typed(client):
    grouped_nik = f"{NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}"
    page = submit(client, with_photo(form_data(nik=grouped_nik, phone="0812 3456 7890", full_name=""))).get_data(
        as_text=True)
    assert "Wajib diisi." in page
    assert 'value="0812 3456 7890"' in page and "+6281234567890" not in page
    assert f'value="{grouped_nik}"' in page
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"nik": "36040569020000A1"}, "NIK harus tepat 16 angka"),
    ({"nik": nik_rules.build("360405", BIRTH, "L", 21)}, "NIK perempuan: tanggal lahir di dalam NIK ditambah 40"),
    ({"nik": nik_rules.build("360405", date(2000, 3, 1), "P", 21)}, "tidak sesuai dengan tanggal lahir"),
    ({"nik": NIK[:12] + "0000"}, "tidak boleh 0000"),
    ({"kk_number": "360405290200000"}, "Nomor KK harus tepat 16 angka"),
    ({"full_name": ""}, "Wajib diisi."),
    ({"birth_date": "2000-02-30"}, "Isi tanggal lahir yang benar."),
    ({"birth_date": "2090-01-01", "nik": nik_rules.build("360405", date(2090, 1, 1), "P", 1)},
     "tidak boleh di masa depan"),
    ({"sex": ""}, "Pilih jenis kelamin."),
    ({"birth_place": ""}, "Wajib diisi."),
    ({"marital_status": ""}, "Pilih status perkawinan."),
    ({"weight_kg": "12"}, "Isi 25–250 kg."),
    ({"address_street": ""}, "Wajib diisi."),
    ({"desa": ""}, "Wajib diisi."),
    ({"kk_number": ""}, "Nomor KK wajib diisi."),
    ({"phone": ""}, "Nomor HP wajib diisi."),
    ({"education-0-school": ""}, "Setiap baris pendidikan perlu jenjang dan nama sekolah."),
    ({"experience-0-employer": ""}, "Isi nama perusahaan pada baris pengalaman kerja."),
    ({"truth_ack": ""}, "Centang tanda ini untuk melanjutkan."),
    ({"religion": ""}, "Pilih agama."),
    ({"kecamatan": ""}, "Pilih kecamatan tempat tinggal Anda."),
    ({"kecamatan": "36.73.01"}, "Pilihan tidak valid"),
    ({"rt": "tiga"}, "RT berupa angka"),
    ({"height_cm": "300"}, "Isi 100–230 cm."),
    ({"phone": "0254 200123"}, "Gunakan nomor HP"),
    ({"phone": "12345"}, "Nomor HP Indonesia tidak valid"),
    ({"email": "siti@"}, "Alamat surel tidak valid."),
    ({"education-0-level": "", "education-0-school": "", "education-0-major": "", "education-0-graduation_year": "",
      "education-1-level": "", "education-1-school": "", "education-1-graduation_year": ""},
     "Isi paling sedikit pendidikan terakhir"),
    ({"education-0-graduation_year": "1850"}, "Tahun tidak valid."),
    ({"experience-0-end_year": "2010"}, "Tahun selesai tidak boleh sebelum tahun mulai."),
    ({"privacy_ack": ""}, "Centang tanda ini untuk melanjutkan."),
])
def test_bad_input_is_explained_at_the_field_and_input_is_kept(client, overrides, message):
    data = form_data(**overrides)
    data = {k: v for k, v in data.items() if v != "" or k in overrides}
    response = submit(client, with_photo(data))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'class="error"' in page
    # above the form, what to correct, each a link to its field
    summary = re.search(r'<section class="card error-summary" id="ringkasan-galat".*?</section>', page, re.S).group(0)
    assert "Periksa kembali isian yang ditandai merah:" in summary and message in summary
    targets = re.findall(r'<a href="#([^"]+)">', summary)
    assert targets and all(re.search(rf'<(input|select|textarea)[^>]* id="{t}"', page) for t in targets), targets
    if "full_name" not in overrides:
        assert 'value="Siti  Nurhaliza Şükrü"' in page or 'value="Siti Nurhaliza Şükrü"' in page
    if "address_street" not in overrides:
        assert 'value="Kp. Sukamaju No. 12"' in page
    assert "Foto sudah diterima" in page  # the photo need not be chosen again
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 0


@pytest.mark.parametrize("overrides, field_id, message", [
    ({"education-1-school": ""}, "education-1-school", "Isi nama sekolah/perguruan tinggi."),
    ({"education-0-level": ""}, "education-0-level", "Pilih jenjang."),
    ({"education-0-level": "", "education-0-school": "", "education-0-major": "", "education-0-graduation_year": "",
      "education-1-level": "", "education-1-school": "", "education-1-graduation_year": ""},
     "education-0-level", "Pilih jenjang pendidikan terakhir Anda."),
    ({"experience-0-employer": ""}, "experience-0-employer", "Isi nama perusahaan."),
    ({"experience-0-end_year": "2010"}, "experience-0-end_year", "Tidak boleh sebelum tahun mulai."),
    ({"education-0-graduation_year": "1850"}, "education-0-graduation_year", "Tahun tidak valid."),
])
def test_a_row_of_education_or_experience_is_marked_at_its_own_field(client, overrides, field_id, message):
    """Besides the section's message, the row's field that needs attention is marked red, and no
    empty error line is left when a section has no message of its own."""
    data = {k: v for k, v in form_data(**overrides).items() if v != "" or k in overrides}
    page = submit(client, with_photo(data)).get_data(as_text=True)
    assert f'<p class="error" id="{field_id}-error">{message}</p>' in page
    assert f'id="{field_id}"' in page and f'aria-describedby="{field_id}-error"' in page
    assert '<p class="error" role="alert"></p>' not in page


def test_the_photo_is_marked_required_until_one_is_accepted(client):
    star = '<span class="req" aria-hidden="true">*</span></label>'
    page = client.get("/daftar").get_data(as_text=True)
    assert re.search(r'<label for="photo">[^<]*' + re.escape(star), page)
    assert re.search(r'<input[^>]*aria-required="true"[^>]*id="photo"', page)  # told to screen readers too
    assert 'aria-invalid="None"' not in page  # the consent checkboxes are not announced as invalid
    assert re.search(r'<label for="address_street">[^<]*' + re.escape(star), page)  # the asterisk inside the label
    page = submit(client, with_photo(form_data(phone=""))).get_data(as_text=True)
    assert "Foto sudah diterima" in page and not re.search(r'<label for="photo">[^<]*' + re.escape(star), page)


def test_minimum_age_comes_from_settings(client):
    db.session.add(Setting(key="ak1.min_age", value="30"))
    db.session.commit()
    page = submit(client, with_photo(form_data())).get_data(as_text=True)
    assert "Usia minimal pendaftar kartu AK-1 adalah 30 tahun." in page


@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00 bukan gambar", "foto.jpg", "bukan foto JPEG atau PNG"),
    (photo_samples.jpeg() + b"\0" * (6 * 1024 * 1024), "besar.jpg", "paling besar 5 MB"),
    (photo_samples.png_claiming_size(50000, 50000), "bom.png", "Resolusi foto terlalu besar"),
])
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_bad_photos_are_refused_at_the_field(client, content, name, message):
    response = submit(client, with_photo(form_data(), content, name))
    page = response.get_data(as_text=True)
    # Werkzeug's test client spools a large request body to a temporary file it never closes;
    # collect it here, where that known test-client leak is ignored, not in a later test.
    del response
    gc.collect()
    assert message in page
    assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 0


def test_missing_photo_is_asked_for(client):
    page = submit(client, form_data()).get_data(as_text=True)
    assert "Pilih pas foto 3×4" in page


def test_accepted_photo_is_kept_across_a_failed_submit(app, client):
    page = submit(client, with_photo(form_data(phone="123"))).get_data(as_text=True)
    token = re.search(r'name="photo_token" type="hidden" value="([0-9a-f]{32}\.jpg)"', page).group(1)
    response = submit(client, form_data(photo_token=token))
    assert response.status_code == 303
    assert db.session.scalar(select(JobSeeker)).photo_file == token


def test_receipt_pdf_has_the_qr_code_and_unicode_name(app, client, tmp_path):
    import zxingcpp
    from PIL import Image

    import base64

    submit(client, with_photo(form_data()))
    response = client.get("/daftar/tanda-terima")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    code = re.search(r'id="access-code">([A-Z0-9-]+)<', page).group(1)
    pdf_b64 = re.search(r'id="receipt-pdf" href="data:application/pdf;base64,([A-Za-z0-9+/=]+)"', page).group(1)
    pdf = tmp_path / "tanda-terima.pdf"
    pdf.write_bytes(base64.b64decode(pdf_b64))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Siti Nurhaliza Şükrü" in text and code in text
    assert "PEMERINTAH KABUPATEN SERANG" in text  # the office letterhead
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "receipt")], check=True)
    decoded = zxingcpp.read_barcodes(Image.open(tmp_path / "receipt.png"))
    js = db.session.scalar(select(JobSeeker))
    assert [d.text for d in decoded] == [f"{js.registration_number} {code}"]


def test_receipt_opens_again_on_this_device_until_closed_and_the_code_is_never_readable_in_the_cookie(app, client):
    import json

    submit(client, with_photo(form_data()))
    stranger = app.test_client()
    assert stranger.get("/daftar/tanda-terima").status_code == 302
    page = client.get("/daftar/tanda-terima").get_data(as_text=True)
    code = _shown_code(page)
    # A reload (or a tab the phone discarded) shows the same receipt.
    assert _shown_code(client.get("/daftar/tanda-terima").get_data(as_text=True)) == code
    with app.test_request_context():
        data = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert "receipt" in data and code.replace("-", "") not in json.dumps(data) and code not in json.dumps(data)
    # At a shared computer the person closes it; the next person cannot open it.
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/daftar/tanda-terima/tutup", data={"csrf_token": token}).status_code == 303
    again = client.get("/daftar/tanda-terima", follow_redirects=True).get_data(as_text=True)
    assert "hanya dapat dibuka lagi selama 30 menit" in again and 'id="access-code"' not in again


def test_status_needs_number_and_birth_date(client, job_seeker_factory):
    js = job_seeker_factory(birth_date=date(1999, 7, 1), sex="L", full_name="Ujang")
    page = client.get("/status").get_data(as_text=True)
    assert 'method="post"' in page
    wrong = client.post("/status", data={"registration_number": js.registration_number, "birth_date": "1999-07-02"})
    assert "tidak cocok dengan data kami" in wrong.get_data(as_text=True)
    right = client.post("/status", data={"registration_number": js.registration_number.lower(),
                                         "birth_date": "1999-07-01"}).get_data(as_text=True)
    assert "Diajukan" in right and "sedang diperiksa petugas" in right
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "lihat", AuditLog.object_id == str(js.id)))


def test_correction_loop_end_to_end(app, client, make_user):
    submit(client, with_photo(form_data()))
    page = client.get("/daftar/tanda-terima").get_data(as_text=True)
    code = re.search(r'id="access-code">([A-Z0-9-]+)<', page).group(1)
    js = db.session.scalar(select(JobSeeker))
    officer = make_user(roles.PELAYANAN)
    registration.request_correction(js, officer, "Nama desa salah tulis; seharusnya Margagiri.")
    db.session.commit()

    status = client.post("/status", data={"registration_number": js.registration_number,
                                          "birth_date": BIRTH.isoformat()}).get_data(as_text=True)
    assert "Perlu perbaikan" in status and "seharusnya Margagiri" in status and "/perbaikan" in status

    bad = client.post("/perbaikan", data={"registration_number": js.registration_number, "access_code": "AAAAA-BBBBB"})
    assert "tidak cocok" in bad.get_data(as_text=True)
    start = client.post("/perbaikan", data={"registration_number": js.registration_number,
                                            "access_code": code.lower().replace("-", " ")})
    assert start.status_code == 303
    edit = client.get("/perbaikan/ubah").get_data(as_text=True)
    assert 'value="Margasana"' in edit and "seharusnya Margagiri" in edit
    data = form_data(desa="Margagiri", phone="0812 3456 7890")
    response = client.post("/perbaikan/ubah", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.expire_all()
    js = db.session.get(JobSeeker, js.id)
    assert js.desa == "Margagiri" and js.status == codes.JS_SUBMITTED and js.photo_file
    assert [e.event for e in js.events] == [codes.EV_REGISTERED, codes.EV_CORRECTION_REQUESTED, codes.EV_CORRECTED]
    assert client.get("/perbaikan/ubah").status_code == 302  # the correction session is over


def test_public_posts_are_rate_limited(make_app):
    app = make_app(PUBLIC_POST_LIMIT="2 per minute")
    with app.app_context():
        client = app.test_client()
        statuses = [client.post("/status", data={"registration_number": "X", "birth_date": "2000-01-01"}).status_code
                    for _ in range(3)]
        assert statuses == [200, 200, 429]


def test_rate_limit_is_shared_between_workers_through_redis(make_app):
    """Two app instances stand for two gunicorn workers; with Redis they share one budget."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    workers = [make_app(PUBLIC_POST_LIMIT="3 per minute", RATELIMIT_STORAGE_URI=url) for _ in range(2)]
    statuses = []
    for i in range(4):
        app = workers[i % 2]
        with app.app_context():
            statuses.append(app.test_client().post(
                "/status", data={"registration_number": "X", "birth_date": "2000-01-01"}).status_code)
    redis.Redis.from_url(url).flushdb()
    assert statuses == [200, 200, 200, 429]


def test_an_expired_form_comes_back_with_what_was_typed(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        client.get("/daftar")
        data = form_data(csrf_token="token-yang-sudah-kedaluwarsa")
        response = client.post("/daftar", data=data, content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Isian Anda masih ada" in page and "pilih ulang pas foto" in page
        assert 'value="Kp. Sukamaju No. 12"' in page and 'value="Margasana"' in page
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert token != "token-yang-sudah-kedaluwarsa"
        assert db.session.scalar(select(func.count()).select_from(JobSeeker)) == 0


@pytest.mark.parametrize("typed", ["ak1 3604 2026 {n}", "AK136042026{n}", "AK1–3604–2026–{n}", " AK1-3604-2026-{n} "])
def test_a_registration_number_typed_with_spaces_or_without_hyphens_is_found(client, job_seeker_factory, typed):
    from domain import registration_number

    js = job_seeker_factory(birth_date=date(1999, 7, 1))
    assert registration_number.normalise(typed.format(n=js.registration_number[-6:])) == js.registration_number
    page = client.post("/status", data={"registration_number": typed.format(n=js.registration_number[-6:]),
                                        "birth_date": "1999-07-01"}).get_data(as_text=True)
    assert "tidak cocok" not in page and js.registration_number in page


def test_registration_number_normalisation_leaves_other_text_alone():
    from domain import registration_number

    assert registration_number.normalise("AK1-3604-2026-B000001") == "AK1-3604-2026-B000001"
    assert registration_number.normalise(" tmp-abc ") == "TMP-ABC"
    assert registration_number.normalise(None) == ""
    assert registration_number.normalise("AK1 3604 26 0001") == "AK1 3604 26 0001"
