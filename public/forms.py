"""The AK-1 registration form (form AK/II), used online, by the front desk for walk-ins and by BKK
operators, so every path applies the same validation."""
from __future__ import annotations


from flask_wtf.file import FileField
from wtforms import (
    BooleanField, DateField, FieldList, FormField, HiddenField, IntegerField, SelectField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from domain import codes, nik as nik_rules
from domain.kecamatan import KECAMATAN
from domain.people import age_on
from domain.phone import PhoneError, normalise_mobile
from services.clock import local_today
from forms_base import AppForm, AsTypedField, NikField
from models import JobSeeker, JobSeekerEducation, JobSeekerExperience

REQUIRED = "Wajib diisi."
LEVEL_ORDER = list(codes.EDUCATION_LEVELS)


def _blank(label: str, mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [("", label)] + list(mapping.items())


def _year_range():
    return NumberRange(1950, local_today().year + 1, message="Tahun tidak valid.")


class SubForm(AppForm):
    class Meta:
        csrf = False


class EducationRow(SubForm):
    level = SelectField("Jenjang", choices=_blank("— pilih jenjang —", codes.EDUCATION_LEVELS), validators=[Optional()])
    school = StringField("Nama sekolah/perguruan tinggi", validators=[Optional(), Length(max=150)])
    major = StringField("Jurusan", validators=[Optional(), Length(max=120)])
    graduation_year = IntegerField("Tahun lulus", validators=[Optional(), _year_range()])

    def is_empty(self) -> bool:
        return not (self.level.data or self.school.data or self.major.data or self.graduation_year.data)


class ExperienceRow(SubForm):
    employer = StringField("Nama perusahaan", validators=[Optional(), Length(max=150)])
    position = StringField("Jabatan", validators=[Optional(), Length(max=120)])
    start_year = IntegerField("Tahun mulai", validators=[Optional(), _year_range()])
    end_year = IntegerField("Tahun selesai", validators=[Optional(), _year_range()])

    def is_empty(self) -> bool:
        return not (self.employer.data or self.position.data or self.start_year.data or self.end_year.data)


class RegistrationForm(AppForm):
    # identity
    nik = NikField("NIK (16 angka, sesuai KTP)", validators=[DataRequired("NIK wajib diisi.")])
    kk_number = NikField("Nomor KK (16 angka)", validators=[DataRequired("Nomor KK wajib diisi.")])
    full_name = StringField("Nama lengkap (sesuai KTP)", validators=[DataRequired(REQUIRED), Length(max=120)])
    birth_place = StringField("Tempat lahir", validators=[DataRequired(REQUIRED), Length(max=80)])
    birth_date = DateField("Tanggal lahir", validators=[DataRequired("Isi tanggal lahir yang benar.")])
    sex = SelectField("Jenis kelamin", choices=_blank("— pilih —", codes.SEX),
                      validators=[DataRequired("Pilih jenis kelamin.")])
    religion = SelectField("Agama", choices=_blank("— pilih —", codes.RELIGION),
                           validators=[DataRequired("Pilih agama.")])
    marital_status = SelectField("Status perkawinan", choices=_blank("— pilih —", codes.MARITAL_STATUS),
                                 validators=[DataRequired("Pilih status perkawinan.")])
    height_cm = IntegerField("Tinggi badan (cm)", validators=[Optional(), NumberRange(100, 230, "Isi 100–230 cm.")])
    weight_kg = IntegerField("Berat badan (kg)", validators=[Optional(), NumberRange(25, 250, "Isi 25–250 kg.")])
    # address (domicile decides the office; the NIK's region does not)
    address_street = StringField("Alamat (jalan, kampung, nomor rumah)",
                                 validators=[DataRequired(REQUIRED), Length(max=200)])
    rt = StringField("RT", validators=[Optional(), Regexp(r"^[0-9]{1,3}$", message="RT berupa angka, misalnya 003.")])
    rw = StringField("RW", validators=[Optional(), Regexp(r"^[0-9]{1,3}$", message="RW berupa angka, misalnya 001.")])
    desa = StringField("Desa/kelurahan", validators=[DataRequired(REQUIRED), Length(max=80)])
    kecamatan = SelectField("Kecamatan", choices=[("", "— pilih kecamatan —")] + list(KECAMATAN.items()),
                            validators=[DataRequired("Pilih kecamatan tempat tinggal Anda.")])
    # contact
    phone = AsTypedField("Nomor HP", validators=[DataRequired("Nomor HP wajib diisi.")])
    email = StringField("Surel (boleh kosong)", validators=[Optional(), Email("Alamat surel tidak valid."),
                                                            Length(max=120)])
    # education, skills, experience, wishes
    education = FieldList(FormField(EducationRow), "Pendidikan", min_entries=3, max_entries=3)
    skills = TextAreaField("Keterampilan", validators=[Optional(), Length(max=2000)])
    courses = TextAreaField("Kursus/pelatihan yang pernah diikuti", validators=[Optional(), Length(max=2000)])
    languages = StringField("Bahasa yang dikuasai", validators=[Optional(), Length(max=200)])
    experience = FieldList(FormField(ExperienceRow), "Pengalaman kerja", min_entries=2, max_entries=2)
    desired_position = StringField("Jabatan/pekerjaan yang diinginkan", validators=[Optional(), Length(max=120)])
    desired_location = StringField("Lokasi kerja yang diinginkan", validators=[Optional(), Length(max=120)])
    karirhub_id = StringField("ID Karirhub/SIAPkerja (bila ada)", validators=[Optional(), Length(max=40)])
    # photo: a processed upload is kept across a failed submit under a random token
    photo = FileField("Pas foto 3×4 (JPEG/PNG, latar merah atau biru)")
    photo_token = HiddenField()
    # statements
    privacy_ack = BooleanField("Saya sudah membaca penjelasan tentang data pribadi di atas.",
                               validators=[DataRequired("Centang tanda ini untuk melanjutkan.")])
    truth_ack = BooleanField("Data yang saya isi benar. Saya tahu memberi data palsu atau memiliki dua kartu AK-1 "
                             "adalah pelanggaran.", validators=[DataRequired("Centang tanda ini untuk melanjutkan.")])
    submission_key = HiddenField(validators=[Length(max=64)])  # the idempotency key's column

    # set by the view from settings
    min_age: int = 18
    photo_required: bool = True

    def validate_nik(self, field):  # the digits: NikField has dropped the grouping
        try:
            nik_rules.check(field.data, self.birth_date.data, self.sex.data or None)
        except nik_rules.NikError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_kk_number(self, field):
        if not nik_rules.is_valid_kk(field.data):
            raise ValidationError("Nomor KK harus tepat 16 angka (0–9).")

    def validate_birth_date(self, field):
        today = local_today()
        if field.data > today:
            raise ValidationError("Tanggal lahir tidak boleh di masa depan.")
        if age_on(field.data, today) < self.min_age:
            raise ValidationError(f"Usia minimal pendaftar kartu AK-1 adalah {self.min_age} tahun.")
        if age_on(field.data, today) > 75:
            raise ValidationError("Periksa kembali tahun lahir.")

    def validate_phone(self, field):
        try:
            field.data = normalise_mobile(field.data)
        except PhoneError as exc:
            raise ValidationError(str(exc)) from exc

    def validate_education(self, field):
        rows = [row for row in field.entries if not row.form.is_empty()]
        if not rows:
            first = field.entries[0].form
            first.level.errors = list(first.level.errors) + ["Pilih jenjang pendidikan terakhir Anda."]
            raise ValidationError("Isi paling sedikit pendidikan terakhir Anda.")
        incomplete = False
        for row in rows:  # the message at the row's own field, and once above the rows
            if not row.form.level.data:
                row.form.level.errors = list(row.form.level.errors) + ["Pilih jenjang."]
                incomplete = True
            if not (row.form.school.data or "").strip():
                row.form.school.errors = list(row.form.school.errors) + ["Isi nama sekolah/perguruan tinggi."]
                incomplete = True
        if incomplete:
            raise ValidationError("Setiap baris pendidikan perlu jenjang dan nama sekolah.")

    def validate_experience(self, field):
        problems = []
        for row in field.entries:
            form = row.form
            if not form.is_empty() and not form.employer.data:
                form.employer.errors = list(form.employer.errors) + ["Isi nama perusahaan."]
                problems.append("Isi nama perusahaan pada baris pengalaman kerja.")
            if form.start_year.data and form.end_year.data and form.end_year.data < form.start_year.data:
                form.end_year.errors = list(form.end_year.errors) + ["Tidak boleh sebelum tahun mulai."]
                problems.append("Tahun selesai tidak boleh sebelum tahun mulai.")
        if problems:
            raise ValidationError(" ".join(dict.fromkeys(problems)))

    # -- mapping to and from the model --------------------------------------------------
    def highest_education(self) -> tuple[str, int | None]:
        rows = [row.form for row in self.education.entries if not row.form.is_empty() and row.form.level.data]
        best = max(rows, key=lambda r: (LEVEL_ORDER.index(r.level.data), r.graduation_year.data or 0))
        return best.level.data, best.graduation_year.data

    def fill(self, js: JobSeeker) -> None:
        simple = ["nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "religion", "marital_status",
                  "height_cm", "weight_kg", "address_street", "rt", "rw", "desa", "phone", "skills", "courses",
                  "languages", "desired_position", "desired_location", "karirhub_id"]
        for name in simple:
            value = getattr(self, name).data
            setattr(js, name, value.strip() if isinstance(value, str) else value)
        js.full_name = " ".join(js.full_name.split())
        js.email = (self.email.data or "").strip() or None
        js.kecamatan_code = self.kecamatan.data
        for name in ("rt", "rw", "karirhub_id", "skills", "courses", "languages", "desired_position",
                     "desired_location"):
            if getattr(js, name) == "":
                setattr(js, name, None)
        js.education_level, js.graduation_year = self.highest_education()
        js.education = [
            JobSeekerEducation(level=r.form.level.data, school=r.form.school.data.strip(),
                               major=(r.form.major.data or "").strip() or None,
                               graduation_year=r.form.graduation_year.data)
            for r in self.education.entries if not r.form.is_empty()]
        js.experience = [
            JobSeekerExperience(employer=r.form.employer.data.strip(), position=(r.form.position.data or "").strip()
                                or None, start_year=r.form.start_year.data, end_year=r.form.end_year.data)
            for r in self.experience.entries if not r.form.is_empty()]

    def load(self, js: JobSeeker) -> None:
        """Prefill from an existing registration (for corrections)."""
        for name in ("nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "religion",
                     "marital_status", "height_cm", "weight_kg", "address_street", "rt", "rw", "desa", "email",
                     "skills", "courses", "languages", "desired_position", "desired_location", "karirhub_id"):
            getattr(self, name).data = getattr(js, name)
        self.kecamatan.data = js.kecamatan_code
        from domain.phone import display

        self.phone.data = display(js.phone)
        for row, item in zip(self.education.entries, js.education):
            row.form.level.data, row.form.school.data = item.level, item.school
            row.form.major.data, row.form.graduation_year.data = item.major, item.graduation_year
        for row, item in zip(self.experience.entries, js.experience):
            row.form.employer.data, row.form.position.data = item.employer, item.position
            row.form.start_year.data, row.form.end_year.data = item.start_year, item.end_year


class LookupForm(AppForm):
    """Registration number + date of birth (never the NIK alone)."""
    registration_number = StringField("Nomor pendaftaran", validators=[DataRequired("Isi nomor pendaftaran.")])
    birth_date = DateField("Tanggal lahir", validators=[DataRequired("Isi tanggal lahir yang benar.")])


class AccessForm(AppForm):
    """Registration number + the secret access code from the receipt."""
    registration_number = StringField("Nomor pendaftaran", validators=[DataRequired("Isi nomor pendaftaran.")])
    access_code = StringField("Kode akses (dari tanda terima)", validators=[DataRequired("Isi kode akses.")])
