"""What every /api/v1 router shares: the error body, the error responses each operation
documents, and bounded input types (a bad number is a 422, never a 500).

Schema class names are the OpenAPI component names: they must be unique across the routers
(tests/security/test_openapi_contract.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, overload

from django.utils import timezone
from ninja import Path, Schema
from ninja.errors import HttpError
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from tinhso.core.money import MAX_AMOUNT

# Database ids are BigAutoField: at most 2**63 - 1 on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000

Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT, description="số tiền, đồng")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Dossier codes (000.00.12.H53-261203-0001), procedure codes (1.001232), agency codes.
CODE_PATTERN = r"^[0-9A-Za-z._-]{1,40}$"


def code_path(description: str) -> Any:
    """A code in the URL: letters, digits, '.', '-', '_' (422 otherwise)."""
    return Path(..., pattern=CODE_PATTERN, max_length=40, description=description)


def id_path(description: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)


NUL_MESSAGE = "không được chứa ký tự NUL (\\u0000)"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """Base of every input schema: no NUL character anywhere (PostgreSQL refuses it in text,
    which would otherwise surface as a 500)."""

    # After validation: a nested schema is checked by its own validator, naming its field.
    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("null_character", NUL_MESSAGE)
        return value


class FieldErrorOut(Schema):
    field: str = Field(description="trường sai, ví dụ applicant.cccd")
    message: str


class ErrorOut(Schema):
    """Every refusal: a Vietnamese `detail`, and per field `errors` for 422."""

    detail: str
    errors: list[FieldErrorOut] = []


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error responses an operation documents, all with the ErrorOut body."""
    return dict.fromkeys(codes, ErrorOut)


# A refusal by the rules and the status it answers: (exception kind or kinds, HTTP status).
Refusal = tuple[type[Exception] | tuple[type[Exception], ...], int]


@contextmanager
def refusals(*rules: Refusal) -> Iterator[None]:
    """Inside the block, an exception of a kind named in `rules` becomes the error answer of
    its status, its Vietnamese message as `detail`; the first rule naming its kind wins, so
    a subclass goes before its base. Any other exception goes on as it was."""
    try:
        yield
    except Exception as exc:
        for kinds, status in rules:
            if isinstance(exc, kinds):
                raise HttpError(status, str(exc)) from exc
        raise


DOSSIER_CODE = "mã hồ sơ, ví dụ 000.00.12.H53-260105-0001"


@overload
def local_time(value: datetime) -> datetime: ...
@overload
def local_time(value: datetime | None) -> datetime | None: ...
def local_time(value: datetime | None) -> datetime | None:
    """Times in the province's zone (+07:00), as people and the national portal read them."""
    return timezone.localtime(value) if value is not None else None
