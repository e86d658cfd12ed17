"""The app's URLs plus two bare views for bench/load_bench.py: what the server stack costs
with no app work (`/bench/bare/`) and with one INSERT in one transaction (`/bench/insert/`),
measured in the same rounds as the pages so each figure has its own baseline."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from tinhso.urls import urlpatterns as app_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (at) VALUES (now())")
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/insert/", insert),
    *app_urlpatterns,
]
