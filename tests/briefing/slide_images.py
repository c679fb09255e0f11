"""Draw a PPTX's slides as PNG images from the file itself (python-pptx + Pillow), to look at a deck
without an office suite: rectangles, pictures, text boxes (wrapped, sized, rotated) and tables."""
from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.util import Emu

FONTS = next((p for p in ("/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
                          "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf")
              if Path(p.format("Bold")).exists() or Path(p.format("-Bold")).exists()), "")
DPI = 96


def _font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = ("Bold" if bold else "Regular") if "liberation" in FONTS else ("-Bold" if bold else "")
    return ImageFont.truetype(FONTS.format(name), max(6, int(size_pt * DPI / 72)))


def _px(emu) -> int:
    return int(Emu(emu).inches * DPI)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + [line]


def _color(font, default=(31, 41, 55, 255)):
    try:
        rgb = font.color.rgb
        return (rgb[0], rgb[1], rgb[2], 255) if rgb is not None else default
    except AttributeError:
        return default


def _draw_text_frame(canvas: Image.Image, tf, box: tuple[int, int, int, int], rotation: float = 0) -> None:
    x, y, w, h = box
    layer = Image.new("RGBA", (max(w, 1), max(h, 1)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cy = 4
    for p in tf.paragraphs:
        runs = p.runs
        if not runs:
            continue
        f = runs[0].font
        size = f.size.pt if f.size else 18
        font = _font(size, bool(f.bold))
        color = _color(f)
        if rotation:
            color = color[:3] + (90,)
        text = "".join(r.text for r in runs)
        for line in _wrap(draw, text, font, w - 8):
            lw = draw.textlength(line, font=font)
            lx = 4 if p.alignment in (None, 1) else (w - lw) / 2 if p.alignment == 2 else w - lw - 4
            draw.text((lx, cy), line, font=font, fill=color)
            cy += int(size * DPI / 72 * 1.2)
    if rotation:
        layer = layer.rotate(-rotation, expand=True)
        x, y = x + (w - layer.width) // 2, y + (h - layer.height) // 2
    canvas.alpha_composite(layer, (max(x, 0), max(y, 0)))


def render(pptx_bytes: bytes) -> list[Image.Image]:
    prs = Presentation(io.BytesIO(pptx_bytes))
    size = (_px(prs.slide_width), _px(prs.slide_height))
    out = []
    for slide in prs.slides:
        canvas = Image.new("RGBA", size, (255, 255, 255, 255))
        draw = ImageDraw.Draw(canvas)
        for shape in slide.shapes:
            box = (_px(shape.left), _px(shape.top), _px(shape.width), _px(shape.height))
            x, y, w, h = box
            if shape.shape_type == 13:  # picture
                pic = Image.open(io.BytesIO(shape.image.blob)).convert("RGBA").resize((w, h))
                canvas.alpha_composite(pic, (x, y))
            elif shape.has_table if hasattr(shape, "has_table") else False:
                table = shape.table
                cy = y
                for row in table.rows:
                    rh = _px(row.height)
                    cx = x
                    for col, cell in zip(table.columns, row.cells):
                        cw = _px(col.width)
                        draw.rectangle([cx, cy, cx + cw, cy + rh], outline=(150, 150, 150, 255))
                        _draw_text_frame(canvas, cell.text_frame, (cx + 2, cy + 2, cw - 4, rh - 4))
                        cx += cw
                    cy += rh
            else:
                try:
                    if shape.fill.type == 1:
                        rgb = shape.fill.fore_color.rgb
                        draw.rectangle([x, y, x + w, y + h], fill=(rgb[0], rgb[1], rgb[2], 255))
                except (AttributeError, TypeError):
                    pass
                if shape.has_text_frame:
                    _draw_text_frame(canvas, shape.text_frame, box, shape.rotation)
        out.append(canvas.convert("RGB"))
    return out


if __name__ == "__main__":  # python tests/briefing/slide_images.py DECK.pptx OUTDIR
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.mkdir(parents=True, exist_ok=True)
    for i, img in enumerate(render(src.read_bytes()), 1):
        img.save(dst / f"slide-{i:02d}.png")
