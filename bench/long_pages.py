"""Long web pages for the extractor benchmarks: the bundled test pages wrapped in the furniture real pages carry.

Usage: .venv/bin/python bench/long_pages.py [--out FILE] [--size KB]
Writes documents JSONL (no publication date, as most saved pages have none): each page of tests/webpages
inside a navigation menu, a cookie wall, a "most read" list made of the other pages' headlines, a comment
thread and a footer, until the text is about --size kilobytes. Feed it to bench/extract_throughput.py
--data FILE, or to `civmon extract`, to see how the extractor's cost grows with page length.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "webpages"

MENU = ("Home", "News", "Syria", "Iraq", "Yemen", "Middle East", "World", "Opinion", "Analysis", "Investigations",
        "Video", "Podcasts", "Photo essays", "Economy", "Culture", "Sport", "Weather", "Newsletters", "About us",
        "Contact", "Advertise", "Jobs", "Subscribe", "Log in", "Register", "Search", "العربية", "Français")
COOKIE = ("We use cookies and similar technologies to remember your settings, measure traffic and show you "
          "content that may interest you. You can accept all cookies, refuse them or choose which ones we may "
          "use. Read our privacy notice for details. Accept all  Reject all  Manage preferences")
COMMENTS = ("Comments are moderated and may take a while to appear.", "Log in to join the conversation.",
            "Show 14 more replies", "Report this comment", "Sort by: newest | oldest | most liked",
            "Reply  Like  Share", "Load more comments")
FOOTER = ("About us | Editorial standards | Corrections | Privacy policy | Cookie settings | Terms of use",
          "Follow us: Facebook Twitter Telegram YouTube Instagram RSS",
          "Download our app on the App Store and Google Play",
          "All rights reserved. Reproduction without permission is prohibited.")


def headline(text: str) -> str:
    """The first line of a page long enough to be its headline."""
    lines = [line.strip() for line in text.splitlines() if len(line.strip()) > 40]
    return lines[0] if lines else text[:80]


def long_page(text: str, others: list[str], *, size: int, rng: random.Random) -> str:
    """`text` wrapped in furniture until it is about `size` characters."""
    top = [" | ".join(MENU), "", COOKIE, "", "Breaking: " + rng.choice(others), ""]
    bottom = ["", "Most read"]
    bottom += [f"{i}. {h}" for i, h in enumerate(rng.sample(others, min(10, len(others))), 1)]
    bottom += ["", "Comments (23)", *COMMENTS, "", "More from this section"]
    while sum(len(line) + 1 for line in top + [text] + bottom) < size:
        bottom += [rng.choice(others), f"{rng.randint(1, 28)} {rng.choice(('March', 'June', 'October'))} "
                   f"{rng.randint(2015, 2024)}", rng.choice(("Read more", "Watch", "Listen", "Share"))]
    bottom += ["", *FOOTER]
    return "\n".join(top + [text] + bottom)


def main(argv: list[str] | None = None) -> int:
    """Write the long pages JSONL."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/civmon-long-pages.jsonl"))
    ap.add_argument("--size", type=int, default=8, help="approximate page size in kilobytes (default 8)")
    ap.add_argument("--copies", type=int, default=4, help="how many wrapped copies of each page (default 4)")
    args = ap.parse_args(argv)
    rng = random.Random(7)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))}
    heads = {k: headline(v) for k, v in texts.items()}
    n = 0
    with args.out.open("w", encoding="utf-8") as f:
        for copy in range(args.copies):
            for name, text in texts.items():
                others = [h for k, h in heads.items() if k != name]
                page = long_page(text, others, size=args.size * 1000, rng=rng)
                doc = {"id": f"{name}-{copy}", "text": page, "published": None, "language": "en"}
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} pages, about {args.size} KB each: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
