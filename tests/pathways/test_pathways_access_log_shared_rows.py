"""A citizen's access log includes the audit rows that concern several citizens at once: the
provider's save of a team's attendance week and the company contact's list of placed
participants; and only for the citizens those rows name."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from pathways import privacy
from pathways.services_attendance import placement_create
from pathways.testing import enrol_many, programme_with_team, weeks_ago
from tests.pathways.test_pathways_attendance import full_row, post_data, url

pytestmark = pytest.mark.django_db


def test_a_team_week_save_and_a_company_list_appear_in_the_named_citizens_logs_only(world, client_for):
    _programme, team = programme_with_team(provider=world.provider)
    caseworker = world.users[Role.CASEWORKER]
    saved, other = enrol_many(2, team=team, caseworker=caseworker, municipality=world.kolding)
    response = client_for(world.users[Role.PROVIDER]).post(url(team, weeks_ago(1)), post_data([full_row(saved)]))
    assert response.status_code == 302
    placement_create(
        by=world.users[Role.PROVIDER], enrolment=saved, company=world.company,
        support_person="Mette Mentor", start=weeks_ago(2), end=None,
    )  # fmt: skip
    assert client_for(world.users[Role.COMPANY]).get(reverse("pathways:placements")).status_code == 200

    events = list(privacy.access_log(saved.citizen).values_list("event", flat=True))
    assert "pathways.attendance.save_week" in events
    assert "pathways.placement.list" in events
    others = set(privacy.access_log(other.citizen).values_list("event", flat=True))
    assert not others & {"pathways.attendance.save_week", "pathways.placement.list"}
