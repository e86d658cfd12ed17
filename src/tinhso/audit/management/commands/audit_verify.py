"""manage.py audit_verify: check the hash chain of the audit record (docs/audit.md)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.audit.chain import link_pending
from tinhso.audit.verify import PAGE, Walk, verify_chain

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(text: str) -> tuple[int, str]:
    match = ANCHOR.match(text.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"mốc '{text}' không đúng dạng SEQ:MÃ_BĂM (mã băm 64 ký tự 0-9a-f)"
        )
    return int(match[1]), match[2]


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi mã băm của nhật ký kiểm tra: báo chỗ hỏng đầu tiên (dòng bị sửa, bị "
        "xoá, liên kết bị đứt) và thoát với mã lỗi 1; nếu nguyên vẹn, in OK, số dòng và mốc cuối "
        "để ghi lại. Xem docs/audit.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            "--moc",
            dest="anchors",
            action="append",
            type=_anchor,
            default=[],
            metavar="SEQ:MÃ_BĂM",
            help="mốc đã ghi lại từ lần kiểm tra trước; phải còn nguyên (có thể lặp lại)",
        )
        parser.add_argument(
            "--from-seq",
            type=int,
            default=1,
            help="bắt đầu kiểm tra từ dòng seq này (sau một sự cố đã lập biên bản, hoặc khi "
            "các dòng cũ đã được lưu trữ)",
        )
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="không nối các dòng mới vào chuỗi trước khi kiểm tra (dùng trên bản sao chỉ đọc)",
        )
        parser.add_argument("--page", type=int, default=PAGE, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_seq"] < 1:
            raise CommandError("--from-seq phải từ 1 trở lên.")
        if not options["read_only"]:
            linked = link_pending()
            if linked:
                self.stdout.write(f"Đã nối {_number(linked)} dòng mới vào chuỗi.")
        walk = verify_chain(
            anchors=dict(options["anchors"]), from_seq=options["from_seq"], page=options["page"]
        )
        if walk.broken is not None:
            self._report_break(walk)
        self._report_ok(walk)

    def _report_ok(self, walk: Walk) -> None:
        if walk.checked == 0:
            self.stdout.write("OK: nhật ký kiểm tra chưa có dòng nào trong chuỗi.")
        else:
            self.stdout.write(
                f"OK: chuỗi nhật ký kiểm tra nguyên vẹn — {_number(walk.checked)} dòng "
                f"(seq {walk.first_seq}–{walk.last_seq})."
            )
            self.stdout.write(
                f"Mốc cuối (ghi lại ngoài hệ thống để đối chiếu lần sau): "
                f"{walk.last_seq}:{walk.last_hash}"
            )
        if walk.anchors_checked:
            seqs = ", ".join(str(seq) for seq in walk.anchors_checked)
            self.stdout.write(f"Các mốc đã đối chiếu, khớp: seq {seqs}.")
        if walk.unlinked:
            self.stdout.write(
                f"Lưu ý: {_number(walk.unlinked)} dòng chưa được nối vào chuỗi "
                "(đang ghi, hoặc chạy lại không có --read-only để nối)."
            )

    def _report_break(self, walk: Walk) -> None:
        broken = walk.broken
        assert broken is not None
        where = []
        if broken.row_id is not None:
            where.append(f"id={broken.row_id}")
        if broken.seq is not None:
            where.append(f"seq={broken.seq}")
        place = f" tại dòng {', '.join(where)}" if where else ""
        self.stderr.write(f"LỖI: chuỗi nhật ký kiểm tra bị phá vỡ{place}: {broken.problem}.")
        if walk.checked:
            self.stderr.write(
                f"{_number(walk.checked)} dòng trước đó (seq {walk.first_seq}–{walk.last_seq}) "
                "nguyên vẹn."
            )
        self.stderr.write(
            "Đừng sửa cơ sở dữ liệu: giữ nguyên hiện trạng, sao lưu ngay và báo bộ phận an toàn "
            "thông tin (docs/audit.md, mục 'Khi kiểm tra báo lỗi')."
        )
        raise CommandError("Nhật ký kiểm tra không còn nguyên vẹn.", returncode=1)
