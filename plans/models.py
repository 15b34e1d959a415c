"""Strategi og projekter: the models of this bounded context (see docs/plans.md)."""
