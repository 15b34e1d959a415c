"""Strategi og projekter (issue 16): a municipality's strategy and action plan in versions,
projects with budgets, support and incubation cases, the outreach log and the steering group.
See docs/plans.md."""

from .pipeline import (
    ContextFigure,
    ContextKind,
    FundingApplication,
    IdeaStage,
    MappingSubmission,
    PilotIdea,
    StakeholderNeed,
)
from .projects import ActualEntry, BudgetLine, OtherCost, Project, ProjectPhase
from .steering import Meeting, SteeringGroup, SteeringMember, WorkPlanMilestone
from .strategy import (
    ActionStatus,
    Indicator,
    Initiative,
    Precondition,
    StrategicGoal,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from .support import (
    CaseContact,
    CaseStatus,
    CaseTopic,
    IncubatorStage,
    OutreachChannel,
    OutreachContact,
    StageMove,
    SupportCase,
)

__all__ = [
    "ContextFigure", "ContextKind", "FundingApplication", "IdeaStage", "MappingSubmission", "PilotIdea",
    "StakeholderNeed", "ActionStatus", "BudgetLine", "ActualEntry", "CaseContact", "CaseStatus", "CaseTopic",
    "IncubatorStage", "Indicator", "Initiative", "Meeting", "WorkPlanMilestone", "OtherCost",
    "OutreachChannel", "OutreachContact", "Precondition", "Project", "ProjectPhase", "StageMove",
    "SteeringGroup", "SteeringMember", "StrategicGoal", "Strategy", "StrategyVersion",
    "SupportCase", "VersionStatus",
]  # fmt: skip
