"""A seeded generator of synthetic claims with known true incidents, for the linking benchmark and tests.

Five countries over ten years; incidents at about twenty per country-day, in a few hundred towns
per country (a few popular towns take most strikes); each incident told by 1 + Poisson(2) claims,
each from its own document; each claim's date jittered by -1..+1 day (10% only give a report date,
on or after the strike), 30% placed only at governorate precision, town names respelled with
transliteration variants, counts varied by +-30% (some "at least"), actors and targets sometimes left
out. Everything derives from `seed`; names are made up.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from civmon.models import Actor, Claim, Count, DateRange, Place, Span

COUNTRIES: tuple[str, ...] = ("SY", "IQ", "YE", "LY", "AF")
GOVERNORATES = 14
TOWNS = 300
YEARS = 10
PER_COUNTRY_DAY = 20.0
CLAIMS_MEAN = 3.0  # 1 + Poisson(2)
TARGETS = ("market", "residential", "school", "hospital", "vehicle", "mosque", "bakery", "farm")
ACTORS = ("russia", "syria", "us-led-coalition", "turkey", "saudi-led-coalition")
START = date(2014, 1, 1)
_S = Span(0, 0)
_SYLLABLES = ("ka", "fr", "na", "bal", "ras", "tal", "deir", "qa", "sr", "ma", "arr", "at", "jis", "sh", "ugh",
              "kh", "an", "saf", "ir", "zor", "ham", "dan", "bu", "kam", "mal", "ki", "yah", "mus", "ta")


@dataclass(frozen=True, slots=True)
class Town:
    """A made-up town: its governorate, coordinates and spellings (the first is canonical)."""

    country: str
    admin1: str
    lat: float
    lon: float
    spellings: tuple[str, ...]


def _variants(rng: random.Random, base: str) -> tuple[str, ...]:
    """Transliteration variants of a name: article prefixes, q/k, ou/u, doubled letters, a final h."""
    out = [base.title()]
    rules: list[Callable[[str], str]] = [
        lambda s: "Al-" + s, lambda s: "el-" + s, lambda s: s.replace("q", "k"), lambda s: s.replace("u", "ou"),
        lambda s: s + "h" if s.endswith("a") else s + "e", lambda s: s.replace("a", "aa", 1),
        lambda s: s.replace("i", "ee", 1)]
    for _ in range(3):
        v = base
        for rule in rng.sample(rules, 2):
            v = rule(v)
        out.append(v[0].upper() + v[1:])
    return tuple(dict.fromkeys(out))


def world(seed: int) -> dict[str, list[Town]]:
    """The towns of every country (seeded)."""
    rng = random.Random(seed)
    towns: dict[str, list[Town]] = {}
    for k, country in enumerate(COUNTRIES):
        lat0, lon0 = 30.0 + 2 * k, 36.0 + 3 * k
        govs = [(f"{country} Governorate {g + 1}", lat0 + (g // 4) * 0.9, lon0 + (g % 4) * 0.9)
                for g in range(GOVERNORATES)]
        names: set[str] = set()
        towns[country] = []
        while len(towns[country]) < TOWNS:
            base = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if base in names or len(base) < 4:
                continue
            names.add(base)
            g, glat, glon = rng.choice(govs)
            towns[country].append(Town(country, g, glat + rng.uniform(-0.4, 0.4), glon + rng.uniform(-0.4, 0.4),
                                       _variants(rng, base)))
    return towns


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large)."""
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def generate(n_claims: int, *, seed: int = 1) -> Iterator[tuple[Claim, int]]:
    """About `n_claims` synthetic claims (stops at exactly that many), each with its true incident number."""
    rng = random.Random(seed)
    towns = world(seed)
    days = min(int(YEARS * 365.25), max(1, math.ceil(n_claims / (len(COUNTRIES) * PER_COUNTRY_DAY * CLAIMS_MEAN))))
    rate = n_claims / (len(COUNTRIES) * days * CLAIMS_MEAN)  # ~20 at full size over ten years
    weights = {c: [1.0 / (r + 1) ** 0.8 for r in range(len(ts))] for c, ts in towns.items()}
    places: dict[tuple[str, int, int], Place] = {}
    govs: dict[str, Place] = {}
    actors = {a: Actor(a, a, "named") for a in ACTORS}
    produced = incident = 0
    for d in itertools.count():
        day = START + timedelta(days=d % days)
        for country in COUNTRIES:
            for _ in range(_poisson(rng, rate)):
                incident += 1
                t = rng.choices(range(TOWNS), weights=weights[country])[0]
                town = towns[country][t]
                target = rng.choice(TARGETS)
                actor = rng.choice(ACTORS[:3]) if country == "SY" else rng.choice(ACTORS[2:])
                killed = max(1, int(rng.lognormvariate(1.2, 0.9)))
                for _ in range(1 + _poisson(rng, 2.0)):
                    produced += 1
                    yield _claim(rng, produced, town, t, day, target, actors[actor], killed, places, govs), incident
                    if produced >= n_claims:
                        return
    raise AssertionError("unreachable")


def _claim(rng: random.Random, n: int, town: Town, t: int, day: date, target: str, actor: Actor, killed: int,
           places: dict[tuple[str, int, int], Place], govs: dict[str, Place]) -> Claim:
    r = rng.random()
    shifted = day + timedelta(days=-1 if r < 0.2 else 1 if r > 0.8 else 0)
    if rng.random() < 0.1:
        reported = day + timedelta(days=rng.randint(0, 2))
        when = DateRange(None, reported, "report", "", _S)
    else:
        when = DateRange(shifted, shifted, "event", "", _S)
    if rng.random() < 0.3:
        place = govs.get(town.admin1)
        if place is None:
            place = govs[town.admin1] = Place(town.admin1, town.country, "governorate", _S, admin1=town.admin1,
                                              lat=round(town.lat, 1), lon=round(town.lon, 1))
    else:
        v = rng.randrange(len(town.spellings))
        key = (town.country, t, v)
        place = places.get(key)
        if place is None:
            place = places[key] = Place(town.spellings[v], town.country, "town", _S, admin1=town.admin1,
                                        lat=town.lat, lon=town.lon)
    figure = max(0, round(killed * rng.uniform(0.7, 1.3)))
    count = Count(figure, None if rng.random() < 0.1 else figure, "", _S)
    return Claim(doc_id=f"doc{n}", claim_id=f"c{n}", kind="incident", extractor="synthetic", date=when, place=place,
                 actor=actor if rng.random() < 0.5 else None, target=target if rng.random() < 0.6 else None,
                 casualties={"civilians_killed": count})
