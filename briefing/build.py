"""One call from a request (period, scope, formats, language, comparison) to the pack's files."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from briefing.content import SECTIONS, BriefingError, Pack, gather
from metrics.periods import Period

FORMATS = ("pptx", "docx", "pdf", "xlsx")


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        what = f"unknown format {', '.join(unknown)}" if unknown else "no format given"
        raise BriefingError(f"{what}; expected some of {','.join(FORMATS)}")
    return wanted


def file_stem(pack: Pack) -> str:
    """`bao-cao-2026-10-national`: period and scope in the name, ASCII only."""
    s = pack.scope
    plural = {"province": "provinces", "ministry": "ministries", "central": "central"}
    scope = {"national": "national", "kind": plural.get(s.kind, str(s.kind)), "region": f"region-{s.region}",
             "agency": f"agency-{s.agency}"}[s.level]
    period = pack.period.start if pack.period.start == pack.period.end else f"{pack.period.start}_{pack.period.end}"
    return f"bao-cao-{period}-{scope}" + ("-en" if pack.lang == "en" else "")


def render(pack: Pack, formats: tuple[str, ...], images: dict | None = None) -> dict[str, bytes]:
    """The pack's files as bytes, by format (`images`: the charts already rendered, if at hand)."""
    from briefing.figures import render_all
    if images is None:
        images = render_all(pack) if set(formats) & {"pptx", "docx", "pdf"} else {}
    out = {}
    if "pptx" in formats:
        from briefing.deck import build_deck
        out["pptx"] = build_deck(pack, images)
    if "docx" in formats:
        from briefing.report import build_docx
        out["docx"] = build_docx(pack, images)
    if "pdf" in formats:
        from briefing.pdf import build_pdf
        out["pdf"] = build_pdf(pack, images)
    if "xlsx" in formats:
        from briefing.annex import build_xlsx
        out["xlsx"] = build_xlsx(pack)
    return out


def build(engine: Engine, period: Period, scope, formats=FORMATS, out_dir: Path | None = None, lang: str = "vi",
          cmp: str = "prev", sections=SECTIONS, today=None) -> dict[str, Path | bytes]:
    """Gather, render and (with `out_dir`) write the files; returns paths (or bytes) by format."""
    pack = gather(engine, period, scope, cmp, lang, tuple(sections), today)
    files = render(pack, tuple(formats))
    if out_dir is None:
        return files
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt, data in files.items():
        path = out_dir / f"{file_stem(pack)}.{fmt}"
        path.write_bytes(data)
        paths[fmt] = path
    return paths
