"""The fixed organisations every generated municipality starts with, in order of importance (a
small municipality gets the first n), and the local cases told about them. Modelled on the
actors of Kolding's seminar (seed 000), the mapping of seed 002 §7.3 and the social
enterprises of seeds 003–004: a training kitchen, a café, a bicycle workshop, a cleaning
company with flexjobs, a reuse workshop, an employment actor and an accelerator company."""

from dataclasses import dataclass, field

from registry.choices import Kind, LegalForm, RelationKind, Subkind


@dataclass(frozen=True)
class Anchor:
    anchor: str
    kind: str
    name: str  # "{city}" is replaced by the municipality's name
    subkind: str = ""
    legal_form: str = ""
    industry_code: str = ""
    target_groups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    activity: str = ""
    rsv: str = ""  # "registered", "meets", "partly" or "" (decided by the kind's odds)
    special_share: tuple[float, float] | None = None  # range of the share on special terms
    extra: dict = field(default_factory=dict)


U, C = Kind.MUNICIPAL_UNIT, Kind.COUNCIL
# fmt: off
ANCHORS = [
    Anchor("job_centre", U, "Jobcenter {city}", Subkind.JOB_CENTRE, LegalForm.PUBLIC, "841300",
           ("ledige-paa-kanten", "sygemeldte", "fleksjob", "flygtninge-indvandrere")),
    Anchor("business_service", U, "Erhvervsservice {city}", Subkind.BUSINESS_SERVICE, LegalForm.PUBLIC, "841300"),
    Anchor("procurement", U, "Indkøb og Udbud, {city} Kommune", Subkind.PROCUREMENT, LegalForm.PUBLIC, "841100"),
    Anchor("social_administration", U, "Social- og Sundhedsforvaltningen, {city} Kommune", Subkind.SOCIAL_ADMINISTRATION,
           LegalForm.PUBLIC, "841200", ("psykisk-saarbare", "handicap", "misbrug", "hjemloese")),
    Anchor("culture_leisure", U, "Kultur og Fritid, {city} Kommune", Subkind.CULTURE_LEISURE, LegalForm.PUBLIC, "841200"),
    Anchor("education_guidance", U, "Ungdommens Uddannelsesvejledning {city}", Subkind.EDUCATION_GUIDANCE,
           LegalForm.PUBLIC, "841200", ("udsatte-unge",)),
    Anchor("digital", U, "Digitalisering og IT, {city} Kommune", "", LegalForm.PUBLIC, "841100"),
    Anchor("analysis", U, "Økonomi og Analyse, {city} Kommune", "", LegalForm.PUBLIC, "841100"),
    Anchor("lbr", C, "Det Lokale Beskæftigelsesråd i {city}", Subkind.LBR),
    Anchor("handicapraad", C, "Handicaprådet i {city} Kommune", Subkind.HANDICAPRAAD),
    Anchor("frivilligraad", C, "Frivilligrådet {city}", Subkind.FRIVILLIGRAAD),
    Anchor("network", C, "Socialøkonomisk Netværk {city}", Subkind.OTHER_FORUM, tags=("Netværk",)),
    Anchor("provider", Kind.EMPLOYMENT_ACTOR, "Job & Vækst {city} ApS", "", LegalForm.APS, "781000",
           ("ledige-paa-kanten", "sygemeldte", "flygtninge-indvandrere"), ("Accelerator",)),
    Anchor("company", Kind.COMPANY, "{city} Stålmontage A/S", "", LegalForm.AS, "251100", (),
           ("Accelerator", "Praktikvært", "CSR-partner", "Industri"), "stålmontage og svejsning"),
    Anchor("training_kitchen", Kind.SOCIAL_ENTERPRISE, "Køkkenet på Godset ApS", "", LegalForm.APS, "561100",
           ("ledige-paa-kanten", "flygtninge-indvandrere"), ("Café og mad",),
           "driver træningskøkken og frokostordning", "registered", (0.35, 0.5)),
    Anchor("cafe", Kind.SOCIAL_ENTERPRISE, "Café Bro ApS", "", LegalForm.APS, "563000",
           ("psykisk-saarbare", "udsatte-unge"), ("Café og mad", "Unge"), "driver café i byens gågade", "meets", (0.4, 0.6)),
    Anchor("cafe_owner", Kind.VOLUNTARY, "Foreningen Broen", "", LegalForm.FORENING, "949900",
           ("psykisk-saarbare", "udsatte-unge"), ("Unge",)),
    Anchor("bicycle", Kind.SOCIAL_ENTERPRISE, "Cykelsmedjen {city}", "", LegalForm.SELVEJENDE, "952900",
           ("tidligere-kriminelle", "misbrug"), ("Cykler", "Grøn omstilling"),
           "reparerer kommunens tjenestecykler og sælger istandsatte hittegodscykler", "registered", (0.45, 0.65)),
    Anchor("cleaning", Kind.SOCIAL_ENTERPRISE, "Rent & Rummeligt ApS", "", LegalForm.APS, "812100",
           ("fleksjob", "handicap"), ("Rengøring", "Fleksjob", "Reserveret kontrakt"),
           "gør rent i kommunens bygninger med medarbejdere i fleksjob", "registered", (0.55, 0.7)),
    Anchor("reuse", Kind.SOCIAL_ENTERPRISE, "Genbrugsværkstedet {city}", "", LegalForm.FORENING, "477900",
           ("ledige-paa-kanten", "aeldre-ledige"), ("Genbrug", "Grøn omstilling"),
           "redesigner restprodukter fra lokale virksomheder", "partly", (0.3, 0.45)),
    Anchor("fund", Kind.FUND, "Andelskassen {city}", "", LegalForm.AMBA, "641900"),
    Anchor("incubator", Kind.INCUBATOR, "Iværksætterhuset {city}", "", LegalForm.FORENING, "702000",
           extra={"0621": {"name": "Innovationsfabrikken", "street": "Birkemosevej 1", "postcode": "6000", "city": "Kolding"}}),
]

