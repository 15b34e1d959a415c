"""§ 20 eligibility read from the registry: the stored latest staffing of each organisation
(registry keeps it current) and whether its main aim is integration. One query for any number
of organisations; the rule itself is market.rules.reserved_eligibility."""

from django.db.models import BooleanField, Case, Q, Value, When

from registry.choices import Criterion, CriterionStatus, Kind
from registry.models import CriterionAssessment, Organisation

from .rules import Eligibility, StaffingFigures, reserved_eligibility


def integration_aim_q() -> Q:
    """Main aim social and professional integration: a social-economic enterprise that is
    registered in RSV or whose social purpose (criterion 1) is assessed as met."""
    purpose_met = CriterionAssessment.objects.filter(
        criterion=Criterion.SOCIAL_PURPOSE, status=CriterionStatus.MET
    ).values("organisation_id")
    return Q(kind=Kind.SOCIAL_ENTERPRISE) & (Q(rsv_registered=True) | Q(pk__in=purpose_met))


def integration_aim() -> Case:
    return Case(When(integration_aim_q(), then=Value(True)), default=Value(False), output_field=BooleanField())


def figures_for(organisation_ids: list[int]) -> list[StaffingFigures]:
    rows = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(aim=integration_aim())
        .values_list("pk", "name", "aim", "staffing_year", "employees_total", "employees_special")
    )
    by_id = {pk: StaffingFigures(name, aim, year, total, special) for pk, name, aim, year, total, special in rows}
    return [by_id[pk] for pk in organisation_ids if pk in by_id]


def eligibility_for(organisation_ids: list[int]) -> Eligibility:
    """Eligibility of one enterprise, or of a consortium when several ids are given."""
    return reserved_eligibility(figures_for(organisation_ids))
