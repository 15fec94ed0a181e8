from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The public pages that combine regions, sources and figures: overview, region list and
    profiles, comparison, source pages. It owns no models."""

    name = "pages"
    verbose_name = _("公开页面")
