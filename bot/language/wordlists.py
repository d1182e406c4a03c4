"""Language data: every word list the bot reads English with, each defined once, named for
what it is and, in a line above it, where it comes from.

The rules import these; what they derive (compiled patterns, stemmed sets) stays with them.
"""

from __future__ import annotations

# Snowball's English stopword list (as NLTK ships it; the BM25 peer of `bot eval` uses it alone)...
SNOWBALL_STOPWORDS = frozenset(
    """
a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down
during each few for from further had hadn has hasn have haven having he her here hers herself
him himself his how i if in into is isn it its itself let me more most mustn my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan she should
shouldn so some such than that the their theirs them themselves then there these they this
those through to too under until up very was wasn we were weren what when where which while
who whom why will with won would wouldn you your yours yourself yourselves
""".split()
)

# ... and what the bot also drops: contraction stubs, and words a reader puts around a
# question ("please tell me", "name the ...", "whats").
STOPWORDS = SNOWBALL_STOPWORDS | frozenset(
    """
us also s t d ll m re ve y ok okay please tell know explain describe give name list
else besides apart whats whos wheres whens whys hows thats theres heres dont doesnt didnt isnt arent wasnt werent
cant couldnt wont wouldnt shouldnt hasnt havent hadnt im ive youre theyre weve
""".split()
)

# Generic words that say little about a topic: a question missing one of them from the
# knowledge is weaker evidence of being off-topic than one missing a rarer word.
LIGHT_WORDS = frozenset(
    """
go goes went gone get gets got make makes made take takes took use used uses run runs end ends
start starts begin come comes give put set keep see look want need like way thing things part
lot new old good bad big small first last many much main major important different known based
become became include includes including included mean means meant work works show shows
happen thing people person one two number year years time times day days place called do
say says said tell tells told ending ended starting started beginning began begun
""".split()
)

# Words that stand before a name as its title ("President", "Dr.")
TITLES = frozenset(
    """president prime minister premier chancellor mr mr. mrs mrs. ms ms. dr dr. sir lord lady
king queen prince princess duke duchess pope saint st st. general gen. governor senator secretary
ambassador professor prof. ceo chairman mayor judge justice bishop emperor leader head chief director
founder captain colonel lieutenant sergeant rev. reverend coach analyst envoy official""".split()
)

# Question words: stopwords for matching, but they say what kind of answer is wanted.
WH_WORDS = frozenset("who whom whose what when where which why how".split())

# Irregular verb forms a stemmer cannot join to their base ("met" / "meet").
IRREGULAR_VERBS: dict[str, str] = {}
for _row in """
arise arose arisen|be was were been|bear bore born borne|beat beaten|become became|begin began begun
bind bound|bite bit bitten|blow blew blown|break broke broken|bring brought|build built|buy bought
catch caught|choose chose chosen|come came|cost|cut|deal dealt|dig dug|do did done|draw drew drawn
drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|feel felt|fight fought
find found|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten|freeze froze frozen
get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had has|hear heard|hide hid hidden
hold held|keep kept|know knew known|lay laid|lead led|leave left|lend lent|lose lost|make made
mean meant|meet met|pay paid|rise rose risen|ride rode ridden|ring rang rung|run ran|say said
see saw seen|seek sought|sell sold|send sent|shake shook shaken|shoot shot|sing sang sung|sink sank sunk
sit sat|sleep slept|speak spoke spoken|spend spent|stand stood|steal stole stolen|stick stuck
strike struck|swim swam swum|take took taken|teach taught|tear tore torn|tell told|think thought
throw threw thrown|understand understood|wake woke woken|wear wore worn|win won|write wrote written
""".replace("\n", "|").split("|"):
    _forms = _row.split()
    for _form in _forms[1:]:
        IRREGULAR_VERBS.setdefault(_form, _forms[0])
