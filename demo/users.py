"""Demo users: one per role in Kolding, and a caseworker and a consultant in Aarhus to show that
one municipality sees nothing of another's. All share DEMO_PASSWORD — demo data only."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Membership, User
from accounts.roles import Role
from registry.models import Organisation

DEMO_PASSWORD = "brobyg-demo-2026"  # noqa: S105 — documented demo password, never for production
DEMO_EMAIL_DOMAIN = "demo.brobyg.example"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    municipality_code: str
    anchors: tuple[str, ...]  # the organisations (demo.anchors) the user is a member of


DEMO_USERS = [
    DemoUser("sagsbehandler", "Lene", "Bach Hansen", Role.CASEWORKER, "0621", ("job_centre",)),
    DemoUser("leverandoer", "Omar", "Hussein", Role.PROVIDER, "0621", ("provider", "training_kitchen")),
    DemoUser("virksomhed", "Jesper", "Toft", Role.COMPANY, "0621", ("company",)),
    DemoUser("indkoeber", "Charlotte", "Damgaard", Role.PROCUREMENT, "0621", ("procurement",)),
    DemoUser("konsulent", "Mikkel", "Ravn", Role.CONSULTANT, "0621", ("business_service",)),
    DemoUser("analytiker", "Sofie", "Lauridsen", Role.ANALYST, "0621", ("analysis",)),
    DemoUser("admin", "Henrik", "Skov", Role.ADMIN, "0621", ("digital",)),
    DemoUser("aarhus-sagsbehandler", "Leyla", "Yilmaz", Role.CASEWORKER, "0751", ("job_centre",)),
    DemoUser("aarhus-konsulent", "Rasmus", "Iversen", Role.CONSULTANT, "0751", ("business_service",)),
]


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organisations: tuple[str, ...]


def load_demo_users(orgs: dict[tuple[str, str], Organisation]) -> list[Login]:
    """Create or update the demo users and replace their memberships. `orgs` maps
    (municipality code, anchor) to the loaded organisation. Users are never deleted: audit rows
    protect them. The password is hashed once and shared (hashing is slow by design)."""
    password = make_password(DEMO_PASSWORD)
    existing = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
    users, new = {}, []
    for demo in DEMO_USERS:
        user = existing.get(demo.username) or User(username=demo.username)
        user.first_name, user.last_name = demo.first_name, demo.last_name
        user.email, user.password, user.is_active = f"{demo.username}@{DEMO_EMAIL_DOMAIN}", password, True
        users[demo.username] = user
        if user.pk is None:
            new.append(user)
    User.objects.bulk_create(new)
    User.objects.bulk_update(
        list(existing.values()), ["first_name", "last_name", "email", "password", "is_active"]
    )
    Membership.objects.filter(user__in=list(users.values())).delete()
    memberships, logins = [], []
    for demo in DEMO_USERS:
        homes = [
            orgs[(demo.municipality_code, anchor)]
            for anchor in demo.anchors
            if (demo.municipality_code, anchor) in orgs
        ]
        memberships += [
            Membership(user=users[demo.username], organisation=org, role=demo.role) for org in homes
        ]
        logins.append(Login(demo.username, str(Role(demo.role).label), tuple(org.name for org in homes)))
    Membership.objects.bulk_create(memberships)
    return logins
