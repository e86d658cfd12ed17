from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tinhso.api import api

admin.site.site_header = f"Tỉnh Số – Quản trị hệ thống tỉnh {settings.PROVINCE_NAME}"
admin.site.site_title = "Tỉnh Số"
admin.site.index_title = "Cấu hình hệ thống"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("tinhso.accounts.urls")),
    path("", include("tinhso.portal.urls")),
    path("", include("tinhso.dossiers.urls")),
    path("", include("tinhso.documents.urls")),
    path("", include("tinhso.workfiles.urls")),
    path("", include("tinhso.archive.urls")),
    path("", include("tinhso.exchange.urls")),
    path("", include("tinhso.payments.urls")),
    path("", include("tinhso.submission.urls")),
    path("", include("tinhso.mydossiers.urls")),
    path("", include("tinhso.ratings.urls")),
    path("", include("tinhso.nationalportal.urls")),
    path("", include("tinhso.dashboard.urls")),
    path("", include("tinhso.statistics.urls")),
    path("", include("tinhso.privacy.urls")),
    path("", include("tinhso.signatures.remote_urls")),
    path("", include("tinhso.signatures.urls")),
    path("", include("tinhso.signatures.urls_local_app")),
    path("", include("tinhso.exchange.directory_urls")),  # issue 15: addressee search
    path("", include("tinhso.operations.urls")),  # issue 17: health, metrics, system status
]

if settings.SIMULATORS_ENABLED:
    urlpatterns.append(path("mo-phong/", include("tinhso.simulators.urls")))

# No /media/ URL in any mode: stored files are personal data, served only by the views that
# check who may read them (tinhso.dossiers.downloads.file_response).
