from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("指标与数据")
    # Data models in loading order, with their fixture file's name (core/registry.py).
    data_models = [("Indicator", "indicators"), ("Observation", "observations")]
