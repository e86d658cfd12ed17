"""Local simulators of services we cannot reach from here, speaking their published protocols.

Mounted under /mo-phong/ only when SIMULATORS_ENABLED (the demo and the tests).
"""

from django.urls import include, path

app_name = "simulators"
urlpatterns = [
    path("vneid/", include("tinhso.simulators.vneid.urls")),
    path("dvcqg/", include("tinhso.simulators.national_portal.urls")),
    path("smartca/", include("tinhso.simulators.smartca.urls")),
    path("", include("tinhso.simulators.pki.urls")),  # issue 13: demo TSA and CRL
]
