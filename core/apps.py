from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel: base models, the data registry, page cache, history admin, list view."""

    name = "core"
    verbose_name = _("站点内核")

    def ready(self):
        # Django's idiom: signal receivers and checks are wired when every app is loaded.
        from core import caching, checks, roles  # noqa: F401  (checks register themselves)

        caching.connect_invalidation()
        post_migrate.connect(roles.sync_after_migrate, sender=self, dispatch_uid="data-editors")
