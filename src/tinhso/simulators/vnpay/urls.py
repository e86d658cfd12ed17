from django.urls import path

from tinhso.simulators.vnpay import views

app_name = "vnpay_sim"
urlpatterns = [
    path("", views.index, name="index"),
    path("paymentv2/vpcpay.html", views.pay_page, name="pay"),
    path("paymentv2/giao-dich/<int:pk>/", views.pay_decide, name="decide"),
    path("giao-dich/<int:pk>/<str:action>/", views.control, name="control"),
    path("merchant_webapi/api/transaction", views.merchant_api, name="merchant_api"),
]
