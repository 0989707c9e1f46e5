"""The site's URLs plus one view that fails, for the test of the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from leadtogether.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("fail/", fail)]