# "won" and "left" are far more often the verb than anything else in news text, but "found",
# "lead", "bound" and "saw" are also common nouns/adjectives: leave those to the stemmer.
for _ambiguous in ("found", "bound", "saw", "lay", "fell", "lie", "rose", "lead", "has", "had", "born"):
    IRREGULAR_VERBS.pop(_ambiguous, None)

# Small numbers as words and as digits ("two differences" / "2 differences"). "one" is left
# out: "one of the ..." is rarely a count.
NUMERALS = {
    w: str(i)
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split()
    )
    if i >= 2
}
NUMERALS.update({d: w for w, d in list(NUMERALS.items())})

# Acronyms a reader types for what a text spells out (and back). Matched case-sensitively on
# the original text, so "US" the country is not "us" the pronoun. A question's other acronyms
# are read as the knowledge itself spells them out (`query.spell_out_acronyms`).
ACRONYMS = {
    "PM": "prime minister",
    "US": "united states",
    "USA": "united states",
    "UK": "united kingdom",
    "EU": "european union",
    "UN": "united nations",
    "NATO": "north atlantic treaty organization",
    "GDP": "gross domestic product",
    "CEO": "chief executive",
    "CFO": "chief financial officer",
    "COO": "chief operating officer",
    "CTO": "chief technology officer",
    "AI": "artificial intelligence",
    "WW2": "second world war",
    "WWII": "second world war",
}

# British spellings read as American ones, on both sides, so "criticised" meets "criticized"
# and "defence" meets "defense": the -ise verbs and their nouns by rule, the rest by list.
BRITISH_SPELLINGS = {}
for _row in """centre center|centres centers|theatre theater|metre meter|metres meters|litre liter|fibre fiber
defence defense|offence offense|licence license|labour labor|favour favor|honour honor|colour color
neighbour neighbor|neighbours neighbors|behaviour behavior|harbour harbor|rumour rumor|programme program
programmes programs|catalogue catalog|travelling traveling|travelled traveled|modelling modeling
cancelled canceled|labelled labeled|fuelled fueled|signalled signaled|jewellery jewelry|tonne ton|tonnes tons
""".replace("\n", "|").split("|"):
    if not _row.strip():
        continue
    _british, _american = _row.split()
    BRITISH_SPELLINGS[_british] = _american


# ---------------------------------------------------------------------------------------------
# Dates, numbers and measures: what a "when", "how many" or "how far" answer is made of

MONTHS = "january february march april may june july august september october november december".split()
MONTH_ABBREVIATIONS = "jan feb mar apr jun jul aug sep sept oct nov dec".split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()

# English number words, and the counting words that go with them ("twice", "dozens").
NUMBER_WORDS = """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred thousand million billion trillion dozen dozens hundreds thousands millions billions half
twice thrice""".split()

