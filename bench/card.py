"""Benchmark: the AK-1 card PDF (xhtml2pdf, our template) against a minimal ReportLab canvas that
draws the same content (the ceiling), in the same run.

    .venv/bin/python bench/card.py            # one card x 30, batch of 100 x 3

Targets (issue 5): one card within 4x the ceiling, a batch of 100 within 1.5x.
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


def reportlab_cards(items, upload_dir: str, printed_on: date) -> bytes:
    """The ceiling: the same content drawn directly on a ReportLab canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from domain import card as card_rules, codes
    from services.card_pdf import verification_url
    from services.qr import png_bytes

    fonts = Path(__file__).resolve().parent.parent / "static" / "fonts"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    for js, signer in items:
        y = height - 14 * mm
        for text, font, size in (("PEMERINTAH KABUPATEN SERANG", "DejaVu-Bold", 9),
                                 ("DINAS TENAGA KERJA DAN TRANSMIGRASI KABUPATEN SERANG", "DejaVu-Bold", 10.5),
                                 ("KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA (AK/I)", "DejaVu-Bold", 10)):
            c.setFont(font, size)
            c.drawCentredString(width / 2, y, text)
            y -= 5 * mm
        c.setFont("DejaVu", 8.6)
        c.drawString(12 * mm, y - 4 * mm, "No. pencari kerja")
        c.setFont("DejaVu-Bold", 12)
        c.drawString(12 * mm, y - 9 * mm, js.card_number)
        c.drawString(12 * mm, y - 18 * mm, js.nik)
        c.drawImage(ImageReader(str(Path(upload_dir) / js.photo_file)), 12 * mm, y - 68 * mm, 30 * mm, 40 * mm)
        c.setFont("DejaVu", 8)
        months = 6
        for k in range(4):
            row_y = y - (12 + k * 10) * mm
            c.rect(75 * mm, row_y - 10 * mm, 120 * mm, 10 * mm)
            c.drawString(77 * mm, row_y - 5 * mm, f"{k + 1}   {card_rules.add_months(js.valid_from, months * (k + 1))}")
        c.rect(75 * mm, y - 75 * mm, 60 * mm, 18 * mm)
        c.drawImage(ImageReader(io.BytesIO(png_bytes(verification_url(js), 6))), 150 * mm, y - 80 * mm, 30 * mm,
                    30 * mm)
        c.drawString(150 * mm, y - 83 * mm, js.verification_code)
        y = height / 2 - 8 * mm
        rows = [("Nama lengkap", js.full_name), ("Tempat/tgl. lahir", f"{js.birth_place}, {js.birth_date}"),
                ("Jenis kelamin", codes.SEX[js.sex]), ("Status perkawinan", codes.MARITAL_STATUS[js.marital_status]),
                ("Agama", codes.RELIGION[js.religion]), ("Alamat", f"{js.address_street}, {js.desa}"),
                ("Pendidikan formal", "; ".join(f"{e.level} {e.school}" for e in js.education)),
                ("Pendidikan non-formal", js.courses or "-"), ("Keterampilan", js.skills or "-"),
                ("Berlaku", f"{js.valid_from} s.d. {js.valid_until}")]
        for label, value in rows:
            c.setFont("DejaVu", 8.6)
            c.drawString(12 * mm, y, label)
            c.setFont("DejaVu-Bold", 8.6)
            c.drawString(50 * mm, y, value)
            y -= 5 * mm
        c.setFont("DejaVu", 7.4)
        for line in ("1. Kartu berlaku 2 (dua) tahun.", "2. Wajib lapor diri setiap 6 (enam) bulan.",
                     "3. Keterangan palsu atau dua kartu adalah pelanggaran.", "4. Sah bila dicetak di kantor.",
                     "5. Bila sudah bekerja, wajib melapor."):
            c.drawString(12 * mm, y, line)
            y -= 4 * mm
        c.setFont("DejaVu", 8.6)
        c.drawCentredString(160 * mm, height / 2 - 60 * mm, f"Serang, {printed_on}")
        c.drawCentredString(160 * mm, height / 2 - 80 * mm, signer.full_name)
        c.drawCentredString(160 * mm, height / 2 - 84 * mm, f"NIP {signer.nip}")
        c.rect(12 * mm, 20 * mm, 186 * mm, 10 * mm)
        c.drawString(14 * mm, 26 * mm, "DITERIMA BEKERJA DI:")
        c.showPage()
    c.save()
    return out.getvalue()


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    from services.card_pdf import render_cards

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        with app.test_request_context():
            js, signer = sample_card(app)
            today = date(2026, 11, 23)
            upload_dir = app.config["UPLOAD_DIR"]
            one = [(js, signer)]
            batch = [(js, signer)] * 100
            render_cards(one, today)  # warm-up: imports, font loading
            reportlab_cards(one, upload_dir, today)
            rows = []
            for label, items, repeat in (("1 kartu", one, 30), ("100 kartu", batch, 3)):
                ours = timed(lambda: render_cards(items, today), repeat)
                ceiling = timed(lambda: reportlab_cards(items, upload_dir, today), repeat)
                rows.append((label, statistics.median(ours), statistics.median(ceiling), min(ours), max(ours)))
    print(f"{'':10} {'xhtml2pdf':>12} {'ReportLab':>12} {'rasio':>7}   (median; xhtml2pdf min–max)")
    targets = {"1 kartu": 4.0, "100 kartu": 1.5}
    for label, ours, ceiling, low, high in rows:
        ratio = ours / ceiling
        verdict = "OK" if ratio <= targets[label] else "DI ATAS TARGET"
        print(f"{label:10} {ours * 1000:10.1f}ms {ceiling * 1000:10.1f}ms {ratio:7.2f}x  target ≤{targets[label]}x "
              f"{verdict}   ({low * 1000:.1f}–{high * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
