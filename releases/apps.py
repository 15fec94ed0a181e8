from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("数据版本")
    default_auto_field = "django.db.models.BigAutoField"
