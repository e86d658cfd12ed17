"""API of outgoing documents."""

from ninja import Router

router = Router()
