"""Two Tỉnh Số instances and the axis simulator, each its own process and database (issue 15).

    .venv/bin/python tools/exchange_pair.py                 # journey, then servers stay up
    .venv/bin/python tools/exchange_pair.py --journey-only  # journey, then stop (CI)

var/exchange-demo/ (fresh each run): axis.sqlite3, a.sqlite3, b.sqlite3, media-a/, media-b/
and signatures/ (the demo CA and the SoftHSM2 token both instances share: one CA, so each
trusts the other's seal). A is Sở Tư pháp tỉnh Tây Ninh (000.00.02.H53), B is Sở Nội vụ
tỉnh Tuyên Quang (000.00.12.H59); both are systems registered on the axis, each with a
`runserver` and an `exchange_run` loop (what cron does in production). The journey: A
issues a sealed letter to B → 01 → B registers 03 → assigns 04 → progress 05 → completes 06
→ A recalls → B agrees 15. tests/exchange/test_two_instances.py and bench/exchange_bench.py
reuse the `Pair` class.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEMO_PASSWORD = "TinhSo@2026-demo"  # noqa: S105 – tinhso.demo.loader.DEMO_PASSWORD, printed


@dataclass(frozen=True)
class Side:
    who: str
    organ: str
    name: str
    abbreviation: str
    unit_code: str
    unit_name: str
    secret: str


A = Side("a", "000.00.02.H53", "Sở Tư pháp tỉnh Tây Ninh", "STP", "80", "Tỉnh Tây Ninh",
         "khoa-a-tay-ninh-2026")  # fmt: skip
B = Side("b", "000.00.12.H59", "Sở Nội vụ tỉnh Tuyên Quang", "SNV", "08", "Tỉnh Tuyên Quang",
         "khoa-b-tuyen-quang-2026")  # fmt: skip


@dataclass
class Pair:
    root: Path = ROOT / "var" / "exchange-demo"
    base_port: int = 8100
    retry_base: int = 30
    retry_max: int = 900
    every: float = 1.0
    quiet: bool = False
    last_document: str = ""
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    # --- where and how ---------------------------------------------------------------------
    def port(self, who: str) -> int:
        return self.base_port + {"a": 1, "b": 2}.get(who, 0)

    def url(self, who: str) -> str:
        return f"http://127.0.0.1:{self.port(who)}"

    def env(self, who: str) -> dict[str, str]:
        signatures = self.root / "signatures"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.root / f'{who}.sqlite3'}",
            "MEDIA_ROOT": str(self.root / f"media-{who}"),
            "SIGNATURES_DEMO_DIR": str(signatures),
            "SOFTHSM2_CONF": str(self.softhsm_conf(who)),
            "SITE_URL": self.url(who),
            "SIMULATORS_ENABLED": "true",
            "EXCHANGE_TRANSPORT": "vdxp",
            "EXCHANGE_AXIS_URL": f"{self.url('axis')}/mo-phong/truc-lien-thong",
            "EXCHANGE_TIMEOUT_SECONDS": "5",
            "EXCHANGE_RETRY_BASE_SECONDS": str(self.retry_base),
            "EXCHANGE_RETRY_MAX_SECONDS": str(self.retry_max),
            "PYTHONUNBUFFERED": "1",
        }
        env["DJANGO_SETTINGS_MODULE"] = "tools.exchange_pair_settings"
        side = {"a": A, "b": B}.get(who)
        if side is not None:
            env |= {"EXCHANGE_SYSTEM_ID": f"tinhso-{who}", "EXCHANGE_SECRET": side.secret}
        return env

    def softhsm_conf(self, who: str) -> Path:
        own = self.root / f"token-{who}" / "softhsm2.conf"
        return own if own.exists() else self.root / "signatures" / "softhsm" / "softhsm2.conf"

    def split_tokens(self) -> None:
        """Each instance its own copy of the token (one HSM per province): SoftHSM2's file
        store shared by a dozen processes answered a signing now and then with GeneralError
        (seen in the bench: a status 01 that B could not sign)."""
        shared = self.root / "signatures" / "softhsm" / "tokens"
        if not shared.exists():
            return
        for who in ("a", "b"):
            own = self.root / f"token-{who}"
            shutil.copytree(shared, own / "tokens")
            (own / "softhsm2.conf").write_text(
                f"directories.tokendir = {own / 'tokens'}\nobjectstore.backend = file\n"
                "log.level = ERROR\n"
            )

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def manage(self, who: str, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 – our own interpreter and arguments
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(who), capture_output=True,
            text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"[{who}] manage.py {' '.join(args)}:\n{done.stderr[-3000:]}")
        return done.stdout

    def drive(self, who: str, step: str, **options: Any) -> dict[str, Any]:
        args = [step]
        for key, value in options.items():
            flag = "--" + key.replace("_", "-")
            args += [flag] if value is True else [flag, str(value)]
        out = self.manage(who, "exchange_drive", *args)
        return dict(json.loads(out.strip().splitlines()[-1]))

    # --- setting up ------------------------------------------------------------------------
    def prepare(self, *, full_demo: bool = False) -> dict[str, float]:
        """Fresh databases (migrated once, copied three times), A and B, the axis's systems."""
        times: dict[str, float] = {}
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        start = time.monotonic()
        self.manage("template", "migrate", "--noinput")
        for who in ("axis", "a", "b"):
            shutil.copy(self.root / "template.sqlite3", self.root / f"{who}.sqlite3")
        times["migrate"] = time.monotonic() - start
        start = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            axis = pool.submit(self.register_systems)
            # one after the other: the two share the demo CA and the token they create
            if full_demo:
                self.manage("a", "load_demo")
            else:
                self.peer(A)
            self.peer(B)
            axis.result()
        self.split_tokens()
        times["setup"] = time.monotonic() - start
        return times

    def peer(self, side: Side) -> None:
        self.manage(side.who, "exchange_peer", "--organ", side.organ, "--name", side.name,
                    "--abbreviation", side.abbreviation, "--unit-code", side.unit_code,
                    "--unit-name", side.unit_name)  # fmt: skip

    def register_systems(self) -> None:
        for side in (A, B):
            self.manage("axis", "axis_register", "--system-id", f"tinhso-{side.who}",
                        "--secret", side.secret, "--organ", side.organ)  # fmt: skip

    # --- processes -------------------------------------------------------------------------
    def _spawn(self, name: str, who: str, *args: str) -> None:
        log = open(self.root / f"{name}.log", "ab")  # noqa: SIM115 – kept open by the child
        self.procs[name] = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(who), stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def start(self, who: str) -> None:
        """The server (and, for A and B, the exchange loop) of `who`; returns once it answers."""
        self._spawn(f"{who}-server", who, "runserver", "--noreload", f"127.0.0.1:{self.port(who)}")
        if who != "axis":
            self._spawn(f"{who}-loop", who, "exchange_run", "--every", str(self.every))
        self.wait_http(who)

    def stop(self, who: str) -> None:
        for name in (f"{who}-loop", f"{who}-server"):
            proc = self.procs.pop(name, None)
            if proc is None or proc.poll() is not None:
                continue
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)

    def stop_all(self) -> None:
        for who in ("a", "b", "axis"):
            self.stop(who)

    def wait_http(self, who: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        path = "/mo-phong/truc-lien-thong/" if who == "axis" else "/"
        while time.monotonic() < deadline:
            proc = self.procs.get(f"{who}-server")
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{who}: máy chủ dừng, xem {self.root / f'{who}-server.log'}")
            try:
                urllib.request.urlopen(self.url(who) + path, timeout=2)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return  # it answers (a 404 or 405 is an answer)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{who}: máy chủ không trả lời sau {timeout:.0f} giây")

    def start_all(self) -> None:
        for who in ("axis", "a", "b"):
            self.start(who)

    # --- the journey -----------------------------------------------------------------------
    def journey(self) -> list[str]:
        """A → B and back; returns the codes A saw, in order, and prints each."""
        issued = self.drive("a", "issue", to=B.organ, to_name=B.name,
                            subject="V/v phối hợp thẩm định hồ sơ cán bộ liên tỉnh")  # fmt: skip
        doc = self.last_document = issued["document"]
        self.say(f"A ban hành văn bản {issued['number']} gửi {B.name} (mã liên thông {doc})")
        seen: list[str] = []
        steps = [
            ("01", None, "B nhận văn bản (01)"),
            ("03", "register", "B vào sổ văn bản đến (03)"),
            ("04", "assign", "B phân công xử lý (04)"),
            ("05", "progress", "B đang xử lý (05)"),
            ("06", "complete", "B hoàn thành (06)"),
        ]
        for code, step, label in steps:
            if step:
                self.drive("b", step, document=doc)
            shown = self.drive("a", "wait", document=doc, code=code, timeout=60)
            seen = shown["recipients"][0]["codes"]
            self.say(f"  {label:<32} A thấy: {shown['recipients'][0]['status_label']:<28} "
                     f"trạng thái {' → '.join(seen)}  ({shown['waited']:.1f} s)")  # fmt: skip
        self.drive("a", "recall", document=doc, reason="Ban hành nhầm đối tượng")
        self.say("A thu hồi văn bản (13)")
        self.drive("b", "arrival", document=doc)
        self.wait_recall(doc)
        self.drive("b", "agree", document=doc)
        shown = self.drive("a", "wait", document=doc, code="15", timeout=60)
        seen = shown["recipients"][0]["codes"]
        self.say(f"  B đồng ý thu hồi (15)             A thấy: "
                 f"{shown['recipients'][0]['status_label']:<28} trạng thái "
                 f"{' → '.join(seen)}  ({shown['waited']:.1f} s)")  # fmt: skip
        copy = self.drive("b", "copy", document=doc)
        self.say(f"  Bản của B: {copy['copies'][0]['state']}")
        return list(seen)

    def wait_recall(self, doc: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            incoming = self.drive("b", "copy", document=doc)["incoming"]
            if any(m["type"] == "revocation" for m in incoming):
                return
            time.sleep(0.5)
        raise RuntimeError("B không nhận được yêu cầu thu hồi")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journey-only", action="store_true", help="dừng sau hành trình")
    parser.add_argument("--base-port", type=int, default=8100, help="trục; A +1, B +2")
    parser.add_argument("--full-demo", action="store_true", help="A nạp toàn bộ load_demo")
    options = parser.parse_args()
    pair = Pair(base_port=options.base_port)

    def _terminate(*_: Any) -> None:
        raise KeyboardInterrupt  # a kill stops the five processes as Ctrl-C does

    signal.signal(signal.SIGTERM, _terminate)
    try:
        times = pair.prepare(full_demo=options.full_demo)
        pair.say(f"Chuẩn bị: migrate {times['migrate']:.1f} s, A và B {times['setup']:.1f} s")
        pair.start_all()
        start = time.monotonic()
        pair.journey()
        pair.say(f"Hành trình xong trong {time.monotonic() - start:.1f} s")
        if options.journey_only:
            return 0
        pair.say("")
        pair.say(f"Trục mô phỏng: {pair.url('axis')}/mo-phong/truc-lien-thong/")
        pair.say(f"A – {A.name}: {pair.url('a')}/  (vanthu.stp, giamdoc.stp, …)")
        pair.say(f"B – {B.name}: {pair.url('b')}/  (vanthu.snv, giamdoc.snv, …)")
        pair.say(f"Mật khẩu chung: {DEMO_PASSWORD}. Nhật ký: {pair.root}/*.log. Ctrl-C để dừng.")
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        pair.stop_all()


if __name__ == "__main__":
    sys.exit(main())
