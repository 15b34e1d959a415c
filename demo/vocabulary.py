"""Word lists for the demo generator: Danish names, Kolding's streets and postcodes, trades with
their industry codes (DB25, the Danish edition of NACE Rev. 2.1, which registry.validators
checks), and the texts of purposes and criteria evidence. Lists, never sets: iteration order
must not depend on the hash seed."""

# fmt: off

FIRST_NAMES = [
    "Anne", "Mette", "Lene", "Hanne", "Susanne", "Camilla", "Maria", "Louise", "Sofie", "Ida",
    "Karen", "Birgitte", "Helle", "Pernille", "Tina", "Charlotte", "Julie", "Emma", "Fatima", "Leyla",
    "Jens", "Lars", "Peter", "Søren", "Henrik", "Morten", "Thomas", "Mikkel", "Anders", "Rasmus",
    "Jesper", "Martin", "Niels", "Kasper", "Frederik", "Mads", "Uffe", "Bo", "Ahmad", "Omar",
]
SURNAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Østergaard", "Lund", "Holm", "Bech", "Dahl", "Skov", "Kjær",
    "Friis", "Bach", "Juhl", "Mikkelsen", "Frandsen", "Ravn", "Toft", "Vestergaard", "Lauridsen",
    "Iversen", "Damgaard", "Hussein", "Yilmaz", "Ebbesen",
]

# Kolding Kommune: postcode, town, streets. 6000 carries most organisations.
KOLDING_PLACES = [
    ("6000", "Kolding", [
        "Akseltorv", "Jernbanegade", "Låsbygade", "Helligkorsgade", "Søndergade", "Nørregade",
        "Haderslevvej", "Vejlevej", "Fredericiavej", "Esbjergvej", "Tøndervej", "Dyrehavevej",
        "Sydbanegade", "Birkemosevej", "Nicolaiplads", "Slotsgade", "Klostergade", "Agtrupvej",
    ]),
    ("6040", "Egtved", ["Østergade", "Skolegade", "Stationsvej", "Industrivej"]),
    ("6051", "Almind", ["Bygaden", "Skolevej", "Kirkevej"]),
    ("6052", "Viuf", ["Viuf Bygade", "Skolevej"]),
    ("6064", "Jordrup", ["Jordrup Bygade", "Møllevej"]),
    ("6070", "Christiansfeld", ["Lindegade", "Nørregade", "Kongensgade", "Industrivej"]),
    ("6091", "Bjert", ["Bjert Strandvej", "Industrivej", "Skolevej"]),
    ("6092", "Sønder Stenderup", ["Stenderupvej", "Bygaden"]),
    ("6093", "Sjølund", ["Sjølund Hovedgade", "Stationsvej"]),
    ("6580", "Vamdrup", ["Storegade", "Østergade", "Industrivej"]),
    ("6640", "Lunderskov", ["Vestergade", "Jernbanegade", "Industrivej"]),
]
AARHUS_PLACES = [
    ("8000", "Aarhus C", ["Søndergade", "Vestergade", "Frederiks Allé", "Jægergårdsgade", "Værkmestergade", "Mejlgade", "Åboulevarden"]),
    ("8200", "Aarhus N", ["Randersvej", "Finlandsgade", "Trøjborgvej"]),
    ("8210", "Aarhus V", ["Silkeborgvej", "Vestre Ringgade"]),
    ("8220", "Brabrand", ["Hovedgaden", "Gudrunsvej"]),
    ("8260", "Viby J", ["Skanderborgvej", "Viby Torv"]),
    ("8270", "Højbjerg", ["Holme Byvej", "Oddervej"]),
]
KOEBENHAVN_PLACES = [
    ("1264", "København K", ["Store Kongensgade", "Bredgade"]),
    ("1620", "København V", ["Vesterbrogade", "Istedgade"]),
    ("2100", "København Ø", ["Østerbrogade", "Nordre Frihavnsgade"]),
    ("2200", "København N", ["Nørrebrogade", "Jagtvej", "Blågårdsgade"]),
    ("2300", "København S", ["Amagerbrogade", "Holmbladsgade"]),
    ("2400", "København NV", ["Frederikssundsvej", "Tomsgårdsvej"]),
    ("2500", "Valby", ["Valby Langgade", "Toftegårdsvej"]),
]
PLACES_BY_MUNICIPALITY = {"0621": KOLDING_PLACES, "0751": AARHUS_PLACES, "0101": KOEBENHAVN_PLACES}
GENERIC_STREETS = [
    "Hovedgaden", "Stationsvej", "Industrivej", "Skolegade", "Kirkevej", "Østergade", "Vestergade",
    "Nørregade", "Søndergade", "Havnevej", "Møllevej", "Torvet", "Banegårdspladsen", "Ringvejen",
]
PHONE_PREFIXES = {"0621": ["75", "76", "79"], "0751": ["86", "87", "89"], "0101": ["33", "35", "38"]}
GENERIC_PHONE_PREFIXES = ["20", "22", "26", "28", "30", "40", "42", "50", "60", "61", "71", "91"]

