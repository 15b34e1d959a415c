"""Evaluation reports (issue 5): report definitions as data, tables computed in SQL."""
