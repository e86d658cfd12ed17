"""api_common.refusals: a refused step becomes the documented error answer (issue 14 item 3)."""

import pytest
from ninja.errors import HttpError

from tinhso.api_common import refusals


class Refused(ValueError):
    pass


class Stale(Refused):
    pass


RULES = ((Stale, 409), (Refused, 422), ((KeyError, LookupError), 404))


def _status(exc: Exception) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught, refusals(*RULES):
        raise exc
    assert caught.value.__cause__ is exc
    return caught.value.status_code, str(caught.value)


def test_the_first_rule_naming_the_kind_gives_the_status_and_the_message_stays():
    assert _status(Stale("Hồ sơ vừa được cập nhật.")) == (409, "Hồ sơ vừa được cập nhật.")
    assert _status(Refused("Thiếu trích yếu.")) == (422, "Thiếu trích yếu.")
    assert _status(IndexError("Không có dòng này."))[0] == 404


def test_other_exceptions_and_a_quiet_block_pass_through():
    with pytest.raises(TypeError), refusals(*RULES):
        raise TypeError("lỗi lập trình")
    with refusals(*RULES):
        done = True
    assert done
