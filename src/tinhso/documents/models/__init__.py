"""Models of the e-office context. Each part keeps its own module; this package lists them."""

from tinhso.documents.models.access_log import AccessAction, DocumentAccess  # noqa: F401
from tinhso.documents.models.base import (
    Assignment,
    Document,
    DocumentBook,
    DocumentFile,
    DocumentState,
)
from tinhso.documents.models.incoming import IncomingDetail
from tinhso.documents.models.outgoing import (  # noqa: F401  (part 2)
    Approval,
    DraftComment,
    DraftVersion,
    OutgoingDetail,
    OutgoingRecipient,
    PostalDispatch,
    RecipientEvent,
)
from tinhso.documents.models.search import DocumentSearchText  # noqa: F401

__all__ = [
    "Assignment",
    "Document",
    "DocumentBook",
    "DocumentFile",
    "DocumentState",
    "IncomingDetail",
]
