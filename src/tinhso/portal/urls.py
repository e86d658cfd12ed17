from django.urls import path

from tinhso.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path(
        "thu-tuc/<str:code>/phien-ban/<int:number>/",
        views.procedure_detail,
        name="procedure_version",
    ),
    path(
        "thu-tuc/<str:code>/mau/<int:spec_id>/",
        views.component_template,
        name="component_template",
    ),
]
