from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.indicator_list, name="list"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="detail"),
    path("data/", views.DataView.as_view(), name="data"),
]