# Ordinals written as words, as centuries are ("the nineteenth century").
ORDINALS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
twenty-first""".split()

TIME_UNITS = """second seconds minute minutes hour hours day days week weeks month months year years
decade decades century centuries""".split()

# Units a measured number keeps in its answer ("35 kilometres", "1.2 billion euros").
MEASURE_UNITS = """km kilometres kilometers kilometre kilometer miles mile metres meters metre meter
cm mm feet foot ft inches kg kilograms kilogram tonnes tonne tons ton pounds lb degrees mph km/h
euros euro dollars dollar pounds yen pesos yuan rupees acres hectares""".split()

# A question with one of these asks when something happened before now ("when did they last
# meet?"): a duration ("eight years") may answer it.
LOOKING_BACK = frozenset("last ago since previous previously before recently".split())

# Verbs of starting and ending: "when does the plan end?" asks for one end of "2025-2028".
START_VERBS = "start begin began begun launch commence open first".split()
END_VERBS = "end finish expire conclude close until".split()

# ---------------------------------------------------------------------------------------------
# People, names and places

# Endings of words for a role ("campaigner", "executive", "chairman").
ROLE_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ive", "man", "woman", "person", "ee")

# Words that join the parts of a name ("Port of Rotterdam", "Ludwig van Beethoven").
NAME_JOINERS = frozenset("of de del da van von der la le bin al the and &".split())
# The small words a name of several words holds that its acronym gives no letter ("Organization
# *of the* Petroleum Exporting Countries", "Department *for* Education", "Stoke-*on*-Trent").
ACRONYM_SKIPS = NAME_JOINERS | frozenset("for on in at to".split())

# Nationality adjectives that no ending gives away, and the endings that do ("Mexican",
# "Japanese", "Israeli").
DEMONYMS = frozenset("dutch french greek swiss thai czech welsh scots basque filipino lao kyrgyz".split())
DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i")

# How a text calls a man or a woman, by pronoun and by title.
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
MALE_TITLES = frozenset("mr sir king prince lord duke emperor father brother".split())
FEMALE_TITLES = frozenset("mrs ms miss madam lady queen princess duchess empress mother sister".split())

# Openings of a sentence that refer back to the one before ("It meets each six months").
ANAPHORA = frozenset("it its he she his her they their them this these that those there such the".split())

# Prepositions before a place ("in Chile", "from Mexico"); a where-question ending on one
# ("where does it come from?") finds its answer after the same one.
PLACE_PREPOSITIONS = frozenset("from to in at into near across".split())

# Prepositions that place a list of examples ("in areas such as ...").
PLACING_PREPOSITIONS = frozenset(
    "across in into from to through between for on at with by within over under during".split()
)

# ---------------------------------------------------------------------------------------------
# Saying: three lists, for three jobs

# Verbs that report speech: the name next to one is who spoke ("..., Carney said").
REPORTING_VERBS = frozenset("said says say stated added told wrote noted explained announced asked".split())

# Verbs answered by a clause, not a phrase: "What did she say about X?" asks for what was said.
CLAUSE_VERBS = frozenset(
    """say said says tell told tells state stated states announce announced announces
explain explained explains think thought believe believed argue argued claim claimed write wrote written
describe described mean meant""".split()
)

# Verbs a question can end on that take "about X": "what did he say?" + "and the cartels?" ->
# "what did he say about the cartels?".
VERBS_TAKING_ABOUT = frozenset(
    """say said says think thinks thought mean means meant tell told add added
write wrote announce announced explain explained""".split()
)

# ---------------------------------------------------------------------------------------------
# Questions: how they ask for what they want

# Nouns for the kind of answer a what/which question wants ("which country", "what year").
PERSON_NOUNS = frozenset(
    """person man woman people leader president minister who author founder king queen
scientist inventor player ruler official politician""".split()
)
PLACE_NOUNS = frozenset(
    """country city place state region continent town nation area province capital
location village island river""".split()
)
DATE_NOUNS = frozenset("year date time day month century decade period era".split())
QUANTITY_NOUNS = frozenset("number amount percentage percent proportion share cost price age".split())

# "how ___": words that only say how the answer is asked for, dropped from the question's content.
HOW_MODIFIERS = frozenset(
    """many much long old far big large tall high often fast heavy deep soon late
early strong powerful wide hot cold severe expensive""".split()
)

# "how deep" asks for a depth: the noun a text measures it by, looked for in the text.
MEASURE_NOUNS = {
    "deep": "depth", "wide": "width", "high": "height", "tall": "height", "heavy": "weight",
    "fast": "speed", "far": "distance", "big": "size", "large": "size", "old": "age",
    "strong": "strength", "powerful": "power", "long": "length", "hot": "temperature",
    "cold": "temperature", "expensive": "cost",
}  # fmt: skip

# "what was the depth of ...?" asks for a number.
MEASURES = frozenset(MEASURE_NOUNS.values()) | frozenset(
    """magnitude population toll total rate percentage
value amount number price cost capacity distance revenue revenues profit profits income sales budget debt
deficit salary wage margin growth inflation unemployment turnout""".split()
)

# "what ___": words that say how the answer is asked for ("what kind of", "what year").
WHAT_MODIFIERS = frozenset("kind type sort year date time day month number amount age".split())

# Words a question uses about the text itself, not its topic ("mentioned in the article").
QUESTION_FILLERS = frozenset(
    """mention mentioned mentions article text story passage document paragraph
