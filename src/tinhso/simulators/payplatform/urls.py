from django.urls import path

from tinhso.simulators.payplatform import views

app_name = "payplatform"
urlpatterns = [
    path("", views.index, name="index"),
    path("khoi-tao", views.init, name="init"),
    path("tra-cuu", views.query, name="query"),
    path("thanh-toan/<str:reference>/", views.pay, name="pay"),
    path("thong-bao/<str:reference>/", views.notify, name="notify"),
]
