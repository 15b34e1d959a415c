"""The registry of table builders. A report definition names tables by these keys, so a
municipality adds a report without code; a new table is one builder and one line here.

Every builder is `build(scope, periods) -> list[Table]` (a per-service table gives one Table per
service of the right kind, the others exactly one; the network's programme two per network).
The narratives are a Table of `texts` rather than figures.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import agreement, agreement_services, pathway
from .base import Cell, Column, Row, Scope, Table, Text  # noqa: F401


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
    "youth_home_support": TableSpec(
        _("Unge: hjemmevejledning afsluttet eller reduceret"),
        agreement_services.youth_home_support,
        "services",
    ),
    "meeting_place_weeks": TableSpec(
        _("Mødested: bemandet åbningstid og besøg pr. uge"),
        agreement_services.meeting_place_weeks,
        "services",
    ),
    "meeting_place_activities": TableSpec(
        _("Mødested: aktiviteter og deltagere efter brugergruppe"),
        agreement_services.meeting_place_activities,
        "services",
    ),
    "meeting_place_volunteers": TableSpec(
        _("Mødested: frivillige og deres timer"), agreement_services.meeting_place_volunteers, "services"
    ),
    "network_programme": TableSpec(
        _("Netværk: ugeprogrammet (møder og fremmøde efter ugedag og aktivitet)"),
        agreement_services.network_programme,
        "services",
    ),
    "network_members": TableSpec(
        _("Netværk: medlemmer (mailingliste, deltaget, faste, nye)"),
        agreement_services.network_members,
        "services",
    ),
    "company_visits": TableSpec(
        _("Netværk: virksomhedsbesøg"), agreement_services.company_visits, "services"
    ),
    "counselling": TableSpec(
        _("Netværk: individuel rådgivning og sparring"), agreement_services.counselling, "services"
    ),
    "narratives": TableSpec(
        _("Beretning: erfaringer, behov og muligheder pr. ydelse"), agreement_services.narratives, "services"
    ),
}


def table_choices() -> list[tuple[str, str]]:
    return [(key, spec.label) for key, spec in TABLES.items()]