# fmt: on

# (source anchor, kind, target anchor, note)
ANCHOR_RELATIONS = [
    ("cafe_owner", RelationKind.RUNS, "cafe", "Foreningen ejer og driver caféen"),
    ("provider", RelationKind.SUPPLIER_TO, "job_centre", "Mentorforløb og virksomhedsrettede forløb"),
    ("training_kitchen", RelationKind.SUPPLIER_TO, "job_centre", "13-ugers opkvalificeringsforløb"),
    ("cleaning", RelationKind.SUPPLIER_TO, "procurement", "Reserveret kontrakt om rengøring"),
    ("bicycle", RelationKind.SUPPLIER_TO, "procurement", "Service af kommunens tjenestecykler"),
    ("company", RelationKind.PARTNER_OF, "provider", "Acceleratorforløb med praktikpladser"),
    ("company", RelationKind.SUPPLIER_TO, "reuse", "Restmetal og paller til redesign"),
    ("reuse", RelationKind.FUNDED_BY, "fund", "Startlån"),
    ("bicycle", RelationKind.FUNDED_BY, "fund", "Lån til værkstedsudstyr"),
    ("job_centre", RelationKind.MEMBER_OF, "lbr", ""),
    ("provider", RelationKind.MEMBER_OF, "lbr", ""),
    ("cafe_owner", RelationKind.MEMBER_OF, "frivilligraad", ""),
    ("training_kitchen", RelationKind.MEMBER_OF, "network", ""),
    ("cafe", RelationKind.MEMBER_OF, "network", ""),
    ("bicycle", RelationKind.MEMBER_OF, "network", ""),
    ("cleaning", RelationKind.MEMBER_OF, "network", ""),
    ("reuse", RelationKind.MEMBER_OF, "network", ""),
    (
        "business_service",
        RelationKind.PARTNER_OF,
        "incubator",
        "Fælles rådgivning af socialøkonomiske iværksættere",
    ),
]

