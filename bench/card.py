"""Benchmark: the AK-1 card PDF (xhtml2pdf, our template) against a minimal ReportLab canvas that
draws the same content (the ceiling), in the same run.

    .venv/bin/python bench/card.py            # one card x 30, batch of 100 x 3

Targets (issue 5): one card within 4x the ceiling, a batch of 100 within 1.5x. Ours and the ceiling
are timed in turns; the ratio is of the median wall times (the CPU-time ratio is printed too, as the
machine is shared). Two extra rows for information: a batch of 100 different people, and one card
printed while the printed form is not yet rendered (services/card_pdf.py keeps it once made, one per
signing officer and day). The ceiling draws everything on every page, the officer and date included.
"""
from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw  # noqa: E402


def make_app(tmp: Path):
    import flask_migrate

    from app import create_app

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}",
                      "UPLOAD_DIR": str(tmp / "uploads")})
    with app.app_context():
        flask_migrate.upgrade()
    return app


def sample_card(app):
    from domain import card as card_rules
    from models import JobSeeker, JobSeekerEducation, User
    from services import photos

    image = Image.new("RGB", (300, 400), (200, 20, 20))
    ImageDraw.Draw(image).ellipse((90, 60, 210, 200), fill=(240, 200, 170))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    photo = photos.store(app.config["UPLOAD_DIR"], photos.process(buffer.getvalue()))
    js = JobSeeker(id=123, registration_number="AK1-3604-2026-000123", card_number="3604-2026-000123",
                   verification_code="K7M2Q9XPRT", nik="3604055705010007", full_name="Siti Rahmawati Şükrü",
                   birth_place="Serang", birth_date=date(2001, 5, 17), sex="P", religion="islam",
                   marital_status="belum_kawin", address_street="Kp. Sukamaju No. 12", rt="003", rw="001",
                   desa="Margasana", kecamatan_code="36.04.05", education_level="SMK", photo_file=photo,
                   skills="Microsoft Excel, kasir, menjahit", courses="Pelatihan menjahit BBPVP Serang 2020",
                   registered_on=date(2026, 11, 2), valid_from=date(2026, 11, 2),
                   valid_until=card_rules.valid_until(date(2026, 11, 2)))
    js.education = [JobSeekerEducation(level="SMK", school="SMK Negeri 1 Kramatwatu", major="Akuntansi",
                                       graduation_year=2019)]
    signer = User(full_name="Yanti Nurhasanah, S.Sos.", nip="198012312005012001", role="pengantar_kerja")
    return js, signer


NOTES = ("1. Kartu berlaku 2 (dua) tahun.", "2. Pemegang kartu wajib lapor diri setiap 6 (enam) bulan selama belum",
         "bekerja.", "3. Memberikan keterangan palsu atau memiliki lebih dari satu kartu adalah",
         "pelanggaran.", "4. Kartu sah hanya bila dicetak dan ditandatangani Pengantar Kerja di kantor",
         "Disnakertrans.", "5. Bila sudah diterima bekerja, wajib melapor ke Disnakertrans.")
LABELS = (("Nama lengkap", 156.5), ("Tempat/tgl. lahir", 162), ("Jenis kelamin", 167.5), ("Status perkawinan", 173),
          ("Agama", 178.5), ("Alamat", 184), ("Pendidikan formal", 193.5), ("Pendidikan non-formal", 203),
          ("Keterampilan", 212.5), ("Berlaku", 222))


