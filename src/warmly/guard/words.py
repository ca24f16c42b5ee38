"""Small word lists shared by masking and specificity (no model, no download)."""

from __future__ import annotations

import re

# Function words: never proper nouns when capitalised after a comma ("Hi Jane, We ..."),
# and never evidence that a draft is about someone.
_STOP = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing done down during each
few for from further get got had has have having he her here hers herself him himself
his how i if in into is it its itself just let me more most my myself no nor not now of
off on once only or other our ours ourselves out over own please quick same she should
so some such than that the their theirs them themselves then there these they this those
through to too under until up very via was we were what when where which while who whom
why will with would you your yours yourself yourselves hi hello hey dear thanks thank
cheers best regards sincerely hope well really great good just still yes yeah ok okay
sure maybe would like love keen happy glad let know time week today tomorrow one two any
every think thought want wanted need see saw look looking make made new way thing things
lot im ive id ill youre youve youd dont cant wont isnt didnt doesnt wasnt arent
"""
STOPWORDS: frozenset[str] = frozenset(_STOP.split())

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes dropped: "you're" -> "youre")."""
    return [t.replace("'", "") for t in _TOKEN.findall(text.lower().replace("’", "'"))]


def stem(word: str) -> str:
    """A deliberately crude stemmer: "shipped", "shipping", "ships" -> "shipp"/"ship".

    Good enough to match a draft's "launching" with a post's "launched"; a real stemmer
    would be a dependency for a few points of recall on a soft score.
    """
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) >= 5 and word[-1] == word[-2]:  # "shipp" -> "ship"
        word = word[:-1]
    return word
