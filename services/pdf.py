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


def render_pdf(html: str) -> bytes:
    from xhtml2pdf import pisa  # costs ~0.4 s to import: only when a PDF is made
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    upload_dir = Path(current_app.config["UPLOAD_DIR"]).resolve()
    policy = ResourceAccessPolicy.server(base_dir=FONT_DIR, extra_roots=(upload_dir,), allow_remote=False)
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy)
    if result.err:
        raise PdfError(f"PDF rendering failed with {result.err} error(s)")
    return out.getvalue()


def font_face_css() -> str:
    """@font-face rules for the shipped DejaVu fonts (Indonesian names with any Unicode letter)."""
    regular = FONT_DIR / "DejaVuSans.ttf"
    bold = FONT_DIR / "DejaVuSans-Bold.ttf"
    return (f'@font-face {{ font-family: "DejaVu"; src: url("{regular}"); }}\n'
            f'@font-face {{ font-family: "DejaVu"; src: url("{bold}"); font-weight: bold; }}\n')
