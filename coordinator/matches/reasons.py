"""The matcher's reasons in plain words, in the reader's language.

The library returns (code, value) pairs such as ("shared_interests", "board_games, football");
this turns them into "I deler interesse for brætspil og fodbold" or "You share an interest in …".
"""

from babel.lists import format_list
from babel.numbers import format_decimal
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from coordinator import vocabulary


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "da"


def _labels(group: str, value: str) -> str:
    lang = _language()
    words = [
        _lower_first(vocabulary.label(group, key.strip(), lang))
        for key in value.split(",")
        if key.strip()
    ]
    return format_list(words, locale=lang) if words else value


def _written_labels(value: str) -> str:
    # The matcher's "writes_about" mixes interest and need tags (one vocabulary each).
    lang = _language()
    words = []
    for key in (k.strip() for k in value.split(",")):
        if not key:
            continue
        group = "interests" if key in vocabulary.load().get("interests", {}) else "needs"
        words.append(_lower_first(vocabulary.label(group, key, lang)))
    return format_list(words, locale=lang) if words else value


# Needs whose Danish label starts with a verb ("Finde et fritidsjob"): after "Kan hjælpe med"
# a verb takes "at" ("Kan hjælpe med at finde et fritidsjob").
_NEEDS_STARTING_WITH_A_VERB = frozenset({"leisure_job", "safety_plan"})


def _need_labels(value: str) -> str:
    lang = _language()
    words = []
    for key in (k.strip() for k in value.split(",")):
        if not key:
            continue
        word = _lower_first(vocabulary.label("needs", key, lang))
        if lang == "da" and key in _NEEDS_STARTING_WITH_A_VERB:
            word = "at " + word
        words.append(word)
    return format_list(words, locale=lang) if words else value


def _age_gap(value: str) -> str:
    try:
        years = float(value)
    except ValueError:
        return value
    if round(years, 1) == 0:
        return _("The same age")
    if years == int(years):
        return ngettext("%(num)d year apart in age", "%(num)d years apart in age", int(years))
    return _("%(years)s years apart in age", years=_number(value))


def _lower_first(text: str) -> str:
    # Vocabulary labels are written to stand alone ("Fodbold"); mid-sentence they are lower case.
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _number(value: str) -> str:
    try:
        return format_decimal(float(value), format="#,##0.#", locale=_language())
    except ValueError:
        return value


def describe(code: str, value: str) -> str:
    """One reason as a short sentence; an unknown code is shown as `code: value`."""
    if code == "shared_interests":
        return _("You share an interest in %(things)s", things=_labels("interests", value))
    if code == "helps_with":
        return _("Can help with %(needs)s", needs=_need_labels(value))
    if code == "distance_km":
        return _("%(km)s km away", km=_number(value))
    if code == "speaks":
        return _("Speaks %(languages)s", languages=_labels("languages", value))
    if code == "availability":
        return _("Both free: %(slots)s", slots=_labels("availability", value))
    if code == "lived_experience":
        return _("Lived experience: %(what)s", what=_labels("lived_experience", value))
    if code == "writes_about":
        return _("Writes about %(things)s", things=_written_labels(value))
    if code == "similar_about":
        return _("Similar in how they describe themselves")
    if code == "match_type":
        return _("Offers: %(type)s", type=_labels("match_types", value))
    if code == "age_gap":
        return _age_gap(value)
    return f"{code}: {value}"


def describe_all(reasons: list[list[str]] | tuple) -> list[str]:
    """Every reason of a proposal, in the order the matcher gave them."""
    return [describe(code, value) for code, value in reasons]


def describe_broken_rule(code: str) -> str:
    """A hard rule the matcher found broken, in plain words (why a choice is refused)."""
    rules = {
        "not_screened": _("the volunteer has not finished screening"),
        "no_capacity": _("the volunteer has no free place"),
        "certificate_missing": _("the volunteer has no child certificate"),
        "certificate_expired": _("the volunteer's child certificate has expired"),
        "match_type_not_offered": _("the volunteer does not offer this kind of match"),
        "lived_experience_missing": _("the volunteer lacks the lived experience this match needs"),
        "not_adult": _("the volunteer is under 18"),
        "peer_age_out_of_range": _("the volunteer is too old to be a young-to-young mentor"),
        "gender_preference": _("the family wished for a volunteer of another gender"),
        "friend_bank_not_volunteer_match": _("friend-bank pairs have no volunteer"),
        "blocked": _("the volunteer already said no to this referral"),
    }
    return rules.get(code, code)
