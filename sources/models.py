"""Source documents: every brand, site and figure on the site cites one of these."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BilingualNote, SlugManager, english_note_field
from core.naming import chinese_only, is_english, localized


class SourceKind(models.TextChoices):
    NEWS = "news", _("新闻报道")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    RESEARCH_REPORT = "research_report", _("研究报告")


class DatePrecision(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")
    YEAR = "year", _("年")


class Language(models.TextChoices):
    ZH = "zh", _("中文")
    EN = "en", _("英文")


class Source(BilingualNote, models.Model):
    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    title = models.CharField(_("标题"), max_length=300)
    title_en = models.CharField(_("英文标题"), max_length=300, blank=True)
    publisher = models.CharField(_("发布者"), max_length=200)
    publisher_en = models.CharField(_("发布者（英文）"), max_length=200, blank=True)
    published = models.DateField(
        _("发布日期"),
        help_text=_("只知道年或月时，填该年或该月的第一天，并把“日期精度”设为年或月。"),
    )
    published_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    language = models.CharField(_("语言"), max_length=4, choices=Language.choices)
    kind = models.CharField(_("类型"), max_length=24, choices=SourceKind.choices)
    url = models.URLField(_("网址"), blank=True)
    file_name = models.CharField(
        _("文本文件名"),
        max_length=200,
        blank=True,
        help_text=_("该文献全文文本的文件名；manage.py verify_quotes 据此核对引文。"),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("译自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
    )
    note = models.TextField(_("备注"), blank=True)
    note_en = english_note_field()

    objects = SlugManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["published", "slug"]
        verbose_name = _("来源文献")
        verbose_name_plural = _("来源文献")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values), name="source_language_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(published_precision__in=DatePrecision.values),
                name="source_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.published_label})"

    def get_absolute_url(self):
        return reverse("pages:source", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def publisher_name(self) -> str:
        return localized(self.publisher, self.publisher_en)

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_en)

    @property
    def title_chinese_only(self) -> bool:
        return chinese_only(self.title, self.title_en)

    @property
    def choice_label(self) -> str:
        """How a drop-down names the source, in the page's language."""
        if is_english():
            return f"{self.display_title} ({self.published_label})"
        return f"{self.display_title}（{self.published_label}）"

    @property
    def published_label(self) -> str:
        if self.published_precision == DatePrecision.YEAR:
            return f"{self.published:%Y}"
        if self.published_precision == DatePrecision.MONTH:
            return f"{self.published:%Y-%m}"
        return f"{self.published:%Y-%m-%d}"
