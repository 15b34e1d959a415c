"""Framework agreements: see base (agreements, services, deliverables, measures followed) and
registrations (what providers register per service: weeks, activities, volunteers, the
network's members, meetings, company visits, counselling and outcomes, young users) and
narratives (the provider's text per service and period)."""

from .base import (  # noqa: F401
    AgreementService,
    Deliverable,
    FrameworkAgreement,
    Measure,
    MeasureFollowed,
    MetricKind,
    PeriodBasis,
    ServiceKind,
)
from .narratives import ServiceNarrative  # noqa: F401
from .registrations import (  # noqa: F401
    NETWORK_OUTCOMES,
    PROGRAMME_WEEKDAY,
    Activity,
    CompanyVisit,
    Counselling,
    Frequency,
    HomeSupport,
    MeetingActivity,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    UserGroup,
    VolunteerTally,
    WeeklyRegistration,
    YouthFrequency,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
