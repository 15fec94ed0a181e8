from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("区域与产业")
    # Data models in loading order, with their fixture file's name (core/registry.py).
    data_models = [
        ("Region", "regions"),
        ("Industry", "industries"),
        ("Brand", "brands"),
        ("FeaturedIndustry", "featured_industries"),
        ("Site", "sites"),
    ]
