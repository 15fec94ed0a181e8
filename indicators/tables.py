import functools

import django_tables2 as tables
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tables2.paginators import LazyPaginator

from core.exports import SafeExportMixin
from core.streaming import depends_only_on
from indicators.figure_html import citation_html, value_html
from indicators.formatting import plain_number
from indicators.models import Granularity, Kind, Observation, Qualifier
from indicators.units import unit_label

# Figures tables can hold millions of rows: no COUNT(*) for the page links, just next/previous.
LAZY_PAGES = {"per_page": 50, "paginator_class": LazyPaginator}


def _region_cell(obs) -> SafeString:
    name = f"{obs.region.name} · {obs.site.name}" if obs.site_id else obs.region.name
    if obs.site_id and obs.site.is_unplaced:
        name += gettext("（所在区未见于来源）")
    return format_html('<a href="{}">{}</a>', obs.region.get_absolute_url(), name)


# How each shown column of a figures table is written, from the row's observation.
CELLS = {
    "region": _region_cell,
    "indicator": lambda obs: format_html(
        '<a href="{}">{}</a>', obs.indicator.get_absolute_url(), obs.indicator.name
    ),
    "period": lambda obs: obs.period_label,
    "figure": value_html,
    "kind": lambda obs: obs.get_kind_display(),
    "source": citation_html,
}


# Chinese downloads write a figure's qualifier, kind and period type as the pages do (超过, 实际值,
# 全年) — words the import reads back — and keep the stable English codes (more_than, actual,
# year) in columns of their own at the end; English downloads write the codes only.
QUALIFIER_WORDS_ZH = {
    Qualifier.EXACT: "确数",
    Qualifier.MORE_THAN: "超过",
    Qualifier.AT_LEAST: "以上",
    Qualifier.ABOUT: "约",
    Qualifier.LESS_THAN: "不足",
}
CODE_COLUMNS = ("x_qualifier_code", "x_kind_code", "x_granularity_code")


def chinese_download() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@functools.cache
def chinese_labels(choices) -> dict[str, str]:
    """code → the Chinese label of a TextChoices (built once: a download writes millions)."""
    with translation.override("zh-hans"):
        return {code: str(label) for code, label in choices.choices}


def export_column(header, **kwargs):
    """A column only the downloads show. Its English header is a stable name (region, value…)."""
    return tables.Column(verbose_name=header, visible=False, **kwargs)