def reportlab_cards(items, upload_dir: str, printed_on: date) -> bytes:
    """The ceiling: the same content as the card, drawn directly on a ReportLab canvas.

    Everything the card shows, at the card's places: office header and address, title rules, page
    labels, card number, NIK, registration number, photo, the report-slot grid with its headings,
    numbers and due dates, the holder's signature box, QR code with short code and caption, fold
    line, the ten personal-data rows, notes, place and date, Pengantar Kerja's name and NIP, the
    placement box. Dates in Indonesian through the app's own filter, as the card prints them.
    """
    from flask import current_app
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from domain import card as card_rules, codes
    from services.card_pdf import verification_url
    from services.qr import png_bytes
    from services.settings import get_setting

    fonts = Path(__file__).resolve().parent.parent / "static" / "fonts"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    tanggal = current_app.jinja_env.filters["tanggal"]
    office_name, office_address = get_setting("office.name"), get_setting("office.address")
    base_url, months = get_setting("site.base_url"), get_setting("ak1.report_months")
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4

    def y(top_mm: float) -> float:  # mm from the top of the sheet -> ReportLab's y
        return height - top_mm * mm

    columns = (74.5, 87.05, 124.7, 156.1, 200.0)  # the report-slot grid, mm
    for js, signer in items:
        # page 1: header
        c.setFont("DejaVu-Bold", 9)
        c.drawCentredString(width / 2, y(12), "PEMERINTAH KABUPATEN SERANG")
        c.setFont("DejaVu-Bold", 10.5)
        c.drawCentredString(width / 2, y(17), office_name.upper())
        c.setFont("DejaVu", 8.6)
        c.drawCentredString(width / 2, y(21.5), office_address)
        c.setLineWidth(1)
        c.line(10 * mm, y(23.5), 200 * mm, y(23.5))
        c.line(10 * mm, y(30.5), 200 * mm, y(30.5))
        c.setFont("DejaVu-Bold", 10)
        c.drawCentredString(width / 2, y(28.3), "KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA (AK/I)")
        c.setFont("DejaVu", 7)
        c.drawRightString(200 * mm, y(33), "Halaman 1")
        # number, NIK, registration number, photo
        c.setFont("DejaVu", 8.6)
        c.drawString(10 * mm, y(38), "No. pencari kerja")
        c.drawString(10 * mm, y(48.5), "NIK")
        c.drawString(10 * mm, y(59), "No. pendaftaran")
        c.setFont("DejaVu-Bold", 12)
        c.drawString(10 * mm, y(42.8), js.card_number)
        c.drawString(10 * mm, y(53.3), js.nik)
        c.setFont("DejaVu-Bold", 8.6)
        c.drawString(10 * mm, y(62.6), js.registration_number)
        if js.photo_file:
            c.drawImage(ImageReader(str(Path(upload_dir) / js.photo_file)), 10 * mm, y(107), 30 * mm, 40 * mm)
        # report slots: headings, grid, numbers and due dates
        c.setLineWidth(0.8)
        c.setFillGray(0.933)
        c.rect(74.5 * mm, y(47), 125.5 * mm, 12 * mm, stroke=1, fill=1)
        c.setFillGray(0)
        for top in (41, 47, 63, 79, 95, 111):
            c.line(74.5 * mm, y(top), 200 * mm, y(top))
        for x in columns:
            c.line(x * mm, y(41), x * mm, y(111))
        c.line(74.5 * mm, y(35), 74.5 * mm, y(41))
        c.line(200 * mm, y(35), 200 * mm, y(41))
        c.setFont("DejaVu-Bold", 8)
        c.drawCentredString(137.25 * mm, y(39.2), "LAPOR DIRI (setiap 6 bulan selama mencari kerja)")
        for (left, right), text in zip(zip(columns, columns[1:]),
                                       ("Ke", "Paling lambat", "Tanggal lapor", "Tanda tangan petugas")):
            c.drawCentredString((left + right) / 2 * mm, y(45.2), text)
        c.setFont("DejaVu", 8)
        for k in range(card_rules.REPORT_SLOTS):
            top = 47 + 16 * k
            c.drawString(75.2 * mm, y(top + 3.5), str(k + 1))
            c.drawString(87.8 * mm, y(top + 3.5), tanggal(card_rules.add_months(js.valid_from, months * (k + 1))))
        # holder's signature box, QR code, short code, caption
        c.rect(74.5 * mm, y(133), 50.2 * mm, 22 * mm)
        c.setFont("DejaVu", 8.6)
        c.drawString(75.2 * mm, y(115), "Tanda tangan pemegang kartu")
        c.drawImage(ImageReader(io.BytesIO(png_bytes(verification_url(js, base_url), 6))), 151.6 * mm, y(133.5),
                    21.5 * mm, 21.5 * mm)
        c.setFont("DejaVu-Bold", 9)
        c.drawCentredString(162.35 * mm, y(137.8), js.verification_code)
        c.setFont("DejaVu", 7.4)
        c.drawCentredString(162.35 * mm, y(142.4), "Cek keaslian kartu: pindai kode QR")
        # fold line
        c.setDash(1, 1)
        c.line(10 * mm, y(145), 200 * mm, y(145))
        c.setDash()
        c.setFont("DejaVu", 6.5)
        c.drawCentredString(width / 2, y(147.6), "- - - lipat di sini - - -")
        c.setFont("DejaVu", 7)
        c.drawRightString(200 * mm, y(151), "Halaman 2")
        # page 2: personal data
        education = js.education_line
        address = (f"{js.address_street or ''}" + (f" RT {js.rt}" if js.rt else "") + (f"/RW {js.rw}" if js.rw else "")
                   + f", {js.desa or ''}, Kec. {js.kecamatan_name}, Kab. Serang")
        values = (js.full_name, f"{js.birth_place}, {tanggal(js.birth_date)}", codes.SEX[js.sex],
                  codes.MARITAL_STATUS.get(js.marital_status, "-"), codes.RELIGION.get(js.religion, "-"), address,
                  education, js.courses or "-", js.skills or "-",
                  f"{tanggal(js.valid_from)} s.d. {tanggal(js.valid_until)}")
        for (label, top), value in zip(LABELS, values):
            c.setFont("DejaVu", 8.6)
            c.drawString(10.7 * mm, y(top), label)
            c.setFont("DejaVu-Bold", 8.6)
            c.drawString(52 * mm, y(top), value)
        # notes, place and date, Pengantar Kerja, placement box
        c.setFont("DejaVu-Bold", 7.4)
        c.drawString(10 * mm, y(230), "Perhatian:")
        c.setFont("DejaVu", 7.4)
        for k, line in enumerate(NOTES):
            c.drawString(10 * mm, y(234 + 3.9 * k), line)
        c.setFont("DejaVu", 8.6)
        c.drawCentredString(157.25 * mm, y(230.3), f"Serang, {tanggal(printed_on)}")
        c.drawCentredString(157.25 * mm, y(234.5), "Pengantar Kerja,")
        c.setFont("DejaVu-Bold", 8.6)
        c.drawCentredString(157.25 * mm, y(253.5), signer.full_name)
        c.setFont("DejaVu", 8.6)
        c.drawCentredString(157.25 * mm, y(258), f"NIP {signer.nip or '-'}")
        c.rect(10 * mm, y(279.5), 114 * mm, 10.5 * mm)
        c.rect(124 * mm, y(279.5), 76 * mm, 10.5 * mm)
        c.drawString(11.2 * mm, y(272.8), "DITERIMA BEKERJA DI:")
        c.drawString(125.2 * mm, y(272.8), "TANGGAL:")
        c.showPage()
    c.save()
    return out.getvalue()


