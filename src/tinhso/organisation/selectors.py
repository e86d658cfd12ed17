from datetime import date

from django.db.models import Q, QuerySet

from tinhso.organisation.constants import UnitLevel
from tinhso.organisation.models import AdministrativeUnit, Agency


def units_current(*, on: date, level: str | None = None) -> QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
    )
    if level:
        qs = qs.filter(level=level)
    return qs


def communes_current(*, on: date) -> QuerySet[AdministrativeUnit]:
    return units_current(on=on, level=UnitLevel.COMMUNE)


def agencies_active() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("unit")


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()