# Real CVR numbers of municipalities (modulus-11 valid; tests check it). Others are generated.
MUNICIPALITY_CVR = {"0101": "64942212", "0621": "29189773", "0751": "55133018"}

PLACE_WORDS = ["Nord", "Syd", "Øst", "Vest", "Centrum", "Havn", "Fjord", "Å", "Bakke", "Skov", "Mark", "Bro", "Engen"]

# (trade in a company name, industry code, tags)
COMPANY_TRADES = [
    ("Tømrer", "433200", ["Håndværk"]),
    ("VVS", "432200", ["Håndværk"]),
    ("El-service", "432100", ["Håndværk"]),
    ("Maskinfabrik", "282900", ["Industri"]),
    ("Stålmontage", "251100", ["Industri"]),
    ("Vognmandsforretning", "494100", ["Transport"]),
    ("Bageri", "107100", ["Café og mad"]),
    ("Møbelsnedkeri", "310000", ["Håndværk"]),
    ("Autoværksted", "953100", ["Håndværk"]),
    ("Rengøring", "812100", ["Rengøring"]),
    ("Anlægsgartner", "813000", ["Grøn omstilling"]),
    ("Trykkeri", "181200", ["Industri"]),
    ("Revision", "692000", []),
    ("Software", "621000", ["Digitalt"]),
    ("Emballage", "172100", ["Industri"]),
    ("Catering", "562200", ["Café og mad"]),
    ("Hotel", "551000", ["Café og mad"]),
    ("Logistik", "522600", ["Transport"]),
    ("Byggeentreprise", "410000", ["Håndværk"]),
    ("Malerfirma", "433400", ["Håndværk"]),
    ("Ejendomsservice", "811000", ["Rengøring"]),
    ("Design", "741100", ["Digitalt"]),
    ("Rådgivning", "702000", []),
    ("Fødevarer", "108900", ["Café og mad"]),
    ("Plast", "222600", ["Industri"]),
    ("Cykler", "476400", ["Cykler"]),
    ("Supermarked", "471100", ["Café og mad"]),
    ("Vinduespolering", "812200", ["Rengøring"]),
    ("Tekstil", "139900", ["Industri"]),
]
COMPANY_OWNER_WORDS = ["Kolding", "Trekant", "Syd", "Fjord", "Dansk", "Nordic", "Jysk", "Vestjysk", "Sønderjysk"]

