"""The menu's question about the person: may they open "Tình trạng hệ thống"?"""

from django import template

from tinhso.operations import access

register = template.Library()


@register.filter
def is_it_admin(user: object) -> bool:
    return access.user_is_it_admin(user)
