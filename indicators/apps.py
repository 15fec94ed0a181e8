from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("指标与数据")

    def ready(self):
        from districts.caching import connect_invalidation

        connect_invalidation()
