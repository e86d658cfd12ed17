from django.core.management.base import BaseCommand, CommandError

from tinhso.accounts.models import User
from tinhso.accounts.tokens import token_issue


class Command(BaseCommand):
    help = "Cấp khóa API cho một tài khoản (in ra một lần duy nhất)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Ứng dụng", help="Tên ứng dụng, hệ thống dùng khóa")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên '{username}'.")
        self.stdout.write(token_issue(user=user, name=name))
