"""Amounts of money: whole đồng (the Vietnamese đồng has no subunit in use)."""

# The largest amount any form or API accepts, in đồng: a trillion is far above any fee or
# charge, and Dossier.fees_* (PositiveBigIntegerField, up to 2**63 - 1) still hold a sum of
# several. A bigger number is a 422 with a Vietnamese message, never a database error.
MAX_AMOUNT = 10**12
