"""Arrangementer og netværk: the models of this bounded context (see docs/events.md)."""
