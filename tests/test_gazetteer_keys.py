"""The gazetteer key table: the shipped one equals a fresh build, a stale one is ignored, imports merge in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.gazetteer.index import Index, index
from civmon.gazetteer.keys import (
    KeyTable,
    begins,
    build_keys,
    bundled_keys,
    checksum,
    keys_text,
    merge,
    parse_keys,
    row_numbers,
)
from civmon.gazetteer.normalise import tokens
from civmon.gazetteer.table import Entry, bundled_bytes, bundled_lines, format_entry


def _line(id_: str, name: str, *alternates: str, kind: str = "village") -> str:
    return format_entry(Entry(id=id_, name=name, kind=kind, country="SY", admin1=None, admin2=None, lat=35.0,
                              lon=37.0, population=800, alternates=alternates))


ROWS = [
    _line("1", "Tall Abyad", "Tell Abiad"),
    _line("2", "Kafr Nubl"),
    _line("3", "Tall Rifat", "Tel Rifaat"),
    _line("4", "Qaryat Rab Dhuure"),
]


def _plain(table: KeyTable) -> tuple[dict[str, list[int]], dict[str, str], frozenset[str]]:
    return ({k: row_numbers(v) for k, v in table.rows.items()}, table.alias, table.longer)


def test_shipped_key_table_fits_the_shipped_rows() -> None:
    raw = bundled_bytes()
    lines = bundled_lines(raw)
    shipped = bundled_keys(row_count=len(lines), raw_checksum=checksum(raw))
    assert shipped is not None, "civmon/data/gazetteer-keys.txt is stale: run scripts/build_gazetteer.py --keys-only"
    assert _plain(shipped) == _plain(build_keys(lines))


def test_key_text_round_trips() -> None:
    table = build_keys(ROWS)
    back = parse_keys(keys_text(table, row_count=4, checksum=99), row_count=4, checksum=99)
    assert back is not None and _plain(back) == _plain(table)


@pytest.mark.parametrize(("row_count", "check"), [(5, 99), (4, 98)])
def test_a_key_file_written_for_other_rows_is_ignored(row_count: int, check: int) -> None:
    text = keys_text(build_keys(ROWS), row_count=4, checksum=99)
    assert parse_keys(text, row_count=row_count, checksum=check) is None


@pytest.mark.parametrize("text", ["", "not a key file", "civmon-gazetteer-keys\t3\t4\t99\na|b\n1\n\n\n"])
def test_garbage_is_not_a_key_table(text: str) -> None:
    assert parse_keys(text, row_count=4, checksum=99) is None


@pytest.mark.parametrize(("key", "first", "longer"), [
    ("tal abyad", "tal", {"tal"}),
    ("qaryat rab dura", "qaryat", {"qaryat", "qaryat rab"}),
])
def test_first_words_and_beginnings_of_longer_names(key: str, first: str, longer: set[str]) -> None:
    table = build_keys(ROWS)
    assert key in table.rows and begins(table, first) and longer <= table.longer
    assert key not in table.longer  # nothing longer begins with a whole key here
    assert not begins(table, key)  # a run of words is never a first word


def test_a_long_name_is_also_found_written_as_one_word() -> None:
    table = build_keys(ROWS)
    assert table.alias["qaryatrabdura"] == "qaryat rab dura"
    text = "Fighting reached Qaryatrabdhure at dawn."
    (m,) = Index(ROWS, keys=table).matches(text)
    assert text[m.start:m.end] == "Qaryatrabdhure" and m.entries[0].id == "4"


def test_merge_numbers_imported_rows_after_the_bundled_ones() -> None:
    base = build_keys(ROWS[:2])
    extra = build_keys(ROWS[1:], offset=2)
    both = merge(base, extra)
    assert row_numbers(both.rows["kafr nubl"]) == [1, 2]
    assert row_numbers(both.rows["tal rifat"]) == [3]
    assert merge(base, build_keys([], offset=2)) is base
    ix = Index(ROWS[:2] + ROWS[1:], keys=both)
    assert [e.id for e in ix.lookup("Kafr Nubl")] == ["2", "2"]


def test_the_process_index_uses_the_shipped_table() -> None:
    ix = index()
    assert ix.lookup("Khan Younis") and ix.matches("Shelling hit Khan Younis.")


WORDS = st.sampled_from(["Tall", "Abyad", "Tell", "Abiad", "Kafr", "Nubl", "in", "the", "Rifat", "Tel", "Rifaat",
                         "and", "Qaryat", "Rab", "Dhuure", "near", "al-Tall"])


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, max_size=14))
def test_matches_are_every_run_of_words_that_is_a_key(words: list[str]) -> None:
    ix = Index(ROWS)
    text = " ".join(words)
    got = {(m.start, m.end) for m in ix.matches(text)}
    found = tokens(text)
    folded = [f for _, _, f in found]
    table = build_keys(ROWS)
    want = {(found[i][0], found[j][1]) for i in range(len(folded)) for j in range(i, len(folded))
            if " ".join(folded[i:j + 1]) in table.rows or " ".join(folded[i:j + 1]) in table.alias}
    assert want <= got


@pytest.mark.parametrize(("written", "row"), [
    ("Shells fell on Tall Hamra overnight.", "5"),  # the row writes 'Tall al-Hamra'
    ("Shells fell on Kafr Batna Sharqi overnight.", "6"),  # 'Kafr al Batna ash Sharqi'
])
def test_a_name_is_also_found_without_its_inner_article(written: str, row: str) -> None:
    rows = [_line("5", "Tall al-Hamra"), _line("6", "Kafr al Batna ash Sharqi")]
    found = [m for m in Index(rows).matches(written) if any(e.id == row for e in m.entries)]
    assert found and written[found[0].start:found[0].end].startswith(("Tall", "Kafr"))


def test_dropping_the_inner_article_never_hides_a_real_key() -> None:
    rows = [_line("7", "Tall al-Hamra"), _line("8", "Tall Hamra")]
    text = "near Tall Hamra"
    (m,) = [m for m in Index(rows).matches(text) if text[m.start:m.end] == "Tall Hamra"]
    assert [e.id for e in m.entries] == ["8"]


def test_begins_holds_for_exactly_the_first_words_of_keys_and_spellings() -> None:
    table = build_keys(ROWS)
    firsts = {k.split(" ")[0] for k in [*table.rows, *table.alias]}
    words = {w for k in [*table.rows, *table.alias, *table.longer] for w in k.split(" ")} | {"zzz"}
    assert {w for w in words if begins(table, w)} == firsts
