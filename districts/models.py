"""Regions, their brand positioning (一区一品), featured industries and named sites."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BilingualNamed, Cited, DataManager, DataQuerySet, Reading, SlugManager
from core.naming import localized


class RegionKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    ZONE = "zone", _("功能区")
    # A place the reports set beside Beijing for comparison (全国, 上海市): not a district of
    # the city, never in district lists, rankings of districts or the overview's cards.
    CONTEXT = "context", _("对比地区")


class RegionQuerySet(DataQuerySet):
    def of_beijing(self):
        """The city, its districts and zones: every region but the context regions."""
        return self.exclude(kind=RegionKind.CONTEXT)

    def search(self, text: str):
        """Regions whose name, short name, English name, code or any alias contains ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_zh__icontains=text)
            | Q(name_en__icontains=text)
            | Q(short_name_zh__icontains=text)
            | Q(short_name_en__icontains=text)
            | Q(aliases__icontains=text)
            | Q(code=text)
            | Q(slug__iexact=text)
        )

    def named(self, text: str):
        """The region called exactly ``text``: slug, code, any name or any alias line; or None.

        Names are unique only under one parent (a second 朝阳区 under another city is a
        different region): a name that several regions share raises AmbiguousRegionName
        listing them, so the caller asks which one instead of picking one silently.
        """
        matches = self.all_named(text)
        if len(matches) > 1:
            raise AmbiguousRegionName(text, matches)
        return matches[0] if matches else None

    def all_named(self, text: str) -> list:
        """Every region called exactly ``text``; a slug or a code names one region alone."""
        text = (text or "").strip()
        if not text:
            return []
        unique = self.filter(Q(slug__iexact=text) | Q(code=text)).first()
        if unique is not None:
            return [unique]
        names = Q(name_zh=text) | Q(name_en__iexact=text)
        names |= Q(short_name_zh=text) | Q(short_name_en__iexact=text) | Q(aliases__icontains=text)
        lowered = text.lower()
        return [
            region
            for region in self.filter(names).select_related("parent").order_by("order", "slug")
            if lowered
            in {
                region.name_zh.lower(),
                region.name_en.lower(),
                region.short_name_zh.lower(),
                region.short_name_en.lower(),
                *(alias.lower() for alias in region.alias_list),
            }
        ]

    def city(self):
        """The site's own city (the region of kind city): the home page and the default parent.

        Found by kind, not slug, so an editor may rename its slug without breaking a page.
        """
        return (
            self.filter(kind=RegionKind.CITY, parent__isnull=True).order_by("order", "pk").first()
        )


class AmbiguousRegionName(Exception):
    def __init__(self, text: str, regions: list):
        self.text, self.regions = text, regions
        super().__init__(f"{text!r} names {len(regions)} regions")


class RegionManager(SlugManager.from_queryset(RegionQuerySet)):
    pass


