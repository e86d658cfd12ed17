from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tinhso.audit.models import AuditEvent
from tinhso.catalogue import selectors, services
from tinhso.catalogue.constants import VersionStatus

pytestmark = pytest.mark.django_db


def test_revising_makes_a_draft_and_publishing_replaces_from_its_date(import_records, record):
    import_records(record())
    v1 = selectors.version_in_force("1.001193", date(2026, 1, 1))
    draft = services.procedure_revise(version=v1)
    assert draft.status == VersionStatus.DRAFT and draft.number == 2
    assert services.procedure_revise(version=v1) == draft  # one draft at a time
    draft.name = "Đăng ký khai sinh (sửa đổi)"
    draft.save()
    services.version_publish(version=draft, effective_from=date(2027, 1, 1))
    v1.refresh_from_db()
    assert v1.effective_to == date(2027, 1, 1)
    assert selectors.version_in_force("1.001193", date(2026, 12, 31)).number == 1
    assert selectors.version_in_force("1.001193", date(2027, 1, 1)).name.endswith("(sửa đổi)")
    assert AuditEvent.objects.filter(
        action="catalogue.version.publish", object_id=draft.pk
    ).exists()


def test_a_version_cannot_start_before_the_one_it_replaces(import_records, record):
    import_records(record())
    v1 = selectors.version_in_force("1.001193", date(2026, 1, 1))
    draft = services.procedure_revise(version=v1)
    with pytest.raises(ValidationError, match="phải sau ngày áp dụng của phiên bản 1"):
        services.version_publish(version=draft, effective_from=date(2025, 7, 1))


def test_a_published_version_cannot_be_published_again(import_records, record):
    import_records(record())
    v1 = selectors.version_in_force("1.001193", date(2026, 1, 1))
    with pytest.raises(ValidationError, match="đã được công bố"):
        services.version_publish(version=v1, effective_from=date(2027, 1, 1))


def test_revising_keeps_the_vneid_level_the_procedure_requires(import_records, record):
    # Nghị định 69/2024/NĐ-CP: a procedure filed online only with a VNeID account of mức 2.
    import_records(record())
    v1 = selectors.version_in_force("1.001193", date(2026, 1, 1))
    v1.min_assurance = "2"
    v1.save(update_fields=["min_assurance"])
    draft = services.procedure_revise(version=v1)
    assert draft.min_assurance == "2"
