from django.urls import path

from districts import views
from districts.caching import cached_page

app_name = "districts"

urlpatterns = [
    path("", cached_page(views.home), name="home"),
    path("districts/", cached_page(views.RegionListView.as_view()), name="list"),
    path("districts/<slug:slug>/", cached_page(views.region_detail), name="detail"),
    path("compare/", cached_page(views.compare), name="compare"),
    path("industries/", cached_page(views.industry_list), name="industries"),
    path("industries/<slug:slug>/", cached_page(views.industry_detail), name="industry"),
]
