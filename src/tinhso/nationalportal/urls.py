from django.urls import path

from tinhso.nationalportal import views

app_name = "nationalportal"
urlpatterns = [
    path("can-bo/cong-dvcqg/ho-so/<str:code>/", views.portal_dossier, name="dossier"),
]
