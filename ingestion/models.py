"""A report's stored text and the candidate figures read from it, under review.

Neither is data of the site (core/registry.py): a document is the working copy an editor reviews
(admin only; public pages show quotes, never whole documents), and a candidate becomes a figure
only when an editor confirms it, through indicators.services.save_figure. The review's state
lives here, in the database, so a half-reviewed document can be resumed by any editor on any
app server.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators.choices import Granularity, Kind, Qualifier
from indicators.units import Unit


class FileType(models.TextChoices):
    TEXT = "txt", _("纯文本")
    MARKDOWN = "md", _("Markdown")
    HTML = "html", _("HTML")
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    PASTED = "paste", _("粘贴的文本")


class Document(models.Model):
    """The full text of one source, as uploaded or pasted, with the file's particulars."""

    source = models.OneToOneField(
        "sources.Source",
        verbose_name=_("来源"),
        on_delete=models.PROTECT,
        related_name="document",
    )
    text = models.TextField(_("全文"))
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    file_type = models.CharField(_("文件类型"), max_length=8, choices=FileType.choices)
    encoding = models.CharField(_("文字编码"), max_length=20, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extractor_version = models.CharField(_("提取程序版本"), max_length=20, blank=True)
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("来源全文")
        verbose_name_plural = _("来源全文（报告导入）")
        constraints = [
            models.CheckConstraint(
                condition=Q(file_type__in=FileType.values), name="ingestion_document_type_valid"
            ),
        ]

    def __str__(self):
        return self.file_name or str(self.source)

    def get_absolute_url(self):
        return reverse("admin:ingestion_document_review", args=[self.pk])


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("待审")
    CONFIRMED = "confirmed", _("已发布")
    REJECTED = "rejected", _("已拒绝")


class Candidate(models.Model):
    """One figure the extractor proposes, as the editor has left it so far."""

    document = models.ForeignKey(
        Document, verbose_name=_("来源全文"), on_delete=models.CASCADE, related_name="candidates"
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    # Where it is: the quote's and the number's offsets into the document's text.
    start = models.PositiveIntegerField(_("引文起点"))
    end = models.PositiveIntegerField(_("引文终点"))
    number_start = models.PositiveIntegerField(_("数字起点"))
    number_end = models.PositiveIntegerField(_("数字终点"))
    number_text = models.CharField(_("原文写法"), max_length=100, blank=True)
    # What it says: the figure's fields, editable before confirmation.
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices, blank=True)
    qualifier = models.CharField(
        _("限定"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    kind = models.CharField(_("性质"), max_length=8, choices=Kind.choices, default=Kind.ACTUAL)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    granularity = models.CharField(_("时期类型"), max_length=8, choices=Granularity.choices)
    region = models.ForeignKey(
        "districts.Region",
        verbose_name=_("区域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site = models.ForeignKey(
        "districts.Site",
        verbose_name=_("园区或项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_indicator_name = models.CharField(
        _("建议的新指标"),
        max_length=200,
        blank=True,
        help_text=_("没有合适的已有指标时，提取程序建议的名称。"),
    )
    indicator_score = models.FloatField(_("指标匹配度"), default=0)
    quote = models.TextField(_("原文引文"))
    # The review.
    status = models.CharField(
        _("状态"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    confirm_warnings = models.BooleanField(_("已核对提醒"), default=False)
    problems = models.JSONField(_("上次发布时的问题"), default=list, blank=True)
    observation = models.ForeignKey(
        "indicators.Observation",
        verbose_name=_("发布后的数据"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed = models.DateTimeField(_("审核时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        ordering = ["document", "position", "pk"]
        verbose_name = _("候选数字")
        verbose_name_plural = _("候选数字")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CandidateStatus.values), name="ingestion_candidate_status"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="ingestion_candidate_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")) & Q(number_end__gte=F("number_start")),
                name="ingestion_candidate_offsets_ordered",
            ),
        ]
        indexes = [models.Index(fields=["document", "status", "position"], name="cand_doc_status")]

    def __str__(self):
        return f"{self.number_text or self.value} ({self.get_status_display()})"
