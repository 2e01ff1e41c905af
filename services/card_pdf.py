"""The AK-1 card as a PDF (xhtml2pdf, from our own templates only).

Paper: A4 portrait on yellow card stock, printed on one side and folded once along the printed
fold line into an A5 card: the upper half is page 1 (number, NIK, photo, signatures, report slots,
QR), the lower half page 2 (personal data, education, skills, validity, officer's signature,
printed notes, placement box).

Made in two layers, because xhtml2pdf's cost is per element and most of a card is the same on
every card of a print run. ``pdf/card_form.html`` is the printed form (office header, labels, the
report-slot grid, notes, placement box) with what the run shares: the place and date of printing
and the signing Pengantar Kerja's name and NIP; ``pdf/card.html`` has one page per card with only
that card's data, each item in a frame at its place on the form. The form is rendered once and kept
while its markup stays the same (office name and address, officer, date: one per officer per day);
every card page then draws it as one PDF form XObject under its own content, so the PDF holds the
form once however many cards it has. Both layers are vector text in the embedded DejaVu font;
nothing is rasterised.
"""
from __future__ import annotations

import io
import re
import threading
from datetime import date
from pathlib import Path

from flask import current_app, render_template

from domain import card as card_rules
from models import JobSeeker, User
from services.cards import printed_on, report_dates
from services.pdf import render_pdf
from services.qr import png_data_uri
from services.settings import get_setting

#: Rendered forms by their HTML, as PDF bytes and the parsed first page. The HTML holds everything
#: the form shows (office name and address, the slot count, the officer and the date, the markup
#: itself), so an entry never goes stale; a changed setting, officer or day simply makes a new key.
#: One entry per officer printing that day, and a few more.
_FORMS: dict[str, tuple[bytes, object]] = {}
_FORMS_LOCK = threading.RLock()
_FORM_NAME = "/AK1Form"
#: Whitespace between two tags: on the card pages (frames and paragraphs, no running text between
#: them) it shows nothing, yet xhtml2pdf would treat each run as a text node of its own.
_BETWEEN_TAGS = re.compile(r">\s+<")


def verification_url(js: JobSeeker, base_url: str | None = None) -> str:
    base = base_url if base_url is not None else get_setting("site.base_url")
    return f"{base.rstrip('/')}/verifikasi/{js.verification_code}"


def card_context(js: JobSeeker, *, base_url: str | None = None, report_months: int | None = None) -> dict:
    photo = None
    if js.photo_file:
        path = Path(current_app.config["UPLOAD_DIR"]).resolve() / js.photo_file
        photo = str(path) if path.is_file() else None
    months = report_months if report_months is not None else get_setting("ak1.report_months")
    # the reporting clock runs from the handing over (cards.printed_on), as the expiry rule counts it
    start = card_rules.report_anchor(js.valid_from, None, printed_on(js))
    slots = card_rules.report_due_dates(start, js.valid_until, months)
    url = verification_url(js, base_url)
    # a reprint carries the reports already recorded into the "Tanggal lapor" column
    return {"js": js, "photo_path": photo, "qr": png_data_uri(url, box_size=6), "verify_url": url,
            "report_due": slots, "reported": report_dates(js)}


def render_cards(people: list[JobSeeker], signer: User, printed_on: date) -> bytes:
    """The cards of `people`, one page each, signed by the Pengantar Kerja `signer` on `printed_on`."""
    base_url = get_setting("site.base_url")
    months = get_setting("ak1.report_months")
    form_html = render_template("pdf/card_form.html", office_name=get_setting("office.name"),
                                office_address=get_setting("office.address"),
                                report_slots=card_rules.REPORT_SLOTS, signer=signer, printed_on=printed_on)
    pages_html = render_template(
        "pdf/card.html", report_slots=card_rules.REPORT_SLOTS,
        cards=[card_context(js, base_url=base_url, report_months=months) for js in people])
    pages_html = _BETWEEN_TAGS.sub("><", pages_html)
    # Two fonts and one photo per card: past xhtml2pdf's default of 100 files a photo would be left
    # off without an error (a BKK batch of 99 graduates or more).
    pages = render_pdf(pages_html, max_files=len(people) + 10)
    with _FORMS_LOCK:  # the parsed form is shared: one batch at a time reads it
        return lay_under(pages, _form(form_html)[1])


def form_pdf(html: str) -> bytes:
    """The printed form as a one-page PDF, rendered on first use for this markup."""
    return _form(html)[0]


def _form(html: str) -> tuple[bytes, object]:
    from pypdf import PdfReader

    with _FORMS_LOCK:
        form = _FORMS.get(html)
        if form is None:
            pdf = render_pdf(html)
            if len(_FORMS) >= 32:
                _FORMS.clear()
            form = _FORMS[html] = (pdf, PdfReader(io.BytesIO(pdf)).pages[0])
        return form


def lay_under(pages: bytes, form) -> bytes:
    """Every page of `pages` with the `form` page (a PDF's bytes or a parsed pypdf page) drawn
    beneath its own content.

    The form page becomes one form XObject (its content stream and its own resources, fonts
    included), referenced from each page by a one-line content stream put before the page's own:
    no page's content is parsed or rewritten, which is what keeps this cheap per page.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    if isinstance(form, bytes):
        form = PdfReader(io.BytesIO(form)).pages[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages)))
    count = len(writer.pages)
    source = writer.add_page(form)
    resources = source["/Resources"].get_object()
    _rename_font_subsets(resources)
    xobject = DecodedStreamObject()
    xobject.set_data(source.get_contents().get_data())
    xobject.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject([FloatObject(v) for v in source.mediabox]),
                    NameObject("/Resources"): resources})
    xobject_ref = writer._add_object(xobject.flate_encode())
    draw = DecodedStreamObject()
    draw.set_data(f"q {_FORM_NAME} Do Q\n".encode("ascii"))
    draw_ref = writer._add_object(draw)
    writer.remove_page(count)
    for page in writer.pages:
        page_resources = page["/Resources"].get_object()
        xobjects = page_resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            page_resources[NameObject("/XObject")] = xobjects
        xobjects.get_object()[NameObject(_FORM_NAME)] = xobject_ref
        contents = page.get("/Contents")
        own = contents.get_object() if contents is not None else None
        own_streams = list(own) if isinstance(own, ArrayObject) else ([contents] if contents is not None else [])
        page[NameObject("/Contents")] = ArrayObject([draw_ref, *own_streams])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rename_font_subsets(resources) -> None:
    """Give the form's font subsets tags of their own.

    ReportLab tags the subsets of each document AAAAAA, AAAAAB, ...: the form and the card pages
    would otherwise carry different subsets of DejaVu under the same name, which a viewer that
    goes by name could mix up.
    """
    from pypdf.generic import NameObject

    fonts = resources.get("/Font")
    if fonts is None:
        return
    for ref in fonts.get_object().values():
        font = ref.get_object()
        name = str(font.get("/BaseFont", ""))
        if len(name) > 8 and name[7] == "+" and name[1:7].isupper():
            renamed = NameObject("/F" + name[2:])  # "/AAAAAB+DejaVuSans" -> "/FAAAAB+DejaVuSans"
            font[NameObject("/BaseFont")] = renamed
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                descriptor.get_object()[NameObject("/FontName")] = renamed
