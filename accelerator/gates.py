"""What the accelerator decides for other apps: whether a company's placement slots may open.
partnerships/ asks here before a slot is offered (issue 13: the social model's readiness
check must be complete first). A company that is in no accelerator cohort is not gated."""


def slots_may_open(organisation) -> tuple[bool, str]:
    """(allowed, reason in Danish when refused)."""
    return True, ""
