"""A place-name key for linking: spelling variants of one name map to one key.

Built on the gazetteer's normaliser (civmon.gazetteer.normalise.fold_token: diacritics, apostrophes,
digraphs, doubled letters and every transliteration of the Arabic article folded), then joined
without spaces ('Kafr Nabl' / 'Kafranbel') with q as k and kh as k. `skeleton` goes further
(consonants only) for transliterations that differ in their vowels.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from civmon.gazetteer.normalise import TOKEN_RE, fold_token

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"(?<=.)[aeiouwy]")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-tolerant key of a place name ('Al-Raqqah', 'ar-Raqa' and 'Raqqa' share one)."""
    words = [fold_token(m.group()) for m in TOKEN_RE.finditer(name)]
    text = "".join(w for w in words if w != "al") if len(words) > 1 else "".join(words)
    text = unicodedata.normalize("NFKD", text)
    text = _NON_ALNUM.sub("", "".join(ch for ch in text if not unicodedata.combining(ch)))
    text = text.replace("ee", "i").replace("kh", "k").replace("q", "k")
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
