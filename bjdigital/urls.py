from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
]

# Chinese at /, English at /en/: readers bookmark and share both.
urlpatterns += i18n_patterns(
    path("", include("districts.urls")),
    path("", include("indicators.urls")),
    path("", include("sources.urls")),
    prefix_default_language=False,
)
