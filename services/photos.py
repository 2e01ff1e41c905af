"""Citizens' photos (pas foto 3x4): checked by content, re-encoded, stored outside static/.

- Only JPEG and PNG, recognised by their bytes (a renamed file is refused).
- Size limit on the upload, and a pixel limit checked from the header before decoding, so a
  decompression bomb is refused without being expanded.
- Re-encoded as a fresh JPEG: EXIF (GPS position, camera) and any other metadata are dropped;
  the EXIF orientation is applied first so the face stays upright.
- Stored under a random name in UPLOAD_DIR; served only through authenticated views.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TOO_LARGE_MESSAGE = f"Ukuran foto paling besar {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
MAX_PIXELS = 24_000_000  # a 6000x4000 phone photo; bombs claim far more
MIN_SIDE = 150
OUTPUT_MAX = (600, 800)  # 3x4 at a resolution fine for the card
ALLOWED_FORMATS = {"JPEG", "PNG"}
TOO_MANY_PIXELS = "Resolusi foto terlalu besar. Gunakan foto biasa dari kamera atau HP."
_NAME = re.compile(r"[0-9a-f]{32}\.jpg\Z")


class PhotoError(ValueError):
    """Why a photo was refused, in Indonesian, for the form field."""


def process(data: bytes) -> bytes:
    """Validate an uploaded photo and return it re-encoded as a clean JPEG."""
    if not data:
        raise PhotoError("Pilih berkas foto.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError(TOO_LARGE_MESSAGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format
            width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError("Berkas ini bukan foto JPEG atau PNG yang dapat dibaca.") from None
    if fmt not in ALLOWED_FORMATS:
        raise PhotoError("Foto harus berformat JPEG atau PNG.")
    if width * height > MAX_PIXELS:
        raise PhotoError(TOO_MANY_PIXELS)
    if min(width, height) < MIN_SIDE:
        raise PhotoError(f"Foto terlalu kecil; sisi terpendek minimal {MIN_SIDE} piksel.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image = image.convert("RGB")
            image.thumbnail(OUTPUT_MAX)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=88, optimize=True)  # no exif= argument: metadata is dropped
    except (OSError, ValueError, SyntaxError):
        raise PhotoError("Berkas foto rusak atau tidak lengkap.") from None
    return out.getvalue()


def store(upload_dir: str, jpeg: bytes) -> str:
    """Write a processed photo under a random name and return the name."""
    name = secrets.token_hex(16) + ".jpg"
    folder = Path(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(jpeg)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, folder / name)
    return name


def path_for(upload_dir: str, name: str | None) -> Path | None:
    """The file of a stored photo, or None for anything that is not one of our names."""
    if not name or not _NAME.match(name):
        return None
    path = Path(upload_dir) / name
    return path if path.is_file() else None


def prune(upload_dir: str, referenced: set[str], older_than_seconds: float, now: float) -> list[str]:
    """Delete stored photos that no registration uses (a form abandoned after an error, a photo
    replaced in a correction) once they are older than `older_than_seconds`, so a person still
    filling in the form keeps theirs; also left-over temporary files. Returns the deleted names.

    Photos are personal data (UU 27/2022): kept only while a registration needs them.
    """
    folder = Path(upload_dir)
    if not folder.is_dir():
        return []
    deleted = []
    for path in folder.iterdir():
        name = path.name
        ours = _NAME.match(name) or (name.endswith(".jpg.tmp") and _NAME.match(name[:-4]))
        if not ours or not path.is_file() or name in referenced:
            continue
        if now - path.stat().st_mtime < older_than_seconds:
            continue
        path.unlink(missing_ok=True)
        deleted.append(name)
    return sorted(deleted)
