"""The navigation's questions about the person, answered by tinhso.accounts.access."""

from django import template

from tinhso.accounts import access

register = template.Library()


@register.filter
def is_staff_user(user: object) -> bool:
    """A signed-in officer: the back-office menu (Hồ sơ cần xử lý)."""
    return access.user_is_staff(user)


@register.filter
def is_applicant(user: object) -> bool:
    """A signed-in citizen or business: Hồ sơ của tôi, Kho dữ liệu."""
    return access.user_is_applicant(user)
