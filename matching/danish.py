"""Danish text helpers: stop words, normalisation, a stemmer, and a small concept table.

Char n-gram TF-IDF (``analyzer="char_wb", ngram_range=(3, 5)``) copes with Danish inflection and
compounds, but it cannot see that different everyday words mean the same thing ("alene", "har
ingen venner", "ensom"). :data:`CONCEPTS` maps such words to a concept key; :func:`concepts` finds
them in a text.

Triggers match **whole tokens by their Snowball stem** (Danish), so "ensom", "ensomme" and
"ensomhed" are one trigger, while "fuldstændig" is not "fuld" and "voldsom" is not "vold".
Prefix and substring matches were the source of such false positives ("drukne" as "druk",
"hashtag" as "hash", "forbandet" as "bande"), so a trigger only reaches into a compound when it
says so:

``*fravær``
    also the last part of a compound ("skolefravær"): Danish compounds put the head last, so a
    compound *ending* in the trigger is a kind of it. Compared on stems; at least two letters
    must come before it, and the trigger's stem needs four letters ("stabil" is no "bil").
``rusmid*``
    also any word that *starts* with the trigger ("rusmidler", "rusmiddelrådgivning"); used only
    for long, unambiguous beginnings.
``ingen venner``
    a phrase: consecutive tokens, each matched by stem.

Text is lower-cased and "aa" is not folded (modern spelling).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import snowballstemmer

__all__ = [
    "CONCEPTS",
    "addresses_parents",
    "DANISH_STOP_WORDS",
    "GENERIC_NEED_WORDS",
    "PARENT_AUDIENCE",
    "PARENT_WORDS",
    "concept_words",
    "concepts",
    "normalise",
    "stem",
    "strip_stop_words",
    "text_tags",
    "tokens",
]

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

#: Words that every need and every offer says ("brug for hjælp", "støtte til unge"). In a
#: catalogue of help for young people they carry no information, so the offer search neither
#: matches on them nor shows them as a reason.
GENERIC_NEED_WORDS = frozenset(
    """
    familie familien familier familiens deltage finde søge mangler manglende professionel
    professionelle skole skolen skoler elev elever
    brug behov hjælp hjælpe støtte støtten tilbud tilbuddet tilbyder unge ung ungdom børn barn
    barnet borger borgere voksne voksen person personer gerne rigtig svært godt dårligt mere
    altid aldrig meget noget nogen ingen ville kunne også får fået gøre gjort blive bliver
    have haft været kommune kommunen gentofte året år dag dage ofte evt mv mellem alder alderen
    rettet målrettet fokus form forløb indsats indsatsen samt ved via f eks fx
    """.split()  # noqa: SIM905
)

#: Triggers that make an offer one *for parents* (besides a target group such as "Forældre"):
#: it addresses parents or relatives, not just mentions them.
PARENT_AUDIENCE: tuple[str, ...] = (
    "forældregruppe*",
    "*forældregrupper",
    "pårørende*",
    "forældreindsats*",
    "forældreoplæg*",
    "forældrenetværk*",
    "forældreforedrag*",
    "for forældre",
    "til forældre",
    "forældre får",
    "og deres familier",
    "familiebehandling",
    "familieorienteret",
)

#: Words that make a need *about a parent* (the person to help is the mother or father).
PARENT_WORDS = frozenset(
    """
    mor moren mødre mødrene far faren fædre forælder forælderen forældre forældrene
    enlig enlige
    """.split()  # noqa: SIM905
)

#: Concept table: concept key -> triggers (Danish, lower case; see the module docstring for
#: ``*``). Used by :func:`matching.recommend_offers` on both the need and the offers' texts.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "loneliness": (
        "ensom*",
        "alene",
        "ingen venner",
        "ikke nogen venner",
        "ingen kammerater",
        "ingen at være sammen med",
        "ikke nogen at være sammen med",
        "mangler venner",
        "savner venner",
        "få venner",
        "isoleret",
        "isolation",
        "udenfor fællesskabet",
        "uden for fællesskabet",
        "holdes udenfor",
        "netværk",
        "*netværk",
        "fællesskab",
        "*fællesskab",
        "socialt samvær",
        "samvær",
        "jævnaldrende",
        "venskab",
        "*venskab",
        "mødested",
    ),
    "school_absence": (
        "*fravær",
        "pjæk*",
        "*skolevægring",
        "skolevægning",  # sic, as one catalogue row spells it
        "skoletræthed",
        "ikke i skole",
        "kommer ikke i skole",
        "komme i skole",
        "udebliv*",
        "dropper ud",
        "droppet ud",
        "uden skoletilbud",
        "skolefobi",
        "falde ud",
    ),
    "learning": (
        "lekti*",
        "læring",
        "*læring",
        "skolefaglig*",
        "karakter",
        "karakterer",
        "matematik",
        "læse",
        "læsning",
        "læsevanskelig*",
        "indlæring*",
        "undervisning",
        "eksamen",
        "hovedfag*",
        "afgangsfag",
    ),
    "anxiety_low_mood": (
        "angst*",
        "bange",
        "nervøs*",
        "*nervøsitet",
        "depressi*",
        "deprimeret",
        "ked af det",
        "trist*",
        "bekymring",
        "uro",
        "panik*",
        "stress*",
        "presset",
        "pressede",
        "mistrivsel",
        "mental",
        "psykisk",
        "følelse",
        "følelser",
        "har det svært",
        "har det psykisk svært",
        "sårbar*",
    ),
    "self_harm": ("selvskad*", "skærer i sig selv", "cutter", "selvmord*"),
    "eating": ("spiseforstyr*", "anoreksi", "bulimi", "spiser ikke", "krop og mad", "vægt"),
    "substances": (
        "rusmid*",
        "hash",
        "hashrygning",
        "*hashforbrug",
        "stoffer",
        "*stoffer",
        "stofmisbrug",
        "alkohol*",
        "*alkohol",
        "druk",
        "drikker",
        "er fuld",
        "var fuld",
        "bliver fuld",
        "drikker sig fuld",
        "misbrug*",
        "*misbrug",
        "snus*",
        "nikotin*",
        "ryger",
        "rygning",
        "joint*",
        "kokain*",
    ),
    "crime": (
        "kriminal*",
        "kriminel*",
        "*kriminalitet",
        "politi",
        "politikadet",
        "stjæl*",
        "stjålet",
        "tyveri*",
        "*tyveri",
        "bande*",
        "vold",
        "*vold",
        "hærværk",
        "exit",
    ),
    "job_education": (
        "fritidsjob*",
        "job",
        "*job",
        "arbejdsmarked*",
        "*arbejdsmarked",
        "studiejob",
        "uddannelse",
        "uddannelsesvalg",
        "er ledig",
        "ledighed*",
        "arbejdsløs*",
        "cv",
        "ansøgning*",
        "jobsamtale*",
        "praktik",
        "praktikplads*",
        "beskæftigelse*",
        "*beskæftigelse",
        "erhverv*",
        "studie",
    ),
    "leisure": (
        "fritid",
        "*fritid",
        "fritidsaktivitet*",
        "fritidsliv*",
        "fritidstilbud*",
        "fritidspas*",
        "sport*",
        "fodbold*",
        "*fodbold",
        "idræt*",
        "forening*",
        "træning",
        "*træning",
        "motion*",
        "musik*",
        "kunst*",
        "kreativ*",
        "spejder*",
        "klub",
        "*klub",
        "aktivitet*",
        "*aktivitet",
        "teater*",
        "bevægelse*",
        "fitness*",
    ),
    "family_break": (
        "skilsmisse*",
        "*skilsmisse",
        "skilt",
        "skilles",
        "går fra hinanden",
        "gået fra hinanden",
        "brud i familien",
    ),
    "sleep": ("søvn*", "sover", "sove", "træt", "døgnrytme"),
    "digital": (
        "gaming",
        "gamer",
        "computerspil*",
        "skærmtid*",
        "skærmbrug*",
        "foran skærmen",
        "mobil*",
        "sociale medier",
        "online*",
        "digital*",
        "nettet",
        "internet*",
    ),
    "sexual_health": (
        "seksual*",
        "seksuel*",
        "klamydia*",
        "prævention",
        "kønssygdom*",
        "sex",
        "kæreste*",
    ),
    "diagnosis": (
        "autis*",
        "adhd",
        "add",
        "diagnose*",
        "funktionsnedsættelse*",
        "*funktionsnedsættelse",
        "funktionsevne",
        "handicap*",
        "udviklingshæmme*",
        "udviklingsforstyrrelse*",
    ),
    "parents": (
        "forældre*",
        "*forældre",
        "forælder",
        "forældreskab*",
        "opdragelse",
        "grænser",
        "pårørende*",
    ),
    "aftercare": (
        "efterværn*",
        "tidligere anbragt",
        "anbragt",
        "anbringelse*",
        "plejefamilie*",
        "døgninstitution*",
        "kollegie*",
    ),
    "trusted_adult": (
        "mentor*",
        "*mentor",
        "voksen",
        "fortrolig",
        "støtteperson",
        "*kontaktperson",
        "kontaktperson",
        "en at snakke med",
        "nogen at tale med",
        "samtale",
        "samtaler",
    ),
    "economy": (
        "økonomi*",
        "økonomisk",
        "penge",
        "fattig*",
        "råd til",
        "kontingent",
        "tilskud",
        "trængt",
        "trængte",
    ),
    "bullying": (
        "mobbe*",
        "mobbet",
        "mobning*",
        "drilleri*",
        "drillet",
        "holdes udenfor",
        "udelukket",
    ),
    "practical_help": (
        "praktisk hjælp",
        "praktisk støtte",
        "praktiske opgaver",
        "rengøring",
        "indkøb",
        "tøjvask",
        "madpakker",
    ),
}

_WORD = re.compile(r"[a-zæøåéü0-9]+")
#: Words whose trigger keys are remembered per index (bounds memory on odd inputs).
MEMO_SIZE = 200_000
#: A compound head (``*word``) needs at least this many letters in front of it.
MIN_COMPOUND_PREFIX = 2
#: ... and its own stem at least this many: a three-letter head such as "bil" ends too many
#: plain words ("stabil").
MIN_HEAD_STEM = 4


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("danish")


@cache
def stem(word: str) -> str:
    """Danish Snowball stem of one lower-case word (cached).

    Examples
    --------
    >>> stem("ensomhed"), stem("fuldstændig"), stem("voldsom")
    ('ensom', 'fuldstænd', 'voldsom')
    """
    stemmed: str = _stemmer().stemWord(word)
    return stemmed


def normalise(text: str) -> str:
    """Lower-case and keep only letters and digits, single-spaced.

    Examples
    --------
    >>> normalise("Har INGEN venner!")
    'har ingen venner'
    """
    return " ".join(_WORD.findall(text.lower()))


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``.

    Examples
    --------
    >>> tokens("Mor har brug for hjælp.")
    ['mor', 'har', 'brug', 'for', 'hjælp']
    """
    return _WORD.findall(text.lower())


