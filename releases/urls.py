from django.urls import path

from core.caching import cached_page
from releases import views

app_name = "releases"

urlpatterns = [
    path("releases/", cached_page(views.release_list), name="list"),
    path("releases/<int:number>/", cached_page(views.release_detail), name="detail"),
    # Not through the page cache: the framing exemption travels on the response object.
    path(
        "embed/<int:number>/chart/<slug:kind>/<slug:indicator>/",
        views.embed_chart,
        name="embed",
    ),
]
