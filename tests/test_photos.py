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


def test_prune_deletes_only_old_photos_no_registration_uses(app, runner, job_seeker_factory):
    import os
    import time

    upload_dir = app.config["UPLOAD_DIR"]
    jpeg = photos.process(photo_samples.jpeg())
    used, abandoned, fresh = (photos.store(upload_dir, jpeg) for _ in range(3))
    job_seeker_factory(photo_file=used)
    two_days_ago = time.time() - 2 * 24 * 3600
    for name in (used, abandoned):
        os.utime(os.path.join(upload_dir, name), (two_days_ago, two_days_ago))
    stray_tmp = os.path.join(upload_dir, "0" * 32 + ".jpg.tmp")
    open(stray_tmp, "wb").close()
    os.utime(stray_tmp, (two_days_ago, two_days_ago))
    unrelated = os.path.join(upload_dir, "catatan.txt")  # not one of our names: never touched
    open(unrelated, "wb").close()
    os.utime(unrelated, (two_days_ago, two_days_ago))

    result = runner.invoke(args=["photos", "prune"])
    assert result.exit_code == 0, result.output
    assert "2 foto tanpa pendaftaran dihapus." in result.output
    remaining = set(os.listdir(upload_dir))
    assert used in remaining and fresh in remaining and "catatan.txt" in remaining
    assert abandoned not in remaining and os.path.basename(stray_tmp) not in remaining