class Region(BilingualNamed):
    # Unique under one parent only (constraints below): 朝阳区 exists under Beijing and Changchun.
    name_zh = models.CharField(_("中文名称"), max_length=120)
    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        help_text=_(
            "GB/T 2260 代码；功能区没有代码，留空；对比地区有代码就填（如上海市 310000）。"
        ),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=RegionKind.choices)
    short_name_zh = models.CharField(_("中文简称"), max_length=20)
    short_name_en = models.CharField(_("英文简称"), max_length=40)
    aliases = models.TextField(
        _("别名"),
        blank=True,
        help_text=_("报告中出现的其他叫法，每行一个（如 亦庄、E-Town）。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    overlaps = models.ManyToManyField(
        "self",
        verbose_name=_("范围重叠的区"),
        symmetrical=False,
        blank=True,
        related_name="overlapped_by",
        help_text=_("功能区与哪些行政区范围重叠；其数字不能与这些区相加。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RegionManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RegionKind.values), name="region_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["parent", "name_zh"],
                name="region_name_unique_per_parent",
                violation_error_message=_("同一上级区域下已有同名区域。"),
            ),
            # NULLs are distinct in a unique constraint: top-level names need their own.
            models.UniqueConstraint(
                fields=["name_zh"],
                condition=Q(parent__isnull=True),
                name="region_top_level_name_unique",
                violation_error_message=_("已有同名的顶级区域。"),
            ),
            # Codes are unique where they exist; zones have none.
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="region_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"
            ),
            # A functional zone has no GB/T 2260 code.
            models.CheckConstraint(
                condition=~Q(kind=RegionKind.ZONE) | Q(code=""), name="region_zone_has_no_code"
            ),
        ]

    def get_absolute_url(self):
        return reverse("pages:region", args=[self.slug])

    @property
    def short_name(self) -> str:
        return localized(self.short_name_zh, self.short_name_en)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def is_zone(self) -> bool:
        return self.kind == RegionKind.ZONE

    @property
    def is_context(self) -> bool:
        """A place the sources set beside Beijing for comparison, not one of its districts."""
        return self.kind == RegionKind.CONTEXT

    def clean(self):
        errors = {}
        if self.kind == RegionKind.ZONE and self.code:
            errors["code"] = _("功能区（如经开区）没有 GB/T 2260 行政区划代码，请留空。")
        if self.kind == RegionKind.DISTRICT and not self.code:
            errors["code"] = _("行政区需要填写 6 位 GB/T 2260 代码。")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("区域不能是自己的上级。")
        elif self.kind == RegionKind.CONTEXT and self.parent_id:
            errors["parent"] = _("对比地区（如全国、上海市）不属于北京，不设上级区域。")
        if errors:
            raise ValidationError(errors)


class Industry(BilingualNamed):
    description_zh = models.TextField(_("中文说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("产业")
        verbose_name_plural = _("产业")

    def get_absolute_url(self):
        return reverse("districts:industry", args=[self.slug])


class BrandManager(DataManager):
    def get_by_natural_key(self, region, source, text_zh):
        return self.get(region__slug=region, source__slug=source, text_zh=text_zh)


class Brand(Cited):
    """A region's 一区一品 positioning as one source words it."""

    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="brands"
    )
    text_zh = models.CharField(_("定位（中文）"), max_length=200)
    text_en = models.CharField(_("定位（英文）"), max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name=_("来源"), on_delete=models.PROTECT, related_name="brands"
    )

    objects = BrandManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__order", "-source__published", "pk"]
        verbose_name = _("区域定位（一区一品）")
        verbose_name_plural = _("区域定位（一区一品）")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source", "text_zh"], name="brand_unique_per_source"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="brand_quote_required"),
            models.CheckConstraint(
                condition=Q(reading__in=Reading.values), name="brand_reading_valid"
            ),
        ]

    def __str__(self):
        return f"{self.region}:{self.text_zh}"

    def natural_key(self):
        return (self.region.slug, self.source.slug, self.text_zh)

    natural_key.dependencies = ["districts.region", "sources.source"]

    @property
    def text(self) -> str:
        return localized(self.text_zh, self.text_en)


class IndustryRole(models.TextChoices):
    FLAGSHIP = "flagship", _("品牌产业")
    LEADING = "leading", _("主导产业")
    FUTURE = "future", _("未来产业")
    FEATURED = "featured", _("特色方向")


# A role that names a word must have that word in its quote: an industry is "leading" only
# where the source says 主导, "future" only where it says 未来 (verify_quotes checks this too).
ROLE_WORDS = {IndustryRole.LEADING: "主导", IndustryRole.FUTURE: "未来"}


class FeaturedIndustryManager(DataManager):
    def get_by_natural_key(self, region, industry, source):
        return self.get(region__slug=region, industry__slug=industry, source__slug=source)


