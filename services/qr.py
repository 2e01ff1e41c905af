"""QR codes as PNG data URIs (for pages and for xhtml2pdf)."""
from __future__ import annotations

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def png_bytes(text: str, box_size: int = 8) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def png_data_uri(text: str, box_size: int = 8) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(text, box_size)).decode("ascii")
