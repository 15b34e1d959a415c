"""Udbud og markedsplads: the models of this bounded context (see docs/market.md)."""
