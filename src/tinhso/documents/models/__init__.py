"""Models of the e-office context. Each part keeps its own module; this package lists them."""

from tinhso.documents.models.base import (
    Assignment,
    Document,
    DocumentBook,
    DocumentFile,
    DocumentState,
)
from tinhso.documents.models.outgoing import (  # noqa: F401  (part 2)
    Approval,
    DraftComment,
    DraftVersion,
    OutgoingDetail,
    OutgoingRecipient,
    PostalDispatch,
    RecipientEvent,
)

__all__ = ["Assignment", "Document", "DocumentBook", "DocumentFile", "DocumentState"]
