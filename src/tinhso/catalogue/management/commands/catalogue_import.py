from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinhso.catalogue import exchange, services


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục từ tệp JSON hoặc Excel (docs/catalogue-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="kiểm tra, không ghi")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp {file}")
        try:
            rows = exchange.read_file(file.name, file.read_bytes())
        except exchange.CatalogueFileError as exc:
            raise CommandError(str(exc)) from exc
        report = services.catalogue_import(rows, dry_run=dry_run)
        for row in report.rejected:
            self.stderr.write(f"TỪ CHỐI {row.where} (mã {row.code or '?'}):")
            for reason in row.reasons:
                self.stderr.write(f"  - {reason}")
        prefix = "[thử] " if dry_run else ""
        self.stdout.write(prefix + report.summary())
