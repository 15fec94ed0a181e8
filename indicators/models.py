"""Indicators and observations: every figure a source states, as it states it.

A figure is a row: indicator, region, period, value, qualifier, kind, source and the verbatim
quote it was read from. Bounds (超2万亿元), parts of years (2023年1-11月), points in time
(截至2023年11月末) and targets are all kept as the report gives them.
"""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BilingualNamed, BilingualNote, DataQuerySet, english_note_field
from core.naming import localized
from districts.models import Region, RegionKind
from indicators.choices import (  # noqa: F401  (re-exported: the models' vocabulary)
    BOUND_QUALIFIERS,
    POINT_LIKE,
    QUALIFIER_SIGNS,
    Granularity,
    Kind,
    Nature,
    Qualifier,
    Topic,
    ValueType,
)
from indicators.formatting import format_value
from indicators.units import Unit


class Indicator(BilingualNamed):
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices)
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices)
    nature = models.CharField(_("存量或流量"), max_length=5, choices=Nature.choices)
    value_type = models.CharField(_("数值类型"), max_length=6, choices=ValueType.choices)
    definition_zh = models.TextField(_("定义（中文）"), blank=True)
    definition_en = models.TextField(_("定义（英文）"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "order", "slug"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_known"),
            models.CheckConstraint(
                condition=Q(topic__in=Topic.values), name="indicator_topic_known"
            ),
            models.CheckConstraint(
                condition=Q(nature__in=Nature.values), name="indicator_nature_valid"
            ),
            models.CheckConstraint(
                condition=Q(value_type__in=ValueType.values), name="indicator_value_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(value_type=ValueType.SHARE) | Q(unit=Unit.PERCENT),
                name="indicator_share_in_percent",
            ),
            models.CheckConstraint(
                condition=~Q(value_type=ValueType.RANK) | Q(unit=Unit.RANK),
                name="indicator_rank_in_places",
            ),
        ]

    def __str__(self):
        return f"{self.name_zh}({self.unit})"

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.slug])

    @property
    def definition(self) -> str:
        return localized(self.definition_zh, self.definition_en)

    def clean(self):
        if self.value_type == ValueType.SHARE and self.unit != Unit.PERCENT:
            raise ValidationError({"unit": _("占比类指标的单位必须是 %。")})
        if self.value_type == ValueType.RANK and self.unit != Unit.RANK:
            raise ValidationError({"unit": _("名次类指标的单位必须是“名次”。")})


class ObservationQuerySet(DataQuerySet):
    def with_related(self):
        """Everything a table row or a figure shows, in one query."""
        return self.select_related(
            "indicator", "region", "site", "source", "source__translation_of"
        )

    def as_of(self, day):
        """Only the statements of sources published by ``day``: the data as known then."""
        return self.filter(source__published__lte=day)


# What makes a figure the figure it is: one source's statement of one indicator for one region
# (or one of its sites), one period and one kind. Natural keys, the uniqueness constraints, the
# spreadsheet import's matching and its duplicate check all read this tuple.
FIGURE_IDENTITY = ("indicator", "region", "site", "period_start", "period_end", "kind", "source")
# Those of the identity that are foreign keys to rows with slugs, for natural keys and imports.
_SLUGGED = ("indicator", "region", "site", "source")


class ObservationManager(models.Manager.from_queryset(ObservationQuerySet)):
    def get_by_natural_key(self, *key):
        lookups = {
            (f"{name}__slug" if name in _SLUGGED else name): value
            for name, value in zip(FIGURE_IDENTITY, key, strict=True)
        }
        return self.get(**lookups)  # site__slug=None matches the site-less figure


