"""The registry of table builders. A report definition names tables by these keys, so a
municipality adds a report without code; a new table is one builder and one line here.

Every builder is `build(scope, periods) -> list[Table]` (a per-service table gives one Table per
service of the right kind, the others exactly one).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import agreement, pathway
from .base import Cell, Column, Row, Scope, Table  # noqa: F401


@dataclass(frozen=True)
class TableSpec:
    label: str
    build: Callable[..., list[Table]]
    source: str  # "pathways" (enrolments of the programmes) or "services" (registrations)


def _one(builder):
    def build(scope, periods):
        return [builder(scope, periods)]

    return build


TABLES: dict[str, TableSpec] = {
    "participation": TableSpec(
        _("Deltagelsesstatistik (fremmøde, hygiejnekursus, bevis)"), _one(pathway.participation), "pathways"
    ),
    "exits": TableSpec(_("Afslutningsstatistik"), _one(pathway.exits), "pathways"),
    "composition": TableSpec(_("Deltagersammensætning"), _one(pathway.composition), "pathways"),
    "deliverables": TableSpec(_("Leverancer i forhold til aftalen"), agreement.deliverables, "services"),
    "network_outcomes": TableSpec(
        _("Netværkets resultater (direkte/indirekte)"), agreement.network_outcomes, "services"
    ),
    "youth_frequency": TableSpec(_("Unge brugeres brug af tilbuddet"), agreement.youth_frequency, "services"),
    "youth_income": TableSpec(_("Unge brugeres forsørgelse"), agreement.youth_income, "services"),
    "youth_referral": TableSpec(_("Hvordan de unge kom til tilbuddet"), agreement.youth_referral, "services"),
}


def table_choices() -> list[tuple[str, str]]:
    return [(key, spec.label) for key, spec in TABLES.items()]
