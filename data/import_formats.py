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
    role: str  # code, month, count, flag, text, date, optional_date, points, optional_points, note
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


# ---------------------------------------------------------------- Decision 766's service index

def _c(name: str, label_vi: str, label_en: str, *aliases: str, role: str = "count") -> ColumnSpec:
    return ColumnSpec(name, role, label_vi, label_en, aliases)


COLUMNS["index766"] = (
    AGENCY, MONTH,
    _c("procedures_announced", "tthc phải công bố", "procedures to announce"),
    _c("procedures_announced_on_time", "tthc công bố đúng hạn", "procedures announced on time"),
    _c("procedures_to_publish", "tthc phải cập nhật công khai", "procedures to publish"),
    _c("procedures_published_on_time", "tthc công khai đúng hạn", "procedures published on time"),
    _c("procedures_public", "tthc đang công khai", "procedures public"),
    _c("procedures_public_complete", "tthc công khai đầy đủ bộ phận", "procedures public with all components"),
    _c("dossiers_received_reporting", "hồ sơ tiếp nhận theo hệ thống báo cáo", "dossiers received (reporting system)"),
    _c("dossiers_received_portal", "hồ sơ tiếp nhận theo cổng dvcqg", "dossiers received (portal)"),
    _c("dossiers_synced_realtime", "hồ sơ đồng bộ lên cổng dvcqg", "dossiers synced to the portal"),
    _c("handled_done_on_time", "hồ sơ đã xử lý đúng hạn", "dossiers done on time"),
    _c("handled_done_late", "hồ sơ đã xử lý quá hạn", "dossiers done late"),
    _c("handled_pending_in_time", "hồ sơ đang xử lý trong hạn", "dossiers pending within deadline"),
    _c("handled_pending_overdue", "hồ sơ đang xử lý quá hạn", "dossiers pending overdue"),
    _c("procedures_total", "tthc thuộc thẩm quyền", "procedures under the agency"),
    _c("procedures_online", "tthc có dvc trực tuyến", "procedures with an online service"),
    _c("online_services_total", "số dvc trực tuyến", "online services"),
    _c("online_services_with_dossiers", "dvc trực tuyến có phát sinh hồ sơ", "online services with dossiers"),
    _c("dossiers_received_total", "hồ sơ tiếp nhận trong kỳ", "dossiers received in the period"),
    _c("dossiers_received_online", "hồ sơ tiếp nhận trực tuyến trong kỳ", "dossiers received online in the period"),
    _c("dossiers_with_fee", "hồ sơ có nghĩa vụ tài chính", "dossiers with a fee"),
    _c("dossiers_paid_online", "hồ sơ thanh toán trực tuyến", "dossiers paid online"),
    _c("fee_procedures", "tthc có thu phí lệ phí", "fee-bearing procedures"),
    _c("fee_procedures_on_portal", "tthc có thu phí tích hợp trên cổng", "fee-bearing procedures on the portal"),
    _c("fee_procedures_paid_online", "tthc có thu phí có thanh toán trực tuyến", "fee-bearing procedures paid online"),
    _c("results_paper_required", "hồ sơ phải trả kết quả bằng giấy tờ", "dossiers with a document result"),
    _c("results_electronic", "hồ sơ có kết quả điện tử", "dossiers with an electronic result"),
    _c("dossiers_in_scope", "hồ sơ thuộc thẩm quyền", "dossiers under the agency"),
    _c("dossiers_digitised", "hồ sơ được số hóa", "dossiers digitised"),
    _c("dossiers_personal_store", "hồ sơ kết nối kho dữ liệu cá nhân", "dossiers linked to the personal data store"),
    _c("communes", "số xã", "communes"),
    _c("communes_certified_copies", "xã chứng thực bản sao điện tử", "communes with electronic certified copies"),
    _c("dossiers_reuse_eligible", "hồ sơ có thể tái sử dụng dữ liệu", "dossiers eligible for data reuse"),
    _c("dossiers_reused_data", "hồ sơ tái sử dụng dữ liệu số hóa", "dossiers reusing digitised data"),
    _c("citizen_dossiers", "hồ sơ của công dân", "citizens' dossiers"),
    _c("citizen_dossiers_population_data", "hồ sơ sử dụng dữ liệu dân cư", "dossiers using population data"),
    _c("citizen_procedures", "tthc của công dân", "procedures for citizens"),
    _c("citizen_procedures_population_data", "tthc kết nối dữ liệu dân cư", "procedures using population data"),
    _c("petitions", "số pakn", "petitions"),
    _c("petitions_on_time", "pakn xử lý đúng hạn", "petitions handled on time"),
    _c("petitions_handled", "pakn đã xử lý", "petitions handled"),
    _c("petitions_disliked_or_late", "pakn không hài lòng hoặc quá hạn", "petitions disliked or late"),
    _c("dossiers_rated", "hồ sơ đã tiếp nhận giải quyết", "dossiers received and handled"),
    _c("dossiers_overdue_or_disliked", "hồ sơ quá hạn hoặc không hài lòng", "dossiers overdue or disliked"),
)
"""Per agency and month, the counts Decision 766's index is computed from (the Portal's figures)."""

