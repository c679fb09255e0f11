"""The import/export file contract: columns of each kind, their Vietnamese labels and header aliases.

One place for both directions, so that an exported file is always an importable file.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

KINDS = ("dossiers", "documents", "services", "tasks")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    role: str  # code, month, count, flag, text, date, optional_date
    label_vi: str
    label_en: str
    aliases: tuple[str, ...] = ()


AGENCY = ColumnSpec("agency_code", "code", "mã đơn vị", "agency code", ("mã cơ quan", "mã địa phương"))
MONTH = ColumnSpec("month", "month", "tháng", "month", ("kỳ báo cáo", "tháng báo cáo"))

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "dossiers": (
        AGENCY, MONTH,
        ColumnSpec("received", "count", "số hồ sơ tiếp nhận", "dossiers received", ("hồ sơ tiếp nhận", "tiếp nhận")),
        ColumnSpec("received_online", "count", "tiếp nhận trực tuyến", "received online",
                   ("hồ sơ tiếp nhận trực tuyến", "số hồ sơ tiếp nhận trực tuyến")),
        ColumnSpec("resolved_on_time", "count", "giải quyết đúng hạn", "resolved on time",
                   ("đã giải quyết đúng hạn", "hồ sơ giải quyết đúng hạn")),
        ColumnSpec("resolved_late", "count", "giải quyết quá hạn", "resolved late",
                   ("đã giải quyết quá hạn", "hồ sơ giải quyết quá hạn")),
        ColumnSpec("pending_in_time", "count", "đang giải quyết trong hạn", "pending within deadline",
                   ("đang giải quyết chưa đến hạn",)),
        ColumnSpec("pending_overdue", "count", "đang giải quyết quá hạn", "pending overdue", ()),
    ),
    "documents": (
        AGENCY, MONTH,
        ColumnSpec("sent", "count", "số văn bản gửi", "documents sent", ("văn bản gửi", "văn bản gửi đi")),
        ColumnSpec("received", "count", "số văn bản nhận", "documents received", ("văn bản nhận", "văn bản đến")),
        ColumnSpec("sent_signed", "count", "văn bản gửi có chữ ký số", "sent with digital signature",
                   ("số văn bản gửi có chữ ký số", "gửi có chữ ký số")),
        ColumnSpec("connected", "flag", "đã kết nối trục", "connected to the Axis",
                   ("đã kết nối", "kết nối trục liên thông", "đã kết nối trục liên thông")),
    ),
    "services": (
        AGENCY, MONTH,
        ColumnSpec("procedures", "count", "số thủ tục hành chính", "administrative procedures",
                   ("thủ tục hành chính", "số thủ tục")),
        ColumnSpec("services_online", "count", "dịch vụ công trực tuyến", "online services",
                   ("số dịch vụ công trực tuyến", "dvc trực tuyến")),
        ColumnSpec("services_full_online", "count", "dịch vụ công trực tuyến toàn trình", "full-online services",
                   ("dvc trực tuyến toàn trình", "dvc toàn trình", "dịch vụ toàn trình", "mức độ 4")),
        ColumnSpec("services_on_portal", "count", "tích hợp trên cổng dvc quốc gia", "services on the National Portal",
                   ("dịch vụ tích hợp trên cổng dvc quốc gia", "tích hợp trên cổng dịch vụ công quốc gia",
                    "dịch vụ tích hợp trên cổng dịch vụ công quốc gia")),
        ColumnSpec("dossiers_synced", "count", "hồ sơ đồng bộ lên cổng", "dossiers synced to the Portal",
                   ("hồ sơ đồng bộ", "số hồ sơ đồng bộ")),
        ColumnSpec("dossiers_online", "count", "hồ sơ nộp trực tuyến qua cổng", "dossiers submitted online",
                   ("hồ sơ nộp trực tuyến", "số hồ sơ nộp trực tuyến")),
    ),
    "tasks": (
        ColumnSpec("task_id", "text", "mã nhiệm vụ", "task id", ("số hiệu nhiệm vụ",)),
        AGENCY,
        ColumnSpec("title", "text", "tên nhiệm vụ", "title", ("nội dung nhiệm vụ", "nhiệm vụ", "trích yếu")),
        ColumnSpec("assigned_on", "date", "ngày giao", "assigned on", ("ngày giao nhiệm vụ",)),
        ColumnSpec("due_on", "date", "hạn hoàn thành", "due on", ("thời hạn", "hạn xử lý", "thời hạn hoàn thành")),
        ColumnSpec("completed_on", "optional_date", "ngày hoàn thành", "completed on", ("ngày hoàn thành thực tế",)),
    ),
}
"""Columns of each kind, in file order (the export order)."""

KEYS = {"dossiers": ("agency_code", "month"), "documents": ("agency_code", "month"),
        "services": ("agency_code", "month"), "tasks": ("task_id",)}
"""The upsert key of each kind: one row per key in a file and in the warehouse."""

KIND_LABELS = {
    "dossiers": ("hồ sơ thủ tục hành chính", "administrative dossiers"),
    "documents": ("văn bản điện tử", "electronic documents"),
    "services": ("dịch vụ công trực tuyến", "online public services"),
    "tasks": ("nhiệm vụ được giao", "assigned tasks"),
}

PARTS_WITHIN_WHOLE = {
    "dossiers": (("received_online", "received"),),
    "documents": (("sent_signed", "sent"),),
    "services": (("services_full_online", "services_online"), ("services_online", "procedures"),
                 ("services_on_portal", "procedures"), ("dossiers_online", "dossiers_synced")),
    "tasks": (),
}
"""(part, whole) pairs: in every row the part may not exceed the whole."""

FLAG_VALUES = {"1": 1, "0": 0, "true": 1, "false": 0, "có": 1, "không": 0, "co": 1, "khong": 0,
               "yes": 1, "no": 0, "x": 1}
"""Accepted spellings of the `connected` flag (compared in lower case, NFC)."""

_SPACES = re.compile(r"[\s_]+")


def normalise_header(text: object) -> str:
    """Lowercase, NFC, trimmed, with runs of spaces and underscores collapsed to one space."""
    s = unicodedata.normalize("NFC", str(text if text is not None else "")).replace("\ufeff", "")
    return _SPACES.sub(" ", s.strip().lower()).strip()


def spellings(spec: ColumnSpec) -> set[str]:
    """Every normalised header accepted for a column: name, labels, aliases, and unaccented forms."""
    base = {spec.name, spec.label_vi, spec.label_en, *spec.aliases}
    out = {normalise_header(b) for b in base}
    out |= {normalise_header(unidecode(b)) for b in (spec.label_vi, *spec.aliases)}
    return out


def header_map(kind: str) -> dict[str, str]:
    """Normalised header spelling → contract column name, for one kind."""
    out: dict[str, str] = {}
    for spec in COLUMNS[kind]:
        for s in spellings(spec):
            out[s] = spec.name
    return out


HEADER_MAPS = {k: header_map(k) for k in KINDS}


def spec(kind: str, column: str) -> ColumnSpec:
    return next(c for c in COLUMNS[kind] if c.name == column)


def column_names(kind: str) -> tuple[str, ...]:
    return tuple(c.name for c in COLUMNS[kind])


def distinctive_columns(kind: str) -> set[str]:
    """Columns of a kind that no other kind has (used to infer the kind from headers)."""
    others = {c for k in KINDS if k != kind for c in column_names(k)}
    return set(column_names(kind)) - others
