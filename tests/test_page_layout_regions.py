"""Page furniture as regions: menus, share rows, walls, by-lines, headline lists, related blocks, footers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.page_layout import boilerplate_regions, entry_breaks, headline, in_regions, page_layout
from civmon.models import Span

ARTICLE = ("Russian warplanes struck a market in the town of Saraqib on Tuesday, killing at least nine civilians, "
           "rescue workers said.")


def furniture(text: str) -> list[str]:
    """The (stripped) lines of `text` inside a region."""
    regions = boilerplate_regions(text)
    lines = [(m.group().strip(), m.start() + len(m.group()) - len(m.group().lstrip()))
             for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    spans = [Span(start, start + len(line)) for line, start in lines]
    return [line for (line, _), inside in zip(lines, in_regions(spans, regions), strict=True) if inside]


@pytest.mark.parametrize("line", [
    "Home | World | Middle East | Opinion | Video",
    "Home   News   Reports   Contact",
    "Home > Syria > Idlib",
    "Share   Tweet   Email   WhatsApp",
    "Facebook Twitter Email Print",
    "Reply   Repost   Like   Share",
    "1,204 Reposts   96 Quotes   2,310 Likes",
    "Skip to main content",
    "Sign in",
    "Subscribe to our newsletter",
    "Advertisement",
    "© 2019 Levant Daily Media. All rights reserved.",
    "About us | Contact us | Privacy policy | Terms of use",
    "By Leila Haddad",
    "Reporting by Sam Jones; Editing by Ali Khan",
    "Listen to this article · 4 min read",
    "READ MORE: Turkey sends reinforcements to observation posts in Hama",
    "Read also: Russian occupation warplanes kill 4 in Hass",
    "https://www.example.org/news/syria/idlib",
    ("We use cookies to personalise content and ads and to analyse our traffic. By continuing to browse this site "
     "you agree to our use of cookies, as set out in our cookie policy, which you can change at any time here."),
])
def test_a_furniture_line_above_an_article_is_a_region(line: str) -> None:
    text = f"{line}\n\n{ARTICLE}\n"
    assert furniture(text) == [line]


@pytest.mark.parametrize("line", [
    ARTICLE,
    "The Syrian government did not comment on the strike.",
    "Russian air strikes kill nine in Saraqib market",
    "Popular Mobilisation Forces shell a village near the border",
    "Latest figures from the health directorate put the toll at nine.",
    "Syria Civil Defence (White Helmets)",
])
def test_article_lines_are_not_regions(line: str) -> None:
    text = f"Home | News | Opinion\n{line}\n{ARTICLE}\nThe strikes also hit a school in the town.\n"
    assert line not in furniture(text)


def test_a_related_block_runs_until_the_next_paragraph() -> None:
    text = "\n".join([
        ARTICLE,
        "Related Stories",
        "Israeli strikes on Damascus airport kill 3 soldiers",
        "Four killed in Turkish shelling of Tal Rifaat.",
        "12 March 2019",
        "Residents said dozens of families had left the town for camps near the Turkish border in the past few "
        "weeks as the shelling grew heavier.",
    ])
    assert furniture(text) == ["Related Stories", "Israeli strikes on Damascus airport kill 3 soldiers",
                               "Four killed in Turkish shelling of Tal Rifaat.", "12 March 2019"]


@pytest.mark.parametrize("heading", ["Most Read", "You may also like", "More from Middle East", "Latest reports",
                                     "Key events", "Trending now", "Recommended for you"])
def test_list_headings_open_a_block(heading: str) -> None:
    text = f"{ARTICLE}\n{heading}\nCoalition raid kills 9 in Hajin\nThe strikes also hit a school in the town.\n" \
           "Doctors at the field hospital in the town said many of the wounded were in a critical condition tonight."
    assert furniture(text)[:2] == [heading, "Coalition raid kills 9 in Hajin"]


def test_a_run_of_headlines_without_a_heading_is_a_list_but_the_title_is_kept() -> None:
    text = "\n".join([
        "Idlib: 12 dead in Russian raids on Jisr al-Shughur",
        "Israel strikes Hama airbase, 2 soldiers killed",
        "Turkish drone kills 3 in Kobani",
        "",
        "Assad forces shell Saraqib as residents flee",
        "Posted on March 3, 2020",
        ARTICLE,
    ])
    assert furniture(text) == ["Idlib: 12 dead in Russian raids on Jisr al-Shughur",
                               "Israel strikes Hama airbase, 2 soldiers killed", "Turkish drone kills 3 in Kobani",
                               "Posted on March 3, 2020"]
    title = headline(text)
    assert title is not None and text[title.start:title.end] == "Assad forces shell Saraqib as residents flee"


def test_two_headline_like_lines_are_not_a_list() -> None:
    text = "Syria war\nRussian jets strike Saraqib market\nResidents say the market was full of shoppers\n" + ARTICLE
    assert "Russian jets strike Saraqib market" not in furniture(text)


def test_everything_after_the_last_paragraph_is_furniture() -> None:
    text = f"{ARTICLE}\nTurkish shelling kills 4 near Afrin\nSeven dead in Azaz car bomb\nSupport our work"
    assert furniture(text) == ["Turkish shelling kills 4 near Afrin", "Seven dead in Azaz car bomb",
                               "Support our work"]


def test_regions_merge_adjacent_lines_and_keep_to_the_text() -> None:
    text = "Home | News\nShare   Tweet   Email\n\n" + ARTICLE
    regions = boilerplate_regions(text)
    assert regions == [Span(0, text.index("\n\n"))]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "x", ARTICLE, "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\n" * 3])
def test_edge_texts(text: str) -> None:
    regions = boilerplate_regions(text)
    assert all(0 <= r.start < r.end <= len(text) for r in regions)


def test_live_blog_entries_begin_after_time_stamps() -> None:
    text = "\n".join([
        "Syria live: Idlib offensive continues",
        "16:20",
        "Three Turkish soldiers were wounded near Morek, the Turkish defence ministry said.",
        "14:05",
        "Russian jets strike Kafr Nabl",
        "Russian warplanes struck the town of Kafr Nabl this afternoon, killing seven civilians.",
    ])
    assert [text[b:b + 13] for b in entry_breaks(text)] == ["Three Turkish", "Russian jets "]


def test_in_regions_is_containment() -> None:
    regions = [Span(0, 10), Span(20, 30)]
    spans = [Span(0, 4), Span(5, 12), Span(12, 18), Span(21, 29), Span(31, 40)]
    assert in_regions(spans, regions) == [True, False, False, True, False]


_LINES = st.lists(st.one_of(
    st.sampled_from(["Home | News | Video", "Share", "Related", "By Jane Doe", "Published 3 May 2019", "",
                     "Russian jets strike Idlib, 9 dead", ARTICLE, "\u00a9 2019", "Most read"]),
    st.text(max_size=60)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_regions_are_ordered_disjoint_and_trimmed(lines: list[str]) -> None:
    text = "\n".join(lines)
    regions = boilerplate_regions(text)
    for r in regions:
        assert 0 <= r.start < r.end <= len(text)
        assert not text[r.start].isspace() and not text[r.end - 1].isspace()
    for a, b in zip(regions, regions[1:], strict=False):
        assert a.end < b.start


def test_headlines_above_the_title_are_teasers() -> None:
    text = "\n".join([
        "Idlib: 12 dead in Russian raids on Jisr al-Shughur",
        "Home | News | Syria",
        "Assad forces shell Saraqib as residents flee",
        ARTICLE,
    ])
    assert furniture(text) == ["Idlib: 12 dead in Russian raids on Jisr al-Shughur", "Home | News | Syria"]


@pytest.mark.parametrize("line", ["WATCH: footage shows fires near the town after the raids",
                                  "BREAKING: 12 killed in Israeli strike on Damascus",
                                  "Opinion | Why Idlib matters to Europe"])
def test_teasers_in_the_article_are_furniture(line: str) -> None:
    text = f"{ARTICLE}\n{line}\nThe strikes also damaged a school and a bakery in the town, residents said."
    assert furniture(text) == [line]


def test_comments_below_the_article_are_furniture() -> None:
    text = "\n".join([
        ARTICLE,
        "12 Comments",
        "Abu Khaled: the strikes on Kafr Nabl yesterday killed two more people and nobody reported it at all.",
        "Umm Yaman: our family in Maarat al-Numan is safe, thank God, but the bombing went on all night long.",
    ])
    assert furniture(text)[0] == "12 Comments" and len(furniture(text)) == 3


def test_a_comment_counter_above_the_article_is_not_a_comments_section() -> None:
    text = f"Russian jets strike Saraqib market\n12 comments\n{ARTICLE}\nThe strikes also hit a school, residents said."
    assert "The strikes also hit a school, residents said." not in furniture(text)


_SENTENCE = st.lists(st.sampled_from(["the", "strike", "hit", "a", "market", "in", "Saraqib", "killing", "nine",
                                      "civilians", "and", "wounding", "others", "rescuers", "said", "on", "Monday"]),
                     min_size=14, max_size=30).map(lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=100, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=8), st.sampled_from(["\n", "\n\n", " "]))
def test_a_report_of_plain_paragraphs_has_no_regions(paragraphs: list[str], gap: str) -> None:
    assert boilerplate_regions(gap.join(paragraphs)) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400)
       | st.lists(st.sampled_from(["Published 3 May 2019", "12:05", "Related", "Home | News", "\u00a9 2019", "\r",
                                  "Russian jets strike Idlib", "Date: 31/02/2019", "2019/13/45", ARTICLE, "\t", ""]),
                  max_size=20).map("\n".join))
def test_any_text_gives_a_layout_inside_it(text: str) -> None:
    layout = page_layout(text)
    for span in (*layout.regions, layout.title, layout.dateline):
        assert span is None or 0 <= span.start < span.end <= len(text)
    assert all(0 <= b < len(text) for b in layout.entry_breaks)


def test_a_bulleted_list_of_incidents_is_left_to_claim_assembly() -> None:
    items = ["\u2022 Khan Shaykhun: 5 civilians killed in Russian airstrikes",
             "\u2022 Kafr Zita: 2 civilians killed by regime barrel bombs",
             "\u2022 Hass: material damage from regime shelling"]
    text = "\n".join(["Home | Reports", "Our researchers documented the following violations on Monday, 13 May 2019:",
                      *items, "\u00a9 Syrian Rights Watch 2019"])
    assert furniture(text) == ["Home | Reports", "\u00a9 Syrian Rights Watch 2019"]


def test_a_bulleted_list_under_a_related_heading_is_furniture() -> None:
    text = f"{ARTICLE}\nRelated\n* Turkish shelling kills 4 near Afrin\n* Seven dead in Azaz car bomb\n"
    assert furniture(text) == ["Related", "* Turkish shelling kills 4 near Afrin", "* Seven dead in Azaz car bomb"]


def test_headlines_that_open_with_a_number_make_a_list_too() -> None:
    text = f"{ARTICLE}\nThe strikes also hit a school.\n12 killed in Russian raids on Ariha\n5 dead as Turkish drone hits car\n" \
           "Three children among dead in Darat Izza raid\nDoctors said many of the wounded in the town were in a critical " \
           "condition and could not be moved."
    assert furniture(text) == ["12 killed in Russian raids on Ariha", "5 dead as Turkish drone hits car",
                               "Three children among dead in Darat Izza raid"]


def test_a_page_of_short_lines_only_keeps_them() -> None:
    text = "Home | News\nRussian warplanes strike Maarat al-Numan market\nAt least 11 killed, dozens wounded, rescuers say\n" \
           "Rescue teams search the rubble for survivors"
    assert furniture(text) == ["Home | News"]


_ARTICLE = ("Rocket fire hit a bakery queue in the town of Azaz on Sunday morning, killing four people and "
            "wounding nine, local doctors said.\n\n")


@pytest.mark.parametrize("below", [
    "Share | Print\n\nLatest stories\n• Shelling kills 6 in Marea\n• Talks resume in Astana\n",
    "Share | Print\n\nOther coverage\n• Shelling kills 6 in Marea\n",
    "Print | Email | Share\n• Shelling kills 6 in Marea\n",
])
def test_bullets_below_furniture_after_the_article_are_links(below: str) -> None:
    text = _ARTICLE + below
    marea = text.index("Shelling kills 6")
    assert in_regions([Span(marea, marea + 10)], boilerplate_regions(text)) == [True]


def test_a_list_that_ends_the_article_is_kept() -> None:
    text = ("Rocket fire hit a bakery queue in Azaz on Sunday, killing four people. The dead were:\n"
            "• Ahmad Khalil, a baker\n• Samir Khalil, his son\n")
    ahmad = text.index("Ahmad")
    assert in_regions([Span(ahmad, ahmad + 5)], boilerplate_regions(text)) == [False]
