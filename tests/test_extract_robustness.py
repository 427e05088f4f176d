"""The extractor never raises on odd input, and every span it returns lies inside the text it read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civmon.cli import cli
from civmon.extract import extract
from civmon.models import Claim, Count, Document, Span

_REPORTISH = st.sampled_from([
    "An air strike on a market in Raqqa killed at least 12 civilians, including 4 children.",
    "Dozens were wounded.", "The death toll rose to 40 on Tuesday.", "No casualties were reported.",
    "The coalition denied the claims and said it was investigating.", "Russian warplanes hit Ariha yesterday.",
    "between 12 and 15", "3:10", "18/01", "U.S. officials", "Strip.Shuaib", "\u2022 ", "\n\n", "1,200",
    "<p>", "</p>", "<b>killed</b>", "&nbsp;", "\u00a0", "\u200b", "\ufeff", "\x00", "\x1b[31m", "\r\n",
    "\u0642\u062a\u0644 12 \u0645\u062f\u0646\u064a\u0627\u064b", "\U0001F4A5", "\U0001F622", "\u202e", "ﬁ",
])
_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0x600, max_codepoint=0x6FF), max_size=100),
    st.lists(_REPORTISH, max_size=25).map(" ".join),
    st.lists(st.one_of(_REPORTISH, st.text(max_size=10)), max_size=25).map("".join),
)


def _inside(span: Span | None, text: str) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), (span, len(text))


def _check_count(c: Count, text: str) -> None:
    _inside(c.span, text)
    assert c.words in text[c.span.start:c.span.end], (c.words, text[c.span.start:c.span.end])
    if c.min is not None and c.max is not None:
        assert c.min <= c.max
    for r in c.reports:
        _check_count(r, text)


def check_claims(claims: list[Claim], text: str) -> None:
    """Every span of every claim lies inside `text`; every count's words lie in its span."""
    for claim in claims:
        for c in claim.casualties.values():
            _check_count(c, text)
        if claim.date is not None:
            _inside(claim.date.span, text)
        for p in (claim.place, *claim.places):
            if p is not None:
                _inside(p.span, text)
        if claim.actor is not None:
            _inside(claim.actor.span, text)
        for r in claim.responses:
            _inside(r.span, text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, policy=st.sampled_from(["conservative", "airwars", "acled", "strict"]))
def test_random_text_never_raises_and_spans_stay_inside(text: str, policy: str) -> None:
    doc = Document(id="r", text=text, language="en")
    check_claims(extract(doc, vague_policy=policy), text)


def test_a_five_megabyte_text() -> None:
    prose = "The valley was quiet and the river ran high after the spring rains, farmers said. " * 60
    report = ("On 3 March 2017 an air strike hit a house in Mosul, killing at least 12 civilians, including 4 "
              "children; seven others were wounded, local sources said. The coalition said it was investigating. ")
    block = prose + report
    text = (block * (5_000_000 // len(block) + 1))[:5_000_000]
    claims = extract(Document(id="big", text=text, language="en"))
    assert claims  # the report paragraphs are read
    check_claims(claims, text)


_GAP = ("   \n" * 15_000)  # 60,000 characters of blank space, as blanked page furniture leaves
_GAPPED = {
    "number-then-gap": f"An air strike killed 12{_GAP}people in Idlib.",
    "people-then-gap": f"Shelling wounded three children{_GAP}and two women on Monday.",
    "year-then-gap": f"Between 2015{_GAP}- 2017 the town was besieged. A strike killed four civilians.",
    "list-then-gap": f"Four civilians ,{_GAP}and a doctor were killed in Ariha.",
    "page-furniture": f"Menu\nHome | News | Syria | Iraq\n12{_GAP}\nA strike on Maarat al-Numan killed nine civilians.",
}


@pytest.mark.parametrize("name", list(_GAPPED))
def test_long_blank_runs_are_read_in_linear_time(name: str) -> None:
    # In a child process: a regular expression that backtracks over a long blank run holds the interpreter for
    # hours, and only a process can be stopped from outside. Linear reading takes a second or two.
    code = ("import sys; from tests.test_extract_robustness import _GAPPED, check_claims; "
            "from civmon.extract import extract; from civmon.models import Document; "
            "t = _GAPPED[sys.argv[1]]; check_claims(extract(Document(id='gap', text=t, language='en')), t)")
    done = subprocess.run([sys.executable, "-c", code, name], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("text", [
    "A strike hit a village 10 km \u017fouth of Idlib on 3 May, killing 4.",  # long s: casefolds to 's'
    "A strike hit a village 10 \u212am south of Idlib on 3 May, killing 4.",  # Kelvin sign: casefolds to 'k'
    "Shelling hit a farm \u017fouth of Ariha, killing two.",
])
def test_letters_that_casefold_to_ascii_do_not_break_offsets(text: str) -> None:
    check_claims(extract(Document(id="cf", text=text, language="en")), text)


def test_another_language_yields_no_claims() -> None:
    text = "\u0642\u062a\u0644 12 \u0645\u062f\u0646\u064a\u0627\u064b \u0641\u064a \u063a\u0627\u0631\u0629. 12 civilians were killed."
    assert extract(Document(id="ar", text=text, language="ar")) == []


def test_the_cli_notes_an_unsupported_language_on_stderr(tmp_path: object) -> None:
    lines = [
        {"id": "a", "text": "\u0642\u062a\u0644 12 \u0645\u062f\u0646\u064a\u0627\u064b.", "language": "ar"},
        {"id": "b", "text": "An air strike killed 12 civilians in Raqqa.", "language": "en",
         "published": "2017-03-20"},
    ]
    stdin = "".join(json.dumps(x) + "\n" for x in lines)
    result = CliRunner().invoke(cli, ["extract", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    assert "'ar'" in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {c["doc_id"] for c in out} == {"b"}


def test_empty_and_whitespace_documents() -> None:
    for text in ("", " ", "\n\n\t", "\x00"):
        assert extract(Document(id="e", text=text, language="en")) == []


def test_one_line_report_with_markup_still_gives_its_claim() -> None:
    """Markup around a one-line report does not make the whole text page furniture."""
    from civmon.extract.claims import extract
    from civmon.models import Document

    text = ('<script>x=1</script> Medics said an airstrike hit Homs, Syria on 5 May 2017, killing 3 civilians. '
            '<img src=x onerror="x=2"> <a href="javascript:x=3">more</a>')
    claims = extract(Document(id="d", text=text))
    assert [c.casualties["civilians_killed"].min for c in claims] == [3]
