import django_tables2 as tables
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.exports import SafeExportMixin
from core.templatetags.site_tags import joined
from districts.models import Region
from indicators.models import Observation


class RegionTable(SafeExportMixin, tables.Table):
    name = tables.Column(
        verbose_name=_("名称"), accessor="name_zh", linkify=True, order_by=("order",)
    )
    kind = tables.Column(verbose_name=_("类型"))
    code = tables.Column(verbose_name=_("行政区划代码"), default="—")
    brand = tables.Column(
        verbose_name=_("定位（一区一品）"), accessor="pk", orderable=False, empty_values=()
    )
    industries = tables.Column(
        verbose_name=_("特色产业"), accessor="pk", orderable=False, empty_values=()
    )
    figures = tables.Column(
        verbose_name=_("数据条数"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta:
        model = Region
        fields = ["name", "kind", "code", "brand", "industries", "figures"]
        order_by = ("name",)
        attrs = {"class": "table"}

    def render_name(self, record):
        return record.name

    def render_brand(self, record):
        brands = list(record.brands.all())
        if not brands:
            return "—"
        brand = brands[0]
        return with_reading(brand.text, brand) if brand.is_read_into else brand.text

    def render_industries(self, record):
        names = []
        for featured in record.featured_industries.all():
            name = featured.industry.name
            if featured.is_read_into:
                name = with_reading(name, featured)
            if name not in names:
                names.append(name)
        return joined(names) if names else "—"

    def value_code(self, record):
        return record.code

    def before_render(self, request):
        # Figures per region for the rows on this page only: one grouped query on the
        # (region, ...) index, not a count over every observation of every region.
        if getattr(self, "page", None):
            ids = [row.record.pk for row in self.page.object_list]
        else:
            ids = [record.pk for record in self.data]
        self._figure_counts = figure_counts(ids)

    def render_figures(self, record):
        if not hasattr(self, "_figure_counts"):  # downloads render without before_render
            self._figure_counts = figure_counts([r.pk for r in self.data])
        return self._figure_counts.get(record.pk, 0)


def with_reading(text: str, record) -> str:
    """A name with how it was read from its quote: 人工智能（据行文顺序对应）, in English with (…)."""
    return _("%(text)s（%(reading)s）") % {"text": text, "reading": record.get_reading_display()}


def figure_counts(region_ids: list[int]) -> dict[int, int]:
    counts = (
        Observation.objects.filter(region__in=region_ids)
        .values_list("region")
        .annotate(n=Count("id"))
    )
    return dict(counts.order_by())
