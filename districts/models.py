"""Regions, their brand positioning (一区一品), featured industries and named sites."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.naming import BilingualNamed, SlugManager, localized


class RegionKind(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    ZONE = "zone", _("功能区")


class RegionQuerySet(models.QuerySet):
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
        """The region called exactly ``text``: slug, code, any name or any alias line; or None."""
        text = (text or "").strip()
        if not text:
            return None
        exact = Q(slug__iexact=text) | Q(code=text) | Q(name_zh=text) | Q(name_en__iexact=text)
        exact |= Q(short_name_zh=text) | Q(short_name_en__iexact=text)
        found = self.filter(exact).order_by("order").first()
        if found is not None:
            return found
        for region in self.filter(aliases__icontains=text).order_by("order"):
            if text.lower() in (alias.lower() for alias in region.alias_list):
                return region
        return None


class RegionManager(SlugManager.from_queryset(RegionQuerySet)):
    pass


class Region(BilingualNamed):
    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        help_text=_("GB/T 2260 代码;功能区没有代码,留空。"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=RegionKind.choices)
    short_name_zh = models.CharField(_("中文简称"), max_length=20)
    short_name_en = models.CharField(_("英文简称"), max_length=40)
    aliases = models.TextField(
        _("别名"),
        blank=True,
        help_text=_("报告中出现的其他叫法,每行一个(如 亦庄、E-Town)。"),
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
        help_text=_("功能区与哪些行政区范围重叠;其数字不能与这些区相加。"),
    )
    overlap_note = models.TextField(_("重叠说明"), blank=True)
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
        return reverse("districts:detail", args=[self.slug])

    @property
    def short_name(self) -> str:
        return localized(self.short_name_zh, self.short_name_en)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def is_zone(self) -> bool:
        return self.kind == RegionKind.ZONE

    def clean(self):
        errors = {}
        if self.kind == RegionKind.ZONE and self.code:
            errors["code"] = _("功能区(如经开区)没有 GB/T 2260 行政区划代码,请留空。")
        if self.kind == RegionKind.DISTRICT and not self.code:
            errors["code"] = _("行政区需要填写 6 位 GB/T 2260 代码。")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("区域不能是自己的上级。")
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


class Cited(models.Model):
    """A statement read from a source document, with the verbatim words it was read from."""

    # Each subclass declares its own `source` foreign key, for its own reverse name on Source.
    quote = models.TextField(_("原文引文"), help_text=_("从来源文献中逐字摘录的原话,不作改写。"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not (self.quote or "").strip():
            raise ValidationError({"quote": _("请填写来源中的原文引文。")})


class BrandManager(models.Manager):
    def get_by_natural_key(self, region, source, text_zh):
        return self.get(region__slug=region, source__slug=source, text_zh=text_zh)


class Brand(Cited):
    """A region's 一区一品 positioning as one source words it."""

    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="brands"
    )
    text_zh = models.CharField(_("定位(中文)"), max_length=200)
    text_en = models.CharField(_("定位(英文)"), max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name=_("来源"), on_delete=models.PROTECT, related_name="brands"
    )

    objects = BrandManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__order", "-source__published", "pk"]
        verbose_name = _("区域定位(一区一品)")
        verbose_name_plural = _("区域定位(一区一品)")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source", "text_zh"], name="brand_unique_per_source"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="brand_quote_required"),
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


class FeaturedIndustryManager(models.Manager):
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
        ]

    def __str__(self):
        return f"{self.region}:{self.industry}({self.get_role_display()})"

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
    PROJECT = "project", _("来源未写明,本项目据常识归属")


class Site(BilingualNamed, Cited):
    """A named park, project or facility in a region."""

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
        help_text=_("来源没有写明所在区、由本项目据常识归属时,选第二项并在备注里说明。"),
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
        ]

    def __str__(self):
        return self.name_zh

    @property
    def description(self) -> str:
        return localized(self.description_zh, self.description_en)