# Local cases (seed 002 §7.3: effects, methods). "{city}" is replaced; years are offsets from
# the reference year.
CASES = [
    {
        "title": "Træningskøkkenet: 13 uger fra ledighed til køkkenjob",
        "anchors": ("training_kitchen", "job_centre", "provider"),
        "year": -1,
        "story": "Køkkenet på Godset driver et træningskøkken, hvor ledige i 13 uger arbejder mindst 25 timer om ugen "
        "i en rigtig frokostproduktion. Mål aftales ved start, en skriftlig status gives før uge 8, og forløbet "
        "slutter med hygiejnebevis.",
        "effects": "24 forløb i året; 7 ud af 10 gennemfører; 4 ud af 10 er i job eller uddannelse tre måneder efter.",
        "methods": "Individuelle mål, mesterlære ved køkkenchefen, jobcentrets virksomhedskonsulent med i sidste fem uger.",
    },
    {
        "title": "Café Bro: unge med psykisk sårbarhed bag disken",
        "anchors": ("cafe", "cafe_owner", "social_administration"),
        "year": -1,
        "story": "Foreningen Broen åbnede Café Bro i {city} for at give unge med psykisk sårbarhed en arbejdsplads med "
        "kunder, kasse og kolleger. Socialforvaltningens bostøtte følger de unge i opstarten.",
        "effects": "18 unge i skånejob eller praktik; færre indlæggelser; caféen har overskud fra andet driftsår.",
        "methods": "Trinvis optrapning af timer, fast kontaktperson, frivillige mentorer fra foreningen.",
    },
    {
        "title": "Cykelsmedjen reparerer kommunens cykler",
        "anchors": ("bicycle", "procurement", "job_centre"),
        "year": -2,
        "story": "Indkøb og Udbud gav Cykelsmedjen en kontrakt på service af kommunens tjenestecykler. Værkstedet "
        "ansætter tidligere kriminelle og borgere med misbrug i løntilskud og fleksjob.",
        "effects": "Kommunens cykelservice er 15 % billigere; 6 medarbejdere er gået videre til ordinært job.",
        "methods": "Sociale klausuler i kontrakten; mester-lærling; samarbejde med jobcentrets mentorer.",
    },
    {
        "title": "Reserveret kontrakt: rengøring med fleksjobbere",
        "anchors": ("cleaning", "procurement", "job_centre"),
        "year": -1,
        "story": "Kommunen reserverede rengøringen af tre skoler for virksomheder, hvor mindst 30 % af medarbejderne "
        "er ansat på særlige vilkår (udbudslovens § 20). Rent & Rummeligt vandt med et hold af fleksjobbere.",
        "effects": "14 fleksjob besat; kvalitetsmålinger på niveau med tidligere leverandør; ingen klager i første år.",
        "methods": "Reserveret udbud, dialogmøde før udbud, faste teams og tilpassede arbejdstider.",
    },
    {
        "title": "Fra restprodukt til redesign",
        "anchors": ("reuse", "company", "business_service"),
        "year": -2,
        "story": "{city} Stålmontage afleverer restmetal og paller til Genbrugsværkstedet, der laver havemøbler og "
        "lamper. Erhvervsservice formidlede samarbejdet som en del af kommunens CSR-indsats.",
        "effects": "12 tons restmateriale genbrugt om året; 5 ledige i praktik; nye produkter i kommunens indkøbsaftale.",
        "methods": "CSR-partnerskab, fælles produktudvikling, salg via webshop og lokale butikker.",
    },
    {
        "title": "Virksomhedsaccelerator: ordinære virksomheder skaber job",
        "anchors": ("company", "provider", "business_service", "job_centre"),
        "year": -1,
        "story": "{city} Stålmontage deltog i et 12 måneders acceleratorforløb med boot camp og fælles camps. "
        "Virksomheden byggede en social model med værdiskabende opgaver, en planlagt introduktion og medarbejdere "
        "uddannet som buddies. Job & Vækst er virksomhedens ene indgang til jobcentret.",
        "effects": "8 borgere i praktik, heraf 3 ansat ordinært og 2 i fleksjob; virksomheden voksede med 11 ansatte.",
        "methods": "Boot camp, individuelle sessioner, buddy-ordning, én indgang via beskæftigelsesaktøren.",
    },
]
