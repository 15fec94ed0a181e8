from django.urls import path

from districts.caching import cached_page
from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/", cached_page(views.source_list), name="list"),
    path("sources/<int:pk>/", views.source_by_id, name="by_id"),
    path("sources/<slug:slug>/", cached_page(views.source_detail), name="detail"),
]
