"""Small real files for upload tests: made with Pillow, so they are what they claim to be."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (4, 3)) -> bytes:
    """A tiny valid image ("PNG", "JPEG") or a one-page PDF ("PDF")."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    """An uploaded file as a browser would send it (the claimed type is not trusted)."""
    return SimpleUploadedFile(name, content, content_type=content_type or "image/png")
