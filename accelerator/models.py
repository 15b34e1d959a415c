"""Virksomhedsaccelerator: the models of this bounded context (see docs/accelerator.md)."""
