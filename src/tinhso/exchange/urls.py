"""Pages of the exchange under /lien-thong/."""

from django.urls import path

from tinhso.exchange import views

app_name = "exchange"
urlpatterns = [
    path("lien-thong/", views.messages_list, name="messages"),
    path("lien-thong/tin/<int:pk>/", views.message_detail, name="message"),
    path("lien-thong/tin/<int:pk>/gui-lai/", views.message_resend, name="resend"),
    path("lien-thong/tin/<int:pk>/tra-loi-thu-hoi/", views.recall_answer, name="recall_answer"),
]
