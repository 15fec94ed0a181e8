"""A release's files, one address for every language: /releases/N/files/<name>."""

from django.urls import re_path

from releases import views

app_name = "release_files"

urlpatterns = [
    re_path(
        r"^releases/(?P<number>[0-9]+)/files/(?P<name>[-A-Za-z0-9_.]+)$",
        views.release_file,
        name="file",
    ),
]
