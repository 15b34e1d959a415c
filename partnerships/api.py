"""The partnerships part of the JSON API (mounted in brobyg/api.py)."""

from ninja import Router

router = Router(tags=["Partnerskaber"])
