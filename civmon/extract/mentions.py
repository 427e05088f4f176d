"""What each extraction component finds in a text: frozen values with spans, read by claim assembly.

Each component is a pure function over the text (and, for dates, the publication day) that returns
a list of one of these, in text order. None of them reaches into another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from civmon.models import Count, DateRange, Place, Span

DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or date range found in the text, resolved to days (written by extract.dates)."""

    range: DateRange
    precision: DatePrecision
    relative: bool = False


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place found in the text and resolved against the gazetteer (written by extract.places).

    `relation` says how the text attaches it: "in", "near", "offset" ("5 km south of Y"),
    "part_of" ("the X neighbourhood of Y": this mention is X, resolved inside Y), "admin"
    ("Y province"), "context" (only a country, voted for by the actors a note names: "AMISOM", "the LNA"),
    or "bare" (no cue). `container` is the enclosing place when the text names one.
    """

    place: Place
    relation: str = "bare"
    container: Place | None = None


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """A casualty figure in one category ("civilians_killed", "injured", ...), written by extract.casualty_counts.

    `subset_of` names the category this figure is part of ("including 12 children" is part of
    `killed`); `revision` marks a superseding toll ("the death toll rose to 40"); `negated` marks
    "no casualties were reported" (min = max = 0).
    """

    category: str
    count: Count
    sentence: int
    revision: bool = False
    negated: bool = False
    aggregate: bool = False
    listed: bool = False  # an item of a list whose items add up ("three children and two women were killed")
    refines: bool = False  # says who an earlier figure's people were ("four of the dead were civilians")
    open_list: bool = False  # a list of victims with number-less kin ("his wife and children": two or more)


@dataclass(frozen=True, slots=True)
class TermMention:
    """A word from a closed list (a weapon, a target, a response stance, an actor) and its span."""

    concern: str  # "weapon" | "target" | "actor" | "response"
    value: str  # the canonical value: "airstrike", "mosque", "us-led-coalition", "denied"
    words: str
    span: Span
    by: str | None = None