def as_run(items) -> tuple[list, object]:
    """The (job seeker, signer) pairs the ceiling draws, as render_cards takes them: the people and
    the one officer signing the run."""
    signers = {id(signer) for _, signer in items}
    assert len(signers) == 1, "one print run, one signing officer"
    return [js for js, _ in items], items[0][1]


def timed_pair(ours_fn, ceiling_fn, repeat: int) -> tuple[list, list, list, list]:
    """Wall and CPU times of both, taken in turns, so that load from other work on the machine
    falls on both sides alike rather than on whichever happened to run during it."""
    ours_wall, ours_cpu, ceiling_wall, ceiling_cpu = [], [], [], []
    for _ in range(repeat):
        for fn, wall, cpu in ((ours_fn, ours_wall, ours_cpu), (ceiling_fn, ceiling_wall, ceiling_cpu)):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return ours_wall, ours_cpu, ceiling_wall, ceiling_cpu


def distinct_cards(app, js, signer, count: int) -> list:
    """`count` different job seekers (own photo, numbers, verification code): what a BKK batch is."""
    from models import JobSeeker, JobSeekerEducation
    from services import photos

    items = []
    for k in range(count):
        image = Image.new("RGB", (300, 400), (200, 20 + k % 200, 20))
        ImageDraw.Draw(image).ellipse((90 + k % 20, 60, 210, 200), fill=(240, 200, 170))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG")
        other = JobSeeker(**{column: getattr(js, column) for column in (
            "nik", "full_name", "birth_place", "birth_date", "sex", "religion", "marital_status", "address_street",
            "rt", "rw", "desa", "kecamatan_code", "education_level", "skills", "courses", "registered_on",
            "valid_from", "valid_until")})
        other.id = 1000 + k
        other.registration_number = f"AK1-3604-2026-{1000 + k:06d}"
        other.card_number = f"3604-2026-{1000 + k:06d}"
        other.verification_code = f"K{k:04d}QXPRT"[:10]
        other.photo_file = photos.store(app.config["UPLOAD_DIR"], photos.process(buffer.getvalue()))
        other.education = [JobSeekerEducation(level=e.level, school=e.school, major=e.major,
                                              graduation_year=e.graduation_year) for e in js.education]
        items.append((other, signer))
    return items


