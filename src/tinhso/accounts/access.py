"""Who a person is to the platform: a staff member, an applicant, a province-wide reader.

Every page and API endpoint asks these functions (or the decorators built from them); no view
tests `user.kind` itself. The dossier rules build on them in tinhso.dossiers.access, the
statistics rules in tinhso.statistics.access (docs/access.md).

Pairs: `user_X(user) -> bool` answers; `check_user_X(user) -> None` raises AccessDenied,
which Django answers with 403 (it is a PermissionDenied).
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from tinhso.accounts.constants import AccountKind
from tinhso.accounts.models import StaffRole
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import PROVINCE_WIDE_ROLES, Role

STAFF_ONLY = "Trang này dành cho cán bộ, công chức."
APPLICANTS_ONLY = "Trang này dành cho công dân, doanh nghiệp."
NOT_RECEPTION = "Bạn không phải cán bộ một cửa của cơ quan nào."

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class AccessDenied(PermissionDenied):
    """The user may not do this; the message says why, in Vietnamese (answered with 403)."""


def user_is_signed_in(user: Any) -> bool:
    """Signed in with an account that is still active."""
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def active_roles(user: Any) -> list[StaffRole]:
    """The staff roles the user holds now (none for citizens and anonymous visitors)."""
    if not user_is_staff(user):
        return []
    return list(StaffRole.objects.filter(user=user, is_active=True))


def user_is_staff(user: Any) -> bool:
    """A signed-in officer (cán bộ, công chức), whatever their roles."""
    return user_is_signed_in(user) and user.kind == AccountKind.STAFF


def check_user_is_staff(user: Any, message: str = STAFF_ONLY) -> None:
    if not user_is_staff(user):
        raise AccessDenied(message)


def user_is_applicant(user: Any) -> bool:
    """A signed-in citizen or business: the accounts that file dossiers for themselves."""
    return user_is_signed_in(user) and user.kind != AccountKind.STAFF


def check_user_is_applicant(user: Any, message: str = APPLICANTS_ONLY) -> None:
    if not user_is_applicant(user):
        raise AccessDenied(message)


def user_reads_whole_province(user: Any) -> bool:
    """Province leaders and system administrators read across every agency."""
    if not user_is_staff(user):
        return False
    if user.is_superuser:
        return True
    return StaffRole.objects.filter(
        user=user, is_active=True, role__in=PROVINCE_WIDE_ROLES
    ).exists()


def user_has_role(user: Any, role: Role, agency: Agency | None = None) -> bool:
    """Holds `role` now (in `agency`, or in any agency when None)."""
    if not user_is_staff(user):
        return False
    qs = StaffRole.objects.filter(user=user, is_active=True, role=role)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.exists()


def agencies_of(user: Any, roles: Iterable[Role] | None = None) -> QuerySet[Agency]:
    """The agencies in which the user holds (one of) the given roles now; none for citizens."""
    if not user_is_staff(user):
        return Agency.objects.none()
    qs = StaffRole.objects.filter(user=user, is_active=True)
    wanted = set(roles or ())
    if wanted:
        qs = qs.filter(role__in=wanted)
    return Agency.objects.filter(pk__in=qs.values("agency_id"))


def reception_agencies(user: Any) -> QuerySet[Agency]:
    """Where the user is a one-stop officer (cán bộ một cửa) and so may receive dossiers."""
    return agencies_of(user, {Role.RECEPTION})


def user_can_receive(user: Any, agency: Agency | None = None) -> bool:
    """May receive dossiers at the counter: of `agency`, or of any agency when None."""
    agencies = reception_agencies(user)
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    return agencies.exists()


def check_user_can_receive(user: Any, agency: Agency | None = None) -> None:
    if not user_can_receive(user, agency):
        if agency is None:
            raise AccessDenied(NOT_RECEPTION)
        raise AccessDenied("Chỉ cán bộ một cửa của cơ quan tiếp nhận được ghi nhận hồ sơ.")


def _requiring(check: Callable[[Any], None]) -> Callable[[View], View]:
    """A view decorator: sign in first (redirect to the sign-in page), then `check`."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            check(request.user)
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


staff_required = _requiring(check_user_is_staff)
applicant_required = _requiring(check_user_is_applicant)
