"""Routes of the citizen portal's online submission and data store.

No namespace here: each app brings its own (submission:…, documentstore:…), so that the one
line in tinhso/urls.py serves both.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("tinhso.submission.routes")),
    path("", include("tinhso.documentstore.urls")),
]
