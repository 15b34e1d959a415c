"""Enrolments on seed 003's training kitchen (checkpoints: goals week 1, status week 7, goal for
the last weeks week 8, hygiene certificate week 13), made through the services."""

import datetime

from django.test import Client

from accounts.models import ApiToken
from accounts.roles import Role
from pathways import services
from pathways.testing import make_citizen, make_programme, refer


def enrol(world, *, programme=None, provider=None, start: datetime.date, caseworker=None, municipality=None, name=None):
    """An accepted referral: returns the enrolment. Kolding citizen by default."""
    caseworker = caseworker or world.users[Role.CASEWORKER]
    municipality = municipality or world.kolding
    programme = programme or make_programme(provider=provider or world.provider, team_start=start)
    citizen = make_citizen(municipality=municipality, by=caseworker, caseworker=caseworker, name=name)
    referral = refer(citizen=citizen, programme=programme, by=caseworker)
    team = programme.teams.order_by("pk").first()
    return services.referral_accept(by=caseworker, referral=referral, team=team, start_date=start)


def due_row(enrolment, kind):
    return enrolment.checkpoints_due.select_related("checkpoint").get(checkpoint__kind=kind)


def bearer(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="running")
    return Client(headers={"Authorization": f"Bearer {raw}"})