class ObservationTable(SafeExportMixin, tables.Table):
    """Every figure, one per row. The page shows formatted figures; downloads show plain values."""

    # What the reader sees.
    region = tables.Column(
        verbose_name=_("区域"),
        accessor="region",
        order_by=("region__order",),
        exclude_from_export=True,
    )
    indicator = tables.Column(
        verbose_name=_("指标"),
        accessor="indicator",
        order_by=("indicator__topic", "indicator__order"),
        exclude_from_export=True,
    )
    period = tables.Column(
        verbose_name=_("时期"),
        accessor="period_end",
        order_by=("period_end", "period_start"),
        exclude_from_export=True,
    )
    figure = tables.Column(
        verbose_name=_("数值"), accessor="value", order_by=("value",), exclude_from_export=True
    )
    kind = tables.Column(verbose_name=_("性质"), exclude_from_export=True)
    source = tables.Column(
        verbose_name=_("来源与原文"),
        accessor="source",
        order_by=("source__published",),
        exclude_from_export=True,
    )

    # What a download holds, in this order: region, indicator, period, value, unit, qualifier,
    # kind, source, quote, then the keys scripts join on.
    x_region = export_column(pgettext_lazy("export column", "区域"), accessor="region")
    x_indicator = export_column(pgettext_lazy("export column", "指标"), accessor="indicator")
    x_period = export_column(pgettext_lazy("export column", "时期"), accessor="period_end")
    x_value = export_column(pgettext_lazy("export column", "数值"), accessor="value")
    x_unit = export_column(pgettext_lazy("export column", "单位"), accessor="indicator__unit")
    x_qualifier = export_column(pgettext_lazy("export column", "限定"), accessor="qualifier")
    x_kind = export_column(pgettext_lazy("export column", "性质"), accessor="kind")
    x_source = export_column(pgettext_lazy("export column", "来源"), accessor="source")
    x_quote = export_column(pgettext_lazy("export column", "原文"), accessor="quote")
    x_period_start = export_column(
        pgettext_lazy("export column", "起始日期"), accessor="period_start"
    )
    x_period_end = export_column(pgettext_lazy("export column", "截止日期"), accessor="period_end")
    x_granularity = export_column(
        pgettext_lazy("export column", "时期类型"), accessor="granularity"
    )
    x_site = export_column(
        pgettext_lazy("export column", "园区或项目"), accessor="site", default=""
    )
    x_region_slug = export_column(
        pgettext_lazy("export column", "区域标识"), accessor="region__slug"
    )
    x_indicator_slug = export_column(
        pgettext_lazy("export column", "指标标识"), accessor="indicator__slug"
    )
    x_source_slug = export_column(
        pgettext_lazy("export column", "来源标识"), accessor="source__slug"
    )
    x_note = export_column(pgettext_lazy("export column", "备注"), accessor="note")
    # Chinese downloads only (see CODE_COLUMNS): the codes of the three columns above.
    x_qualifier_code = export_column(
        pgettext_lazy("export column", "限定代码"), accessor="qualifier"
    )
    x_kind_code = export_column(pgettext_lazy("export column", "性质代码"), accessor="kind")
    x_granularity_code = export_column(
        pgettext_lazy("export column", "时期类型代码"), accessor="granularity"
    )

    class Meta:
        model = Observation
        fields = []
        attrs = {"class": "table figures"}
        # Newest first, served by an index; other orders on request (?sort=...).
        order_by = ("-period",)
        empty_text = _("没有符合条件的数据。")
        template_name = "django_tables2/observations.html"

    def __init__(self, *args, **kwargs):
        # The code columns are in Chinese downloads only: English ones hold the codes already.
        # The download's language is the one the table is made in (as its headers are).
        self.chinese = chinese_download()
        if not self.chinese:
            kwargs["exclude"] = (*(kwargs.get("exclude") or ()), *CODE_COLUMNS)
        super().__init__(*args, **kwargs)

    def render_region(self, record):
        return CELLS["region"](record)

    def render_indicator(self, record):
        return CELLS["indicator"](record)

    def render_period(self, record):
        return CELLS["period"](record)

    def render_figure(self, record):
        return CELLS["figure"](record)

    def render_kind(self, record):
        return CELLS["kind"](record)

    def render_source(self, record):
        return CELLS["source"](record)

    def rows_html(self) -> SafeString:
        """The page's rows, each written in one pass over the shown columns.

        django-tables2 inspects each render method's signature for every cell; for a page of
        figures that was most of /data/'s time (bench/benchmark.py). Sorting, paging and
        downloads stay django-tables2's; the cells are the render_* methods' own markup.
        """
        names = [column.name for column in self.columns]
        return format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (
                    format_html_join(
                        "", "<td>{}</td>", ((CELLS[name](row.record),) for name in names)
                    ),
                )
                for row in self.paginated_rows
            ),
        )

    # Download values: plain, machine-readable. A download computes a cell that is a function
    # of a few fields (depends_only_on) once per distinct value of them.
    @depends_only_on("region_id")
    def value_x_region(self, record):
        return record.region.name

    @depends_only_on("indicator_id")
    def value_x_indicator(self, record):
        return record.indicator.name

    @depends_only_on("granularity", "period_start", "period_end")
    def value_x_period(self, record):
        return record.period_label

    def value_x_value(self, record):
        return plain_number(record.value)

    @depends_only_on("indicator_id")
    def value_x_unit(self, record):
        return unit_label(record.indicator.unit, get_language() or "zh-hans")

    @depends_only_on("qualifier")
    def value_x_qualifier(self, record):
        # A stable code (exact, more_than, at_least, about, less_than); 超过… in Chinese.
        if self.chinese:
            return QUALIFIER_WORDS_ZH.get(record.qualifier, record.qualifier)
        return record.qualifier

    @depends_only_on("kind")
    def value_x_kind(self, record):
        # actual, target, expected; 实际值… in Chinese.
        if self.chinese:
            return chinese_labels(Kind).get(record.kind, record.kind)
        return record.kind

    @depends_only_on("granularity")
    def value_x_granularity(self, record):
        # year, years, months, point, current; 全年… in Chinese.
        if self.chinese:
            return chinese_labels(Granularity).get(record.granularity, record.granularity)
        return record.granularity

    @depends_only_on("qualifier")
    def value_x_qualifier_code(self, record):
        return record.qualifier

    @depends_only_on("kind")
    def value_x_kind_code(self, record):
        return record.kind

    @depends_only_on("granularity")
    def value_x_granularity_code(self, record):
        return record.granularity

    @depends_only_on("source_id")
    def value_x_source(self, record):
        return record.source.title

    @depends_only_on("site_id")
    def value_x_site(self, record):
        return record.site.name if record.site_id else ""

    @depends_only_on("period_start")
    def value_x_period_start(self, record):
        return record.period_start.isoformat()

    @depends_only_on("period_end")
    def value_x_period_end(self, record):
        return record.period_end.isoformat()
