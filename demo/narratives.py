"""The provider's narratives for the demo agreement's services (demo.agreements): experiences,
needs and opportunities for each half-year, written the way an evaluation report tells them
beside its figures. The evaluation report prints them; the service page shows them."""

from agreements.models import ServiceKind, ServiceNarrative

# kind → half-year (start, end) index (0: H2 2025, 1: H1 2026) → (experiences, needs, opportunities)
TEXTS = {
    ServiceKind.MEETING_PLACE: [
        (
            "Den faste, bemandede åbningstid er holdt på 49 timer om ugen, og huset bruges stadig mere "
            "aften og weekend af foreninger, frivillige og private arrangementer.\n\n"
            "Vi ser flere ensomme seniorer og internationale borgere i dagtimerne, og kommunens egne "
            "medarbejdere mødes oftere med deres borgere i huset.",
            "Bevillingen dækker ikke de faktiske omkostninger til værtsfunktionen i dagtimerne; vi har "
            "brugt af egenkapitalen for at holde aktivitetsniveauet.",
            "Et samarbejde med erhvervsakademiet om praktik- og projektrum for studerende.",
        ),
        (
            "Omkring 450 mennesker kommer gennem huset hver uge. Over 200 aktive frivillige bærer "
            "aktiviteterne, og studerende fra flere uddannelser bruger huset som projekt- og læringsrum.\n\n"
            "Flere borgere bliver opfordret til at komme af kommunens tilbud; vi afviser ingen, men det "
            "udfordrer balancen i huset, så vi har styrket de kreative og kulturelle aktiviteter.",
            "Der er pres for længere åbningstid fra mange sider. Budgettet til materialer og honorarer "
            "til de kreative aktiviteter er det første, der må spares på.",
            "Tre piloter er på vej: bedre integration af internationale borgere, et praksisnært "
            "læringsrum for uddannelserne og et spiremiljø for nye iværksættere.",
        ),
    ],
    ServiceKind.YOUTH_HOST: [
        (
            "De sociale værter er i huset mandag til onsdag eftermiddag og aften og arbejder tæt sammen "
            "med socialpsykiatriens medarbejdere, der bruger køkkenet to dage om ugen.",
            "De 20 timer om ugen dækker ikke behovet; der er unge i huset ud over værternes timer.",
            "At se værtsfunktion, socialpsykiatri og sociale mentorer som én samlet løsning.",
        ),
        (
            "49 unge med psykisk sårbarhed er aktive brugere, og godt halvdelen kommer mindst en gang om "
            "ugen. 20 har afsluttet deres hjemmevejledning i halvåret, og tre har fået den reduceret med "
            "2–4 timer om ugen.\n\n"
            "Mange unge kommer af sig selv, når de først er introduceret, og finder her netværk med andre unge.",
            "Køkkenet kræver ekstra rengøring to morgener om ugen, når det bruges til bage- og "
            "madlavningsaktiviteter med de unge.",
            "Flere samarbejdspartnere kan knyttes på for at opnå en større samlet effekt.",
        ),
    ],
    ServiceKind.PATHWAY: [
        (
            "Forløbene har løbende optag, så jobcentrets behov kan mødes. Deltagerne lærer i et rigtigt "
            "køkken med rigtige kunder.",
            "Bedre match mellem ledige pladser og kandidater, i tæt kontakt med jobkonsulenterne.",
            "Aftaler med private virksomheder om praktikpladser.",
        ),
        (
            "Sammensætningen af deltagere har ændret sig: flere mænd, flere med dansk baggrund og flere, "
            "hvor forløbet bliver mere afklarende end opkvalificerende. To gange er der i forløbet opdaget "
            "helbreds- eller indlæringsproblemer, der skulle afklares.",
            "Flere forløb skal tilpasses individuelt, og det kræver mere personale; pris og indhold bør "
            "ses på ved næste aftale.",
            "Køkkenets mad- og måltidsprofil passer til kantiner og institutionskøkkener og giver gode "
            "muligheder for job eller praktik.",
        ),
    ],
    ServiceKind.NETWORK: [
        (
            "Netværket mødes alle hverdage. 31 medlemmer kom i ordinært job i halvåret, seks af dem "
            "direkte via netværkets aktiviteter.",
            "Ledige hører for sent om netværket; det skal nævnes allerede ved første kontakt med jobcentret.",
            "Virksomhedsnetværket tæller nu omkring 30 virksomheder, der tager imod besøg.",
        ),
        (
            "Netværket vokser: 40 nye er kommet til, 257 står på mailinglisten, og omkring 50 er faste "
            "deltagere. Virksomhedsbesøgene er prioriteret op, og de fleste er hos lokale virksomheder.\n\n"
            "Deltagerne fortæller om det mentale skub i at møde andre i samme situation og om de "
            "jobrelevante kontakter, der skabes via netværket.",
            "Effekten afhænger af et tilstrækkeligt antal deltagere og virksomhedskontakter og af en "
            "professionel facilitering; nuværende aktivitet er et minimum.",
            "Når konjunkturen vender, kan netværket blive virksomhedernes lette, lokale adgang til "
            "kvalificeret arbejdskraft. Andre kommuner har spurgt til at starte lignende netværk.",
        ),
    ],
}


def seed_demo_narratives(services: dict, periods) -> None:
    """services: kind → AgreementService; periods: the demo's half-years, oldest first."""
    ServiceNarrative.objects.bulk_create(
        ServiceNarrative(
            service=services[kind],
            period_start=start,
            period_end=end,
            experiences=experiences,
            needs=needs,
            opportunities=opportunities,
        )  # fmt: skip
        for kind, texts in TEXTS.items()
        for (start, end), (experiences, needs, opportunities) in zip(periods, texts, strict=True)
    )
