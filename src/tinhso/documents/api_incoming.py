"""API of incoming documents."""

from ninja import Router

router = Router()