# (name stem, industry code, tags, what they do — for purposes and cases)
SOCIAL_TRADES = [
    ("Café", "563000", ["Café og mad"], "driver café med frokost og kaffe"),
    ("Kantinen", "562200", ["Café og mad"], "leverer frokost til arbejdspladser"),
    ("Cykelværkstedet", "952900", ["Cykler", "Grøn omstilling"], "reparerer og sælger brugte cykler"),
    ("Rengøringsholdet", "812100", ["Rengøring", "Fleksjob"], "gør rent i kontorer og institutioner"),
    ("Genbrugsbutikken", "477900", ["Genbrug", "Grøn omstilling"], "sælger genbrugstøj og -møbler"),
    ("Grønne Hænder", "813000", ["Grøn omstilling"], "passer grønne områder og haver"),
    ("Vaskeriet", "961000", ["Rengøring"], "vasker linned og arbejdstøj"),
    ("Trykkeriet", "181200", ["Håndværk"], "trykker tryksager og skilte"),
    ("Møbelværkstedet Nyt Liv", "310000", ["Genbrug", "Håndværk"], "istandsætter og redesigner møbler"),
    ("Bageriet Brød & Bro", "107100", ["Café og mad"], "bager brød og kager"),
    ("Pakkeriet", "829200", ["Industri"], "pakker og monterer for industrivirksomheder"),
    ("Syværkstedet", "139900", ["Genbrug"], "syr tasker af restmaterialer"),
    ("Økogartneriet", "011300", ["Grøn omstilling"], "dyrker økologiske grøntsager"),
    ("Flyttehjælpen", "494200", ["Transport"], "flytter og kører affald"),
    ("Kaffebrænderiet", "108900", ["Café og mad"], "rister og sælger kaffe"),
    ("Keramikværkstedet Ler & Liv", "234100", ["Håndværk"], "laver brugskeramik"),
    ("It-testerne", "621000", ["Digitalt"], "tester software med medarbejdere med autisme"),
    ("Naturplejerne", "813000", ["Grøn omstilling"], "laver naturpleje og brænde"),
]

VOLUNTARY_NAMES = [
    "Foreningen Fællesskabet", "Værestedet Fyrtårnet", "Netværket for Ledige", "Frivilligcenter",
    "Foreningen Mentorkorpset", "Lektiecaféen", "Foreningen Grøn Hverdag", "Bydelsmødrene",
    "Madklubben", "Foreningen Tag Fat", "Værestedsforeningen Lyset", "Foreningen Hjælpende Hænder",
    "Psykiatriforeningen", "Idrætsforeningen for Alle", "Foreningen Ny i Byen", "Støtteforeningen Trappen",
]
FOLKEOPLYSENDE_NAMES = [
    "Daghøjskolen", "Aftenskolen", "Folkeoplysningsforeningen", "Læse- og Skriveværkstedet",
    "Sprogskolen ved Fjorden", "Kreativ Daghøjskole", "Oplysningsforbundet",
]
EMPLOYMENT_NAMES = [
    "Jobværkstedet", "Mentorhuset", "Karrierecentret", "Ressourcehuset", "Vejen til Job",
    "Afklaringscentret", "Virksomhedscentret", "JobBroen", "Kompetencehuset",
]
EDUCATION_NAMES = [
    ("Produktionsskolen", "853200"), ("Erhvervsskolen", "853200"), ("Sprogcenter", "855900"),
    ("Gymnasium", "853100"), ("STU-skolen", "853200"), ("Erhvervsakademiet", "854000"), ("VUC", "853100"),
]
FUND_NAMES = [
    ("Fonden for Socialt Entreprenørskab", "649900"), ("Sparekassen", "641900"), ("Andelskassen", "641900"),
    ("Erhvervsfonden", "643100"), ("Socialøkonomisk Investeringsfond", "643100"), ("Fællesfonden", "649900"),
]
INCUBATOR_NAMES = [
    ("Iværksætterhuset", "702000"), ("Videnscenter for Socialøkonomi", "749900"), ("Kuvøsen", "702000"),
    ("Erhvervshuset", "941100"), ("Innovationshuset", "749900"),
]

MUNICIPAL_UNIT_NAMES = [
    "Aktivitetscentret", "Beskyttet Beskæftigelse", "Bostøtten", "Ungehuset", "Socialpsykiatrien", "Misbrugscentret",
]
COUNCIL_NAMES = ["Ældrerådet", "Ungdomsrådet", "Udsatterådet", "Erhvervsrådet", "CSR-netværket", "Integrationsrådet"]