class Observation(BilingualNote, models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="observations"
    )
    site = models.ForeignKey(
        "districts.Site",
        verbose_name=_("园区或项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text=_("数字说的是区域内某个园区或项目时填写；说的是整个区域时留空。"),
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    qualifier = models.CharField(
        _("限定"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    kind = models.CharField(_("性质"), max_length=8, choices=Kind.choices, default=Kind.ACTUAL)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    granularity = models.CharField(_("时期类型"), max_length=8, choices=Granularity.choices)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("来源"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    quote = models.TextField(_("原文引文"), help_text=_("来源中逐字摘录的原话。"))
    note = models.TextField(_("备注"), blank=True)
    note_en = english_note_field()

    objects = ObservationManager()

    history = HistoricalRecords()

    class Meta:
        # Cheap to sort at any scale; pages order figures themselves.
        ordering = ["-period_end", "-period_start", "id"]
        verbose_name = _("数据")
        verbose_name_plural = _("数据")
        constraints = [
            models.UniqueConstraint(
                fields=[f for f in FIGURE_IDENTITY if f != "site"],
                condition=Q(site__isnull=True),
                name="observation_unique_figure",
                violation_error_message=_(
                    "同一来源已有这个指标、区域、时期和性质的数字；请修改已有记录，不要重复录入。"
                ),
            ),
            models.UniqueConstraint(
                fields=list(FIGURE_IDENTITY),
                condition=Q(site__isnull=False),
                name="observation_unique_site_figure",
                violation_error_message=_(
                    "同一来源已有这个园区/项目在该时期的同一指标数字；请修改已有记录，不要重复录入。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="observation_period_ordered",
                violation_error_message=_("截止日期不能早于起始日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(granularity__in=POINT_LIKE) | Q(period_start=F("period_end")),
                name="observation_point_is_one_day",
                violation_error_message=_("时点数据的起始日期和截止日期必须是同一天。"),
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="observation_quote_required"),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values), name="observation_qualifier_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="observation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values),
                name="observation_granularity_valid",
            ),
        ]
        indexes = [
            # Profile pages: every figure of one region, newest first.
            models.Index(
                fields=["region", "indicator", "-period_end"], name="obs_region_indicator_end"
            ),
            # Indicator pages and rankings: one indicator across regions, latest period first.
            models.Index(
                fields=["indicator", "-period_end", "-period_start"], name="obs_indicator_end"
            ),
            # /data/ with no filter: the newest figures first, without sorting the whole table.
            models.Index(fields=["-period_end", "-period_start", "id"], name="obs_newest"),
            # /sources/<slug>/: one source's figures, newest first.
            models.Index(fields=["source", "-period_end", "-period_start"], name="obs_source_end"),
            # /data/?kind=… and the admin's kind filter: a rare kind (expected, target) newest
            # first, without walking the newest-first index past every actual figure.
            models.Index(
                fields=["kind", "-period_end", "-period_start", "id"], name="obs_kind_newest"
            ),
            # ?qualifier=… on /data/ and the API: a rare qualifier (about, at most) the same way.
            models.Index(
                fields=["qualifier", "-period_end", "-period_start", "id"],
                name="obs_qualifier_newest",
            ),
        ]

    def __str__(self):
        where = f"{self.region}·{self.site}" if self.site_id else str(self.region)
        return f"{self.indicator.name_zh} {where} {self.period_label}: {self.display_value}"

    def natural_key(self):
        def part(name):
            if name in _SLUGGED:
                return getattr(self, name).slug if getattr(self, f"{name}_id") else None
            value = getattr(self, name)
            return value.isoformat() if hasattr(value, "isoformat") else value

        return tuple(part(name) for name in FIGURE_IDENTITY)

    natural_key.dependencies = [
        "indicators.indicator",
        "districts.region",
        "districts.site",
        "sources.source",
    ]

    @property
    def is_bound(self) -> bool:
        return self.qualifier in BOUND_QUALIFIERS

    @property
    def period_label(self) -> str:
        return period_label(self.granularity, self.period_start, self.period_end)

    @property
    def display_value(self) -> str:
        return format_value(self.value, self.indicator.unit, self.qualifier)

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if not (self.quote or "").strip():
            add("quote", _("请填写来源中的原文引文：每个数字都要能追溯到原话。"))
        start, end = self.period_start, self.period_end
        if start and end:
            if end < start:
                add("period_end", _("截止日期不能早于起始日期。"))
            else:
                for field, message in _granularity_problems(self.granularity, start, end):
                    add(field, message)
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None and self.value is not None:
            if indicator.value_type == ValueType.SHARE and not (0 <= self.value <= 100):
                add("value", _("占比必须在 0 到 100 之间。"))
            if indicator.value_type in (ValueType.COUNT, ValueType.AMOUNT) and self.value < 0:
                add("value", _("数量和金额不能为负数。"))
            if indicator.value_type == ValueType.RANK and (
                self.value < 1 or self.value != self.value.to_integral_value()
            ):
                add("value", _("名次是从 1 开始的整数。"))
        if self.site_id and self.region_id:
            site_region = self.site.region
            if self.region_id != site_region.pk and self.region.kind != RegionKind.CITY:
                add(
                    "site",
                    _("这个园区/项目属于%(site_region)s，与所选区域不一致。")
                    % {"site_region": site_region},
                )
        if errors:
            raise ValidationError(errors)


# English month abbreviations, fixed: calendar.month_abbr follows the process's locale.
_MONTH_ABBR = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _granularity_problems(granularity, start: dt.date, end: dt.date):
    if granularity == Granularity.YEAR:
        if not (start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)):
            yield "period_start", _("“全年”的时期应从 1 月 1 日到同年 12 月 31 日。")
    elif granularity == Granularity.YEARS:
        if not (
            start.month == 1
            and start.day == 1
            and end.month == 12
            and end.day == 31
            and end.year > start.year
        ):
            yield "period_start", _("“跨年度”的时期应从某年 1 月 1 日到以后某年 12 月 31 日。")
    elif granularity == Granularity.MONTHS:
        if not (
            start.day == 1 and end.day == _last_day(end.year, end.month) and start.year == end.year
        ):
            yield "period_start", _("“年内月份”的时期应从某月 1 日到同年某月的最后一天。")
    elif granularity in POINT_LIKE and start != end:
        yield "period_end", _("时点数据的起始日期和截止日期必须是同一天。")


def _is_month_end(day: dt.date) -> bool:
    return day.day == _last_day(day.year, day.month)


def period_label(granularity: str, start: dt.date, end: dt.date, lang: str | None = None) -> str:
    """The period in words: 2024年, 2023年1-11月, 截至2023年11月末, 目前（2025年7月报道）."""
    lang = lang or get_language() or "zh-hans"
    en = lang.startswith("en")
    if granularity == Granularity.YEAR:
        return f"{start.year}" if en else f"{start.year}年"
    if granularity == Granularity.YEARS:
        return f"{start.year}–{end.year}" if en else f"{start.year}-{end.year}年"
    if granularity == Granularity.MONTHS:
        if en:
            first = _MONTH_ABBR[start.month]
            last = _MONTH_ABBR[end.month]
            return (
                f"{first}–{last} {end.year}" if start.month != end.month else f"{last} {end.year}"
            )
        if start.month == end.month:
            return f"{end.year}年{end.month}月"
        return f"{end.year}年{start.month}-{end.month}月"
    if granularity == Granularity.CURRENT:
        if en:
            return f"current (reported {_MONTH_ABBR[end.month]} {end.year})"
        return f"目前（{end.year}年{end.month}月报道）"
    # A point in time.
    if end.month == 12 and end.day == 31:
        return f"end of {end.year}" if en else f"截至{end.year}年末"
    if _is_month_end(end):
        return (
            f"end of {_MONTH_ABBR[end.month]} {end.year}"
            if en
            else f"截至{end.year}年{end.month}月末"
        )
    return f"as of {end.isoformat()}" if en else f"截至{end.year}年{end.month}月{end.day}日"
