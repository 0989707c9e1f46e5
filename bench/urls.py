"""The site's URLs and ``bench/insert/``: a view that inserts one row, the yardstick of the
survey writes (same server, same middleware, one INSERT in its own transaction)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from leadtogether.accounts.models import AuditEntry
from leadtogether.urls import urlpatterns as site_urlpatterns

INSERT_PATH = "/bench/insert/"


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    AuditEntry.objects.create(action="bench", object_type="bench", object_id="1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(INSERT_PATH.strip("/") + "/", insert), *site_urlpatterns]
