"""Danish text helpers: a stop-word list, normalisation, and a small concept (synonym) table.

Char n-gram TF-IDF (``analyzer="char_wb", ngram_range=(3, 5)``) already copes with Danish
inflection ("ensom", "ensomme", "ensomhed") and compounds ("skolefravær" shares "fravær"). What it
cannot see is that different everyday words mean the same thing ("alene", "har ingen venner",
"ensom"). :data:`CONCEPTS` maps such words to a concept key; :func:`concepts` finds them in a text.

Trigger rules: a trigger of five or more letters matches anywhere (so it also finds compounds:
"fravær" in "skolefravær"); a shorter one, or one written with a leading ``^``, must start a word
("cv"; "^uddannelse" so that "ungdomsuddannelse", the institution, does not count).
Multi-word triggers match as phrases. Text is lower-cased and "aa" is not folded (modern spelling).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["CONCEPTS", "DANISH_STOP_WORDS", "concepts", "normalise", "strip_stop_words"]

#: Common Danish function words, removed before char n-grams so that texts are not found
#: similar just because both say "jeg er en der godt kan lide at".
DANISH_STOP_WORDS = frozenset(
    """
    ad af al alle alt altid and andet andre at bare begge bl blev blive bliver da de dem den
    denne dens der deres det dette dig din dine disse dit du efter eks eller en end er et for
    fordi fra fx få gerne godt går gør ham han hans har havde have hele helst hende hendes her
    hos hun hvad hvem hver hvilke hvis hvor hvordan hvorfor i ikke ind ingen intet ja jeg jer
    jeres kan kom kommer kun kunne lide lidt lige man mange med meget men mere mest mig min
    mine mit mod måske ned nej noget nogle nok nu når of og også om op os osv over på rigtig
    samme sammen selv selvom sig sin sine sit skal skulle som står synes så the tid til ud uden
    under var vi vil ville vor være været
    """.split()  # noqa: SIM905
)

#: Concept table: concept key -> trigger words/phrases (Danish, lower case). Used by
#: :func:`matching.recommend_offers` on both the caseworker's text and the offers' texts.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "loneliness": (
        "ensom",
        "alene",
        "ingen venner",
        "ikke nogen venner",
        "ingen at være sammen med",
        "ikke nogen at være sammen med",
        "mangler venner",
        "savner venner",
        "få venner",
        "isoleret",
        "isolation",
        "udenfor fællesskab",
        "uden for fællesskab",
        "holdes udenfor",
        "netværk",
        "fællesskab",
        "socialt samvær",
        "samvær",
        "jævnaldrende",
        "venskab",
        "mødested",
        "trist og alene",
    ),
    "school_absence": (
        "skolefravær",
        "fravær",
        "pjæk",
        "skolevægring",
        "skolevægning",
        "skoletræthed",
        "ikke i skole",
        "kommer ikke i skole",
        "komme i skole",
        "udebliver",
        "udeblivelse",
        "dropper ud",
        "droppet ud",
        "uden skoletilbud",
        "skolefobi",
        "falde ud",
    ),
    "learning": (
        "lektie",
        "læring",
        "fagligt",
        "faglige",
        "skolefaglig",
        "karakter",
        "matematik",
        "læse",
        "læsning",
        "indlæring",
        "undervisning",
        "eksamen",
        "prøve",
        "hovedfag",
    ),
    "anxiety_low_mood": (
        "angst",
        "bange",
        "nervøs",
        "depressi",
        "deprimeret",
        "ked af det",
        "trist",
        "tristhed",
        "bekymr",
        "uro",
        "panik",
        "stress",
        "presset",
        "mistrivsel",
        "mental",
        "psykisk",
        "følelse",
        "svært ved at",
        "har det svært",
        "sårbar",
    ),
    "self_harm": ("selvskade", "skærer i sig selv", "cutter", "selvmord"),
    "eating": ("spiseforstyrr", "anoreksi", "bulimi", "spiser ikke", "krop og mad", "vægt"),
    "substances": (
        "rusmid",
        "hash",
        "stoffer",
        "alkohol",
        "druk",
        "drikker",
        "fuld",
        "misbrug",
        "snus",
        "nikotin",
        "ryger",
        "rygning",
        "joint",
        "kokain",
    ),
    "crime": (
        "kriminal",
        "kriminel",
        "politi",
        "stjæl",
        "tyveri",
        "bande",
        "vold",
        "hærværk",
        "exit",
    ),
    "job_education": (
        "fritidsjob",
        "job",
        "arbejde",
        "^uddannelse",
        "uddannelsesvalg",
        "ledig",
        "arbejdsløs",
        "cv",
        "ansøgning",
        "jobsamtale",
        "praktik",
        "beskæftigelse",
        "erhverv",
        "studie",
    ),
    "leisure": (
        "fritid",
        "sport",
        "fodbold",
        "idræt",
        "forening",
        "træning",
        "motion",
        "musik",
        "kunst",
        "kreativ",
        "spejder",
        "klub",
        "aktivitet",
        "teater",
        "bevægelse",
        "fitness",
    ),
    "family_break": ("skilsmisse", "skilt", "forældre går fra hinanden", "brud i familien"),
    "sleep": ("søvn", "sover", "træt", "døgnrytme"),
    "digital": (
        "gaming",
        "gamer",
        "computerspil",
        "skærm",
        "mobil",
        "sociale medier",
        "online",
        "digital",
        "nettet",
        "internet",
    ),
    "sexual_health": ("seksual", "klamydia", "prævention", "kønssygdom", "sex", "kæreste"),
    "diagnosis": (
        "autis",
        "adhd",
        "add",
        "diagnose",
        "funktionsnedsættelse",
        "handicap",
        "udviklings",
    ),
    "parents": (
        "forældre",
        "forælder",
        "opdragelse",
        "teenager",
        "familie",
    ),
    "aftercare": (
        "efterværn",
        "tidligere anbragt",
        "anbragt",
        "anbringelse",
        "plejefamilie",
        "døgninstitution",
        "kollegie",
    ),
    "trusted_adult": (
        "mentor",
        "voksen",
        "fortrolig",
        "støtteperson",
        "kontaktperson",
        "en at snakke med",
        "nogen at tale med",
        "samtale",
    ),
    "economy": ("økonomi", "penge", "fattig", "råd til", "kontingent", "tilskud", "trængt"),
}

_WORD = re.compile(r"[a-zæøåéü0-9]+")


def normalise(text: str) -> str:
    """Lower-case and keep only letters and digits, single-spaced.

    Examples
    --------
    >>> normalise("Har INGEN venner!")
    'har ingen venner'
    """
    return " ".join(_WORD.findall(text.lower()))


def strip_stop_words(text: str) -> str:
    """Normalise and drop :data:`DANISH_STOP_WORDS`.

    Examples
    --------
    >>> strip_stop_words("Jeg er glad for fodbold og skak")
    'glad fodbold skak'
    """
    return " ".join(w for w in normalise(text).split() if w not in DANISH_STOP_WORDS)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for key, triggers in CONCEPTS.items():
        parts = []
        for trigger in triggers:
            trig = normalise(trigger)
            body = r"\s+".join(re.escape(w) for w in trig.split())
            word_start = trigger.startswith("^") or len(trig) < 5
            parts.append(r"\b" + body if word_start else body)
        out[key] = re.compile("|".join(parts))
    return out


def concepts(text: str) -> frozenset[str]:
    """Concept keys of :data:`CONCEPTS` whose triggers occur in ``text``.

    Examples
    --------
    >>> sorted(concepts("Han er ensom og har ingen venner"))
    ['loneliness']
    >>> "school_absence" in concepts("bekymrende skolefravær")
    True
    """
    norm = normalise(text)
    return frozenset(key for key, pattern in _patterns().items() if pattern.search(norm))
