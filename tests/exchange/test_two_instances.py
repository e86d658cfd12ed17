"""Issue 15 item 6: two running Tỉnh Số instances, two databases, one axis simulator.

A (Sở Tư pháp tỉnh Tây Ninh) and B (Sở Nội vụ tỉnh Tuyên Quang) are separate processes
(runserver + the `exchange_run` loop each), the axis a third; every step is a person's
action in its own process (manage.py exchange_drive), every status travels over HTTP.
The processes start once for the module (tools/exchange_pair.Pair).
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.exchange_pair import B, Pair

pytestmark = pytest.mark.two_instances


def _softhsm_missing() -> bool:
    lib = os.environ.get("PKCS11_LIB", "/usr/lib/softhsm/libsofthsm2.so")
    return not (Path(lib).exists() and shutil.which("softhsm2-util"))


def _free_base_port() -> int:
    """Three free consecutive ports (axis, A, B)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base > 65000:
            continue
        try:
            for offset in (1, 2):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        return base
    raise RuntimeError("no three free ports in a row")


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    if _softhsm_missing():
        if os.environ.get("CI") == "true":
            pytest.fail("SoftHSM2 is required in CI (apt-get install softhsm2)")
        pytest.skip("SoftHSM2 (softhsm2) is not installed: the agencies' seals cannot sign")
    # back-off from 1 s, capped at 4 s, so the axis-down test waits seconds, not minutes
    pair = Pair(
        root=tmp_path_factory.mktemp("exchange-pair"),
        base_port=_free_base_port(),
        retry_base=1,
        retry_max=4,
        every=0.5,
        quiet=True,
    )
    try:
        pair.prepare()
        pair.start_all()
        yield pair
    finally:
        pair.stop_all()


def _issue(pair: Pair, subject: str, **kw: Any) -> str:
    issued = pair.drive("a", "issue", to=B.organ, to_name=B.name, subject=subject, **kw)
    return str(issued["document"])


def _until(check: Callable[[], Any], timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


def _recipient(shown: dict[str, Any]) -> dict[str, Any]:
    assert len(shown["recipients"]) == 1
    return dict(shown["recipients"][0])


def test_a_letter_crosses_every_status_comes_back_and_a_recall_freezes_the_copy(pair):
    codes = pair.journey()
    assert codes == ["01", "03", "04", "05", "06", "15"]
    # the journey's letter is the first A issued: its copy at B is recalled and frozen
    doc = pair.drive("a", "show", document=pair.last_document)
    assert doc["state"] == "recalled"
    assert _recipient(doc)["status"] == "recalled"
    copy = pair.drive("b", "copy", document=doc["document"])
    assert [c["state"] for c in copy["copies"]] == ["recalled"]
    with pytest.raises(RuntimeError, match=r"TransitionError|thu hồi|NotAllowed"):
        pair.drive("b", "register", document=doc["document"])  # a frozen copy stays frozen


def test_the_same_message_resent_creates_nothing_new(pair):
    doc = _issue(pair, "V/v gửi lại cùng một gói tin")
    assert "01" in _recipient(pair.drive("a", "wait", document=doc, code="01"))["codes"]
    resent = pair.drive("a", "resend", document=doc)
    assert resent["sent"] == 2  # the axis took both: the old message id and a new one

    def second_handled() -> list[dict[str, Any]]:
        incoming = pair.drive("b", "copy", document=doc)["incoming"]
        return [m for m in incoming if m["type"] == "edoc" and m["state"] == "ignored"]

    assert len(_until(second_handled)) == 1  # the new id arrived once and was set aside
    copy = pair.drive("b", "copy", document=doc)
    assert len(copy["copies"]) == 1  # registered once, by DocumentId
    edocs = [m["state"] for m in copy["incoming"] if m["type"] == "edoc"]
    assert sorted(edocs) == ["ignored", "received"]  # the same id never came again
    statuses = _recipient(pair.drive("a", "show", document=doc))["codes"]
    assert statuses.count("01") == 1


def test_the_receiver_down_during_the_send_gets_the_letter_once(pair):
    pair.stop("b")
    try:
        doc = _issue(pair, "V/v gửi khi nơi nhận đang dừng")
        shown = pair.drive("a", "show", document=doc)
        assert [m["state"] for m in shown["outbox"]] == ["sent"]  # the axis keeps it
        assert _recipient(shown)["codes"] == []
    finally:
        pair.start("b")
    shown = pair.drive("a", "wait", document=doc, code="01")
    assert _recipient(shown)["codes"] == ["01"]
    copy = pair.drive("b", "copy", document=doc)
    assert len(copy["copies"]) == 1
    assert [m["state"] for m in copy["incoming"] if m["type"] == "edoc"] == ["received"]


def test_the_axis_down_during_the_send_is_retried_with_backoff_and_delivered_once(pair):
    pair.stop("axis")
    try:
        doc = _issue(pair, "V/v gửi khi trục liên thông đang dừng")

        def retried() -> dict[str, Any] | None:
            shown = pair.drive("a", "show", document=doc)
            row = shown["outbox"][0]
            return row if row["attempts"] >= 2 else None

        row = _until(retried, timeout=20)
        assert row is not None and row["state"] == "retrying" and row["error"]
        assert _recipient(pair.drive("a", "show", document=doc))["status"] == "exchange_waiting"
    finally:
        pair.start("axis")
    shown = pair.drive("a", "wait", document=doc, code="01", timeout=40)
    assert _recipient(shown)["codes"] == ["01"]
    assert [m["state"] for m in shown["outbox"]] == ["sent"]
    copy = pair.drive("b", "copy", document=doc)
    assert len(copy["copies"]) == 1


def test_a_tampered_package_is_refused_with_02_and_the_sender_sees_it(pair):
    doc = _issue(pair, "V/v gói tin bị sửa trên đường", tamper=True)
    shown = pair.drive("a", "wait", document=doc, code="02")
    row = _recipient(shown)
    assert row["codes"] == ["02"] and row["status"] == "refused"
    assert "chữ ký" in row["events"][-1]["note"].lower()
    copy = pair.drive("b", "copy", document=doc)
    assert copy["copies"] == []  # nothing half-registered
    assert [m["state"] for m in copy["incoming"]] == ["refused"]
    assert "chữ ký" in copy["incoming"][0]["error"].lower()
