"""Both simulated protocols over one store: the national axis (VXP SDK operation names) and a
provincial LGSP's e-document API."""

from django.urls import path

from tinhso.simulators.axis import lgsp_views, views

app_name = "axis_sim"
urlpatterns = [
    path("truc-lien-thong/sendEdoc", views.send_edoc, name="send_edoc"),
    path("truc-lien-thong/getReceivedEdocList", views.received_edoc_list, name="received"),
    path("truc-lien-thong/getEdoc", views.get_edoc, name="get_edoc"),
    path("truc-lien-thong/updateStatus", views.update_status, name="update_status"),
    path("truc-lien-thong/getAgenciesList", views.agencies_list, name="agencies"),
    path("lgsp/api/lgspedoc/login", lgsp_views.login, name="lgsp_login"),
    path("lgsp/api/lgspedoc/send-edoc", lgsp_views.send_edoc, name="lgsp_send"),
    path("lgsp/api/lgspedoc/received-edocs", lgsp_views.received_edocs, name="lgsp_received"),
    path("lgsp/api/lgspedoc/get-edoc", lgsp_views.get_edoc, name="lgsp_get"),
    path("lgsp/api/lgspedoc/update-status", lgsp_views.update_status, name="lgsp_status"),
    path("lgsp/api/lgspedoc/organizations", lgsp_views.organizations, name="lgsp_organizations"),
]
