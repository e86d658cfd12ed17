"""Pages of work files, delegations and the leaders' panel."""

from django.urls import path

from tinhso.workfiles import views

app_name = "workfiles"
urlpatterns = [
    path("can-bo/ho-so-cong-viec/", views.mine, name="mine"),
    path("can-bo/ho-so-cong-viec/mo-moi/", views.new, name="new"),
    path("can-bo/ho-so-cong-viec/<int:pk>/", views.detail, name="detail"),
    path("can-bo/ho-so-cong-viec/<int:pk>/xu-ly/<str:action>/", views.act, name="act"),
    path("can-bo/ho-so-cong-viec/<int:pk>/hoan-tac/", views.undo, name="undo"),
    path("can-bo/uy-quyen/", views.delegation_list, name="delegations"),
    path("can-bo/uy-quyen/<int:pk>/thu-hoi/", views.delegation_revoke, name="delegation_revoke"),
    path("can-bo/dieu-hanh/van-ban/", views.panel, name="panel"),
]
