from django.urls import path

from tinhso.exchange import directory_views

app_name = "exchange_directory"
urlpatterns = [
    path(
        "lien-thong/co-quan/tim/",
        directory_views.organisation_search,
        name="organisation_search",
    ),
]
