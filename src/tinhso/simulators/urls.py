"""Local simulators of services we cannot reach from here, speaking their published protocols.

Mounted under /mo-phong/ only when SIMULATORS_ENABLED (the demo and the tests).
"""

from django.urls import include, path

from tinhso.simulators import vgca_views

app_name = "simulators"
urlpatterns = [
    path("vneid/", include("tinhso.simulators.vneid.urls")),
    path("dvcqg/", include("tinhso.simulators.national_portal.urls")),
    path("smartca/", include("tinhso.simulators.smartca.urls")),
    path("vnpay/", include("tinhso.simulators.vnpay.urls")),  # issue 16: VNPay 2.1.0
    path("", include("tinhso.simulators.pki.urls")),  # issue 13: demo TSA and CRL
    path("", include("tinhso.simulators.axis.urls")),  # issue 15: truc-lien-thong/, lgsp/
    path("ntt/", include("tinhso.simulators.payplatform.urls")),  # issue 16: national payments
    path("paygov/", include("tinhso.simulators.paygov.urls")),  # issue 16: PayGov via the LGSP
    # the Ban Cơ yếu signing app on the officer's PC (tinhso.simulators.vgca_app)
    path("vgca/<str:session_id>/", vgca_views.sign, name="vgca_app"),
]
