"""Stage: zones. Where the article body is in a page-text dump.

Page text carries more than the article: datelines, related-article teasers ("Có thể bạn quan
tâm", "Tin khác" …, each with its own figures), visitor counters and footers. Only the body's
figures are the article's indicators, so later stages look at `body` zones only. Markers are
data (nlp/data/zones.yaml), not tied to one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.normalise import fold
from nlp.resources import load

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class Zone:
    start: int
    end: int
    label: str  # "body" or "boilerplate"


@cache
def _markers() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    data = load("zones")
    ends = tuple(fold(m) for m in data["end_markers"])
    drops = tuple(re.compile(p, re.IGNORECASE) for p in data["drop_lines"])
    return ends, drops


def _is_end_marker(line: str, ends: tuple[str, ...]) -> bool:
    folded = fold(line.strip())
    # A marker heading is short: the marker itself, maybe with a colon or a count.
    return any(folded.startswith(m) and len(folded) <= len(m) + 12 for m in ends)


def find_zones(text: str) -> list[Zone]:
    """Body and boilerplate zones covering `text`, in order; body zones are line-aligned."""
    ends, drops = _markers()
    zones: list[Zone] = []
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip():
            continue
        if _is_end_marker(line, ends):
            zones.append(Zone(m.start(), len(text), "boilerplate"))
            break
        label = "boilerplate" if any(p.match(line.strip()) for p in drops) else "body"
        if zones and zones[-1].label == label and label == "body":
            zones[-1] = Zone(zones[-1].start, m.end(), "body")
        else:
            zones.append(Zone(m.start(), m.end(), label))
    return zones


def body_spans(text: str) -> list[tuple[int, int]]:
    return [(z.start, z.end) for z in find_zones(text) if z.label == "body"]
