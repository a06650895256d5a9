"""Draw the PNG favicons from the shapes of static/favicon.svg (Pillow cannot read SVG).

Run after changing the mark: `python manage.py make_favicons`; the PNGs are committed.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

NAVY = "#0a3d62"
YELLOW = "#ffbf47"
WHITE = "#ffffff"
SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-512.png": 512}
SUPERSAMPLE = 8


def draw_mark(size: int) -> Image.Image:
    """The mark on its 40-unit grid, drawn large and scaled down for smooth edges."""
    big = size * SUPERSAMPLE
    unit = big / 40
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=8 * unit, fill=NAVY)
    ring = round(3.5 * unit)
    for centre_x, colour in ((15, YELLOW), (25, WHITE)):
        box = [(centre_x - 7) * unit, 10 * unit, (centre_x + 7) * unit, 24 * unit]
        draw.ellipse(box, outline=colour, width=ring)
    draw.rounded_rectangle((6 * unit, 29 * unit, 34 * unit, 33 * unit), radius=2 * unit, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Write the PNG favicons into static/."

    def handle(self, *args, **options) -> None:
        static = Path(settings.BASE_DIR) / "static"
        for name, size in SIZES.items():
            draw_mark(size).save(static / name, optimize=True)
            self.stdout.write(f"wrote static/{name} ({size}×{size})")
