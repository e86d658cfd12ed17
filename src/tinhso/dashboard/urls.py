from django.urls import path

from tinhso.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("can-bo/dieu-hanh/", views.home, name="home"),
    path("can-bo/dieu-hanh/co-quan/<str:code>/", views.agency_page, name="agency"),
]
