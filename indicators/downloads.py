"""Downloads of the figures a page shows: a profile's, a comparison's, a ranking's.

Each holds the page's figures in the page's order with /data/'s columns (``ObservationTable``'s
export columns, the same headers, codes and cells: region, indicator, period, value, unit,
qualifier, kind, source, quote, …; in Chinese files Chinese words and the code columns at the
end), so every file of the site reads alike and a figure is the same row wherever it was
downloaded. A comparison's cell that the sources do not report is a row of its own with an
empty value and "未披露" / "not reported" as its note: never 0.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.streaming import ListRows, TableRows, download_response
from districts.models import Region
from indicators.models import Indicator
from indicators.tables import ObservationTable
from indicators.units import unit_label


@dataclass(frozen=True)
class Missing:
    """A figure the page shows as 未披露: this region, this indicator, no statement."""

    region: Region
    indicator: Indicator

    def cells(self) -> dict[str, str]:
        return {
            "x_region": self.region.name,
            "x_indicator": self.indicator.name,
            "x_unit": unit_label(self.indicator.unit, get_language() or "zh-hans"),
            "x_region_slug": self.region.slug,
            "x_indicator_slug": self.indicator.slug,
            "x_note": _("未披露（来源没有给出这个数字）"),
        }


def figure_rows(items) -> ListRows:
    """``items`` (observations, or ``Missing``) as the rows of a download, in their order."""
    table = ObservationTable([], order_by=())
    columns = TableRows(table)
    names = [column.name for column in columns.columns]
    rows = []
    for item in items:
        if isinstance(item, Missing):
            cells = item.cells()
            rows.append([cells.get(name, "") for name in names])
        else:
            rows.append([cell.value(item) for cell in columns.cells])
    return ListRows(columns.header, rows)


def figures_download(request, items, export_format: str, filename: str, title: str):
    """The CSV or XLSX of ``items`` (core/streaming.py answers it)."""
    return download_response(request, figure_rows(items), export_format, filename, title)
