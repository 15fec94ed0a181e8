from django.urls import path

from core.caching import cached_page
from pages import views

app_name = "pages"

urlpatterns = [
    path("", cached_page(views.home), name="home"),
    path("districts/", cached_page(views.RegionListView.as_view()), name="regions"),
    path("districts/<slug:slug>/", cached_page(views.region_detail), name="region"),
    path("compare/", cached_page(views.compare), name="compare"),
    path("coverage/", cached_page(views.coverage), name="coverage"),
    path("sources/", cached_page(views.source_list), name="sources"),
    path("sources/<int:pk>/", views.source_by_id, name="source_by_id"),
    path("sources/<slug:slug>/", cached_page(views.source_detail), name="source"),
]
