"""Reading an uploaded file into a header and numbered rows: UTF-8 CSV (any of three separators) or XLSX.

Anything that is not such a table is refused here with a message a spreadsheet user can act on.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from data.import_formats import HEADER_MAPS, normalise_header

DELIMITERS = (",", ";", "\t")
_KNOWN_HEADERS = set().union(*HEADER_MAPS.values())

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"%PDF", "PDF"),
    (b"\x1f\x8b", "gzip"), (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7-Zip"),
)


class ReadError(Exception):
    """The bytes are not a readable table; carries a Vietnamese and an English message."""

    def __init__(self, vi: str, en: str, row: int | None = None, value: str | None = None):
        super().__init__(en)
        self.vi, self.en, self.row, self.value = vi, en, row, value


@dataclass
class RawTable:
    """A header and the data rows under it, each with its 1-based row number in the file."""
    header: list[str]
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)
    source: str = "csv"  # csv or xlsx
    delimiter: str | None = None


def read_table(data: bytes, file_name: str) -> RawTable:
    """Bytes of a CSV or XLSX file → RawTable, or ReadError saying why the file is not a table."""
    if not data:
        raise ReadError("Tệp rỗng (0 byte) — không có dữ liệu để nhập.",
                        "The file is empty (0 bytes) — there is nothing to import.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("Tệp Excel định dạng cũ (.xls) không được hỗ trợ — hãy lưu lại thành .xlsx hoặc CSV UTF-8.",
                        "Old Excel format (.xls) is not supported — save it as .xlsx or as UTF-8 CSV.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReadError(f"Tệp không phải bảng dữ liệu (đây là tệp {what}) — hãy tải lên tệp CSV hoặc XLSX.",
                            f"The file is not a table (it is a {what} file) — upload a CSV or XLSX file.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("Tệp được mã hóa UTF-16, không phải UTF-8 — hãy lưu lại thành CSV UTF-8.",
                        "The file is encoded in UTF-16, not UTF-8 — save it as UTF-8 CSV.")
    if b"\x00" in data[:8192]:
        raise ReadError("Tệp không phải bảng dữ liệu (tệp nhị phân) — hãy tải lên tệp CSV hoặc XLSX.",
                        "The file is not a table (binary data) — upload a CSV or XLSX file.")
    return _read_csv(data)


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 1].hex().upper()
        raise ReadError(
            f"Tệp không phải UTF-8 (byte 0x{bad} ở dòng {line}; có thể là bảng mã Windows-1258/TCVN3 hoặc Latin-1) "
            "— hãy mở tệp và lưu lại dưới dạng CSV UTF-8.",
            f"The file is not UTF-8 (byte 0x{bad} on line {line}; probably Windows-1258/TCVN3 or Latin-1) "
            "— open it and save it again as UTF-8 CSV.", row=line, value=f"0x{bad}") from None
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


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
    if not text.strip():
        raise ReadError("Tệp rỗng — không có dòng tiêu đề và dữ liệu.",
                        "The file is empty — no header and no data.")
    if _looks_like_json(text):
        raise ReadError("Tệp là JSON, không phải bảng dữ liệu — hãy xuất ra CSV hoặc XLSX theo mẫu.",
                        "The file is JSON, not a table — export it as CSV or XLSX in the template format.")
    if text.lstrip().startswith("<"):
        raise ReadError("Tệp là HTML/XML, không phải bảng dữ liệu — hãy xuất ra CSV hoặc XLSX theo mẫu.",
                        "The file is HTML/XML, not a table — export it as CSV or XLSX in the template format.")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = None
    for number, cells in enumerate(reader, start=1):
        if table is None:
            if "".join(cells).strip():
                table = RawTable([c.strip() for c in cells], number, source="csv", delimiter=delimiter)
            continue
        if "".join(cells).strip():
            table.rows.append((number, cells))
    if table is None:
        raise ReadError("Tệp không có dòng tiêu đề — chỉ có các ô trống.",
                        "The file has no header row — only empty cells.")
    return table


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ReadError("Tệp nén (ZIP) nhưng không phải bảng tính XLSX đọc được — hãy lưu lại thành .xlsx hoặc CSV.",
                        "A ZIP file but not a readable XLSX workbook — save it again as .xlsx or CSV.") from None
    try:
        if not wb.worksheets:
            raise ReadError("Bảng tính không có trang nào.", "The workbook has no sheet.")
        table = None
        for number, cells in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = list(cells)
            if table is None:
                if not _blank(cells):
                    table = RawTable([cell_text(c, "header") for c in cells], number, source="xlsx")
                continue
            if not _blank(cells):
                table.rows.append((number, cells))
        if table is None:
            raise ReadError("Trang đầu tiên của bảng tính trống — không có dữ liệu để nhập.",
                            "The first sheet of the workbook is empty — there is nothing to import.")
        return table
    finally:
        wb.close()


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
