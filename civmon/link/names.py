"""A small place-name key for linking: spelling variants of one name map to one key.

A stand-in until civmon.gazetteer's normaliser lands: lower-case, diacritics and apostrophes gone,
Arabic article prefixes (al-, el-, ash-, ...) stripped, doubled letters collapsed. `skeleton` goes
further (consonants only, q as k) for transliterations that differ in their vowels.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARTICLE = re.compile(r"\b(?:al|el|il|ul|ash|esh|as|es|at|et|ad|ed|adh|ath|an|en|ar|er|az|ez)[-\s]+(?=\w)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"(?<=.)[aeiouwy]")
_APOSTROPHES = str.maketrans("", "", "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-tolerant key of a place name ('Al-Raqqah', 'ar-Raqa' and 'Raqqa' share one)."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _ARTICLE.sub(" ", text)
    text = _NON_ALNUM.sub("", text)
    text = text.replace("ou", "u").replace("ee", "i").replace("kh", "k").replace("q", "k")
    text = _DOUBLED.sub(r"\1", text)
    return text.removesuffix("h") if len(text) > 3 else text


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonant skeleton of a name's key ('Kafr Nabl' and 'Kafranbel' share 'kfrnbl')."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", name_key(name)))


def same_name(a: str, b: str) -> bool:
    """True when two place names are spellings of one name by key or skeleton."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or (min(len(ka), len(kb)) >= 5 and skeleton(a) == skeleton(b))
