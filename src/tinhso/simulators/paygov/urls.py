from django.urls import path

from tinhso.simulators.paygov import views

app_name = "paygov"
urlpatterns = [
    path("", views.index, name="index"),
    path("login", views.login, name="login"),
    path("api/v1/PayGov/paygate", views.paygate, name="paygate"),
    path("api/v1/PayGov/CheckSumUrlReturn", views.check_return, name="check_return"),
    path("api/v1/PayGov/TransactionStatus", views.status, name="status"),
    path("thanh-toan/<str:reference>/", views.pay, name="pay"),
    path("thong-bao/<str:reference>/", views.notify, name="notify"),
]
