"""Decision 766's index of service to citizens and businesses, declared as data: groups → criteria,
each with its maximum points, its formula over stored counts, its scoring rule and its source.

The model is checked when this module loads (points add up to each group's maximum and to 100,
every input column exists in the warehouse; see `metrics.index_rules`). Scoring lives in
`metrics.official_index`.

Sources (cited by key in each criterion and in the README's glossary):
- `QD766`: Decision 766/QĐ-TTg of 23 Jun 2022 (the groups and their points), as summarised officially.
- `DOC`: the Government Office's "Mô tả công thức tính chỉ số 766" (formula description), items
  1.1–5.4, as reproduced in the public repository ChippedTopaz/qd766, `web/src/formula-document.ts`.
- `SHEET`: "Công thức 766.xlsx", sheet METRICS (maximum points and formula of each criterion), as
  reproduced in ChippedTopaz/qd766, `docs/metrics.m0.json`.
- `FIT`: scoring rules reconstructed from the Portal API's published scores
  (ChippedTopaz/qd766, `docs/SCORING_ANALYSIS_M0.md`: each rule matched 492–2,290 observations
  within 0.015 points); fitted, not an official text.
- `ANALYZER`: hauphanquoc/766-Analyze, `src/analyzer.js` (the Portal's field names for the progress
  and payment ratios; the ≥ 90/80/70/50 bands).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from metrics.catalog import TimeAgg

Formula = Literal["ratio", "complement", "reported"]
"""`ratio`: Σ numerator / Σ denominator in %; `complement`: 100% − that ratio (the numerator counts
the failures); `reported`: a value in % reported directly (survey-based), the period's last month."""
DenominatorAgg = Literal["sum", "max"]
"""How a criterion's denominator columns combine: their sum, or the larger of them (two systems'
counts of the same dossiers)."""
IfEmpty = Literal["zero", "full", "missing"]
"""Points when the denominator is 0: none, full marks, or no score (N/A)."""

FIRST_MONTH = "2022-08"
"""The index is published from August 2022."""

SOURCES = {
    "QD766": ("Quyết định 766/QĐ-TTg ngày 23/6/2022 (nhóm chỉ số và điểm tối đa)",
              "Decision 766/QĐ-TTg of 23 Jun 2022 (groups and their maximum points)"),
    "DOC": ("Văn phòng Chính phủ, Mô tả công thức tính chỉ số 766 (ChippedTopaz/qd766, web/src/formula-document.ts)",
            "Government Office, formula description of the 766 index (ChippedTopaz/qd766, web/src/formula-document.ts)"),
    "SHEET": ("Công thức 766.xlsx, bảng METRICS (ChippedTopaz/qd766, docs/metrics.m0.json)",
              "Công thức 766.xlsx, sheet METRICS (ChippedTopaz/qd766, docs/metrics.m0.json)"),
    "FIT": ("Quy tắc khớp từ điểm do API Cổng DVCQG công bố (ChippedTopaz/qd766, docs/SCORING_ANALYSIS_M0.md) — không phải văn bản chính thức",
            "Rule fitted to the scores the Portal's API publishes (ChippedTopaz/qd766, docs/SCORING_ANALYSIS_M0.md) — not an official text"),
    "ANALYZER": ("hauphanquoc/766-Analyze, src/analyzer.js", "hauphanquoc/766-Analyze, src/analyzer.js"),
}


@dataclass(frozen=True)
class Group:
    id: str
    label_vi: str
    label_en: str
    max_points: float
    source: str = "QD766"

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


@dataclass(frozen=True)
class Criterion:
    id: str
    group: str
    ref: str  # the item number in the formula description, e.g. "1.4"
    label_vi: str
    label_en: str
    max_points: float
    formula: Formula
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    denominator_agg: DenominatorAgg = "sum"
    full_at: float = 100.0  # the rate (%) from which the criterion earns full marks
    if_empty: IfEmpty = "zero"
    time_agg: TimeAgg = "sum"
    definition_vi: str = ""
    definition_en: str = ""
    sources: tuple[str, ...] = ("DOC", "SHEET")
    fitted: bool = False  # the scoring rule (or the points) is fitted, not from an official text
    note_en: str = ""  # where the sources disagree, or what we simplified

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi

    def definition(self, lang: str = "vi") -> str:
        return self.definition_en if lang == "en" else self.definition_vi

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.numerator + self.denominator))


@dataclass(frozen=True)
class IndexModel:
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    max_points: float = 100.0

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def criterion(self, criterion_id: str) -> Criterion:
        try:
            return next(c for c in self.criteria if c.id == criterion_id)
        except StopIteration:
            raise KeyError(f"unknown criterion {criterion_id!r}; known: "
                           f"{', '.join(c.id for c in self.criteria)}") from None

    def of_group(self, group_id: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.group == group_id)

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(col for c in self.criteria for col in c.inputs))


