from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"


class Cors:
    """The schema and its docs page are open to every origin for reading, like the data."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in views.CORS_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
        return response


class SchemaView(Cors, SpectacularJSONAPIView):
    http_method_names = ["get", "head", "options"]


class DocsView(Cors, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files, its set-up script a separate file
    (``?script``), so the site's Content-Security-Policy (script-src 'self') holds."""

    http_method_names = ["get", "head", "options"]
    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("openapi.json", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("regions/", views.RegionList.as_view(), name="regions"),
    path("regions/<str:slug>/", views.RegionDetail.as_view(), name="region"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("indicators/<str:slug>/", views.IndicatorDetail.as_view(), name="indicator"),
    path("industries/", views.IndustryList.as_view(), name="industries"),
    path("industries/<str:slug>/", views.IndustryDetail.as_view(), name="industry"),
    path("sources/", views.SourceList.as_view(), name="sources"),
    path("sources/<str:slug>/", views.SourceDetail.as_view(), name="source"),
    path("figures/", views.FigureList.as_view(), name="figures"),
    path("figures/<str:figure_id>/", views.FigureDetail.as_view(), name="figure"),
    path(
        "figures/<str:figure_id>/cite.<str:suffix>",
        views.FigureCitation.as_view(),
        name="figure-cite",
    ),
    path("cite/", views.PageCitation.as_view(), name="cite"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
