"""Stage: periods. Which years a figure covers, from the words of its sentence and article.

Recognised: "năm 2016", "nhiệm kỳ 2023 - 2028", "giai đoạn 2021 - 2023", "năm học 2023 - 2024",
"từ năm 2021 đến năm 2023", "đến (hết) năm 2028" (inside a term: the term), "6 tháng đầu năm
2024", "tính đến tháng 7/2024", "quý I/2024", "hàng năm" (the term, recurring annual), "năm
nay" (the publication year). The article's governing period comes from its title or opening
sentence; with nothing said, the publication year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.model import Period

_Y = r"((?:19|20)\d{2})"
_DASH = r"\s*[-–—]\s*"
# Order matters: longer, more specific expressions first; matches may not overlap.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        ("term", rf"nhiệm kỳ\s+{_Y}{_DASH}{_Y}"),
        ("range", rf"(?:giai đoạn|năm học|niên khóa)\s+{_Y}{_DASH}{_Y}"),
        ("range", rf"từ\s+(?:năm\s+)?{_Y}\s+đến\s+(?:hết\s+)?(?:năm\s+)?{_Y}"),
        ("since", rf"từ\s+(?:năm\s+)?{_Y}"),
        ("until", rf"(?:đến|tới)\s+(?:hết\s+)?năm\s+{_Y}"),
        ("year", rf"(?:tháng|quý)\s+[\dIVX]{{1,4}}\s*/\s*{_Y}"),
        ("year", rf"năm\s+{_Y}(?!\s*[-–])"),
        ("annual", r"(?:hàng|hằng|mỗi)\s+năm"),
        ("current", r"năm nay|hiện nay|hiện đang|hiện có|hiện quản lý|đến nay"),
        ("previous", r"năm qua|năm trước|năm ngoái"),
    )
)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # term, range, until, year, annual, current, previous, since
    years: tuple[int, ...]


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    end = len(text) if end is None else end
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            years = tuple(int(g) for g in m.groups() if g)
            found.append(PeriodMention(m.start(), m.end(), kind, years))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


@dataclass
class PeriodContext:
    """What the article says about time: its publication year, governing period and term."""

    published_year: int | None
    governing: Period | None = None
    term: Period | None = None

    def default(self) -> Period:
        if self.governing:
            return Period(self.governing.start, self.governing.end)
        year = self.published_year or 0
        return Period(year, year)

    def resolve(self, mention: PeriodMention) -> Period | None:
        """The period one mention stands for, or None when it says nothing about coverage."""
        y = mention.years
        if mention.kind in ("term", "range"):
            return Period(y[0], y[1])
        if mention.kind == "year":
            return Period(y[0], y[0])
        if mention.kind == "until":
            if self.term and self.term.start <= y[0] <= self.term.end:
                return Period(self.term.start, self.term.end)
            first = self.published_year or y[0]
            return Period(min(first, y[0]), y[0])
        if mention.kind == "annual":
            base = self.term or self.governing
            if base:
                return Period(base.start, base.end, "annual")
            year = self.published_year or 0
            return Period(year, year, "annual")
        if mention.kind == "current" and self.published_year:
            return Period(self.published_year, self.published_year)
        if mention.kind == "previous" and self.published_year and not self.governing:
            return Period(self.published_year - 1, self.published_year - 1)
        return None


def article_context(
    opening: list[tuple[str, int, int]], all_mentions: list[PeriodMention],
    published_year: int | None,
) -> PeriodContext:
    """Governing period from the opening sentences (title, lead); the term from anywhere."""
    ctx = PeriodContext(published_year)
    for m in all_mentions:
        if m.kind == "term" and ctx.term is None:
            ctx.term = Period(m.years[0], m.years[1])
    for text, start, end in opening:
        for m in find_periods(text, start, end):
            if m.kind in ("since", "current", "previous", "annual"):
                continue
            period = ctx.resolve(m)
            if period:
                ctx.governing = period
                return ctx
    return ctx


def period_for(
    figure_start: int, mentions: list[PeriodMention], ctx: PeriodContext
) -> Period:
    """The period of a figure: the nearest telling mention before it in its sentence, else
    the first after it, else the governing period. "hàng năm" adds recurrence to a term."""
    before = [m for m in mentions if m.end <= figure_start]
    after = [m for m in mentions if m.start >= figure_start]
    annual = any(m.kind == "annual" for m in before)
    for m in [*reversed(before), *after]:
        if m.kind == "annual":
            continue
        period = ctx.resolve(m)
        if period:
            if annual and m.kind in ("term", "until") and period.start != period.end:
                return Period(period.start, period.end, "annual")
            return period
    if annual:
        annual_mention = next(m for m in before if m.kind == "annual")
        resolved = ctx.resolve(annual_mention)
        if resolved:
            return resolved
    return ctx.default()
