"""An API token's "last used" is kept to the minute, not written on every call (issue 17)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.tokens import token_issue, user_for_token

pytestmark = pytest.mark.django_db


def test_last_used_is_recorded_once_a_minute(django_assert_num_queries):
    user = User.objects.create_user(username="hethong.ngoai", password="x", kind="staff")
    secret = token_issue(user=user, name="hệ thống ngoài")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert user_for_token(secret) == user
        token = ApiToken.objects.get(user=user)
        assert token.last_used_at == start
        with django_assert_num_queries(1):  # the look-up only
            assert user_for_token(secret) == user
    later = start + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        user_for_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == later
    assert user_for_token("ts_" + "0" * 40) is None