def main() -> None:
    from services import card_pdf
    from services.card_pdf import render_cards

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        with app.test_request_context():
            js, signer = sample_card(app)
            today = date(2026, 11, 23)
            upload_dir = app.config["UPLOAD_DIR"]
            one = [(js, signer)]
            batch = [(js, signer)] * 100
            different = distinct_cards(app, js, signer, 100)
            render_cards(*as_run(one), today)  # warm-up: imports, font loading, the printed form
            reportlab_cards(one, upload_dir, today)

            def cold_one():  # the first card after a start or a change of office name/address
                card_pdf._FORMS.clear()
                render_cards(*as_run(one), today)

            rows = []
            for label, ours_fn, items, repeat in (
                    ("1 card", lambda: render_cards(*as_run(one), today), one, 30),
                    ("100 cards", lambda: render_cards(*as_run(batch), today), batch, 3),
                    ("100 diff.*", lambda: render_cards(*as_run(different), today), different, 3),
                    ("1 cold*", cold_one, one, 10)):
                rows.append((label, *timed_pair(ours_fn, lambda: reportlab_cards(items, upload_dir, today), repeat)))
    print(f"{'':10} {'xhtml2pdf':>12} {'ReportLab':>12} {'ratio':>7}   (median of wall time; xhtml2pdf min–max; "
          "CPU-time ratio)")
    targets = {"1 card": 4.0, "100 cards": 1.5, "100 diff.*": 1.5, "1 cold*": 4.0}
    for label, ours, ours_cpu, ceiling, ceiling_cpu in rows:
        median, ceiling_median = statistics.median(ours), statistics.median(ceiling)
        ratio = median / ceiling_median
        verdict = "OK" if ratio <= targets[label] else "OVER TARGET"
        cpu_ratio = statistics.median(ours_cpu) / statistics.median(ceiling_cpu)
        print(f"{label:10} {median * 1000:10.1f}ms {ceiling_median * 1000:10.1f}ms {ratio:7.2f}x  "
              f"target ≤{targets[label]}x {verdict}   ({min(ours) * 1000:.1f}–{max(ours) * 1000:.1f} ms; "
              f"CPU {cpu_ratio:.2f}x)")
    print("* for information: 100 diff. = 100 different people (own photo and QR each), as a BKK batch is;\n"
          "  1 cold = one card with the printed form not yet rendered (first print after a start).")


if __name__ == "__main__":
    main()
