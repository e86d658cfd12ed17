"""The database refuses to change or remove audit rows, whatever the code asking."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tinhso.audit.chain import link_pending
from tinhso.audit.models import AuditEvent
from tinhso.audit.services import audit_record
from tinhso.audit.tests.tampering import (
    PG_TRIGGER,
    SQLITE_TRIGGERS,
    installed_guard_triggers,
    raw_sql,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows() -> list[AuditEvent]:
    events = [audit_record(actor=None, action="test.act", summary=f"{i}") for i in range(3)]
    link_pending()
    return events


def test_the_guard_is_installed():
    expected = {PG_TRIGGER} if connection.vendor == "postgresql" else set(SQLITE_TRIGGERS)
    assert installed_guard_triggers() == expected


def test_the_orm_cannot_update_an_audit_row(rows):
    with pytest.raises(IntegrityError, match="chỉ được ghi thêm"), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[1].pk).update(summary="đã sửa")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[1].pk).update(at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.update(ip_address="10.0.0.1")
    assert AuditEvent.objects.get(pk=rows[1].pk).summary == "1"


def test_the_chain_columns_are_written_once(rows):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[1].pk).update(row_hash="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[1].pk).update(seq=None)


def test_an_unlinked_row_may_only_be_linked_with_its_content_unchanged():
    event = audit_record(actor=None, action="test.act", summary="chưa nối")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(seq=1, summary="đã sửa trước khi nối")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="đã sửa trước khi nối")
    assert link_pending() == 1


def test_the_orm_cannot_delete_an_audit_row(rows):
    with pytest.raises(IntegrityError, match="chỉ được ghi thêm"), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[1].pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        rows[2].delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].pk])
    assert AuditEvent.objects.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets the oldest row go, for Django's flush (migration 0002)",
)
def test_on_postgresql_not_even_the_oldest_row_may_be_deleted(rows):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=rows[0].pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 3


def test_a_new_row_cannot_claim_a_place_in_the_chain(rows):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(action="test.forged", seq=4, prev_hash=rows[2].row_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(action="test.forged", row_hash="f" * 64)
