"""Word lists for the demo's citizen pathways: names, reasons, goals and report texts (Danish
demo content, not UI strings). Lists, never sets: iteration order must not depend on the hash
seed."""

# fmt: off
NON_DANISH_FIRST = {
    "female": ["Amina", "Fatima", "Leyla", "Aisha", "Sara", "Zainab", "Hiba", "Noor", "Mariam", "Rana",
               "Huda", "Layla", "Yasmin", "Samira", "Ayan", "Dilan", "Thi Lan", "Olena", "Agnieszka", "Ana"],
    "male": ["Omar", "Ahmad", "Hassan", "Ali", "Yusuf", "Mohammad", "Bilal", "Karim", "Ibrahim", "Mustafa",
             "Tariq", "Samir", "Abdi", "Reza", "Tuan", "Dmytro", "Piotr", "Andrei", "Jamal", "Khalid"],
}
NON_DANISH_SURNAMES = [
    "Hussein", "Ahmed", "Yilmaz", "Ali", "Khan", "Nguyen", "Osman", "Haddad", "Rahimi", "Mohammadi",
    "Abdullahi", "Demir", "Kaya", "Farah", "Said", "Kowalski", "Popescu", "Shevchenko", "Hassan", "Jama",
]
EXCUSED_REASONS = ["Sygdom", "Lægebesøg", "Barns sygdom", "Jobsamtale", "Tandlæge", "Samtale i jobcentret",
                   "Praktikbesøg", "Kursus"]
UNEXCUSED_REASONS = ["Udeblevet uden besked", "Ikke mødt", "Gået tidligt uden aftale", "Kom ikke efter frokost"]
DECLINE_REASONS = [
    "Holdet er fuldt i den ønskede periode; visiter gerne igen til næste hold.",
    "Borgeren ønsker ikke køkkenarbejde efter forsamtalen.",
    "Helbredsforhold skal afklares før opstart.",
    "Borgeren mødte ikke op til forsamtalen.",
]
GOALS = [
    "Møde stabilt til tiden alle aftalte dage",
    "Kunne planlægge og udføre egne arbejdsopgaver",
    "Forbedre arbejdspladsdansk, så instruktioner forstås",
    "Afklare ønsket branche og skrive målrettet CV",
    "Søge mindst to relevante job om ugen",
    "Samarbejde med kolleger og tage imod feedback",
    "Afklare helbred og skånehensyn i forhold til fuld tid",
    "Gennemføre hygiejnekursus og bestå prøven",
]
LAST_WEEKS_GOALS = [
    "Praktik i et kantinekøkken de sidste uger med henblik på ansættelse",
    "Søge ind på erhvervsuddannelsen til ernæringsassistent",
    "Søge ordinære job i køkken og service, 25–30 timer om ugen",
    "Afklaring af arbejdsevne i samarbejde med jobcentret",
]
REPORT_BODIES = [
    "Deltageren møder stabilt og løser opgaverne selvstændigt. Arbejdspladsdansken er blevet bedre.",
    "Deltageren har haft en del fravær på grund af sygdom, men er motiveret og deltager aktivt, når hun/han er her.",
    "Deltageren arbejder godt i køkkenet og tager ansvar for egne opgaver; har brug for støtte til jobsøgning.",
    "Deltageren har svært ved at møde til tiden. Vi har aftalt en plan for fremmøde med jobcentret.",
    "Virksomheden melder om god udvikling; støttepersonen følger op hver anden uge.",
    "Deltageren er klar til at søge ordinært job og har været til to samtaler.",
]
SUPPORT_PERSONS = [
    "Birgitte Holm", "Kasper Lund", "Helle Dahl", "Morten Friis", "Tina Juhl", "Anders Bech",
    "Pernille Toft", "Niels Kjær",
]
# fmt: on
