"""A regular expression for a word list, built as a trie so matching dispatches on each character.

Python's `re` tries the branches of `a|b|c|...` one by one; for hundreds of words that dominates matching
time. The trie form (`c(?:hild(?:ren)?|ivilians?)`) tries one branch per character and still prefers the
longest word, so it matches what the plain alternation (longest first) matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def _insert(trie: dict[str, dict], word: str) -> None:  # type: ignore[type-arg]
    node = trie
    for ch in word:
        node = node.setdefault(ch, {})
    node[_END] = {}


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    optional = _END in node
    branches = []
    for ch in sorted(k for k in node if k != _END):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _emit(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def trie_regex(words: Iterable[object]) -> str:
    """A regex (no anchors, no groups) matching any of `words` (lower-cased, spaces as `\\s+`), longest first."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        key = " ".join(str(w).lower().split())
        if key:
            _insert(trie, key)
    if not trie:
        return "(?!)"
    return "(?:" + _emit(trie) + ")"
