"""Draw lawdesk's window and program icon: a red rounded square with a white 法.

Writes ``assets/icons/lawdesk-{16,32,64}.png`` (the window icon on Linux: small, so that Tk's
``iconphoto`` sends a few kilobytes to the X server, not ttkbootstrap's 256-pixel default) and
``assets/icons/lawdesk.ico`` (16–256 px, the window and program icon on Windows). The glyph is
drawn with the bundled OFL font (``assets/fonts``). Run again after changing the design:

    .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "icons"
FONT = ROOT / "assets" / "fonts" / "LawdeskSansSC-Regular.otf"
RED = (178, 34, 34, 255)  # the red of a 红头文件's mark
WHITE = (255, 255, 255, 255)
PNG_SIZES = (16, 32, 64)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
MASTER = 512


def draw(size: int = MASTER) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=RED)
    font = ImageFont.truetype(str(FONT), int(size * 0.74))
    left, top, right, bottom = pen.textbbox((0, 0), "法", font=font)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    pen.text((x, y), "法", font=font, fill=WHITE, stroke_width=max(1, size // 48), stroke_fill=WHITE)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    master = draw()
    for size in PNG_SIZES:
        master.resize((size, size), Image.LANCZOS).save(OUT / f"lawdesk-{size}.png", optimize=True)
    master.save(OUT / "lawdesk.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
