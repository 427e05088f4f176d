"""Name folding for transliteration variants: one key for 'Al-Jineh', 'el Jinah' and 'Jinéh'.

Folding works token by token (cached), so the same rules apply to gazetteer names and to report
text, and a match over folded text maps back to whole tokens of the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN_RE = re.compile(r"[^\W_Â]+(?:['’‘`ʿʾ´][^\W_Â]+)*")
"""A word: letters/digits with internal apostrophes ("Ma'arrat", "Dar'a"); hyphens split words. 'Â' never
belongs to a word: it is what a no-break space becomes when UTF-8 is misread as Latin-1 ('alongÂ Libya')."""

ARTICLES: frozenset[str] = frozenset({
    "al", "el", "il", "ul", "ad", "adh", "ed", "ag", "ar", "er", "as", "es", "ash", "esh",
    "at", "et", "ath", "az", "ez", "an", "en",
})
"""Transliterations of the Arabic article (with sun-letter assimilation); all fold to 'al'."""

_APOSTROPHES = str.maketrans("", "", "'’‘`ʿʾ´")
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ə": "a",
                          "ħ": "h", "þ": "th", "ð": "d"})
_DIGRAPHS: tuple[tuple[str, str], ...] = (("ou", "u"), ("oo", "u"), ("ay", "ai"), ("ei", "ai"), ("ey", "ai"),
                                          ("iya", "ia"), ("iyy", "i"), ("dh", "d"))
"""Spellings of one sound; the last: Somali 'dh' is often written 'd' in English ('Qardho'/'Qardo',
'Dhuusamareeb'/'Dusamareb'), as Arabic 'dh' is ('Adhamiya'/'Adamiya')."""
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_LONG_VOWEL_RE = re.compile(r"([aeiu])\1+")  # Somali long vowels ('Dharkenleey'); 'oo' stays for the digraph
_POSSESSIVE_RE = re.compile(r"['’]s$")
_FINAL_H_RE = re.compile(r"([aeiou])h$")
_HAS_DOUBLE_RE = re.compile(r"([aeiu])\1")


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """One word folded: no diacritics, apostrophes or possessive 's, lower case, spelling variants merged."""
    if token.isascii():  # the common case: no accents to strip
        t = token.lower()
        if "'" in t or "`" in t:
            t = _POSSESSIVE_RE.sub("", t).translate(_APOSTROPHES)
    else:
        t = unicodedata.normalize("NFKD", _POSSESSIVE_RE.sub("", token).translate(_APOSTROPHES))
        t = "".join(c for c in t if not unicodedata.combining(c)).lower().translate(_SPECIAL)
        if not t.isascii():
            return t
    if t in ARTICLES:
        return "al"
    if _HAS_DOUBLE_RE.search(t) is not None:
        t = _LONG_VOWEL_RE.sub(r"\1", t)
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    t = t.replace("o", "u")  # o/u vary freely in Arabic and Somali spellings ('Boondheere', 'Bondhere')
    t = _DOUBLE_RE.sub(r"\1", t)
    if len(t) > 3:
        if t.endswith("h"):
            t = _FINAL_H_RE.sub(r"\1", t)
        if t.endswith("e"):
            t = t[:-1] + "a"
    return t


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Every word of `text` as (start, end, folded) with code-point offsets into `text`."""
    return [(s, e, fold_token(w)) for (s, e), w in zip(spans(text), TOKEN_RE.findall(text), strict=True)]


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every word of `text`."""
    return list(map(re.Match.span, TOKEN_RE.finditer(text)))


def fold_words(words: list[str]) -> list[str]:
    """The folded form of each word (one dictionary lookup per word already seen)."""
    out: list[str | None] = list(map(_FOLDED.get, words))
    if None in out:
        if len(_FOLDED) > 200_000:  # bound the memory of a long-running process
            _FOLDED.clear()
        for i, f in enumerate(out):
            if f is None:
                out[i] = _FOLDED[words[i]] = fold_token(words[i])
    return out  # type: ignore[return-value]  # no None is left


_FOLDED: dict[str, str] = {}


def fold_word(word: str) -> str:
    """One word folded (fold_token), remembered for the next text."""
    f = _FOLDED.get(word)
    if f is None:
        if len(_FOLDED) > 200_000:  # bound the memory of a long-running process
            _FOLDED.clear()
        f = _FOLDED[word] = fold_token(word)
    return f


def name_key(name: str) -> str:
    """The folded key of a place name, its leading article dropped ('Al-Mawsil' -> 'mawsil')."""
    words = [f for _, _, f in tokens(name)]
    while len(words) > 1 and words[0] == "al":
        words = words[1:]
    return " ".join(words)
