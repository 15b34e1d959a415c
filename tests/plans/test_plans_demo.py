"""The plans demo: a strategy with goals, initiatives and live indicators, seed 002's offer as a
project, a steering group with two meetings, support cases, an incubator cohort and the
outreach campaign to 61 enterprises; seeding twice gives the same rows."""

from decimal import Decimal

import pytest

from accounts.models import User
from demo.seed import seed_demo
from plans.models import ContextFigure, Meeting, OutreachContact, PilotIdea, Project, Strategy, SupportCase
from plans.selectors_projects import project_budget


@pytest.mark.django_db
def test_the_demo_loads_the_plans_of_kolding_and_loads_again_the_same(client_for):
    seed_demo()
    first = (Strategy.objects.count(), SupportCase.objects.count(), OutreachContact.objects.count(), Meeting.objects.count())
    seed_demo()
    assert (Strategy.objects.count(), SupportCase.objects.count(), OutreachContact.objects.count(), Meeting.objects.count()) == first
    strategy = Strategy.objects.get()
    assert [v.status for v in strategy.versions.order_by("number")] == ["adopted", "draft"]
    assert OutreachContact.objects.values("organisation").distinct().count() == 61
    assert SupportCase.objects.exclude(stage="").count() == 4 and Meeting.objects.count() == 2
    assert PilotIdea.objects.count() == 3 and ContextFigure.objects.count() == 5
    budget = project_budget(Project.objects.get())
    assert budget["phases"][0]["totals"].hours_difference == Decimal(15)
    assert budget["phases"][0]["totals"].amount == Decimal("226875.00")
    consultant = client_for(User.objects.get(username="konsulent"))
    for path in (f"/strategi/{strategy.public_id}/", f"/strategi/projekter/{Project.objects.get().public_id}/",
                 "/strategi/sager/", "/strategi/sager/kuvoese/", "/strategi/opsoegning/", "/strategi/",
                 "/strategi/ideer/", "/strategi/kortlaegning/?aar=2012"):  # fmt: skip
        assert consultant.get(path).status_code == 200, path
    aarhus = client_for(User.objects.get(username="aarhus-konsulent"))
    assert aarhus.get(f"/strategi/{strategy.public_id}/").status_code == 404
