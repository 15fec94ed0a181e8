from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("来源文献")
    # Data models in loading order, with their fixture file's name (core/registry.py).
    data_models = [("Source", "sources")]
