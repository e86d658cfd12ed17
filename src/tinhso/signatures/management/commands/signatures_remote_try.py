"""Try remote signing on a phone end to end in the demo: start the signing of a sample document
with an officer's registered certificate, then accept it on the simulator's page
(/mo-phong/smartca/) and watch the session page."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from tinhso.printing.render import html_to_pdf
from tinhso.signatures.models import CertificateKind, SigningCertificate
from tinhso.signatures.providers.base import FIELD_PERSON, SignRequest
from tinhso.signatures.providers.remote import RemoteProvider

SAMPLE = (
    "<h1>QUYẾT ĐỊNH (văn bản thử ký số từ xa)</h1>"
    "<p>Văn bản minh họa để thử ký số trên điện thoại qua dịch vụ mô phỏng.</p>"
)


class Command(BaseCommand):
    help = "Bắt đầu ký thử một văn bản mẫu bằng ký số từ xa (SmartCA) với tài khoản cán bộ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="tên đăng nhập của cán bộ có chứng thư số cá nhân")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("Không có tài khoản này.")
        certificate = SigningCertificate.objects.filter(
            user=user, kind=CertificateKind.PERSON, active=True
        ).first()
        if certificate is None:
            raise CommandError(
                "Tài khoản chưa có chứng thư số cá nhân "
                "(chạy signatures_demo_ca để tạo bản minh họa)."
            )
        outcome = RemoteProvider().start(
            SignRequest(
                pdf=html_to_pdf(SAMPLE),
                field_name=FIELD_PERSON,
                signer_id=user.pk,
                certificate_id=certificate.pk,
                reason="Ký thử",
            )
        )
        if outcome.status != "pending" or outcome.session_id is None:
            raise CommandError(outcome.message)
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(outcome.message)
        self.stdout.write(f"Đồng ý hoặc từ chối trên: {site}/mo-phong/smartca/")
        session = reverse("signatures_remote:session", args=[outcome.session_id])
        self.stdout.write(f"Xem phiên ký (đăng nhập {user.get_username()}): {site}{session}")
