from django.core.management.base import BaseCommand, CommandError

from tinhso.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Nạp tỉnh minh họa (đơn vị hành chính, cơ quan, thủ tục, tài khoản). Chạy lại không đổi gì."
    )

    def handle(self, *args, **options):
        report = load_demo()
        if report.catalogue.rejected:
            for row in report.catalogue.rejected:
                self.stderr.write(f"TỪ CHỐI {row.where} ({row.code}): {'; '.join(row.reasons)}")
            raise CommandError("Tệp dữ liệu minh họa có thủ tục không hợp lệ.")
        self.stdout.write(
            f"Đơn vị hành chính thay đổi: {report.units_changed}; cơ quan, phòng ban thay đổi: "
            f"{report.agencies_changed}; danh mục: {report.catalogue.summary()}; "
            f"tài khoản mới: {len(report.accounts_created)}; "
            f"hồ sơ minh họa mới: {report.dossiers_created}"
        )
        self.stdout.write("")
        self.stdout.write(f"Tài khoản minh họa (mật khẩu chung: {DEMO_PASSWORD})")
        for acc in report.accounts:
            self.stdout.write(f"  {acc.username:<18} {acc.description}")
        self.stdout.write(f"  {'congdan':<18} Công dân (CCCD 072190001234)")
        self.stdout.write(f"  {'doanhnghiep':<18} Doanh nghiệp (MST 0100109106)")