according happen happened happens call called named""".split()
)

# The wh-words, in the order a typo of one is matched to them.
WH_WORDS_IN_ORDER = ("what", "who", "where", "when", "why", "which", "how", "whose", "whom")

# Words that follow a wh-word: a typo of one is only fixed before one of these ("wat did ...").
AFTER_WH = frozenset(
    """is are was were did does do can could will would should has have had many much long
often old far year kind type""".split()
)

# The auxiliaries a yes/no question opens with ("Did they sign...?").
AUXILIARIES = frozenset(
    """is are was were do does did can could will would has have had should shall may
might must""".split()
)

# ---------------------------------------------------------------------------------------------
# The chat and questions about the document

# What people type to hear more about the last answer.
TELL_ME_MORE = frozenset({
    "more", "tell me more", "go on", "continue", "keep going", "say more", "anything else", "what else",
    "more please", "and", "and then", "tell me more about it", "more about it", "what more", "elaborate",
    "details", "more details", "expand",
})  # fmt: skip

# Prepositions after which a follow-up's phrase replaces the last question's ("what about X?").
PHRASE_PREPOSITIONS = frozenset("about on of for with in to from against regarding into".split())

# Nouns for the document itself ("what is this article about?").
DOCUMENT_NOUNS = frozenset(
    "article story piece text page post document news item passage paragraph essay excerpt this that it".split()
)

# The words a question about the document asks by: what is left names the document.
DOCUMENT_QUESTION_WORDS = frozenset(
    """summary summarize summarise tldr tl dr gist overview main key points
point ideas idea facts takeaways topic subject about wrote writes written author authored writer reporter
journalist reported penned byline published publishes publisher publication released ran newspaper paper
site website outlet magazine agency source date day posted dated headline title titled called come appear
old give""".split()
)

# ---------------------------------------------------------------------------------------------
# The thesaurus: reader words and the words a news text is likelier to use for them

# Only expansions present in the knowledge are used, at reduced weight; the original word keeps
# its full weight (lexicon.THESAURUS).
THESAURUS_GROUPS = [
    "leader president premier chancellor minister",
    "deal agreement pact treaty plan partnership",
    "talk talks meeting met meet discussion discussed summit",
    "trip visit travel travelled traveled visited",
    "gang gangs cartel cartels criminal criminals mafia",
    "drug drugs narcotics narcotic",
    "fight combat tackle counter battle stop curb",
    "goal aim objective purpose target",
    "country countries nation nations",
    "begin start started began commence",
    "end finish ended finished conclude",
    "big large huge",
    "small little tiny",
    "buy purchase bought",
    "cost price",
    "law legislation statute",
    "help assist aid support",
    "job work employment",
    "kid child children",
    "die died death killed",
    "earthquake earthquakes quake quakes tremor",
    "build builds built construct constructed construction",
    "injure injured injury injuries wounded hurt",
    "connect connects connected connecting link links linked linking",
    "born birth",
    "money funding funds finance",
    "border frontier",
    "environment environmental climate",
    "safety security",
    "economy economic trade",
    "company firm business corporation",
    "city town",
    "car vehicle automobile",
    "film movie",
    "doctor physician",
    "happen happened occur occurred",
    "say said stated says told remarked",
    "strengthen strengthening reinforce reinforced bolster boost enhance improve",
    "stress emphasize emphasise emphasized highlight underline underscore",
    "track monitor monitoring surveillance watch",
    "copyright rights",
    "publish publisher published",
    "want wish desire",
    "show demonstrate",
    "problem issue challenge",
    "area sector field domain industry",
    "cover covers include includes involve contain encompass span",
]

# Stems that other, unrelated words share ("according" -> "accord", "stated" -> "state") would
# make false matches; a thesaurus group may not contain them.
AMBIGUOUS_STEMS = frozenset("accord state head hold close present lead free content".split())
