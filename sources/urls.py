from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.source_list, name="list"),
    path("sources/<int:pk>/", views.source_by_id, name="by_id"),
    path("sources/<slug:slug>/", views.source_detail, name="detail"),
]
