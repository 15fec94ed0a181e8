from django.urls import path

from core.caching import cached_page
from indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", cached_page(views.indicator_list), name="list"),
    path("indicators/<slug:slug>/", cached_page(views.indicator_detail), name="detail"),
    path("data/", cached_page(views.DataView.as_view()), name="data"),
]
