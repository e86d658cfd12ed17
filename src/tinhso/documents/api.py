"""The e-office API (/api/v1/documents/…): incoming and outgoing each keep their own router."""

from ninja import Router

from tinhso.documents.api_incoming import router as incoming_router
from tinhso.documents.api_outgoing import router as outgoing_router
from tinhso.documents.api_search import router as search_router

router = Router()
router.add_router("/incoming", incoming_router)
router.add_router("/outgoing", outgoing_router)
router.add_router("/search", search_router)
