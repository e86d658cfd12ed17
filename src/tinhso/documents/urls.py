"""Pages of the e-office: incoming under /van-ban/den/, outgoing under /van-ban/di/."""

from django.urls import include, path

app_name = "documents"
urlpatterns = [
    path("van-ban/den/", include("tinhso.documents.urls_incoming")),
    path("van-ban/di/", include("tinhso.documents.urls_outgoing")),
    path("van-ban/", include("tinhso.documents.urls_files")),
]
