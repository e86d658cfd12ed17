import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tinhso.simulators.national_portal.client import SubmitError, submit
from tinhso.simulators.national_portal.sample import SampleError, sample_dossier


class Command(BaseCommand):
    help = (
        "Cổng Dịch vụ công quốc gia (mô phỏng) gửi một hồ sơ mẫu, ký đúng giao thức, tới API "
        "tiếp nhận của tỉnh; in câu trả lời. --times 2 gửi cùng hồ sơ hai lần (chỉ tạo một hồ sơ)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--procedure", help="mã thủ tục (mặc định: thủ tục trực tuyến đầu tiên)"
        )
        parser.add_argument("--agency", help="mã định danh cơ quan tiếp nhận")
        parser.add_argument("--external-id", help="mã hồ sơ trên Cổng (mặc định: mã mới)")
        parser.add_argument(
            "--url",
            default=f"{settings.SITE_URL}/api/v1/national-portal/dossiers",
            help="địa chỉ API tiếp nhận (mặc định: SITE_URL/api/v1/national-portal/dossiers)",
        )
        parser.add_argument("--times", type=int, default=1, help="số lần gửi cùng hồ sơ")

    def handle(self, *args, **options):
        try:
            payload = sample_dossier(
                options["procedure"], options["agency"], options["external_id"]
            )
        except SampleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Hồ sơ mẫu {payload['external_id']}: thủ tục {payload['procedure_code']}, "
            f"nơi tiếp nhận {payload['receiving_agency']}, {len(payload['components'])} thành phần."
        )
        for _ in range(max(options["times"], 1)):
            try:
                status, answer = submit(
                    payload, url=options["url"], secret=settings.NATIONAL_PORTAL_INBOUND_SECRET
                )
            except SubmitError as exc:
                raise CommandError(str(exc)) from exc
            shown = json.dumps(answer, ensure_ascii=False, indent=2)
            self.stdout.write(f"HTTP {status}\n{shown}")
            if status not in (200, 201):
                raise CommandError(f"Tỉnh không nhận hồ sơ (HTTP {status}).")
