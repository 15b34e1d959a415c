"""The navigation every page shows (templates/base.html), from the same Access as the views."""

from accounts.access import access_for
from accounts.roles import Perm


def navigation(request):
    """What the navigation may show: computed from the same Access as the views."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = access_for(request)
    return _with_pathways_home({
        "tenant_names": access.municipality_names,  # the header's municipality, no query of its own
        "nav": {
            "registry": access.has(Perm.REGISTRY_VIEW),
            "mapping": access.has(Perm.MAPPING_VIEW),
            "import": access.has(Perm.REGISTRY_IMPORT),
            "audit": access.has(Perm.AUDIT_VIEW),
            "users": access.has(Perm.USERS_MANAGE),
            "pathways": access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN),
            "pathways_inbox": access.has(Perm.PATHWAY_RUN),
            "agreements": access.has(Perm.AGREEMENT_VIEW) or bool(access.organisations_with(Perm.SERVICE_REGISTER)),
            "contracts": access.has(Perm.CONTRACT_VIEW),
            "pathways_participants": access.has(Perm.PATHWAY_RUN),
            "placements": access.has(Perm.PLACEMENT_VIEW),
            "pathways_checkpoints": access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN),
            "pathways_reports": access.has(Perm.CITIZEN_EDIT),
            "pathways_followups": access.has(Perm.CITIZEN_VIEW),
            "pathways_stats": access.has(Perm.PATHWAY_STATS),
            "pathways_erasure": access.has(Perm.CITIZEN_ERASE),
            "reports": access.has(Perm.REPORT_VIEW),
            "partnerships": access.has(Perm.PARTNERSHIP_VIEW),
            "accelerator": access.has(Perm.ACCELERATOR_VIEW),
            "events": access.has(Perm.EVENT_VIEW),
            "market": access.has(Perm.MARKET_VIEW),
            "plans": access.has(Perm.PLAN_VIEW) or access.has(Perm.SUPPORT_OWN),
        }
    })


# The first pathway page a user may open is where the main menu's "Borgerforløb" leads; the
# other pathway pages are in the sub-navigation (templates/pathways/_subnav.html).
PATHWAY_PAGES = [
    ("pathways", "pathways:caseload"),
    ("pathways_participants", "pathways:participants"),
    ("placements", "pathways:placements"),
    ("pathways_stats", "pathways:stats"),
    ("pathways_erasure", "pathways:erasure_due"),
]


def _with_pathways_home(context: dict) -> dict:
    nav = context.get("nav")
    if nav is not None:
        nav["pathways_home"] = next((url for key, url in PATHWAY_PAGES if nav.get(key)), None)
    return context
