"""Reads of the idea pipeline and the mapping's inputs: sums and fuldtidspersoner in SQL."""

import datetime

from django.db.models import Count, DecimalField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from pathways.models import CitizenStatus

from . import rules
from .models import ContextFigure, ContextKind, IncubatorStage, PilotIdea, StakeholderNeed, SupportCase

AMOUNT = DecimalField(max_digits=14, decimal_places=2)


def idea_list(municipality_ids):
    return (
        PilotIdea.objects.filter(municipality_id__in=municipality_ids)
        .annotate(
            applied=Coalesce(Sum("applications__amount_applied"), Value(0, output_field=AMOUNT)),
            granted=Coalesce(Sum("applications__amount_granted"), Value(0, output_field=AMOUNT)),
            application_count=Count("applications"),
        )
        .order_by("title", "pk")
    )


def full_time_persons(municipality_id: int, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per benefit: weeks on it in the period ÷ weeks in the period, from the recorded status
    history of the municipality's citizens (one query)."""
    rows = (
        CitizenStatus.objects.filter(citizen__municipality_id=municipality_id, benefit__isnull=False, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .annotate(
            first=Greatest(F("valid_from"), Value(start)),
            last=Least(Coalesce(F("valid_to"), Value(end)), Value(end)),
        )
        .annotate(span=ExpressionWrapper(F("last") - F("first"), output_field=DurationField()))
        .values("benefit__name")
        .annotate(days=Sum("span"), spells=Count("pk"), people=Count("citizen", distinct=True))
        .order_by("benefit__name")
    )
    return [
        {"benefit": r["benefit__name"], "people": r["people"],
         "full_time": rules.full_time_persons(r["days"].days + r["spells"], start, end)}
        for r in rows
    ]  # fmt: skip


def mapping_inputs(municipality_id: int, *, start: datetime.date, end: datetime.date) -> dict:
    figures = list(ContextFigure.objects.filter(municipality_id=municipality_id).order_by("kind", "year"))
    years = sorted({f.year for f in figures})
    table = []
    for kind, label in ContextKind.choices:
        by_year = {f.year: f for f in figures if f.kind == kind}
        if by_year:
            table.append({"label": label, "cells": [by_year.get(y) for y in years]})
    return {
        "needs": list(StakeholderNeed.objects.filter(municipality_id=municipality_id).select_related("organisation")),
        "years": years, "figures": table, "sources": sorted({f.source for f in figures}),
        "full_time": full_time_persons(municipality_id, start, end), "start": start, "end": end,
        "ideas": list(idea_list([municipality_id]).prefetch_related("partners", "applications__fund")),
        "entrepreneurs": list(
            SupportCase.objects.filter(municipality_id=municipality_id, organisation__isnull=True)
            .order_by("entrepreneur_name", "pk")
            .values_list("entrepreneur_name", "stage")
        ),
        "stage_labels": dict(IncubatorStage.choices),
    }  # fmt: skip


def snapshot(inputs: dict) -> dict:
    """The inputs as plain JSON, kept with a submission to the steering group."""
    return {
        "period": [str(inputs["start"]), str(inputs["end"])],
        "figures": [
            {"label": str(row["label"]), "values": {str(y): str(c.value) if c else None for y, c in zip(inputs["years"], row["cells"], strict=True)}}
            for row in inputs["figures"]
        ],
        "needs": [{"organisation": n.organisation.name, "needs": n.needs, "expectations": n.expectations} for n in inputs["needs"]],
        "full_time": [{"benefit": r["benefit"], "full_time": str(r["full_time"]), "people": r["people"]} for r in inputs["full_time"]],
    }
