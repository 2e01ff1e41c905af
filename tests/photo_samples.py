"""Image files for upload tests, made on the fly."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def jpeg(width=300, height=400, color=(200, 30, 30), gps=False) -> bytes:
    image = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "KameraHP"  # Make
        gps_ifd = {1: "S", 2: (6.0, 7.0, 30.0), 3: "E", 4: (106.0, 9.0, 0.0)}
        exif[0x8825] = gps_ifd
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png(width=300, height=400) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 60, 200, 255)).save(out, format="PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), "blue").save(out, format="GIF")
    return out.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's signature)."""
    raw = png(200, 200)
    ihdr_start = 8 + 8  # signature, then length + type of IHDR
    data = bytearray(raw)
    data[ihdr_start:ihdr_start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:ihdr_start + 13])) & 0xFFFFFFFF
    data[ihdr_start + 13:ihdr_start + 17] = struct.pack(">I", crc)
    return bytes(data)
