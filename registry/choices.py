"""Fixed product categories of the registry. (Legal code lists that change by law, such as
target groups, are dated tables instead: see registry.models.TargetGroup.)"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SOCIAL_ENTERPRISE = "social_enterprise", _("Socialøkonomisk virksomhed")
    COMPANY = "company", _("Almindelig virksomhed")
    VOLUNTARY = "voluntary", _("Frivillig forening")
    FOLKEOPLYSENDE = "folkeoplysende", _("Folkeoplysende forening / daghøjskole")
    EMPLOYMENT_ACTOR = "employment_actor", _("Beskæftigelsesaktør")
    MUNICIPAL_UNIT = "municipal_unit", _("Kommunal enhed")
    COUNCIL = "council", _("Råd eller forum")
    EDUCATION = "education", _("Uddannelsesinstitution")
    FUND = "fund", _("Fond, investor eller bank")
    INCUBATOR = "incubator", _("Inkubator, videnscenter eller netværk")


class Subkind(models.TextChoices):
    # municipal units
    JOB_CENTRE = "job_centre", _("Jobcenter")
    SOCIAL_ADMINISTRATION = "social_administration", _("Socialforvaltning")
    PROCUREMENT = "procurement", _("Indkøb og udbud")
    BUSINESS_SERVICE = "business_service", _("Erhvervsservice")
    CULTURE_LEISURE = "culture_leisure", _("Kultur og fritid")
    EDUCATION_GUIDANCE = "education_guidance", _("Uddannelsesvejledning (UU)")
    # councils and fora
    LBR = "lbr", _("Lokalt Beskæftigelsesråd (LBR)")
    HANDICAPRAAD = "handicapraad", _("Handicapråd")
    FRIVILLIGRAAD = "frivilligraad", _("Frivilligråd")
    INTEGRATIONSRAAD = "integrationsraad", _("Integrationsråd")
    OTHER_FORUM = "other_forum", _("Andet råd eller forum")


SUBKINDS_BY_KIND: dict[str, set[str]] = {
    Kind.MUNICIPAL_UNIT: {
        Subkind.JOB_CENTRE,
        Subkind.SOCIAL_ADMINISTRATION,
        Subkind.PROCUREMENT,
        Subkind.BUSINESS_SERVICE,
        Subkind.CULTURE_LEISURE,
        Subkind.EDUCATION_GUIDANCE,
    },
    Kind.COUNCIL: {
        Subkind.LBR,
        Subkind.HANDICAPRAAD,
        Subkind.FRIVILLIGRAAD,
        Subkind.INTEGRATIONSRAAD,
        Subkind.OTHER_FORUM,
    },
}


class Sector(models.TextChoices):
    PRIVATE = "private", _("Privat")
    PUBLIC = "public", _("Offentlig")
    CIVIL = "civil", _("Civilsamfund")


class LegalForm(models.TextChoices):
    AS = "as", "A/S"
    APS = "aps", "ApS"
    IVS = "ivs", "IVS"
    AMBA = "amba", "A.m.b.A."
    FMBA = "fmba", "F.m.b.A."
    FOND = "fond", _("Erhvervsdrivende fond")
    FORENING = "forening", _("Forening")
    SELVEJENDE = "selvejende", _("Selvejende institution")
    ENKELTMAND = "enkeltmand", _("Enkeltmandsvirksomhed")
    IS = "is", "I/S"
    KS = "ks", "K/S"
    PUBLIC = "public", _("Offentlig myndighed")
    OTHER = "other", _("Anden")


# Only legal persons with a CVR number can register in RSV (lov nr. 711 af 25. juni 2014).
# Personally owned firms and partnerships where owners carry personal liability cannot,
# nor can public authorities (criterion 3: independence of public authorities).
RSV_INELIGIBLE_LEGAL_FORMS = {LegalForm.ENKELTMAND, LegalForm.IS, LegalForm.KS, LegalForm.PUBLIC}


class RsvStatus(models.TextChoices):
    REGISTERED = "registered", _("Registreret (RSV)")
    MEETS = "meets", _("Opfylder kriterierne")
    PARTLY = "partly", _("Opfylder delvist")
    NOT_ASSESSED = "not_assessed", _("Ikke vurderet")


class Criterion(models.IntegerChoices):
    SOCIAL_PURPOSE = 1, _("Socialt formål")
    TRADING = 2, _("Erhvervsdrivende")
    INDEPENDENT = 3, _("Uafhængig af offentlige myndigheder")
    INCLUSIVE_GOVERNANCE = 4, _("Inddragende og ansvarlig ledelse")
    SOCIAL_SURPLUS = 5, _("Social håndtering af overskud")


class CriterionStatus(models.TextChoices):
    MET = "met", _("Opfyldt")
    NOT_MET = "not_met", _("Ikke opfyldt")
    UNKNOWN = "unknown", _("Ukendt")


class RelationKind(models.TextChoices):
    MEMBER_OF = "member_of", _("er medlem af")
    PARTNER_OF = "partner_of", _("er partner med")
    SUPPLIER_TO = "supplier_to", _("er leverandør til")
    FUNDED_BY = "funded_by", _("er finansieret af")
    RUNS = "runs", _("driver")


# How a relation reads from the other organisation's page.
RELATION_INVERSE_LABEL = {
    RelationKind.MEMBER_OF: _("har som medlem"),
    RelationKind.PARTNER_OF: _("er partner med"),
    RelationKind.SUPPLIER_TO: _("køber hos"),
    RelationKind.FUNDED_BY: _("finansierer"),
    RelationKind.RUNS: _("drives af"),
}