def strip_stop_words(text: str) -> str:
    """Normalise and drop :data:`DANISH_STOP_WORDS`.

    Examples
    --------
    >>> strip_stop_words("Jeg er glad for fodbold og skak")
    'glad fodbold skak'
    """
    return " ".join(w for w in tokens(text) if w not in DANISH_STOP_WORDS)


class TriggerIndex:
    """Whole-token, stemmed trigger matching (see the module docstring for the syntax).

    Parameters
    ----------
    table : dict
        key -> triggers.

    Examples
    --------
    >>> index = TriggerIndex({"substances": ("hash", "druk"), "crime": ("vold", "*vold")})
    >>> index.match("det var fuldstændig vildt med det hashtag")
    {}
    >>> index.match("kærestevold og hashen")
    {'crime': ('kærestevold',), 'substances': ('hashen',)}
    """

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.heads: list[tuple[str, str]] = []
        self.starts: list[tuple[str, str]] = []
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        self._memo: dict[str, frozenset[str]] = {}
        self._phrase_starts: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for key, triggers in table.items():
            for trigger in triggers:
                words = trigger.split()
                if len(words) > 1:
                    phrase = tuple(stem(w) for w in tokens(trigger))
                    self.phrases.append((phrase, key))
                    self._phrase_starts[phrase[0]].append((phrase, key))
                elif trigger.startswith("*"):
                    self.heads.append((stem(trigger[1:]), key))
                    self.exact[stem(trigger[1:])].add(key)
                elif trigger.endswith("*"):
                    # No stem entry: "bande*" must not make "band" (music) a crime word.
                    self.starts.append((trigger[:-1], key))
                else:
                    self.exact[stem(trigger)].add(key)

    def _token_keys(self, token: str) -> frozenset[str]:
        # Memoised per word: texts repeat words, and the compound checks loop over triggers.
        keys = self._memo.get(token)
        if keys is None:
            keys = frozenset(self._compute_token_keys(token, stem(token)))
            if len(self._memo) < MEMO_SIZE:
                self._memo[token] = keys
        return keys

    def _compute_token_keys(self, token: str, token_stem: str) -> set[str]:
        keys = set(self.exact.get(token_stem, ()))
        for head, key in self.heads:
            if (
                key not in keys
                and len(head) >= MIN_HEAD_STEM
                and len(token_stem) - len(head) >= MIN_COMPOUND_PREFIX
                and token_stem.endswith(head)
            ):
                keys.add(key)
        for start, key in self.starts:
            if key not in keys and token.startswith(start):
                keys.add(key)
        return keys

    def match(self, text: str) -> dict[str, tuple[str, ...]]:
        """Key -> the words of ``text`` that triggered it (first-seen order), keys sorted."""
        words = tokens(text)
        found: dict[str, list[str]] = defaultdict(list)
        for token in words:
            for key in self._token_keys(token):
                found[key].append(token)
        if not self.phrases:
            return {key: tuple(dict.fromkeys(found[key])) for key in sorted(found)}
        stems = [stem(w) for w in words]
        for i, first in enumerate(stems):
            for phrase, key in self._phrase_starts.get(first, ()):
                n = len(phrase)
                if tuple(stems[i : i + n]) == phrase:
                    found[key].append(" ".join(words[i : i + n]))
        return {key: tuple(dict.fromkeys(found[key])) for key in sorted(found)}


