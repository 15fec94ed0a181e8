from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bjdigital.health import healthz

admin.site.site_header = _("北京数字经济一区一品 · 数据编辑")
admin.site.site_title = _("数据编辑")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The JSON API and a release's files answer in every language at one address.
    path("api/v1/", include("api.urls")),
    path("", include("releases.file_urls")),
]

# Chinese at /, English at /en/: readers bookmark and share both.
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("districts.urls")),
    path("", include("indicators.urls")),
    path("", include("releases.urls")),
    prefix_default_language=False,
)
