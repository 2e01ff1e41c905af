"""Uploads are checked by content, size and pixel count, and re-encoded without metadata."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from services import photos
from tests import photo_samples


def test_jpeg_is_reencoded_without_exif_or_gps():
    original = photo_samples.jpeg(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the sample really has GPS
    cleaned = photos.process(original)
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert b"KameraHP" not in cleaned


def test_png_with_transparency_becomes_jpeg():
    image = Image.open(io.BytesIO(photos.process(photo_samples.png())))
    assert image.format == "JPEG" and image.mode == "RGB"


def test_large_photo_is_scaled_down():
    image = Image.open(io.BytesIO(photos.process(photo_samples.jpeg(1800, 2400))))
    assert image.size == (600, 800)


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4 bukan gambar" * 20, "bukan foto JPEG atau PNG"),
    (b"<?php echo 'x'; ?>", "bukan foto JPEG atau PNG"),
    (photo_samples.gif(), "harus berformat JPEG atau PNG"),
    (photo_samples.jpeg(100, 120), "terlalu kecil"),
    (photo_samples.jpeg() + b"\0" * (6 * 1024 * 1024), "paling besar 5 MB"),
    (photo_samples.png_claiming_size(6000, 5000), "Resolusi foto terlalu besar"),
    (photo_samples.png_claiming_size(40000, 40000), "Resolusi foto terlalu besar"),
    (photo_samples.jpeg(600, 800, gps=True)[:1500], "rusak"),
    (b"", "Pilih berkas foto"),
])
def test_refused_uploads(data, message):
    with pytest.raises(photos.PhotoError, match=message):
        photos.process(data)


def test_store_uses_random_names_outside_static(tmp_path):
    first = photos.store(str(tmp_path), photos.process(photo_samples.jpeg()))
    second = photos.store(str(tmp_path), photos.process(photo_samples.jpeg()))
    assert first != second and first.endswith(".jpg") and len(first) == 36
    assert photos.path_for(str(tmp_path), first) == tmp_path / first
    assert (tmp_path / first).stat().st_mode & 0o777 == 0o600
    for bad in ("../secret_key", "x.jpg", first.replace(".jpg", ".png"), None):
        assert photos.path_for(str(tmp_path), bad) is None
