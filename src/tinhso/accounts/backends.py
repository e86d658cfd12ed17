"""Signing in with a username, an e-mail address or a mobile number, and a password."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tinhso.accounts import selectors
from tinhso.accounts.models import User


class IdentifierBackend(ModelBackend):
    """Django's model backend, finding the account by username, e-mail or phone number.

    Citizens and businesses usually remember their e-mail or phone rather than a generated
    username; the phone number may be typed as 0912 345 678, 84912345678 or +84912345678.
    Permissions work as with ModelBackend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = selectors.user_for_identifier(username)
        if user is None:
            # Hash anyway, so that the time taken does not tell which identifiers exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
