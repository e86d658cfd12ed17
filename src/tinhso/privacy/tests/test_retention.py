"""Issue 12 item 17 (c): the retention schedule and `manage.py privacy_purge [--dry-run]`
(Luật 91/2025/QH15 Điều 2, 14; tinhso.privacy.retention)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.constants import Status, Timeliness
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.retention import ANONYMISED_NAME
from tinhso.eforms.models import EFormAnswers
from tinhso.notifications.constants import Channel
from tinhso.notifications.constants import Status as Sent
from tinhso.notifications.models import Notification
from tinhso.privacy import retention
from tinhso.privacy.models import PersonalDataAccess
from tinhso.submission.models import Draft, DraftFile

from .conftest import PDF

pytestmark = pytest.mark.django_db
YEAR = timedelta(days=365)


@pytest.fixture
def old_and_new(cast, province, procedures, received, new_dossier):
    now = timezone.now()
    version = procedures["lltp"]
    drafts = [
        Draft.objects.create(
            applicant=cast.citizen, version=version, receiving_agency=province["stp"]
        )
        for _ in range(2)
    ]
    Draft.objects.filter(pk=drafts[0].pk).update(updated_at=now - 2 * YEAR)
    kept_file = DraftFile(
        draft=drafts[0], component=version.components.first(), original_name="cccd.pdf"
    )
    kept_file.file.save("cccd.pdf", ContentFile(PDF), save=False)
    kept_file.save()

    def message(status, age):
        row = Notification.objects.create(
            channel=Channel.EMAIL,
            recipient="anh@example.vn",
            body="Hồ sơ của bà Ánh",
            reference="x",
            status=status,
        )
        Notification.objects.filter(pk=row.pk).update(created_at=now - age)

    message(Sent.SENT, 2 * YEAR)
    message(Sent.FAILED, 2 * YEAR)
    message(Sent.PENDING, 2 * YEAR)  # still to be sent: kept
    message(Sent.SENT, timedelta(days=30))

    recent = dossier_services.counter_receive(new_dossier(), actor=cast.reception)
    closed = {"status": Status.RETURNED, "timeliness": Timeliness.ON_TIME}
    Dossier.objects.filter(pk=received.pk).update(closed_at=now - 11 * YEAR, **closed)
    Dossier.objects.filter(pk=recent.pk).update(closed_at=now - YEAR, **closed)
    EFormAnswers.objects.create(
        dossier=received, title="Tờ khai", schema={}, answers={"ho_ten": "Nguyễn Thị Ánh"}
    )
    PersonalDataAccess.objects.create(
        username="motcua.stp", dossier_code=received.code, what="page", at=now - 3 * YEAR
    )
    PersonalDataAccess.objects.create(username="motcua.stp", dossier_code=recent.code, what="page")
    return {"old_draft": drafts[0], "file": kept_file.file.name, "old": received, "recent": recent}


def run(*args: str) -> str:
    out = StringIO()
    call_command("privacy_purge", *args, stdout=out)
    return out.getvalue()


def test_every_rule_has_a_period_and_a_basis():
    for rule in retention.RULES.values():
        assert rule.days > 0 and ("Luật" in rule.basis or "regulations" in rule.basis)
        assert rule.purge


def test_a_dry_run_counts_and_changes_nothing(old_and_new):
    messages = Notification.objects.count()
    text = run("--dry-run")
    assert "Chạy thử" in text
    assert "Hồ sơ nháp nộp trực tuyến: 1" in text
    assert "Thông báo đã gửi (thư, SMS): 2" in text
    assert "Hồ sơ đã kết thúc (khử nhận dạng): 1" in text
    assert "Nội dung tờ khai của hồ sơ đã kết thúc: 1" in text
    assert "Nhật ký truy cập dữ liệu cá nhân: 1" in text
    assert Draft.objects.count() == 2 and Notification.objects.count() == messages
    assert Dossier.objects.get(pk=old_and_new["old"].pk).applicant_name != ANONYMISED_NAME
    assert PersonalDataAccess.objects.count() == 2
    assert not AuditEvent.objects.filter(action="privacy.purge").exists()


def test_the_purge_deletes_and_anonymises_and_keeps_the_statistics(
    old_and_new, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    old = Dossier.objects.get(pk=old_and_new["old"].pk)
    kept = {
        f: getattr(old, f)
        for f in (
            "status",
            "timeliness",
            "procedure_version_id",
            "receiving_agency_id",
            "received_at",
            "closed_at",
            "due_at",
            "fees_paid",
        )
    }
    messages = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        text = run()
    assert "Hồ sơ nháp nộp trực tuyến: 1" in text
    assert not Draft.objects.filter(pk=old_and_new["old_draft"].pk).exists()
    assert not default_storage.exists(old_and_new["file"])
    assert Notification.objects.count() == messages - 2
    assert Notification.objects.filter(status=Sent.PENDING, body="Hồ sơ của bà Ánh").exists()

    old.refresh_from_db()
    assert old.applicant_name == ANONYMISED_NAME and old.applicant is None
    assert (old.applicant_cccd, old.applicant_phone, old.applicant_email) == ("", "", "")
    assert {f: getattr(old, f) for f in kept} == kept  # the statistics' inputs stay
    assert EFormAnswers.objects.get(dossier=old).answers == {}
    recent = Dossier.objects.get(pk=old_and_new["recent"].pk)
    assert recent.applicant_name != ANONYMISED_NAME and recent.applicant_cccd
    assert list(PersonalDataAccess.objects.values_list("dossier_code", flat=True)) == [recent.code]
    event = AuditEvent.objects.get(action="privacy.purge")
    assert event.changes["closed_dossiers:Hồ sơ đã kết thúc (khử nhận dạng)"] == 1
    # run again: nothing left to purge
    assert "Hồ sơ đã kết thúc (khử nhận dạng): 0" in run()


def test_a_province_may_set_its_own_period(old_and_new, settings):
    settings.PRIVACY_RETENTION_DAYS = {"closed_dossiers": 300}
    assert "Hồ sơ đã kết thúc (khử nhận dạng): 2" in run("--dry-run")
