from django.urls import path

from districts import views

app_name = "districts"

urlpatterns = [
    path("", views.home, name="home"),
    path("districts/", views.RegionListView.as_view(), name="list"),
    path("districts/<slug:slug>/", views.region_detail, name="detail"),
    path("compare/", views.compare, name="compare"),
    path("industries/", views.industry_list, name="industries"),
    path("industries/<slug:slug>/", views.industry_detail, name="industry"),
]
