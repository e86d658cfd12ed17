"""Models of the e-office context. Each part keeps its own module; this package lists them."""

from tinhso.documents.models.base import (
    Assignment,
    Document,
    DocumentBook,
    DocumentFile,
    DocumentState,
)
from tinhso.documents.models.incoming import IncomingDetail

__all__ = [
    "Assignment",
    "Document",
    "DocumentBook",
    "DocumentFile",
    "DocumentState",
    "IncomingDetail",
]
