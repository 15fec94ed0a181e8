"""Report ingestion in admin: upload or paste a report, review its candidates, publish.

*来源全文(报告导入) → 添加*: choose the source (or describe a new one), upload the file or
paste the text. The text is stored with the source and the extractor's candidates with it; the
review screen opens. There the document shows every candidate highlighted in place, and a table
lets the editor correct each one, select, confirm (all or the selected) or reject. Nothing is
written to the site's data before confirmation, and confirmation goes through the one write
path for figures (indicators.services.save_figure), all selected candidates in one transaction.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingestion import services
from ingestion.forms import CandidateFormSet, UploadForm
from ingestion.models import Candidate, CandidateStatus, Document
from ingestion.readers import limit

PAGE_SIZE = 25
FILTERS = {
    "pending": gettext_lazy("待审"),
    services.NEW: gettext_lazy("新数字"),
    services.DIFFERS: gettext_lazy("与已有数据不同"),
    services.SAME: gettext_lazy("已在数据中"),
    "confirmed": gettext_lazy("已发布"),
    "rejected": gettext_lazy("已拒绝"),
    "all": gettext_lazy("全部"),
}
EDITABLE = [
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


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["source", "file_name", "file_type", "progress", "uploaded_by", "updated"]
    list_select_related = ["source", "uploaded_by"]
    search_fields = ["source__slug", "source__title", "file_name"]
    list_filter = ["file_type"]
    add_form_template = "admin/ingestion/document/upload.html"

    @admin.display(description=gettext_lazy("审核进度"))
    def progress(self, document):
        counts = services.counts(document)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:ingestion_document_review", args=[document.pk]),
            _("待审 %(pending)d · 已发布 %(confirmed)d · 已拒绝 %(rejected)d") % counts,
        )

    def get_urls(self):
        review = path(
            "<int:pk>/review/",
            self.admin_site.admin_view(self.review_view),
            name="ingestion_document_review",
        )
        return [review, *super().get_urls()]

    # --- Upload -------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        source = None
        if request.method == "POST" and form.is_valid():
            source = form.cleaned_data.get("source")
            if source is None:
                if not request.user.has_perm("sources.add_source"):
                    raise PermissionDenied
                source = form.new_source()
                try:
                    source.full_clean()
                except ValidationError as error:
                    form.add_error(None, ValidationError(error.messages))
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                if source.pk is None:
                    source._change_reason = "ingested from upload"
                    source._history_user = request.user
                    source.save()
                upload = form.cleaned_data.get("file")
                document = services.ingest(
                    source,
                    form.cleaned_data["read"],
                    file_name=upload.name if upload else "",
                    user=request.user,
                )
            found = document.candidates.count()
            self.message_user(
                request,
                _("已存入全文，找到 %(count)d 个候选数字。请逐个核对后发布；发布前数据不会改变。")
                % {"count": found},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:ingestion_document_review", args=[document.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入报告"),
            "opts": self.model._meta,
            "form": form,
            "add": True,
            "has_view_permission": self.has_view_permission(request),
            "max_mb": f"{limit('MAX_UPLOAD_BYTES') / (1024 * 1024):.0f}",
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.add_form_template, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:ingestion_document_review", args=[object_id]))

    # --- Review -------------------------------------------------------------------------

    def review_view(self, request, pk):
        document = get_object_or_404(Document.objects.select_related("source"), pk=pk)
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        can_edit = request.user.has_perm("ingestion.change_candidate")
        can_publish = can_edit and request.user.has_perms(
            ["indicators.add_observation", "indicators.change_observation"]
        )
        every = list(
            document.candidates.select_related("region", "site", "indicator").order_by(
                "position", "pk"
            )
        )
        comparisons = services.compare(every)
        chosen = request.GET.get("show", "pending")
        if chosen not in FILTERS:
            chosen = "pending"
        shown = [c for c in every if _shown(c, chosen, comparisons)]
        paginator = Paginator(shown, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page_ids = [c.pk for c in page.object_list]
        queryset = (
            Candidate.objects.filter(pk__in=page_ids)
            .select_related("region", "site", "indicator", "document__source")
            .order_by("position", "pk")
        )
        here = f"{request.path}?{urlencode({'show': chosen, 'page': page.number})}"

        if request.method == "POST":
            if not can_edit:
                raise PermissionDenied
            formset = CandidateFormSet(request.POST, queryset=queryset, prefix="c")
            if formset.is_valid():
                conflicts = _save_edits(formset)
                if conflicts:
                    for message in conflicts:
                        self.message_user(request, message, messages.ERROR)
                    return HttpResponseRedirect(here)
                selected = [f.instance.pk for f in formset.forms if f.cleaned_data.get("selected")]
                self._act(request, document, selected, can_publish)
                return HttpResponseRedirect(here)
            self.message_user(request, _("有些内容没有通过检查，见下表。"), messages.ERROR)
        else:
            formset = CandidateFormSet(queryset=queryset, prefix="c")

        rows = [(form, comparisons.get(form.instance.pk)) for form in formset.forms]
        pages = {c.pk: (chosen, index // PAGE_SIZE + 1) for index, c in enumerate(every)}
        pages = {pk: ("all", number) for pk, (_all, number) in pages.items()} | {
            c.pk: (chosen, index // PAGE_SIZE + 1) for index, c in enumerate(shown)
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("审核候选数字：%(source)s") % {"source": document.source},
            "opts": self.model._meta,
            "document": document,
            "segments": _segments(document.text, every, comparisons, pages, chosen),
            "formset": formset,
            "rows": rows,
            "page": page,
            "filters": [
                (key, label, sum(1 for c in every if _shown(c, key, comparisons)))
                for key, label in FILTERS.items()
            ],
            "chosen": chosen,
            "counts": services.counts(document),
            "can_edit": can_edit,
            "can_publish": can_publish,
            "reason": services.reason_for(document),
        }
        return TemplateResponse(request, "admin/ingestion/document/review.html", context)

    def _act(self, request, document, selected: list[int], can_publish: bool):
        post = request.POST
        if "_save" in post:
            self.message_user(request, _("修改已保存；可以稍后继续审核。"), messages.SUCCESS)
            return
        if "_confirm_all" in post or "_confirm_selected" in post:
            if not can_publish:
                raise PermissionDenied
            chosen = document.candidates.filter(status=CandidateStatus.PENDING)
            if "_confirm_selected" in post:
                chosen = chosen.filter(pk__in=selected)
            candidates = list(chosen.select_related("document__source").order_by("position"))
            if not candidates:
                self.message_user(request, _("没有选中待审的候选数字。"), messages.WARNING)
                return
            result = services.confirm(candidates, user=request.user)
            if result.ok:
                self.message_user(
                    request,
                    _("已发布 %(count)d 个数字（修改历史记为“%(reason)s”）。")
                    % {"count": len(result.saved), "reason": services.reason_for(document)},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "什么都没有发布：%(count)d 个候选数字有问题（见各行）。改正或勾选"
                        "“已核对提醒”后再发布，或者不选它们。"
                    )
                    % {"count": len(result.problems)},
                    messages.ERROR,
                )
            return
        if "_reject" in post or "_reopen" in post:
            candidates = list(document.candidates.filter(pk__in=selected))
            if "_reject" in post:
                count = services.reject(candidates, user=request.user)
                self.message_user(request, _("已拒绝 %(count)d 个。") % {"count": count})
            else:
                count = services.reopen(candidates)
                self.message_user(request, _("已恢复 %(count)d 个为待审。") % {"count": count})


def _shown(candidate: Candidate, chosen: str, comparisons) -> bool:
    if chosen == "all":
        return True
    if chosen in CandidateStatus.values:
        return candidate.status == chosen
    comparison = comparisons.get(candidate.pk)
    return (
        candidate.status == CandidateStatus.PENDING
        and comparison is not None
        and comparison.status == chosen
    )


def _save_edits(formset) -> list[str]:
    """Write the rows the editor changed; a row someone else changed meanwhile is refused."""
    conflicts = []
    for form in formset.forms:
        if not form.editable or not (set(form.changed_data) & set(EDITABLE)):
            continue
        values = {name: form.cleaned_data[name] for name in EDITABLE}
        values["problems"] = []
        updated = Candidate.objects.filter(
            pk=form.instance.pk,
            version=form.cleaned_data["version"],
            status=CandidateStatus.PENDING,
        ).update(**values, version=F("version") + 1)
        if not updated:
            conflicts.append(
                _(
                    "候选数字“%(number)s”在你打开之后被另一位编辑改过或已处理；你的修改没有保存，"
                    "请看它现在的样子再改。"
                )
                % {"number": form.instance.number_text}
            )
    return conflicts


def _segments(text: str, candidates, comparisons, pages, chosen):
    """The document as pieces: plain text, and each candidate's number marked where it is."""
    marks = sorted(
        {c.number_start: c for c in reversed(candidates)}.values(),
        key=lambda c: c.number_start,
    )
    pieces = []
    position = 0
    for c in marks:
        if c.number_start < position or c.number_end > len(text):
            continue
        pieces.append({"text": text[position : c.number_start]})
        comparison = comparisons.get(c.pk)
        pieces.append(
            {
                "text": text[c.number_start : c.number_end],
                "candidate": c,
                "status": c.status,
                "data": comparison.status if comparison else "",
                "show": pages.get(c.pk, ("all", 1))[0],
                "page": pages.get(c.pk, ("all", 1))[1],
            }
        )
        position = c.number_end
    pieces.append({"text": text[position:]})
    return pieces
