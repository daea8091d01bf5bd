"""A PDF's text as a reader sees it, to check what a rendering shows or hides."""

from __future__ import annotations

import re
import subprocess


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, without the layout's spaces and line breaks."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", "", text)
