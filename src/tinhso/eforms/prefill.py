"""What an account already tells about its holder, for e-forms to fill in (constants.Prefill).

The account model may not (yet) hold every item: a missing or blank one is simply asked for.
"""

from datetime import date
from typing import Any

from tinhso.eforms.constants import Prefill


def _birth_date(account: Any) -> date | None:
    for name in ("birth_date", "date_of_birth"):
        value = getattr(account, name, None)
        if isinstance(value, date):
            return value
    return None


def account_values(account: Any) -> dict[str, Any]:
    """Prefill source → the account's value; blanks left out."""
    if account is None or not getattr(account, "is_authenticated", False):
        return {}
    values = {
        Prefill.FULL_NAME: account.full_name,
        Prefill.CCCD: account.cccd or "",
        Prefill.BIRTH_DATE: _birth_date(account),
        Prefill.PHONE: account.phone or "",
        Prefill.EMAIL: account.email or "",
        Prefill.ADDRESS: getattr(account, "address", "") or "",
        Prefill.ORGANISATION_NAME: account.organisation_name or "",
        Prefill.TAX_CODE: account.tax_code or "",
    }
    return {str(k): v for k, v in values.items() if v not in (None, "")}