COLUMNS["index766_scores"] = (
    AGENCY, MONTH,
    _c("transparency", "công khai minh bạch", "transparency", "điểm công khai minh bạch", role="optional_points"),
    _c("progress", "tiến độ giải quyết", "progress", "tiến độ kết quả giải quyết", "điểm tiến độ",
       role="optional_points"),
    _c("online_services", "dịch vụ trực tuyến", "online services", "cung cấp dịch vụ trực tuyến",
       role="optional_points"),
    _c("online_payment", "thanh toán trực tuyến", "online payment", role="optional_points"),
    _c("digitisation", "số hóa hồ sơ", "digitisation", "digitization", role="optional_points"),
    _c("satisfaction", "mức độ hài lòng", "satisfaction", role="optional_points"),
    _c("total", "tổng điểm", "total", "điểm", "tổng", role="points"),
    _c("source", "nguồn", "source", "nguồn số liệu", role="note"),
)
"""Scores as published for an agency and month: the total and the six groups' points (a group the
publication does not give stays empty)."""

KINDS = KINDS + ("index766", "index766_scores")
KEYS.update({"index766": ("agency_code", "month"), "index766_scores": ("agency_code", "month")})
KIND_LABELS.update({
    "index766": ("số liệu tính chỉ số 766", "766 index inputs"),
    "index766_scores": ("điểm chỉ số 766 đã công bố", "published 766 index scores"),
})
PARTS_WITHIN_WHOLE.update({
    "index766": (
        ("procedures_announced_on_time", "procedures_announced"),
        ("procedures_published_on_time", "procedures_to_publish"),
        ("procedures_public_complete", "procedures_public"),
        ("procedures_online", "procedures_total"),
        ("online_services_with_dossiers", "online_services_total"),
        ("dossiers_received_online", "dossiers_received_total"),
        ("dossiers_paid_online", "dossiers_with_fee"),
        ("fee_procedures_on_portal", "fee_procedures"),
        ("fee_procedures_paid_online", "fee_procedures"),
        ("results_electronic", "results_paper_required"),
        ("dossiers_digitised", "dossiers_in_scope"),
        ("dossiers_personal_store", "dossiers_in_scope"),
        ("communes_certified_copies", "communes"),
        ("dossiers_reused_data", "dossiers_reuse_eligible"),
        ("citizen_dossiers_population_data", "citizen_dossiers"),
        ("citizen_procedures_population_data", "citizen_procedures"),
        ("petitions_on_time", "petitions"),
        ("petitions_disliked_or_late", "petitions_handled"),
        ("dossiers_overdue_or_disliked", "dossiers_rated"),
    ),
    "index766_scores": (),
})

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