CONTACT_ROLES = {
    "social_enterprise": ["Daglig leder", "Bestyrelsesformand", "Værkfører", "Socialfaglig leder"],
    "company": ["Direktør", "HR-chef", "Produktionschef", "Indehaver"],
    "voluntary": ["Formand", "Koordinator", "Kasserer"],
    "folkeoplysende": ["Forstander", "Skoleleder", "Formand"],
    "employment_actor": ["Virksomhedskonsulent", "Mentor", "Afdelingsleder"],
    "municipal_unit": ["Afdelingsleder", "Konsulent", "Teamleder"],
    "council": ["Formand", "Sekretær"],
    "education": ["Rektor", "Studievejleder", "Uddannelsesleder"],
    "fund": ["Direktør", "Fondschef", "Erhvervsrådgiver"],
    "incubator": ["Centerleder", "Iværksætterkonsulent"],
}

TAGS = [
    "Accelerator", "Café og mad", "Cykler", "CSR-partner", "Digitalt", "Fleksjob", "Genbrug",
    "Grøn omstilling", "Håndværk", "Industri", "Kortlægning 2025", "Netværk", "Praktikvært",
    "Rengøring", "Reserveret kontrakt", "Transport", "Unge",
]

PURPOSES = {
    "social_enterprise": "{name} {activity}. Formålet er at skabe meningsfulde arbejdspladser og "
    "uddannelse for {groups}, og overskuddet geninvesteres i formålet.",
    "company": "{name} er en privat virksomhed inden for {trade}. Virksomheden tager borgere i "
    "praktik og løntilskud og er åben for partnerskaber med socialøkonomiske virksomheder.",
    "voluntary": "{name} er en frivillig forening, der skaber fællesskab og netværk for {groups}.",
    "folkeoplysende": "{name} tilbyder folkeoplysende undervisning: dansk, it, madlavning og "
    "mestring af stress, også som afklarings- og opkvalificeringsforløb for ledige.",
    "employment_actor": "{name} er beskæftigelsesaktør og leverer mentorstøtte, afklaring og "
    "virksomhedsrettede forløb for {groups} for jobcentret.",
    "education": "{name} uddanner unge og voksne og samarbejder med virksomheder om praktik- og læreplads.",
    "fund": "{name} yder lån, tilskud og rådgivning til socialøkonomiske iværksættere og virksomheder.",
    "incubator": "{name} rådgiver iværksættere om forretningsmodel, virksomhedsform og finansiering, "
    "også socialøkonomiske iværksættere.",
}

EVIDENCE = {
    (1, "met"): "Vedtægternes § 2: formålet er at skabe job og uddannelse for {groups}.",
    (1, "not_met"): "Formålet er alene erhvervsmæssigt; intet socialt formål i vedtægterne.",
    (2, "met"): "Årsrapport {year}: {pct} % af indtægterne kommer fra salg af varer og tjenesteydelser.",
    (2, "not_met"): "Årsrapport {year}: kun {pct} % af indtægterne kommer fra salg; resten er tilskud og kontingenter.",
    (3, "met"): "Ingen offentlig myndighed har bestemmende indflydelse; bestyrelsen er valgt af generalforsamlingen.",
    (3, "not_met"): "Kommunen udpeger flertallet af bestyrelsen.",
    (4, "met"): "Medarbejderrepræsentant i bestyrelsen; årligt dialogmøde med brugere og samarbejdspartnere.",
    (4, "not_met"): "Ingen inddragelse af medarbejdere eller brugere i ledelsen beskrevet.",
    (5, "met"): "Vedtægternes § 9: overskud geninvesteres i formålet; intet udbytte udbetalt.",
    (5, "not_met"): "Overskuddet udbetales som udbytte til ejerne uden begrænsning.",
}
# fmt: on
