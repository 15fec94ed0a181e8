from django.urls import path

from core.caching import cached_page
from districts import views

app_name = "districts"

urlpatterns = [
    path("industries/", cached_page(views.industry_list), name="industries"),
    path("industries/<slug:slug>/", cached_page(views.industry_detail), name="industry"),
]
