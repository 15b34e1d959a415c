"""Demo report definitions for the seed-003-shaped agreement (demo.agreements): one half-year
evaluation of the whole agreement, compared with the half-year before, as seed 003 compares
2015 with 2014, and one yearly report of the training kitchen's pathways. The tables follow
the measures each service's contract follows up on, then the deliverables and the provider's
narratives. Same data, same rows."""

from agreements.models import FrameworkAgreement, Measure, ServiceKind
from reports.models import PeriodKind, ReportDefinition

AGREEMENT_REPORT = "Evaluering af rammeaftalen (halvår)"
KITCHEN_REPORT = "Træningskøkkenet: deltagelse, afslutning og sammensætning (år)"

# The measures a contract follows up on, as report tables (agreements.Measure → reports.tables).
MEASURE_TABLES = {
    Measure.PARTICIPATION: "participation",
    Measure.EXITS: "exits",
    Measure.COMPOSITION: "composition",
    Measure.STAFFED_HOURS: "meeting_place_weeks",
    Measure.VISITS: "meeting_place_weeks",
    Measure.ACTIVITIES: "meeting_place_activities",
    Measure.VOLUNTEERS: "meeting_place_volunteers",
    Measure.YOUTH_USERS: "youth_referral",
    Measure.YOUTH_FREQUENCY: "youth_frequency",
    Measure.YOUTH_INCOME: "youth_income",
    Measure.HOME_SUPPORT: "youth_home_support",
    Measure.NETWORK_MEMBERS: "network_members",
    Measure.NETWORK_MEETINGS: "network_programme",
    Measure.COMPANY_VISITS: "company_visits",
    Measure.COUNSELLING: "counselling",
    Measure.NETWORK_OUTCOMES: "network_outcomes",
}
# After the measured tables: the deliverables, then the provider's narratives per service.
CLOSING_TABLES = ["deliverables", "narratives"]


def seed_demo_reports(municipality, agreement: FrameworkAgreement) -> list[ReportDefinition]:
    ReportDefinition.objects.filter(
        municipality=municipality, name__in=[AGREEMENT_REPORT, KITCHEN_REPORT]
    ).delete()
    services = list(agreement.services.prefetch_related("measures").order_by("pk"))
    followed = {m.measure for s in services for m in s.measures.all()}
    measured = [table for measure, table in MEASURE_TABLES.items() if measure in followed]
    tables = list(dict.fromkeys(measured)) + CLOSING_TABLES
    whole = ReportDefinition.objects.create(
        municipality=municipality,
        name=AGREEMENT_REPORT,
        description="Deltagelses-, afslutnings- og effektstatistik for aftalens ydelser, sammenlignet med halvåret før.",
        tables=tables,
        period_kind=PeriodKind.HALF_YEAR,
        compare_previous=True,
    )
    whole.services.set(services)
    kitchen = ReportDefinition.objects.create(
        municipality=municipality,
        name=KITCHEN_REPORT,
        tables=["participation", "exits", "composition"],
        period_kind=PeriodKind.YEAR,
        compare_previous=True,
    )
    kitchen.services.set([s for s in services if s.kind == ServiceKind.PATHWAY])
    return [whole, kitchen]
