from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from sources.models import Source


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published", "language", "kind", "file_name"]
    list_select_related = ["translation_of"]
    list_filter = ["kind", "language", "publisher"]
    show_facets = admin.ShowFacets.NEVER
    search_fields = ["slug", "title", "title_en", "publisher", "publisher_en", "file_name"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["translation_of"]
    date_hierarchy = "published"
    readonly_fields = ["figures"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("取自本文的数字"))
    def figures(self, source):
        """Links, not an inline: a report's hundred figures would be a form past Django's field
        limit, and each figure is edited through its own form (the one write path)."""
        if source.pk is None:
            return _("保存来源后，可在这里为它添加数字。")
        # URL names, not imports: the figures live in a higher layer (indicators).
        changelist = reverse("admin:indicators_observation_changelist")
        add = reverse("admin:indicators_observation_add")
        return format_html(
            '<a href="{}?source__id__exact={}">{}</a> · <a href="{}?source={}">{}</a>',
            changelist,
            source.pk,
            _("查看和修改这些数字"),
            add,
            source.pk,
            _("为本来源添加数字"),
        )
