"""The demo agreement reads like seed 003, is the same on a reload, and its provider user can
register."""

import datetime

import pytest
from django.db import connection

from accounts.models import User
from agreements import aggregates as agg
from agreements.models import AgreementService, FrameworkAgreement, ServiceKind, WeeklyRegistration
from demo.agreements import H1_2026, H2_2025
from demo.seed import seed_demo


def _counts():
    with connection.cursor() as cursor:
        out = {}
        for table in (
            "weeklyregistration",
            "activity",
            "networkmeeting",
            "networkoutcome",
            "youthuser",
            "youthfrequency",
            "servicenarrative",
        ):
            cursor.execute(f"SELECT count(*) FROM agreements_{table}")  # noqa: S608 (fixed names)
            out[table] = cursor.fetchone()[0]
        return out


@pytest.mark.django_db
def test_demo_agreement_has_the_seed_figures_and_reloads_identically(client_for):
    seed_demo()
    first = _counts()
    assert first["servicenarrative"] == 4 * 2  # each service, each half-year
    seed_demo()
    assert _counts() == first
    agreement = FrameworkAgreement.objects.get(municipality__code="0621")
    services = {s.kind: s for s in AgreementService.objects.filter(agreement=agreement)}
    grants = {k: int(s.annual_grant) for k, s in services.items()}
    assert grants == {
        ServiceKind.MEETING_PLACE: 800_000, ServiceKind.YOUTH_HOST: 1_200_000,
        ServiceKind.PATHWAY: 700_000, ServiceKind.NETWORK: 300_000,
    }  # fmt: skip
    assert services[ServiceKind.PATHWAY].programme.courses_per_year == 24
    youth = agg.youth_summary(services[ServiceKind.YOUTH_HOST], *H1_2026)
    assert youth["active"] == 49 and youth["by_referral"]["social_psychiatry"] == 26
    assert youth["at_least_weekly"] == 25 and youth["by_frequency"]["several_weekly"] == 9
    assert (youth["home_support_ended"], youth["home_support_reduced"]) == (20, 3)
    members = agg.members_summary(services[ServiceKind.NETWORK], *H1_2026)
    assert (members["on_mailing_list"], members["active"]) == (257, 50)
    meetings = agg.meetings_summary(services[ServiceKind.NETWORK], *H1_2026)
    assert 70 <= meetings["meetings"] <= 110 and 30 <= meetings["attendance_per_week"] <= 45
    weekly = agg.weekly_summary(services[ServiceKind.MEETING_PLACE], *H2_2025)
    assert 47 <= weekly["staffed_hours_avg"] <= 50
    outcomes = agg.outcomes_summary(services[ServiceKind.NETWORK], *H1_2026)
    assert outcomes["by_outcome"]["ordinary_employment"] == {"total": 22, "direct": 2, "indirect": 20}
    provider = client_for(User.objects.get(username="leverandoer"))
    url = f"/rammeaftaler/ydelser/{services[ServiceKind.MEETING_PLACE].public_id}/uger/?start=2026-01-05&end=2026-03-29"
    assert provider.get(url).status_code == 200
    assert provider.get(f"/rammeaftaler/{agreement.public_id}/").status_code == 200
    assert WeeklyRegistration.objects.filter(week=datetime.date(2026, 1, 5)).count() == 2
