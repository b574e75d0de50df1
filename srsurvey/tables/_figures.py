"""Render matplotlib figures to PNG and SVG bytes for the report files."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["PNG_DPI", "render_png", "render_svg"]

PNG_DPI = 300

# A fixed salt makes the clip-path ids in the SVG, and so the file, the same on every
# run. Drawing text as paths embeds the glyphs, so the SVG needs no installed fonts.
_SVG_RC = {"svg.hashsalt": "srsurvey", "svg.fonttype": "path"}


def render_svg(figure: Any) -> bytes:
    """Render a matplotlib figure to SVG without a creation date."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(_SVG_RC):
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            facecolor="white",
            metadata={"Date": None},
        )
    return buffer.getvalue()


def render_png(figure: Any, dpi: int = PNG_DPI) -> bytes:
    """Render a matplotlib figure to PNG at ``dpi`` dots per inch."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white"
    )
    return buffer.getvalue()
