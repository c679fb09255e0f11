"""The one catalog of KPIs. Pages, rankings, the map legend, exports and the CLI all read it.

A metric is `ratio` (summed numerator columns over summed denominator columns, in %) or `simple`
(the summed numerator). Flows are summed over the months of a period; stocks take each agency's
last reported month. `national_row` metrics are national catalogues, not sums of agencies: the
national value is read from the nationwide row.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MetricKind = Literal["ratio", "simple"]
"""`ratio`: summed numerator over summed denominator, in %; `simple`: the summed numerator."""
Table = Literal["dossiers", "documents", "services", "tasks"]
"""The warehouse table a metric's counts come from."""
TimeAgg = Literal["sum", "last"]
"""`sum`: a flow, summed over the months of a period; `last`: a stock, each agency's last month."""
Direction = Literal["higher", "lower"]
"""Which way is better."""


@dataclass(frozen=True)
class Metric:
    id: str
    family: str
    label_vi: str
    label_en: str
    kind: MetricKind
    table: Table
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    unit_vi: str = "%"
    unit_en: str = "%"
    time_agg: TimeAgg = "sum"
    national_row: bool = False
    direction: Direction = "higher"
    thresholds: tuple[float, float] | None = None  # (good, warning) in the metric's unit
    definition_vi: str = ""
    definition_en: str = ""
    composite_weight: float = 0.0
    rankable: bool = True
    kinds: tuple[str, ...] = ("province", "ministry")  # agency kinds that report the metric
    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi

    def unit(self, lang: str = "vi") -> str:
        return self.unit_en if lang == "en" else self.unit_vi

    def definition(self, lang: str = "vi") -> str:
        return self.definition_en if lang == "en" else self.definition_vi

    @property
    def is_rate(self) -> bool:
        return self.kind == "ratio"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    def status(self, value: float | None) -> str | None:
        """Traffic light for a value: "green", "amber", "red", or None without data/thresholds."""
        if value is None or self.thresholds is None or value != value:
            return None
        good, warn = self.thresholds
        if self.higher_is_better:
            return "green" if value >= good else "amber" if value >= warn else "red"
        return "green" if value <= good else "amber" if value <= warn else "red"


@dataclass(frozen=True)
class Family:
    id: str
    label_vi: str
    label_en: str
    headline: str  # the metric id shown on the family's card

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


FAMILIES = (
    Family("dossiers", "Hồ sơ thủ tục hành chính", "Administrative dossiers", "dossier_on_time_rate"),
    Family("documents", "Văn bản điện tử", "Electronic documents", "documents_signed_share"),
    Family("services", "Dịch vụ công trực tuyến", "Online public services", "services_full_online_share"),
    Family("tasks", "Nhiệm vụ được giao", "Assigned tasks", "task_completion_rate"),
)

DOCUMENT_KINDS = ("province", "ministry", "central")
"""The Axis also connects other central bodies (with provinces and ministries: 95 agencies)."""

TASK_STATUS_COLUMNS = ("done_on_time", "done_late", "in_progress", "overdue")
"""Derived task counts; `assigned` is their sum (tasks assigned in the period, as of a date)."""

TASK_DUE_COLUMNS = ("due", "done_due")
"""Derived task counts of the tasks whose deadline fell before the review date: all of them, and
those completed by it (so `due` − `done_due` = `overdue`)."""