@cache
def _concept_index() -> TriggerIndex:
    return TriggerIndex(CONCEPTS)


@cache
def _audience_index() -> TriggerIndex:
    return TriggerIndex({"parents": PARENT_AUDIENCE})


def addresses_parents(text: str) -> bool:
    """Whether an offer's text addresses parents or relatives (:data:`PARENT_AUDIENCE`).

    Examples
    --------
    >>> addresses_parents("Pårørendesamtaler, forældregrupper")
    True
    >>> addresses_parents("dialog med skoler, foreninger, kirker, forældre")
    False
    """
    return bool(_audience_index().match(text))


def concept_words(text: str) -> dict[str, tuple[str, ...]]:
    """Concept key -> the words of ``text`` that triggered it.

    Examples
    --------
    >>> concept_words("Hun er ensom og har ingen venner")
    {'loneliness': ('ensom', 'ingen venner')}
    """
    return _concept_index().match(text)


def concepts(text: str) -> frozenset[str]:
    """Concept keys of :data:`CONCEPTS` whose triggers occur in ``text``.

    Examples
    --------
    >>> sorted(concepts("Han er ensom og har ingen venner"))
    ['loneliness']
    >>> "school_absence" in concepts("bekymrende skolefravær")
    True
    >>> concepts("det var fuldstændig forbandet voldsomt")
    frozenset()
    """
    return frozenset(concept_words(text))


