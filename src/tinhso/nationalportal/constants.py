from django.db import models

# Where the national portal's dossier code comes from: the portal's own numbering, which we keep
# as given (letters, digits and . _ - /), never as our code (TT 03/2025/TT-VPCP: one dossier,
# one code of the receiving agency; the portal's code is the cross-reference).
EXTERNAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$"

# A portal clock a little ahead of ours is tolerated for `submitted_at`.
CLOCK_SKEW_SECONDS = 300

# The longest wait between two attempts at a status update.
MAX_BACKOFF_SECONDS = 6 * 3600


class MessageState(models.TextChoices):
    """What became of one status update sent to the national portal."""

    PENDING = "pending", "Chờ gửi"
    RETRYING = "retrying", "Lỗi, chờ gửi lại"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không thành công (đã hết số lần thử)"


UNSENT_STATES = (MessageState.PENDING, MessageState.RETRYING, MessageState.FAILED)
