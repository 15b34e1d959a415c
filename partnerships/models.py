"""Partnerskaber: the models of this bounded context (see docs/partnerships.md)."""
