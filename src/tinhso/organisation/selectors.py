from datetime import date

from django.db.models import Q, QuerySet

from tinhso.core.text import fold
from tinhso.organisation.constants import AgencyKind, UnitLevel
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


def commune_body(unit: AdministrativeUnit) -> Agency | None:
    """The active UBND of a commune (xã, phường), or None when the catalogue has none."""
    return (
        Agency.objects.filter(unit=unit, kind=AgencyKind.UBND_XA, is_active=True)
        .order_by("pk")
        .first()
    )


def commune_named(value: str, *, on: date) -> AdministrativeUnit | None:
    """The current commune a free answer names: its code ("90001") or its name with or
    without diacritics and with or without "xã"/"phường" ("Phường Tân Ninh", "tan ninh");
    None when nothing or more than one commune matches."""
    text = (value or "").strip()
    if not text:
        return None
    communes = communes_current(on=on)
    by_code = communes.filter(code=text).first()
    if by_code is not None:
        return by_code
    wanted = _bare(fold(text))
    found = [u for u in communes if _bare(fold(u.name)) == wanted]
    return found[0] if len(found) == 1 else None


def commune_in_address(address: str, *, on: date) -> AdministrativeUnit | None:
    """The one current commune an address names as "xã X" / "phường X" / "đặc khu X"
    (diacritics ignored); None when it names none or several."""
    folded = f" {fold(address or '')} "
    found = [
        u
        for u in communes_current(on=on)
        if any(f" {p} {_bare(fold(u.name))} " in folded for p in _PREFIXES)
    ]
    return found[0] if len(found) == 1 else None


_PREFIXES = ("xa", "phuong", "dac khu", "thi tran")


def _bare(folded_name: str) -> str:
    for prefix in _PREFIXES:
        if folded_name.startswith(prefix + " "):
            return folded_name[len(prefix) + 1 :]
    return folded_name