METRICS: tuple[Metric, ...] = (
    Metric("dossier_on_time_rate", "dossiers", "Tỷ lệ hồ sơ giải quyết đúng hạn", "On-time dossier rate",
           "ratio", "dossiers", ("resolved_on_time",), ("resolved_on_time", "resolved_late"),
           thresholds=(95.0, 90.0), composite_weight=30,
           definition_vi="Hồ sơ giải quyết đúng hạn chia cho tổng số hồ sơ đã giải quyết trong kỳ.",
           definition_en="Dossiers resolved on time divided by all dossiers resolved in the period."),
    Metric("dossier_handled_on_time_rate", "dossiers", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (Chỉ số 766)",
           "Dossiers handled early or on time (766 index)",
           "ratio", "dossiers", ("resolved_on_time", "pending_in_time"),
           ("resolved_on_time", "resolved_late", "pending_in_time", "pending_overdue"),
           thresholds=(95.0, 90.0), rankable=False,
           definition_vi="Định nghĩa chính thức của Chỉ số 766: hồ sơ đã giải quyết đúng hạn cộng hồ sơ đang giải "
                         "quyết trong hạn, chia cho mọi hồ sơ tiếp nhận, xử lý trong kỳ (hồ sơ đang giải quyết quá hạn "
                         "tính là trễ hạn).",
           definition_en="The official definition of the 766 index: dossiers resolved on time plus dossiers pending "
                         "within their deadline, divided by all dossiers received and handled in the period (pending "
                         "past the deadline counts as late)."),
    Metric("dossier_online_share", "dossiers", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Online dossier share",
           "ratio", "dossiers", ("received_online",), ("received",),
           thresholds=(50.0, 30.0), composite_weight=15,
           definition_vi="Hồ sơ tiếp nhận trực tuyến chia cho tổng số hồ sơ tiếp nhận trong kỳ.",
           definition_en="Dossiers received online divided by all dossiers received in the period."),
    Metric("dossiers_received", "dossiers", "Số hồ sơ tiếp nhận", "Dossiers received",
           "simple", "dossiers", ("received",), unit_vi="hồ sơ", unit_en="dossiers", rankable=False,
           definition_vi="Tổng số hồ sơ thủ tục hành chính tiếp nhận trong kỳ (trực tiếp và trực tuyến).",
           definition_en="All administrative dossiers received in the period, in person and online."),
    Metric("documents_sent", "documents", "Văn bản gửi qua Trục liên thông", "Documents sent over the Axis",
           "simple", "documents", ("sent",), unit_vi="văn bản", unit_en="documents", rankable=False,
           kinds=DOCUMENT_KINDS,
           definition_vi="Số văn bản điện tử gửi qua Trục liên thông văn bản quốc gia trong kỳ.",
           definition_en="Electronic documents sent over the National Document Interconnection Axis in the period."),
    Metric("documents_received", "documents", "Văn bản nhận qua Trục liên thông", "Documents received over the Axis",
           "simple", "documents", ("received",), unit_vi="văn bản", unit_en="documents", rankable=False,
           kinds=DOCUMENT_KINDS,
           definition_vi="Số văn bản điện tử nhận qua Trục liên thông văn bản quốc gia trong kỳ.",
           definition_en="Electronic documents received over the National Document Interconnection Axis in the period."),
    Metric("documents_signed_share", "documents", "Tỷ lệ văn bản gửi có chữ ký số", "Digitally signed share of documents sent",
           "ratio", "documents", ("sent_signed",), ("sent",), thresholds=(90.0, 70.0), composite_weight=15,
           kinds=DOCUMENT_KINDS,
           definition_vi="Văn bản gửi có chữ ký số chia cho tổng số văn bản gửi qua Trục trong kỳ.",
           definition_en="Documents sent with a digital signature divided by all documents sent in the period."),
    Metric("agencies_connected", "documents", "Số cơ quan kết nối Trục liên thông", "Agencies connected to the Axis",
           "simple", "documents", ("connected",), ("reporting",), unit_vi="cơ quan", unit_en="agencies",
           time_agg="last", rankable=False,
           kinds=DOCUMENT_KINDS,
           definition_vi="Số cơ quan, địa phương đã kết nối Trục liên thông vào cuối kỳ (trên số cơ quan báo cáo).",
           definition_en="Agencies connected to the Axis at the end of the period (of the agencies reporting)."),
    Metric("services_online", "services", "Số dịch vụ công trực tuyến", "Online public services",
           "simple", "services", ("services_online",), unit_vi="dịch vụ", unit_en="services",
           time_agg="last", national_row=True, rankable=False,
           definition_vi="Số dịch vụ công trực tuyến đang cung cấp vào cuối kỳ.",
           definition_en="Online public services provided at the end of the period."),
    Metric("services_full_online_share", "services", "Tỷ lệ dịch vụ công trực tuyến toàn trình (mức 4)",
           "Full-online (level 4) service share",
           "ratio", "services", ("services_full_online",), ("procedures",), time_agg="last", national_row=True,
           thresholds=(80.0, 30.0), composite_weight=20,
           definition_vi="Dịch vụ công trực tuyến toàn trình chia cho tổng số thủ tục hành chính, vào cuối kỳ.",
           definition_en="Full-online services divided by all administrative procedures, at the end of the period."),
    Metric("services_on_portal", "services", "Dịch vụ tích hợp trên Cổng DVC quốc gia",
           "Services integrated on the National Portal",
           "simple", "services", ("services_on_portal",), ("procedures",), unit_vi="dịch vụ", unit_en="services",
           time_agg="last", national_row=True, rankable=False,
           definition_vi="Số dịch vụ công tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia vào cuối kỳ.",
           definition_en="Services integrated on the National Public Service Portal at the end of the period."),
    Metric("services_portal_share", "services", "Tỷ lệ thủ tục tích hợp trên Cổng DVC quốc gia",
           "Share of procedures on the National Portal",
           "ratio", "services", ("services_on_portal",), ("procedures",), time_agg="last", national_row=True,
           thresholds=(40.0, 20.0),
           definition_vi="Dịch vụ tích hợp trên Cổng Dịch vụ công quốc gia chia cho tổng số thủ tục, vào cuối kỳ.",
           definition_en="Services integrated on the National Portal divided by all procedures, at the end of the period."),
    Metric("portal_dossiers_synced", "services", "Hồ sơ đồng bộ lên Cổng DVC quốc gia", "Dossiers synced to the Portal",
           "simple", "services", ("dossiers_synced",), unit_vi="hồ sơ", unit_en="dossiers", rankable=False,
           definition_vi="Số hồ sơ đồng bộ trạng thái lên Cổng Dịch vụ công quốc gia trong kỳ.",
           definition_en="Dossiers whose status was synchronised to the National Portal in the period."),
    Metric("portal_dossiers_online", "services", "Hồ sơ nộp trực tuyến qua Cổng DVC quốc gia",
           "Dossiers submitted online through the Portal",
           "simple", "services", ("dossiers_online",), unit_vi="hồ sơ", unit_en="dossiers", rankable=False,
           definition_vi="Số hồ sơ nộp trực tuyến qua Cổng Dịch vụ công quốc gia trong kỳ.",
           definition_en="Dossiers submitted online through the National Portal in the period."),
    Metric("tasks_assigned", "tasks", "Số nhiệm vụ được giao", "Tasks assigned",
           "simple", "tasks", TASK_STATUS_COLUMNS, unit_vi="nhiệm vụ", unit_en="tasks", rankable=False,
           definition_vi="Số nhiệm vụ Chính phủ, Thủ tướng giao trong kỳ.",
           definition_en="Tasks assigned by the Government and the Prime Minister in the period."),
    Metric("task_completion_rate", "tasks", "Tỷ lệ nhiệm vụ đã hoàn thành", "Task completion rate",
           "ratio", "tasks", ("done_on_time", "done_late"), TASK_STATUS_COLUMNS,
           thresholds=(85.0, 70.0),
           definition_vi="Nhiệm vụ đã hoàn thành (đúng hạn và quá hạn) chia cho số nhiệm vụ giao trong kỳ, tính đến ngày xét.",
           definition_en="Tasks done (on time or late) divided by tasks assigned in the period, as of the review date."),
    Metric("task_on_time_rate", "tasks", "Tỷ lệ nhiệm vụ hoàn thành đúng hạn", "Task on-time rate",
           "ratio", "tasks", ("done_on_time",), ("done_on_time", "done_late"), thresholds=(90.0, 75.0),
           definition_vi="Nhiệm vụ hoàn thành đúng hạn chia cho số nhiệm vụ đã hoàn thành.",
           definition_en="Tasks done on time divided by all tasks done."),
    Metric("task_overdue_rate", "tasks", "Tỷ lệ nhiệm vụ quá hạn chưa hoàn thành", "Overdue unfinished task rate",
           "ratio", "tasks", ("overdue",), TASK_STATUS_COLUMNS, direction="lower", thresholds=(2.0, 5.0),
           composite_weight=20,
           definition_vi="Nhiệm vụ chưa hoàn thành đã quá hạn chia cho số nhiệm vụ giao trong kỳ, tính đến ngày xét.",
           definition_en="Unfinished tasks past their deadline divided by tasks assigned in the period, as of the review date."),
    Metric("task_due_completion_rate", "tasks", "Tỷ lệ nhiệm vụ đã hoàn thành trên số đến hạn",
           "Tasks completed among tasks due",
           "ratio", "tasks", ("done_due",), ("due",), thresholds=(95.0, 90.0), rankable=False,
           definition_vi="Cách tính của Văn phòng Chính phủ: nhiệm vụ đã hoàn thành trong số nhiệm vụ có hạn trước "
                         "ngày xét (nhiệm vụ chưa đến hạn không tính).",
           definition_en="The Government Office's figure: tasks completed among the tasks whose deadline fell before "
                         "the review date (tasks not yet due are left out)."),
)

BY_ID = {m.id: m for m in METRICS}


def get(metric_id: str) -> Metric:
    """The metric with this id; KeyError names the known ids."""
    try:
        return BY_ID[metric_id]
    except KeyError:
        raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(BY_ID)}") from None


def of_family(family: str) -> list[Metric]:
    return [m for m in METRICS if m.family == family]


def composite_weights() -> dict[str, float]:
    """Weights of the composite index (points out of 100)."""
    return {m.id: m.composite_weight for m in METRICS if m.composite_weight}


def _check_at_load() -> None:
    from metrics import catalog_rules  # the rules read this module's lists; import them last
    catalog_rules.check(METRICS, FAMILIES)


_check_at_load()