@cache
def lexicon() -> dict[str, dict[str, tuple[str, ...]]]:
    """The free-text lexicon ``data/lexicon_da.tsv``: group -> tag -> triggers.

    Groups are ``interests`` and ``needs``; tags are the app's controlled vocabulary keys
    ("football", "homework"), so a word in an about-me text becomes the tag a box would have.

    Examples
    --------
    >>> "fodbold*" in lexicon()["interests"]["football"]
    True
    """
    text = resources.files("matching").joinpath("data/lexicon_da.tsv").read_text("utf-8")
    out: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for line in text.splitlines()[1:]:
        if line.strip():
            group, tag, triggers = line.split("\t")
            out[group][tag] = tuple(t.strip() for t in triggers.split(",") if t.strip())
    return dict(out)


@cache
def _lexicon_index() -> TriggerIndex:
    return TriggerIndex(
        {
            f"{group}:{tag}": triggers
            for group, tags in lexicon().items()
            for tag, triggers in tags.items()
        }
    )


@lru_cache(maxsize=65_536)
def text_tag_words(text: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Group -> tag -> the words of ``text`` that gave it (see :func:`lexicon`).

    Examples
    --------
    >>> text_tag_words("Jeg spiller fodbold og hjælper gerne med lektierne")
    {'interests': {'football': ('fodbold',)}, 'needs': {'homework': ('lektierne',)}}
    """
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, words in _lexicon_index().match(text).items():
        group, tag = key.split(":", 1)
        out.setdefault(group, {})[tag] = words
    return out


def text_tags(text: str) -> dict[str, frozenset[str]]:
    """Group (``interests``, ``needs``) -> the vocabulary tags ``text`` writes about.

    Whole words by stem, so "fodboldtræning" and "spiller fodbold" give ``football`` while
    "fuldstændig" gives nothing.

    Examples
    --------
    >>> tags = text_tags("Elsker at bage kager og gå ture i skoven. Er lidt ensom.")
    >>> sorted(tags["interests"]), sorted(tags["needs"])
    (['cooking', 'nature'], ['loneliness'])
    """
    found = text_tag_words(text) if text else {}
    return {group: frozenset(found.get(group, {})) for group in ("interests", "needs")}
