from django.urls import path

from tinhso.signatures import views

app_name = "signatures"
urlpatterns = [
    path("xac-thuc-van-ban/", views.verify, name="verify"),
]