GROUPS = (
    Group("transparency", "Công khai, minh bạch", "Transparency", 18),
    Group("progress", "Tiến độ, kết quả giải quyết", "Progress and results", 20),
    Group("online_services", "Cung cấp dịch vụ trực tuyến", "Online services", 12),
    Group("online_payment", "Thanh toán trực tuyến", "Online payment", 10),
    Group("digitisation", "Số hóa hồ sơ", "Digitisation of dossiers", 22),
    Group("satisfaction", "Mức độ hài lòng", "Satisfaction", 18),
)

CRITERIA = (
    # --- transparency (18): points = maximum × rate (FIT: 2,290 observations) --------------------
    Criterion("announced_on_time", "transparency", "1.1",
              "Tỷ lệ TTHC công bố đúng hạn", "Procedures announced on time", 6, "ratio",
              ("procedures_announced_on_time",), ("procedures_announced",),
              definition_vi="Thủ tục hành chính công bố đúng hạn / thủ tục phải công bố trong kỳ.",
              definition_en="Procedures announced on time / procedures to be announced in the period.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("published_on_time", "transparency", "1.2",
              "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", "Procedures updated and published on time", 4,
              "ratio", ("procedures_published_on_time",), ("procedures_to_publish",),
              definition_vi="TTHC cập nhật, công khai đúng hạn trên CSDL quốc gia về TTHC / TTHC phải cập nhật, công khai trong kỳ.",
              definition_en="Procedures updated and published on time in the national procedures database / "
                            "procedures to be published in the period.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("public_complete", "transparency", "1.3",
              "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành", "Procedures published with all 7 components", 2,
              "ratio", ("procedures_public_complete",), ("procedures_public",), time_agg="last",
              definition_vi="TTHC công khai có đủ 7 bộ phận tạo thành / TTHC đang công khai (tính đến cuối kỳ).",
              definition_en="Published procedures with all seven components / procedures published (at the period's end).",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("dossiers_synced", "transparency", "1.4",
              "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "Dossiers synced to the Portal", 6, "ratio",
              ("dossiers_synced_realtime",), ("dossiers_received_reporting", "dossiers_received_portal"),
              denominator_agg="max",
              definition_vi="Hồ sơ đồng bộ trạng thái lên Cổng DVCQG / số hồ sơ tiếp nhận trong kỳ, lấy số lớn hơn "
                            "giữa Hệ thống báo cáo quốc gia và Cổng DVCQG.",
              definition_en="Dossiers whose status is synced to the Portal / dossiers received in the period, the "
                            "larger of the national reporting system's and the Portal's counts.",
              sources=("DOC", "SHEET", "FIT"),
              note_en="When both counts are 0 the description falls back on last year's monthly average; "
                      "we score 0 (its last resort)."),
    # --- progress and results (20): 20 × ratio (FIT: 984 observations) --------------------------
    Criterion("handled_on_time", "progress", "2.1",
              "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "Dossiers handled early or on time", 20, "ratio",
              ("handled_done_on_time", "handled_pending_in_time"),
              ("handled_done_on_time", "handled_done_late", "handled_pending_in_time", "handled_pending_overdue"),
              if_empty="missing",
              definition_vi="(Hồ sơ đã xử lý đúng hạn + đang xử lý trong hạn) / mọi hồ sơ tiếp nhận, xử lý trong kỳ; "
                            "hồ sơ chưa xong lấy ngày cuối kỳ làm ngày kết thúc.",
              definition_en="(Dossiers done on time + still pending within the deadline) / all dossiers received "
                            "and handled in the period; an unfinished dossier ends on the period's last day.",
              sources=("DOC", "SHEET", "FIT", "ANALYZER"),
              note_en="Differs from the command center's dossier_on_time_rate (resolved dossiers only); "
                      "dossier_handled_on_time_rate is this definition on the reporting system's counts."),
    # --- online services (12): the split 4/4/4 is fitted ------------------------------------------
    Criterion("procedures_online", "online_services", "3.1",
              "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "Procedures offered online", 4, "ratio",
              ("procedures_online",), ("procedures_total",), full_at=80.0, fitted=True, sources=("DOC", "FIT"),
              definition_vi="TTHC có dịch vụ công trực tuyến (một phần hoặc toàn trình) / TTHC thuộc thẩm quyền; "
                            "đạt tối đa từ 80%.",
              definition_en="Procedures with an online service (partial or full) / procedures under the agency; "
                            "full marks from 80%.",
              note_en="Full marks at 80% is in the formula description; the 4 points are fitted (the sheet gives "
                      "the group 12 without a split)."),
    Criterion("services_with_dossiers", "online_services", "3.2",
              "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ", "Online services that received dossiers", 4,
              "ratio", ("online_services_with_dossiers",), ("online_services_total",), fitted=True, sources=("DOC", "FIT"),
              definition_vi="Dịch vụ công trực tuyến có hồ sơ nộp trực tuyến / dịch vụ công trực tuyến của TTHC.",
              definition_en="Online services that received an online dossier / online services of the procedures.",
              note_en="Points and the linear rule are fitted."),
    Criterion("dossiers_online", "online_services", "3.3",
              "Tỷ lệ hồ sơ nộp trực tuyến", "Dossiers submitted online", 4, "ratio",
              ("dossiers_received_online",), ("dossiers_received_total",), full_at=50.0, fitted=True,
              sources=("DOC", "FIT"),
              definition_vi="Hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận trong kỳ; đạt tối đa từ 50%.",
              definition_en="Dossiers received online / dossiers received in the period; full marks from 50%.",
              note_en="Full marks at 50% is in the formula description; the 4 points are fitted. The description "
                      "also multiplies by the sync rate, which we leave out."),
    # --- online payment (10): 6 × A + min(2, 2.5 × B) + min(2, 2.5 × C) (FIT: 984 observations) -------
    Criterion("dossiers_paid_online", "online_payment", "3.6",
              "Tỷ lệ hồ sơ thanh toán trực tuyến", "Dossiers paid online", 6, "ratio",
              ("dossiers_paid_online",), ("dossiers_with_fee",),
              definition_vi="Hồ sơ thanh toán phí, lệ phí trực tuyến / hồ sơ có nghĩa vụ tài chính.",
              definition_en="Dossiers whose fees were paid online / dossiers with a fee.",
              sources=("DOC", "SHEET", "FIT", "ANALYZER"), fitted=True,
              note_en="The sheet gives the whole group 10 points to this ratio; the Portal's scores fit 6 × ratio "
                      "plus the two criteria below."),
    Criterion("fee_procedures_paid_online", "online_payment", "3.6",
              "Tỷ lệ TTHC có phát sinh thanh toán trực tuyến", "Fee-bearing procedures with an online payment", 2,
              "ratio", ("fee_procedures_paid_online",), ("fee_procedures",), full_at=80.0,
              definition_vi="TTHC có thu phí có giao dịch thanh toán trực tuyến / TTHC có thu phí; đạt tối đa từ 80%.",
              definition_en="Fee-bearing procedures with an actual online payment / fee-bearing procedures; full "
                            "marks from 80%.",
              sources=("FIT", "ANALYZER"), fitted=True),
    Criterion("fee_procedures_on_portal", "online_payment", "3.5",
              "Tỷ lệ TTHC có thu phí được tích hợp thanh toán trên Cổng", "Fee-bearing procedures payable on the Portal",
              2, "ratio", ("fee_procedures_on_portal",), ("fee_procedures",), full_at=80.0,
              definition_vi="TTHC có thu phí có hồ sơ đồng bộ dữ liệu phí lên Cổng DVCQG / TTHC có thu phí; đạt tối đa từ 80%.",
              definition_en="Fee-bearing procedures whose dossiers carry fee data on the Portal / fee-bearing "
                            "procedures; full marks from 80%.",
              sources=("DOC", "FIT", "ANALYZER"), fitted=True,
              note_en="Full marks at 80% is in the formula description; the fit observed 2.5 × ratio without "
                      "a cap (no observation above 80%)."),
    # --- digitisation (22): min(max, max × rate) except reuse (full at 80%) (FIT) -----------------
    Criterion("results_electronic", "digitisation", "4.1",
              "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử", "Electronic results issued", 6, "ratio",
              ("results_electronic",), ("results_paper_required",),
              definition_vi="Hồ sơ có kết quả giải quyết điện tử / hồ sơ hoàn thành của TTHC phải trả kết quả bằng giấy tờ.",
              definition_en="Dossiers with an electronic result / dossiers completed for procedures whose result "
                            "is a document.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("dossiers_digitised", "digitisation", "4.2",
              "Tỷ lệ hồ sơ thực hiện số hóa thành phần hồ sơ", "Dossiers digitised", 4, "ratio",
              ("dossiers_digitised",), ("dossiers_in_scope",),
              definition_vi="Hồ sơ được số hóa thành phần và kết quả / hồ sơ tiếp nhận thuộc thẩm quyền.",
              definition_en="Dossiers with digitised components and result / dossiers received.",
              sources=("DOC", "SHEET", "FIT"),
              note_en="The description says full marks from 80%; the Portal's scores fit the linear rule, "
                      "which we follow."),
    Criterion("certified_copies", "digitisation", "SHEET 13",
              "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử", "Electronic certified copies", 2, "ratio",
              ("communes_certified_copies",), ("communes",), time_agg="last",
              definition_vi="Xã cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính / xã thuộc quyền quản lý.",
              definition_en="Communes offering electronic certified copies / communes of the province.",
              sources=("SHEET", "FIT")),
    Criterion("reused_data", "digitisation", "4.3",
              "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa", "Dossiers reusing digitised data", 2, "ratio",
              ("dossiers_reused_data",), ("dossiers_reuse_eligible",), full_at=80.0,
              definition_vi="Hồ sơ có thành phần được thay thế bằng dữ liệu đã số hóa / hồ sơ của TTHC có thành phần "
                            "có thể thay thế; đạt tối đa từ 80%.",
              definition_en="Dossiers with a component replaced by digitised data / dossiers of procedures where "
                            "that is possible; full marks from 80%.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("personal_store", "digitisation", "4.4",
              "Tỷ lệ hồ sơ số hóa kết nối kho dữ liệu cá nhân", "Dossiers linked to the personal data store", 4,
              "ratio", ("dossiers_personal_store",), ("dossiers_in_scope",),
              definition_vi="Hồ sơ có thành phần lấy từ kho dữ liệu cá nhân hoặc kết quả đồng bộ vào kho trên Cổng "
                            "DVCQG / hồ sơ tiếp nhận.",
              definition_en="Dossiers with a component taken from, or a result synced to, the personal data store "
                            "on the Portal / dossiers received.",
              sources=("DOC", "SHEET", "FIT"),
              note_en="Only 0% was observed in the fit: the linear rule is assumed."),
    Criterion("population_data_dossiers", "digitisation", "4.5",
              "Tỷ lệ hồ sơ có sử dụng dữ liệu dân cư", "Dossiers using population data", 2, "ratio",
              ("citizen_dossiers_population_data",), ("citizen_dossiers",),
              definition_vi="Hồ sơ dùng dữ liệu từ CSDL quốc gia về dân cư (tài khoản VNeID, kho dữ liệu) / hồ sơ của công dân.",
              definition_en="Dossiers using the national population database (VNeID account, data store) / "
                            "citizens' dossiers.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("population_data_procedures", "digitisation", "4.5",
              "Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư", "Procedures connected to population data", 2, "ratio",
              ("citizen_procedures_population_data",), ("citizen_procedures",), time_agg="last",
              definition_vi="TTHC có hồ sơ kết nối, chia sẻ dữ liệu dân cư / TTHC có đối tượng thực hiện là người dân.",
              definition_en="Procedures whose dossiers use population data / procedures for citizens.",
              sources=("DOC", "SHEET", "FIT")),
    # --- satisfaction (18) -----------------------------------------------------------------------
    Criterion("petitions_on_time", "satisfaction", "5.2",
              "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "Petitions handled on time", 6, "ratio",
              ("petitions_on_time",), ("petitions",), if_empty="full",
              definition_vi="PAKN xử lý đúng hạn và đang xử lý trong hạn / PAKN thuộc thẩm quyền; không có PAKN: 6 điểm.",
              definition_en="Petitions handled on time or pending within the deadline / petitions received; "
                            "no petition: 6 points.",
              sources=("DOC", "SHEET", "FIT"),
              note_en="The sheet says that without petitions their points go to the other two criteria; the "
                      "Portal's scores give 6 points, which we follow."),
    Criterion("petitions_satisfaction", "satisfaction", "5.3",
              "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "Satisfaction with petition handling", 6,
              "complement", ("petitions_disliked_or_late",), ("petitions_handled",), if_empty="full",
              definition_vi="100% − (PAKN bị đánh giá không hài lòng, bị phản ánh lại hoặc quá hạn) / PAKN đã xử lý; "
                            "không có PAKN: 6 điểm.",
              definition_en="100% − (petitions disliked, raised again or late) / petitions handled; no petition: "
                            "6 points.",
              sources=("DOC", "SHEET", "FIT")),
    Criterion("dossier_satisfaction", "satisfaction", "5.4",
              "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "Satisfaction with dossier handling", 6,
              "complement", ("dossiers_overdue_or_disliked",), ("dossiers_rated",), full_at=90.0,
              definition_vi="100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ bị phản ánh hoặc đánh giá không hài lòng); "
                            "đạt tối đa từ 90%.",
              definition_en="100% − (overdue rate + rate of dossiers petitioned or disliked); full marks from 90%.",
              sources=("DOC", "SHEET", "FIT")),
)

MODEL = IndexModel(GROUPS, CRITERIA)


def _check_at_load() -> None:
    from metrics import index_rules  # the rules take the model as an argument; import them last
    index_rules.check(MODEL)


_check_at_load()
