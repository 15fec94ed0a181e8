from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestionConfig(AppConfig):
    """Report ingestion: a source's stored text, candidate figures, review and publishing.

    A layer above indicators (it writes figures through indicators.services) and below pages;
    nothing imports it. Its models are not data models of the site (core/registry.py); the data
    editors get the permissions below (core/roles.py reads every app's editor_permissions).
    """

    name = "ingestion"
    verbose_name = _("报告导入")
    # What the data editors may do here (granted by core/roles.py): upload, review, publish; never
    # delete. Publishing also needs the figures' own add and change permissions.
    editor_permissions = [
        "view_document",
        "add_document",
        "change_document",
        "view_candidate",
        "change_candidate",
    ]

    def source_text(self, source) -> str | None:
        """The report's stored text, for verify_quotes (core/quotes.py reads every app's)."""
        documents = self.get_model("Document").objects.filter(source=source)
        return documents.values_list("text", flat=True).first()
