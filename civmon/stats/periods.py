"""Calendar periods for series: day, ISO week, month and year keys, and enumeration in order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from civmon.errors import ConfigError

PERIODS: tuple[str, ...] = ("day", "week", "month", "year")


def check_period(by: str) -> None:
    """Raise ConfigError for an unknown period name."""
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r}; use one of: {', '.join(PERIODS)}")


def period_start(day: date, by: str) -> date:
    """The first day of the period holding `day`."""
    check_period(by)
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(start: date, by: str) -> date:
    """The first day of the period after the one starting on `start`."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_key(day: date, by: str) -> str:
    """The label of the period holding `day`: '2017-03-05', '2017-W09', '2017-03' or '2017'."""
    check_period(by)
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def parse_period(label: str, by: str) -> date:
    """The first day of the period a label names (the inverse of period_key)."""
    check_period(by)
    try:
        if by == "day":
            return date.fromisoformat(label)
        if by == "week":
            year, week = label.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if by == "month":
            year, month = label.split("-")
            return date(int(year), int(month), 1)
        return date(int(label), 1, 1)
    except ValueError:
        raise ConfigError(f"{label!r} is not a {by} period (e.g. {period_key(date(2017, 3, 5), by)})") from None


def periods_between(start: date, end: date, by: str) -> Iterator[date]:
    """The first day of every period from the one holding `start` to the one holding `end`."""
    cur = period_start(start, by)
    while cur <= end:
        yield cur
        cur = next_start(cur, by)
