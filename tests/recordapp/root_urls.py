"""URLconf for tests of the generic record views: the project plus /notes/."""

from django.urls import include, path

urlpatterns = [
    path("notes/", include("tests.recordapp.urls")),
    path("", include("gifu_taisaku.urls")),
]
