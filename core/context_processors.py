from accounts.access import access_for
from accounts.roles import Perm


def navigation(request):
    """What the navigation may show: computed from the same Access as the views."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = access_for(request)
    return {
        "nav": {
            "registry": access.has(Perm.REGISTRY_VIEW),
            "mapping": access.has(Perm.MAPPING_VIEW),
            "import": access.has(Perm.REGISTRY_IMPORT),
            "audit": access.has(Perm.AUDIT_VIEW),
            "users": access.has(Perm.USERS_MANAGE),
            "pathways": access.has(Perm.CITIZEN_VIEW) or access.has(Perm.PATHWAY_RUN),
            "pathways_inbox": access.has(Perm.PATHWAY_RUN),
            "agreements": access.has(Perm.AGREEMENT_VIEW) or bool(access.organisations_with(Perm.SERVICE_REGISTER)),
            "reports": access.has(Perm.REPORT_VIEW),
        }
    }