class FeaturedIndustry(Cited):
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="featured_industries"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("产业"), on_delete=models.PROTECT, related_name="featured_in"
    )
    role = models.CharField(_("角色"), max_length=10, choices=IndustryRole.choices)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("来源"),
        on_delete=models.PROTECT,
        related_name="featured_industries",
    )

    objects = FeaturedIndustryManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__order", "role", "industry__slug"]
        verbose_name = _("区域特色产业")
        verbose_name_plural = _("区域特色产业")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "industry", "source"], name="featured_industry_unique_per_source"
            ),
            models.CheckConstraint(
                condition=Q(role__in=IndustryRole.values), name="featured_industry_role_valid"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="featured_industry_quote_required"),
            models.CheckConstraint(
                condition=Q(reading__in=Reading.values), name="featured_industry_reading_valid"
            ),
        ]

    def __str__(self):
        return f"{self.region}:{self.industry}({self.get_role_display()})"

    def required_quote_words(self) -> list[str]:
        """Words the quote must contain for the role to be the source's (ROLE_WORDS)."""
        word = ROLE_WORDS.get(self.role)
        return [word] if word else []

    def clean(self):
        super().clean()
        quote = "".join((self.quote or "").split())
        missing = [w for w in self.required_quote_words() if w not in quote]
        if missing:
            raise ValidationError(
                {
                    "role": _(
                        "“%(role)s”要求引文里有“%(word)s”一词；来源没有这样说时选“特色方向”。"
                    )
                    % {"role": self.get_role_display(), "word": "、".join(missing)}
                }
            )

    def natural_key(self):
        return (self.region.slug, self.industry.slug, self.source.slug)

    natural_key.dependencies = ["districts.region", "districts.industry", "sources.source"]


class SiteKind(models.TextChoices):
    PARK = "park", _("园区")
    PROJECT = "project", _("项目")
    FACILITY = "facility", _("设施")
    ZONE = "zone", _("试点区域")


class Placement(models.TextChoices):
    SOURCE = "source", _("来源写明所在区域")
    # The site is filed under the city and every page it appears on says 所在区未见于来源: the
    # project never places a site from general knowledge.
    UNPLACED = "unplaced", _("所在区未见于来源（记在全市名下）")


class Site(BilingualNamed, Cited):
    """A named park, project or facility in a region, as a source names and places it.

    A site no source places in a district is filed under the city with placement "unplaced"
    (所在区未见于来源), and only a city-level site may be unplaced. Where a source lists places
    without naming the facility (海淀、朝阳……等5个智能算力中心), the site carries the source's
    generic name, which is why names are unique per region only.
    """

    # Unique per region (constraint below): 海淀 and 朝阳 each have an 智能算力中心.
    name_zh = models.CharField(_("中文名称"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="sites"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=SiteKind.choices)
    description_zh = models.TextField(_("中文说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)
    placement = models.CharField(
        _("区域归属依据"),
        max_length=10,
        choices=Placement.choices,
        default=Placement.SOURCE,
        help_text=_(
            "来源没有写明所在区时，区域选北京市、这里选“所在区未见于来源”，并在备注里写来源怎么说；"
            "不要据常识归到某个区。"
        ),
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name=_("来源"), on_delete=models.PROTECT, related_name="sites"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__order", "name_zh"]
        verbose_name = _("园区与项目")
        verbose_name_plural = _("园区与项目")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SiteKind.values), name="site_kind_valid"),
            models.CheckConstraint(
                condition=Q(placement__in=Placement.values), name="site_placement_valid"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="site_quote_required"),
            models.CheckConstraint(
                condition=Q(reading__in=Reading.values), name="site_reading_valid"
            ),
            models.UniqueConstraint(
                fields=["region", "name_zh"],
                name="site_name_unique_per_region",
                violation_error_message=_("这个区域已有同名的园区或项目。"),
            ),
        ]

    def __str__(self):
        return self.name_zh

    @property
    def is_unplaced(self) -> bool:
        """No source says which district it is in: it is filed under the city."""
        return self.placement == Placement.UNPLACED

    def clean(self):
        super().clean()
        unplaced = self.placement == Placement.UNPLACED
        if unplaced and self.region_id and self.region.kind != RegionKind.CITY:
            raise ValidationError(
                {
                    "placement": _(
                        "“所在区未见于来源”只用于记在全市名下的园区或项目；"
                        "来源写明了所在区时选“来源写明所在区域”。"
                    )
                }
            )

    @property
    def description(self) -> str:
        return localized(self.description_zh, self.description_en)
