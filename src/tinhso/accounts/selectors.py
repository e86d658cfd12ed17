"""Who a user is and where they may act. Every permission check starts here."""

from django.db.models import QuerySet

from tinhso.accounts.constants import PROVINCE_WIDE_ROLES, AccountKind, Role
from tinhso.accounts.models import StaffRole, User
from tinhso.organisation.models import Agency


def staff_roles(user: User) -> QuerySet[StaffRole]:
    return StaffRole.objects.filter(user=user, is_active=True).select_related(
        "agency", "department"
    )


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and user.kind == AccountKind.STAFF


def has_role(user: User, role: Role, agency: Agency | None = None) -> bool:
    if not is_staff_member(user):
        return False
    qs = staff_roles(user).filter(role=role)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.exists()


def reads_whole_province(user: User) -> bool:
    """Province leaders and system administrators read across every agency."""
    return is_staff_member(user) and (
        user.is_superuser or staff_roles(user).filter(role__in=PROVINCE_WIDE_ROLES).exists()
    )


def agencies_of(user: User, roles: set[Role] | None = None) -> QuerySet[Agency]:
    """The agencies in which the user holds (one of) the given roles."""
    qs = staff_roles(user)
    if roles:
        qs = qs.filter(role__in=roles)
    return Agency.objects.filter(pk__in=qs.values("agency_id"))
