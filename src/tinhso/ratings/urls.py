from django.urls import path

from tinhso.ratings import views

app_name = "ratings"
urlpatterns = [
    path("danh-gia/<str:token>/", views.link, name="link"),
    path("can-bo/ho-so/<str:code>/danh-gia-tai-quay/", views.counter, name="counter"),
]
