"""Reading an uploaded file into a header and numbered rows: UTF-8 CSV (any of three separators) or XLSX.

The header is read before the rows, so a file that is not one of the import kinds is refused before
the rest is parsed. XLSX is read with calamine from the cells the sheet holds (its `<dimension>` tag
is ignored), after checking that the workbook does not unpack or spread far beyond its size.
Anything that is not such a table is refused here with a message a spreadsheet user can act on.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Callable

import pandas as pd

from data.import_formats import HEADER_MAPS, normalise_header
from data.import_limits import MAX_XLSX_CELLS, XLSX_UNZIP_RATIO, ImportLimits, size_text
from i18n import t

DELIMITERS = (",", ";", "\t")
_KNOWN_HEADERS = set().union(*HEADER_MAPS.values())

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"%PDF", "PDF"),
    (b"\x1f\x8b", "gzip"), (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7-Zip"),
)


class ReadError(Exception):
    """The bytes are not a readable table; carries a message key, its values and where it happened."""

    def __init__(self, key: str, row: int | None = None, value: str | None = None, **values):
        super().__init__(t(key, "en", **values))
        self.vi, self.en = t(key, "vi", **values), t(key, "en", **values)
        self.row, self.value = row, value


@dataclass
class RawTable:
    """A header and the data rows under it, each with its 1-based row number in the file.

    The body is parsed by `load_frame()` (or `load_rows()`), so the header can be judged first.
    `frame` holds the non-blank data rows: index = row number, one column per cell position
    (text for CSV, the cell's value for XLSX).
    """
    header: list[str]
    header_row: int
    source: str = "csv"  # csv or xlsx
    delimiter: str | None = None
    frame: pd.DataFrame | None = None
    _pending: Callable[[], pd.DataFrame] | None = field(default=None, repr=False)

    def load_frame(self) -> pd.DataFrame:
        if self._pending is not None:
            self.frame = self._pending()
            self._pending = None
        return self.frame

    def load_rows(self) -> list[tuple[int, list]]:
        self.load_frame()
        return self.rows

    @property
    def rows(self) -> list[tuple[int, list]]:
        """The loaded data rows as (row number, cells); empty until the body is loaded."""
        if self.frame is None:
            return []
        values = self.frame.astype(object).where(self.frame.notna(), None).values.tolist()
        return [(int(n), cells) for n, cells in zip(self.frame.index, values)]


def read_table(data: bytes, file_name: str = "", limits: ImportLimits | None = None) -> RawTable:
    """Bytes of a CSV or XLSX file → RawTable with its rows, or ReadError saying why it is not a table."""
    table = open_table(data, limits)
    table.load_rows()
    return table


def open_table(data: bytes, limits: ImportLimits | None = None) -> RawTable:
    """Like read_table, but only the header is parsed: `load_rows()` parses the body when it is wanted."""
    limits = limits or ImportLimits()
    if not data:
        raise ReadError("imp_read_empty_bytes")
    if len(data) > limits.max_bytes:
        raise ReadError("imp_read_too_large", size=size_text(len(data)), limit=limits.max_size_text)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("imp_read_old_xls")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError("imp_read_magic", what=what)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("imp_read_utf16")
    if b"\x00" in data[:8192]:
        raise ReadError("imp_read_binary")
    return _read_csv(data)


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = f"0x{data[exc.start:exc.start + 1].hex().upper()}"
        raise ReadError("imp_read_not_utf8", row=line, value=bad, byte=bad, line=line) from None
    return unicodedata.normalize("NFC", text)


def _looks_like_json(text: str) -> bool:
    s = text.lstrip()
    if not s.startswith(("{", "[")):
        return False
    try:
        json.loads(s)
    except ValueError:
        return s.startswith("{")
    return True


def sniff_delimiter(first_line: str) -> str:
    """The separator that splits the header line into the most known column names (then most cells)."""
    best, best_score = ",", (-1, -1)
    for d in DELIMITERS:
        cells = next(csv.reader([first_line], delimiter=d), [])
        known = sum(normalise_header(c) in _KNOWN_HEADERS for c in cells)
        score = (known, len(cells))
        if score > best_score:
            best, best_score = d, score
    return best


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _first_line(text: str) -> str:
    for line in io.StringIO(text):
        if line.strip():
            return line
    return ""


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
    if not text.strip():
        raise ReadError("imp_read_blank")
    head = text[:4096].lstrip()
    if head.startswith(("{", "[")) and _looks_like_json(text):
        raise ReadError("imp_read_json")
    if head.startswith("<"):
        raise ReadError("imp_read_html")
    delimiter = sniff_delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = enumerate(reader, start=1)
    table = None
    try:
        for number, cells in records:
            if "".join(cells).strip():
                table = RawTable([c.strip() for c in cells], number, source="csv", delimiter=delimiter)
                break
    except csv.Error as exc:
        raise ReadError("imp_read_csv_broken", row=reader.line_num, line=reader.line_num, reason=str(exc)) from None
    if table is None:
        raise ReadError("imp_read_no_header")
    header_lines = reader.line_num

    def body() -> pd.DataFrame:
        fast = _csv_body_fast(text, delimiter, header_lines, table.header_row, len(table.header))
        if fast is not None:
            return fast
        rows = []
        try:
            for number, cells in records:
                if "".join(cells).strip():
                    rows.append((number, cells))
        except csv.Error as exc:
            raise ReadError("imp_read_csv_broken", row=reader.line_num, line=reader.line_num,
                            reason=str(exc)) from None
        return _frame_of(rows, len(table.header), "")

    table._pending = body
    return table


def _frame_of(rows: list[tuple[int, list]], width: int, fill) -> pd.DataFrame:
    """Numbered rows → a frame (index = row number), padded to the widest row or the header."""
    wide = max([width, *(len(cells) for _, cells in rows)])
    dtype = object if fill is None else "str"
    index = pd.Index([n for n, _ in rows], dtype="int64")
    if not rows:
        return pd.DataFrame(index=index, columns=range(wide), dtype=dtype)
    padded = [list(cells) + [fill] * (wide - len(cells)) for _, cells in rows]
    return pd.DataFrame(padded, index=index, columns=range(wide), dtype=dtype)


def _csv_body_fast(text: str, delimiter: str, header_lines: int, header_row: int,
                   width: int) -> pd.DataFrame | None:
    """The body parsed by pandas' C reader, numbered as the csv module numbers records; None when the
    file needs the exact reader (a row wider than the header, a broken quote, a NUL, or a header
    record spanning several lines)."""
    if header_lines != header_row or "\x00" in text:
        return None
    try:
        with warnings.catch_warnings():
            # pandas only warns when the first data row is wider than the header: that is a fallback too
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=list(range(width)),
                                dtype="str", na_filter=False, skip_blank_lines=False, skiprows=header_lines,
                                engine="c", index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error):
        return None
    frame = frame.fillna("")
    frame.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(frame))
    blank = pd.Series(True, index=frame.index)
    for c in frame.columns:
        blank &= frame[c].str.strip() == ""
    return frame[~blank]


# ---------------------------------------------------------------- XLSX

_CELL_REF = re.compile(rb"<c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_CELL_TAG = re.compile(rb"<c[\s/>]")
_ROW_TAG = re.compile(rb"<row[\s/>]")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _cell_name(col: int, row: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _check_workbook_shape(data: bytes, limits: ImportLimits) -> None:
    """Refuse a workbook that unpacks far beyond the size limit or whose sheets spread over a huge
    area (a reader allocates the whole rectangle between the first and the last cell)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        members = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError("imp_read_not_xlsx") from None
    unzipped = sum(m.file_size for m in members)
    cap = limits.max_bytes * XLSX_UNZIP_RATIO
    if unzipped > cap:
        raise ReadError("imp_read_xlsx_unzipped", size=size_text(unzipped), limit=size_text(cap))
    for m in members:
        if not (m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")):
            continue
        try:
            xml = z.read(m)  # bounded by the declared size checked above (zipfile stops there)
        except Exception:
            raise ReadError("imp_read_not_xlsx") from None
        rows = [int(r) for r in _ROW_REF.findall(xml)]
        cols, cell_rows = [], []
        for letters, number in _CELL_REF.findall(xml):
            cols.append(_column_number(letters))
            cell_rows.append(int(number))
        if not cols and not rows:
            continue
        all_rows = rows + cell_rows
        first_row, last_row = min(all_rows, default=1), max(all_rows, default=1)
        last_row = max(last_row, len(_ROW_TAG.findall(xml)))
        first_col, last_col = min(cols, default=1), max(cols, default=1)
        unnamed = len(_CELL_TAG.findall(xml)) - len(cols)
        last_col = max(last_col, unnamed)  # cells without a reference are placed one after another
        cells = (last_row - first_row + 1) * (last_col - first_col + 1)
        if cells > MAX_XLSX_CELLS:
            raise ReadError("imp_read_xlsx_span", first=_cell_name(first_col, first_row),
                            last=_cell_name(last_col, last_row), cells=f"{cells:,}".replace(",", "."),
                            limit=f"{MAX_XLSX_CELLS:,}".replace(",", "."))


def _read_xlsx(data: bytes, limits: ImportLimits) -> RawTable:
    from python_calamine import CalamineWorkbook

    _check_workbook_shape(data, limits)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not wb.sheet_names:
            raise ReadError("imp_read_no_sheet")
        sheet = wb.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=True)  # from the first cell held, not from A1
        first_row = sheet.start[0] + 1 if sheet.start else 1
    except ReadError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine reports a damaged workbook as an error, or as a panic (BaseException)
        raise ReadError("imp_read_not_xlsx") from None
    table = None
    for number, cells in enumerate(grid, start=first_row):
        if not _blank(cells):
            table = RawTable([cell_text(c, "header") for c in cells], number, source="xlsx")
            start = number - first_row + 1
            break
    if table is None:
        raise ReadError("imp_read_sheet_empty")

    def body() -> pd.DataFrame:
        rows = [(number, list(cells)) for number, cells in enumerate(grid[start:], start=table.header_row + 1)
                if not _blank(cells)]
        return _frame_of(rows, len(table.header), None)

    table._pending = body
    return table


def cell_text(value, role: str = "text") -> str:
    """A cell as trimmed NFC text; spreadsheet numbers and dates are written the way the contract reads them.

    A fractional number cell is written with a decimal comma (`1,5`) so it is never mistaken for a
    thousands grouping; a date cell in a month column becomes `YYYY-MM` when it is the 1st of the month.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        if role == "month" and value.day == 1 and value.time() == time(0):
            return f"{value.year:04d}-{value.month:02d}"
        if value.time() == time(0) or role in ("date", "optional_date"):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        if role == "month" and value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()
