#!/usr/bin/env python3
"""Documents per minute through the axis simulator between two Tỉnh Số instances (issue 15
must-have 7).

    .venv/bin/python bench/exchange_bench.py [N]     # N letters, default 20

Starts the pair of tools/exchange_pair.py (A Sở Tư pháp Tây Ninh, B Sở Nội vụ Tuyên Quang,
the axis a third process; databases under var/exchange-bench/, fresh), has A sign and seal
N letters, then sends them one after another (the real outgoing_dispatch.send: queued in
the transaction, sent when it commits) and measures, from the first send:
- until all N are registered-pending at B (the copies' creation time in B's database);
- until all N statuses 01 are back at A (A's incoming status rows, time taken).
The times are read from the two databases once everything has arrived, so polling does not
blur them. Each instance's `exchange_run` loop runs every 0.5 s.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.exchange_pair import B, Pair  # noqa: E402


def _when(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def _arrived(db: Path, sql: str, ids: list[str]) -> list[float]:
    marks = ",".join("?" * len(ids))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=20) as conn:
        return [_when(row[0]) for row in conn.execute(sql.format(marks=marks), ids)]


AT_B = (
    "select created_at from documents_document where channel = 'exchange' "
    "and exchange_id in ({marks})"
)
AT_A = (
    "select done_at from exchange_exchangemessage where direction = 'in' "
    "and status_code = '01' and edxml_document_id in ({marks})"
)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    pair = Pair(root=ROOT / "var" / "exchange-bench", base_port=8400, every=0.5, quiet=True)
    try:
        times = pair.prepare()
        pair.start_all()
        print(f"Chuẩn bị: migrate {times['migrate']:.1f} s, A và B {times['setup']:.1f} s")
        start = time.monotonic()
        batch = pair.drive("a", "batch", to=B.organ, to_name=B.name, count=n,
                           subject="V/v đo tốc độ liên thông văn bản")  # fmt: skip
        print(f"A lập, ký và đóng dấu {n} văn bản: {time.monotonic() - start:.1f} s "
              f"(gửi đi trong {batch['sent_in']:.1f} s)")  # fmt: skip
        ids = batch["documents"]
        deadline = time.monotonic() + 600
        at_b: list[float] = []
        at_a: list[float] = []
        while time.monotonic() < deadline:
            at_b = _arrived(pair.root / "b.sqlite3", AT_B, ids)
            at_a = _arrived(pair.root / "a.sqlite3", AT_A, ids)
            if len(at_b) == n and len(at_a) == n:
                break
            time.sleep(0.5)
        if len(at_b) < n or len(at_a) < n:
            print(f"Hết giờ: B có {len(at_b)}/{n} văn bản, A có {len(at_a)}/{n} trạng thái 01")
            return 1
        to_b = max(at_b) - batch["started"]
        to_a = max(at_a) - batch["started"]
        print(
            f"{n} văn bản A → B, chờ vào sổ tại B: {to_b:.1f} s = {n * 60 / to_b:.0f} văn bản/phút"
        )
        print(
            f"{n} trạng thái 01 về đến A:          {to_a:.1f} s = {n * 60 / to_a:.0f} văn bản/phút"
        )
        return 0
    finally:
        pair.stop_all()


if __name__ == "__main__":
    sys.exit(main())
