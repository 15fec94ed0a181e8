"""The editor's forms: uploading (or pasting) a report, and reviewing its candidates."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from core.exports import has_control_characters
from districts.models import Region, Site
from indicators.models import Indicator
from ingestion.models import Candidate, CandidateStatus
from ingestion.readers import ReadError, limit, read_document, read_pasted
from sources.models import DatePrecision, Language, Source, SourceKind


class UploadForm(forms.Form):
    """A report for an existing source, or for a new one described here."""

    source = forms.ModelChoiceField(
        label=_("来源"),
        queryset=Source.objects.filter(document__isnull=True).order_by("-published", "slug"),
        required=False,
        help_text=_(
            "这份报告对应的来源（每个来源只存一份全文）。来源还没有的话，在下面填写新来源。"
        ),
    )
    new_slug = forms.SlugField(label=_("新来源：标识"), required=False, max_length=80)
    new_title = forms.CharField(label=_("新来源：标题"), required=False, max_length=300)
    new_publisher = forms.CharField(label=_("新来源：发布者"), required=False, max_length=200)
    new_published = forms.DateField(
        label=_("新来源：发布日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    new_precision = forms.ChoiceField(
        label=_("新来源：日期精度"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    new_language = forms.ChoiceField(label=_("新来源：语言"), choices=Language.choices)
    new_kind = forms.ChoiceField(label=_("新来源：类型"), choices=SourceKind.choices)
    file = forms.FileField(
        label=_("报告文件"),
        required=False,
        help_text=_("TXT、Markdown、HTML、DOCX，或带文字层的 PDF。"),
    )
    text = forms.CharField(
        label=_("或者粘贴全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise ValidationError(_("请只上传文件或只粘贴文字，不要两样都给。"))
        if not upload and not text:
            raise ValidationError(_("请上传报告文件，或粘贴报告全文。"))
        if not cleaned.get("source"):
            missing = [
                name
                for name in ("new_slug", "new_title", "new_publisher", "new_published")
                if not cleaned.get(name)
            ]
            for name in missing:
                self.add_error(name, _("没有选择已有来源时，请填写新来源的这一项。"))
            if not missing and Source.objects.filter(slug=cleaned["new_slug"]).exists():
                self.add_error("new_slug", _("已有这个标识的来源；请在上面选择它。"))
        try:
            if upload:
                if upload.size > limit("MAX_UPLOAD_BYTES"):
                    raise ReadError(
                        _("文件有 %(size).1f MB，超过上限 %(max).1f MB。")
                        % {"size": upload.size / 1e6, "max": limit("MAX_UPLOAD_BYTES") / 1e6}
                    )
                cleaned["read"] = read_document(upload.read(), upload.name)
            else:
                cleaned["read"] = read_pasted(text)
        except ReadError as error:
            self.add_error("file" if upload else "text", str(error))
        return cleaned

    def new_source(self) -> Source:
        data = self.cleaned_data
        return Source(
            slug=data["new_slug"],
            title=data["new_title"],
            publisher=data["new_publisher"],
            published=data["new_published"],
            published_precision=data["new_precision"],
            language=data["new_language"],
            kind=data["new_kind"],
            file_name=(data.get("file").name if data.get("file") else "")[:200],
        )


class CandidateForm(forms.ModelForm):
    """One row of the review table."""

    selected = forms.BooleanField(label=_("选择"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = [
            "value",
            "unit",
            "qualifier",
            "kind",
            "period_start",
            "period_end",
            "granularity",
            "region",
            "site",
            "indicator",
            "quote",
            "confirm_warnings",
        ]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3, "cols": 34}),
            "period_start": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "period_end": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "value": forms.TextInput(attrs={"size": 10, "inputmode": "decimal"}),
        }

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        for name, options in (choices or {}).items():
            self.fields[name].choices = options
        self.editable = self.instance.status == CandidateStatus.PENDING
        if not self.editable:
            for name, field in self.fields.items():
                if name != "selected":
                    field.disabled = True

    def clean(self):
        cleaned = super().clean()
        for name in ("quote",):
            if has_control_characters(cleaned.get(name) or ""):
                self.add_error(
                    name, _("含有控制字符（如从别处粘贴带来的不可见字符）；请删除后再保存。")
                )
        return cleaned


class BaseCandidateFormSet(BaseModelFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The selects' options, built once for every row (not one query per row).
        self.choices = {
            "region": [("", "---------")]
            + [(r.pk, str(r)) for r in Region.objects.order_by("order", "slug")],
            "site": [("", "---------")]
            + [(s.pk, f"{s.name_zh}({s.region})") for s in Site.objects.select_related("region")],
            "indicator": [("", _("（新指标，需先建立）"))]
            + [(i.pk, str(i)) for i in Indicator.objects.order_by("topic", "order", "slug")],
        }

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}


CandidateFormSet = modelformset_factory(
    Candidate, form=CandidateForm, formset=BaseCandidateFormSet, extra=0, can_delete=False
)
