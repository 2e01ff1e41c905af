"""PDF rendering with xhtml2pdf, only from our own templates.

xhtml2pdf refuses files outside its allowed roots silently (a photo or font would just be
missing), so the policy names exactly the folders our templates use: the shipped fonts and the
upload folder for photos. Nothing remote is fetched.
"""
from __future__ import annotations

import io
from pathlib import Path

from flask import current_app

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


class PdfError(RuntimeError):
    pass


def render_pdf(html: str, *, max_files: int | None = None) -> bytes:
    """`max_files`: how many distinct local files (fonts, photos) the document may read. The policy's
    own limit is 100, past which a file is left out silently -- a batch of cards reads one photo per
    card, so it says how many it needs."""
    from xhtml2pdf import pisa  # costs ~0.4 s to import: only when a PDF is made
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    upload_dir = Path(current_app.config["UPLOAD_DIR"]).resolve()
    limits = {}
    if max_files is not None and max_files > 100:
        # the server policy's other limits are sized for 100 files too (50 MB read, 10 MB of markup,
        # 60 s): past them images are also left out silently, so they grow with the document
        base = ResourceAccessPolicy.server()
        scale = max_files / 100
        limits = {"max_resources": max_files, "max_total_bytes": int(base.max_total_bytes * scale),
                  "max_document_bytes": int(base.max_document_bytes * scale),
                  "max_render_seconds": base.max_render_seconds * scale}
    policy = ResourceAccessPolicy.server(base_dir=FONT_DIR, extra_roots=(upload_dir,), allow_remote=False, **limits)
    out = io.BytesIO()
    # capacity=-1: keep the source in memory. Past xhtml2pdf's default 100 KB (a batch of cards,
    # each with its QR code inline) it spills to a temporary file it never closes.
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy, capacity=-1)
    if result.err:
        raise PdfError(f"PDF rendering failed with {result.err} error(s)")
    return out.getvalue()


def font_face_css() -> str:
    """@font-face rules for the shipped DejaVu fonts (Indonesian names with any Unicode letter)."""
    regular = FONT_DIR / "DejaVuSans.ttf"
    bold = FONT_DIR / "DejaVuSans-Bold.ttf"
    return (f'@font-face {{ font-family: "DejaVu"; src: url("{regular}"); }}\n'
            f'@font-face {{ font-family: "DejaVu"; src: url("{bold}"); font-weight: bold; }}\n')
