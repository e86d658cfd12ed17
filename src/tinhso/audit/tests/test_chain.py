"""The audit record is a hash chain, and audit_verify finds the first place it was tampered with."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from tinhso.accounts import services as accounts
from tinhso.audit.chain import GENESIS, link_pending
from tinhso.audit.models import AuditEvent
from tinhso.audit.services import audit_record
from tinhso.audit.tests.tampering import guard_lifted, raw_sql

pytestmark = pytest.mark.django_db


def record(n: int, actor: Any = None) -> list[AuditEvent]:
    events = [
        audit_record(
            actor=actor,
            action="test.act",
            summary=f"Việc thứ {i}",
            changes={"i": i, "ghi chú": "có dấu", "nested": {"b": 1, "a": [1, 2]}},
        )
        for i in range(n)
    ]
    link_pending()
    return events


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args, stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1
    return err.getvalue()


def test_each_row_carries_the_hash_of_the_row_before(province):
    before = AuditEvent.objects.count()  # the fixture's own rows, not linked yet
    record(3)
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, before + 4))
    assert rows[0].prev_hash == GENESIS
    for previous, row in itertools.pairwise(rows):
        assert row.prev_hash == previous.row_hash
        assert len(row.row_hash) == 64
        assert row.content_hash != row.row_hash


def test_a_row_is_linked_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = audit_record(actor=None, action="test.act", summary="một việc")
        event.refresh_from_db()
        assert event.seq is None  # not while the writer's transaction is open
    event.refresh_from_db()
    assert event.seq == 1
    assert event.row_hash


def test_an_intact_chain_verifies_with_its_count_and_anchor():
    record(4)
    out = verify()
    tip = AuditEvent.objects.get(seq=4)
    assert "OK" in out
    assert "4 dòng" in out
    assert f"4:{tip.row_hash}" in out
    assert "OK" in verify("--anchor", f"4:{tip.row_hash}", "--anchor", f"3:{tip.prev_hash}")


def test_verify_links_what_is_pending_first_unless_read_only():
    audit_record(actor=None, action="test.act")
    assert "1 dòng chưa được nối" in verify("--read-only")
    assert "Đã nối 1 dòng" in verify()
    assert AuditEvent.objects.get().seq == 1


def test_a_row_edited_with_raw_sql_is_named(province):
    events = record(5)
    target = events[2]
    target.refresh_from_db()
    with guard_lifted():
        raw_sql(
            "UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["Không có gì", target.pk]
        )
    err = verify_fails()
    assert f"id={target.pk}, seq={target.seq}" in err
    assert "nội dung của dòng đã bị sửa" in err


def test_a_row_edited_with_its_hashes_recomputed_breaks_the_next_link(province):
    events = record(4)
    target, following = events[1], events[2]
    target.refresh_from_db()
    following.refresh_from_db()
    from tinhso.audit.chain import CONTENT_FIELDS, content_digest, link_digest

    assert target.seq is not None
    with guard_lifted():
        raw_sql("UPDATE audit_auditevent SET action = 'test.khac' WHERE id = %s", [target.pk])
        row = AuditEvent.objects.filter(pk=target.pk).values("id", *CONTENT_FIELDS).get()
        content = content_digest(row)
        digest = link_digest(
            row_id=target.pk, seq=target.seq, content_hash=content, prev_hash=target.prev_hash
        )
        raw_sql(
            "UPDATE audit_auditevent SET content_hash = %s, row_hash = %s WHERE id = %s",
            [content, digest, target.pk],
        )
    err = verify_fails()
    assert f"id={following.pk}, seq={following.seq}" in err
    assert "liên kết bị đứt" in err
    assert f"dòng seq {target.seq} đã bị sửa" in err


def test_a_deleted_row_is_found(province):
    events = record(5)
    gone = events[3]
    gone.refresh_from_db()
    assert gone.seq is not None
    with guard_lifted():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [gone.pk])
    err = verify_fails()
    assert f"seq={gone.seq + 1}" in err
    assert f"thiếu dòng seq {gone.seq} " in err
    assert "đã bị xoá" in err


def test_a_cut_off_tail_is_found_against_a_recorded_anchor():
    record(5)
    tip = AuditEvent.objects.get(seq=5)
    with guard_lifted():
        raw_sql("DELETE FROM audit_auditevent WHERE seq >= 4")
    assert "OK" in verify("--read-only")  # the chain alone cannot see a cut-off tail …
    err = verify_fails("--read-only", "--anchor", f"5:{tip.row_hash}")  # … the anchor does
    assert "không còn dòng seq 5" in err


def test_verify_can_start_after_a_recorded_break():
    events = record(4)
    with guard_lifted():
        raw_sql("UPDATE audit_auditevent SET summary = 'sửa' WHERE id = %s", [events[0].pk])
    verify_fails()
    assert "OK" in verify("--from-seq", "2")
    with guard_lifted():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert "thiếu dòng seq 3" in verify_fails("--from-seq", "2")
    assert "(seq 4–4)" in verify("--from-seq", "4")


def test_a_rolled_back_change_leaves_no_row_and_no_gap():
    record(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.act")
        raise RuntimeError
    record(1)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert "OK" in verify()


def test_deleting_a_user_leaves_their_rows_intact():
    user = accounts.staff_create(username="nv1", full_name="Nhân Viên", password="Mật-khẩu-2026-!!")
    record(2, actor=user)
    user_id = user.pk
    user.delete()
    assert AuditEvent.objects.filter(actor_id=user_id, actor_label="nv1").count() == 2
    assert "OK" in verify()


def test_one_linking_hook_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as hooks:
        for _ in range(3):
            audit_record(actor=None, action="test.act")
    assert len(hooks) == 1


def test_a_rolled_back_savepoint_does_not_take_the_linking_hook_with_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        with pytest.raises(RuntimeError), transaction.atomic():
            audit_record(actor=None, action="test.rolled_back")
            raise RuntimeError
        kept = audit_record(actor=None, action="test.kept")
    assert len(hooks) == 1
    kept.refresh_from_db()
    assert kept.seq == 1


def test_the_address_recorded_is_the_one_the_trusted_proxy_saw(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.CLIENT_IP_HEADER = ""
    assert audit_record(actor=None, action="t", request=request).ip_address == "10.0.0.2"
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert audit_record(actor=None, action="t", request=request).ip_address == "203.0.113.7"
