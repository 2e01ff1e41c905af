"""The AK-1 card as a PDF (xhtml2pdf, from our own template only).

Paper: A4 portrait on yellow card stock, printed on one side and folded once along the printed
fold line into an A5 card: the upper half is page 1 (number, NIK, photo, signatures, report slots,
QR), the lower half page 2 (personal data, education, skills, validity, officer's signature,
printed notes, placement box).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app, render_template

from domain import card as card_rules
from models import JobSeeker, User
from services.pdf import render_pdf
from services.qr import png_data_uri
from services.settings import get_setting


def verification_url(js: JobSeeker) -> str:
    return f"{get_setting('site.base_url').rstrip('/')}/verifikasi/{js.verification_code}"


def card_context(js: JobSeeker, signer: User, printed_on: date) -> dict:
    photo = None
    if js.photo_file:
        path = Path(current_app.config["UPLOAD_DIR"]).resolve() / js.photo_file
        photo = str(path) if path.is_file() else None
    months = get_setting("ak1.report_months")
    slots = [card_rules.add_months(js.valid_from, months * k) for k in range(1, card_rules.REPORT_SLOTS + 1)]
    return {"js": js, "signer": signer, "printed_on": printed_on, "photo_path": photo,
            "qr": png_data_uri(verification_url(js), box_size=6), "verify_url": verification_url(js),
            "report_due": slots}


def render_cards(cards: list[tuple[JobSeeker, User]], printed_on: date) -> bytes:
    html = render_template("pdf/card.html", cards=[card_context(js, signer, printed_on) for js, signer in cards],
                           office_name=get_setting("office.name"), office_address=get_setting("office.address"))
    return render_pdf(html)
