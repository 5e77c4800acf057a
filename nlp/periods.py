"""Stage: periods. Which years a figure covers, from the words of its sentence and article.

Recognised: "năm 2016", "nhiệm kỳ 2023 - 2028", "giai đoạn 2021 - 2023", "năm học 2023 - 2024",
"từ năm 2021 đến năm 2023", "đến (hết) năm 2028" (inside a term: the term), "6 tháng đầu năm
2024", "tính đến tháng 7/2024", "tính đến ngày 30/9/2024", "quý I/2024", "Tết Giáp Thìn 2024",
"Tết Ất Tỵ" (the lunar year's name), "năm 2023 và 6 tháng đầu năm 2024", "từ năm 2019 đến nay",
"hàng năm" (the term, recurring annual), "năm nay" (the publication year). Another body's term
("đại biểu HĐND nhiệm kỳ 2026 - 2031") is an occasion, never the unions' term.
The article's governing period comes from its title or opening
sentence; with nothing said, the publication year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.model import Period
from nlp.resources import load

_Y = r"((?:19|20)\d{2})"
_DASH = r"\s*[-–—]\s*"
# The heavenly stems and earthly branches that name a lunar year (Giáp Tý = 1984, 2044)
_STEM_NAMES = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCH_NAMES = (("Tý",), ("Sửu",), ("Dần",), ("Mão", "Mẹo"), ("Thìn",), ("Tỵ", "Tị"), ("Ngọ",),
                 ("Mùi",), ("Thân",), ("Dậu",), ("Tuất",), ("Hợi",))
_STEMS = "|".join(_STEM_NAMES)
_BRANCHES = "|".join(name for names in _BRANCH_NAMES for name in names)
_CYCLE_START = 1984


def lunar_year(stem: str, branch: str) -> int | None:
    """The Gregorian year whose Tết opens the lunar year `stem branch` ("Ất Tỵ" → 2025), taken
    in the 60-year cycle 1984–2043, the years of the union news this reads."""
    stem, branch = stem.capitalize(), branch.capitalize()
    s = _STEM_NAMES.index(stem)
    b = next(i for i, names in enumerate(_BRANCH_NAMES) if branch in names)
    offset = next((k for k in range(60) if k % 10 == s and k % 12 == b), None)
    return None if offset is None else _CYCLE_START + offset


# Order matters: longer, more specific expressions first; matches may not overlap.
_DATE = r"(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*"
# bodies whose terms are not the unions' (councils, the assembly, party and mass organisations)
_OTHER_BODIES = (r"Hội đồng nhân dân|HĐND|Quốc hội|Đảng bộ|Đảng ủy|Đại hội Đảng|Mặt trận Tổ quốc"
                r"|Đoàn Thanh niên|Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|Hội Nông dân")
# the words of a congress's name: its body, its place and its number ("Đại hội Công đoàn tỉnh
# Lào Cai lần thứ XVII"); a verb ("Đại hội cho biết, nhiệm kỳ …") ends it
# and the lower-case syllables of a sector's name ("Đại hội Công đoàn Điện lực Việt Nam")
_CONGRESS_NAME_WORD = (r"(?-i:[A-ZĐÀ-Ỹ0-9])[^\s,.;:]*|đại|biểu|lần|thứ|tỉnh|thành|phố|huyện"
                       r"|quận|thị|xã|phường|ngành|cơ|sở|các|khu|công|nghiệp|chế|xuất|và|kinh|tế"
                       r"|đặc|" + "|".join(sorted({re.escape(w) for name
                                                   in load("sectors")["sectors"]
                                                   for w in name.split() if w.islower()})))
# a congress being hailed or held: "chào mừng Đại hội …", "tổ chức đại hội …"
CONGRESS_EVENT = r"(?:chào mừng|tổ chức|tiến tới|hướng tới)\s+(?:thành công\s+)?đại hội"
# what opens the next conjunct after a figure: "… 40.000 đồng/bữa và mỗi năm tổ chức …" —
# a recurrence there is that conjunct's, not the figure's
_NEXT_CONJUNCT = re.compile(r";|\svà\s")
# Each pattern may name a piece every match of it holds ("/" in a date, "nhiệm kỳ" in a term),
# in lower case: a sentence without it is not searched (most sentences hold neither).
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE), needs[0] if needs else "")
    for kind, p, *needs in (
        # a comparison names a year the figure is measured against, not the one it covers
        ("compare", rf"so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?{_Y}", "so với"),
        ("since_now", rf"từ\s+(?:đầu\s+)?nhiệm kỳ\s+{_Y}{_DASH}{_Y}\s+(?:đến|tới)\s+nay", "nay"),
        ("since_now", rf"từ\s+(?:đầu\s+)?(?:năm\s+)?{_Y}\s+(?:đến|tới)\s+nay", "nay"),
        # "từ khi phát động năm 2021 đến nay": since an event of a named year
        ("since_now", rf"từ\s+(?:khi|lúc|ngày)\s+[^,.;:\n]{{0,40}}?năm\s+{_Y}\s+(?:đến|tới)\s+nay",
         "nay"),
        # "từ đầu nhiệm kỳ đến nay", "tính từ đầu nhiệm kỳ đến ngày 30/9/2025": the running
        # term, to now or to the cut-off date
        ("term_to_date", r"từ\s+đầu\s+nhiệm kỳ\s+(?:đến|tới)\s+nay", "nhiệm kỳ"),
        ("term_to_date", rf"từ\s+đầu\s+nhiệm kỳ\s+(?:đến|tới)\s+(?:hết\s+)?"
                         rf"(?:{_DATE}|(?:tháng|quý)\s+[\dIVX]{{1,4}}\s*/\s*|năm\s+){_Y}",
         "nhiệm kỳ"),
        # a congress being hailed or held names an event: "chào mừng Đại hội Đảng bộ thành
        # phố nhiệm kỳ 2025 - 2030", "tổ chức đại hội nhiệm kỳ 2025 - 2030"
        ("event", rf"{CONGRESS_EVENT}[^,.;:\n]{{0,60}}?nhiệm kỳ\s+{_Y}{_DASH}{_Y}", "nhiệm kỳ"),
        # the year in a law's or a document's name: "Luật Công đoàn năm 2024"
        ("document", rf"(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư)"
                     rf"[^,.;:\n]{{0,40}}?năm\s+{_Y}(?!\s*[-–])", "năm"),
        # the term of a council, the assembly or a party or mass organisation is their
        # occasion, not the unions' term: "đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031"
        ("event", rf"(?:{_OTHER_BODIES})[^,.;:\n]{{0,60}}?nhiệm kỳ\s+{_Y}{_DASH}{_Y}", "nhiệm kỳ"),
        # a congress named with its term ("Đại hội Công đoàn tỉnh lần thứ XI, nhiệm kỳ 2023 -
        # 2028 khai mạc"): the term of its goals, but no span its present counts cover
        ("congress", rf"Đại hội(?:(?:\s+(?:{_CONGRESS_NAME_WORD})){{1,14}},?)?\s+nhiệm kỳ\s+"
                     rf"{_Y}{_DASH}{_Y}", "nhiệm kỳ"),
        # a document's date ("Quyết định số 737/QĐ-LĐLĐ ngày 10/7/2025") dates the document
        ("document", rf"(?:Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Kế hoạch|Công văn"
                     rf"|Hướng dẫn|Thông báo|Văn bản)\s+(?:số\s+)?[\w/.-]*\d[\w/.-]*\s+"
                     rf"(?:ngày\s+)?{_DATE}{_Y}", "/"),
        ("term", rf"nhiệm kỳ\s+(?:(?:đầu tiên|mới|tới|thứ\s+\w+|[IVXL]+)[,\s]+)?{_Y}{_DASH}{_Y}",
         "nhiệm kỳ"),
        # "trong năm 2021 và 5 tháng đầu năm 2022", "giai đoạn 2022 - 2023 và 9 tháng đầu năm
        # 2024", "hai năm 2014 và 2015": one span from the first year to the last
        ("range", rf"(?:năm|giai đoạn)\s+{_Y}(?:{_DASH}(?:19|20)\d{{2}})?\s+và\s+"
                  rf"(?:\d{{1,2}}\s+tháng\s+(?:đầu\s+|cuối\s+)?)?(?:năm\s+)?{_Y}"),
        ("range", rf"(?:giai đoạn|năm học|niên khóa)\s+{_Y}{_DASH}{_Y}"),
        # "từ năm 2021 đến năm 2023", "tính từ đầu năm 2018 đến hết ngày 31/12/2022"
        ("range", rf"từ\s+(?:đầu\s+)?(?:năm\s+)?{_Y}\s+(?:đến|tới)\s+(?:hết\s+)?"
                  rf"(?:{_DATE}|năm\s+)?{_Y}"),
        ("since", rf"từ\s+(?:năm\s+)?{_Y}"),
        ("until", rf"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+{_Y}", "năm"),
        ("year", rf"(?:tháng|quý)\s+[\dIVX]{{1,4}}\s*/\s*{_Y}", "/"),
        # "tính đến ngày 30/9/2024", "trước ngày 15/1/2026": the year of a cut-off date
        ("year", rf"(?:tính\s+)?(?:đến|tới|trước)\s+(?:hết\s+)?{_DATE}{_Y}", "/"),
        # "tính đến hết năm 2023": a cut-off, not a goal's deadline
        ("year", rf"tính\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?{_Y}"),
        # a Tết or the Workers' Month of a named year: "Tết Nguyên đán Giáp Thìn 2024"
        ("year", rf"(?:Tết|Xuân)(?:\s+[A-ZĐÀ-Ỹ][\wà-ỹ]*){{0,4}}\s+(?:năm\s+)?{_Y}"),
        ("year", rf"Tháng Công nhân\s+(?:năm\s+)?{_Y}"),
        # a Tết named only by its year of the sexagenary cycle: "Tết Nguyên đán Ất Tỵ"
        # (no groups: a pattern's groups are its years)
        ("lunar", rf"(?:Tết|Xuân)\s+(?:Nguyên [Đđ]án\s+)?(?:{_STEMS})\s+(?:{_BRANCHES})"
                  rf"(?!\s+(?:năm\s+)?\d)"),
        ("year", rf"năm\s+{_Y}(?!\s*[-–])"),
        # the date heading a sentence dates what it reports: "Ngày 8/6/2019, Công đoàn … ký",
        # "Từ ngày 1/7/2025, …" (a date inside, "28/7/1929", may be an anniversary's)
        ("dated", rf"(?:(?:Sáng|Chiều|Tối|Trưa|Từ|Đến|Vào|Trong)\s+)*(?:ngày\s+)?"
                  rf"\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_Y}(?![\d/])", "/"),
        # an anniversary's span: "kỷ niệm 20 năm thành lập công ty (2004 - 2024)"
        ("event", rf"(?:kỷ niệm|thành lập)[^.;:\n]{{0,40}}?\(\s*(?:\d{{1,2}}/\d{{1,2}}/)?{_Y}"
                  rf"{_DASH}(?:\d{{1,2}}/\d{{1,2}}/)?{_Y}\s*\)", "("),
        # a span in brackets after what it dates: "sau 3 năm thực hiện (2013 - 2015)"
        ("range", rf"\(\s*{_Y}{_DASH}{_Y}\s*\)", "("),
        # a Tết with no year: the next one, which a piece written from October on looks to
        ("tet", r"\bTết(?:\s+Nguyên [Đđ]án)?(?!\s+(?:năm|\d|Dương))"),
        ("annual", r"(?:hàng|hằng|mỗi)\s+năm", "năm"),
        ("current", r"năm nay|hiện nay|hiện đang|hiện có|(?:hiện|đang)(?: trực tiếp)? quản lý"
                    r"|đến nay|hiện(?=\s[^,.;:\n]{0,40}?(?:quản lý|\scó\s))"),
        # the term that ended before the article's: "Trong nhiệm kỳ qua, …" at a congress
        ("previous_term", r"nhiệm kỳ\s+(?:vừa\s+)?qua|nhiệm kỳ\s+trước(?!\s+\d)", "nhiệm kỳ"),
        # a bare "Trong nhiệm kỳ," heading a sentence: the term the article reviews for its
        # results, the coming one for its goals (the kind decides; `reviewed_term`)
        ("bare_term", r"(?:trong|qua)\s+(?:cả\s+)?nhiệm kỳ(?=\s*,)", "nhiệm kỳ"),
        ("previous", r"năm qua|năm trước|năm ngoái"),
    )
)


_YEAR = re.compile(_Y)
# Most sentences name no year (three in five in the corpus): only the patterns that can match
# without one are tried on them.
_UNDATED = tuple((kind, pattern, needs) for kind, pattern, needs in _PATTERNS
                 if not pattern.groups)


# Congress terms shared by the whole union system (Congresses XII and XIII of the Vietnam
# Trade Union): "đến năm 2028" in an article with no term named is the 2023–2028 term's goal.
# The unions' five-year congress terms (… 2018–2023, 2023–2028, 2028–2033 …).
UNION_TERMS: tuple[tuple[int, int], ...] = tuple((y, y + 5) for y in range(2008, 2049, 5))


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str  # term, congress, range, until, year, dated, annual, current, previous, since,
    # since_now, term_to_date, compare, event, document, previous_term
    years: tuple[int, ...]


# the occasion heading a sentence before its date ("Nhân Ngày Quốc tế Phụ nữ 8/3/2023, …",
# "Chiều cùng ngày 23/01/2025, …"): the date still heads what the sentence reports
_OCCASION_HEAD = re.compile(r"\s*(?:Nhân dịp|Nhân|Chào mừng|Hưởng ứng|Sáng|Chiều|Tối|Trưa)\s"
                            r"[^,;:()\d\n]{0,60}")


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    end = len(text) if end is None else end
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    lower = text[start:end].lower()
    for kind, pattern, needs in _PATTERNS if _YEAR.search(text, start, end) else _UNDATED:
        if needs not in lower:
            continue
        for m in pattern.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if kind == "dated" and text[start:m.start()].strip() and \
                    not _OCCASION_HEAD.fullmatch(text, start, m.start()):
                continue
            if kind == "lunar":
                year = lunar_year(*m.group().split()[-2:])
                if year is None:
                    continue
                kind, years = "year", (year,)
            else:
                years = tuple(int(g) for g in m.groups() if g)
            found.append(PeriodMention(m.start(), m.end(), kind, years))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


@dataclass
class PeriodContext:
    """What the article says about time: its publication year, governing period and term."""

    published_year: int | None
    governing: Period | None = None
    published_month: int | None = None
    terms: tuple[Period, ...] = ()  # every term the article names, in its order

    @property
    def term(self) -> Period | None:
        """The article's term: the first it names."""
        return self.terms[0] if self.terms else None

    def default(self) -> Period:
        if self.governing:
            # a list head's "các chỉ tiêu hằng năm:" makes its items yearly goals
            return Period(self.governing.start, self.governing.end, self.governing.recurring)
        year = self.published_year or 0
        return Period(year, year)

    def coming_tet(self) -> Period | None:
        """The year of the next Tết: a piece on Tết written from October on is about the
        coming year's (Tết falls in January or February)."""
        if self.published_year is None or self.published_month is None:
            return None
        year = self.published_year + (self.published_month >= 10)
        return Period(year, year)

    def reviewed_term(self) -> Period | None:
        """The term a congress article reviews, when the article says which: a term it names
        that ended before its latest began, or the latest when it had ended by publication."""
        if not self.terms:
            return None
        latest = max(self.terms, key=lambda t: (t.start, t.end))
        earlier = [t for t in self.terms if t.end <= latest.start]
        if earlier:
            return max(earlier, key=lambda t: (t.end, t.start))
        if self.published_year and latest.end <= self.published_year:
            return latest
        return None

    def previous_term(self) -> Period | None:
        """The term before the article's ("nhiệm kỳ qua"): a term it names that ended before
        its latest one began; else the latest one when it had ended by publication (a review
        of that term); else the term of the same length before the latest; with no term
        named, the unions' term that ended last by publication."""
        if not self.terms:
            ended = [t for t in UNION_TERMS if self.published_year and t[1] <= self.published_year]
            return Period(*ended[-1]) if ended else None
        latest = max(self.terms, key=lambda t: (t.start, t.end))
        return self.reviewed_term() or Period(2 * latest.start - latest.end, latest.start)

    def resolve(self, mention: PeriodMention) -> Period | None:
        """The period one mention stands for, or None when it says nothing about coverage."""
        y = mention.years
        if mention.kind in ("term", "range", "congress"):
            return Period(y[0], y[1])
        if mention.kind in ("year", "dated"):
            return Period(y[0], y[0])
        if mention.kind == "term_to_date":
            now = y[0] if y else self.published_year
            if now is None:
                return None
            term = self.term if self.term and self.term.start <= now <= self.term.end else \
                next((Period(*t) for t in UNION_TERMS if t[0] <= now <= t[1]), None)
            return Period(term.start, now) if term else None
        if mention.kind == "since_now":
            if self.published_year is None:
                return None  # "từ năm 2018 đến nay" on an undated page: "now" is unknown
            now = self.published_year
            return Period(min(y[0], now), max(y[0], now))
        if mention.kind == "until":
            if self.term and self.term.start <= y[0] <= self.term.end:
                # "đến năm 2028" in a 2023 - 2028 term is the term's goal; "đến cuối năm
                # 2024" inside it a milestone, that year
                return Period(self.term.start, self.term.end) if y[0] == self.term.end \
                    else Period(y[0], y[0])
            union_term = next((t for t in UNION_TERMS if t[1] == y[0]), None)
            if self.term is None and union_term and (self.published_year is None or
                                                     union_term[0] <= self.published_year
                                                     <= union_term[1]):
                # the unions' congress term the goal was set for, on an undated page too
                return Period(*union_term)
            first = self.published_year or y[0]
            return Period(min(first, y[0]), y[0])
        if mention.kind == "annual":
            # a list's or a section's own span ("các chỉ tiêu nhiệm kỳ 2018 - 2023:") before
            # the first term the article names, which may be the one it reviews
            spans = self.governing and self.governing.start < self.governing.end
            base = self.governing if spans else self.term or self.governing
            if base:
                return Period(base.start, base.end, "annual")
            year = self.published_year or 0
            return Period(year, year, "annual")
        if mention.kind == "current" and self.published_year:
            return Period(self.published_year, self.published_year)
        if mention.kind == "previous_term":
            return self.previous_term()
        if mention.kind == "previous" and self.published_year and not self.governing:
            if self.published_month and self.published_month >= 10:
                # "năm qua" in a review written at the year's end is the year now ending
                return Period(self.published_year, self.published_year)
            return Period(self.published_year - 1, self.published_year - 1)
        return None


def article_context(
    opening: list[list[PeriodMention]], all_mentions: list[PeriodMention],
    published_year: int | None, published_month: int | None = None,
) -> PeriodContext:
    """Governing period from the opening sentences (title, lead), given by their mentions;
    the term from anywhere. A period that starts after publication governs only when the
    headline names it (a plan for next year's Tết); in the lead it is one plan among the
    reported figures."""
    ctx = PeriodContext(published_year, published_month=published_month)
    for m in all_mentions:
        if m.kind in ("term", "congress"):
            ctx.terms += (Period(m.years[0], m.years[1]),)
    for n, mentions in enumerate(opening):
        for m in mentions:
            if m.kind in ("since", "current", "previous", "annual", "compare", "event",
                          "document", "dated", "previous_term"):
                # a dateline dates the event, not the figures
                continue
            period = ctx.coming_tet() if m.kind == "tet" else ctx.resolve(m)
            if period and published_year and period.start > published_year and n > 0:
                continue  # only a headline about next year ("… Tết Bính Ngọ 2026") governs
            if period:
                ctx.governing = period
                return ctx
    return ctx


def paragraph_span(mentions: list[PeriodMention], ctx: PeriodContext,
                   carried: Period | None) -> Period | None:
    """The span a sentence of an undated article sets for the rest of its paragraph: the last
    term or range it names ("Nhiệm kỳ 2020 - 2025, …"), else the one carried so far. A lone
    year does not carry: without a publication date it may be a date, not the figures'."""
    for m in mentions:
        if m.kind in ("term", "range"):
            carried = ctx.resolve(m) or carried
    return carried


def congress_year(mentions: list[PeriodMention]) -> int | None:
    """The year a congress the sentence names is held: its term's first."""
    return next((m.years[0] for m in mentions if m.kind == "congress"), None)


def stated_in_sentence(mentions: list[PeriodMention], ctx: PeriodContext) -> bool:
    """Whether a sentence says which years its figures cover."""
    return any(m.kind not in ("annual", "congress") and ctx.resolve(m) for m in mentions)


def is_list_head(sentence: str) -> bool:
    return sentence.rstrip().endswith(":")


def list_head_period(mentions: list[PeriodMention], ctx: PeriodContext) -> Period | None:
    """The period a list's head (a sentence ending in a colon) gives its items: "Năm 2023,
    LĐLĐ huyện đề ra các chỉ tiêu:" dates every item below it."""
    recurring = any(m.kind == "annual" for m in mentions)
    for m in mentions:
        period = ctx.resolve(m)
        if period:
            # "các chỉ tiêu hằng năm:" makes every item a yearly goal of the head's span
            return Period(period.start, period.end, "annual") if recurring and \
                period.start < period.end else period
    return None


# what there is now, right before the figure: "hiện có", "hiện nay có", "hiện đang quản lý"
_NOW_BEFORE = re.compile(r"(?<!\w)hiện(?: nay)?(?: đang)?(?: có| quản lý)(?: (?:tổng số|khoảng|"
                         r"gần|hơn|trên))?\s+$", re.IGNORECASE)
# the whole term, after a yearly goal: "hằng năm … ; cả nhiệm kỳ giới thiệu ít nhất 100 …"
_WHOLE_TERM = re.compile(r"(?<!\w)(?:cả|toàn|trong cả) (?:nhiệm kỳ|giai đoạn)(?!\w)",
                         re.IGNORECASE)
# a comparison's year is the base's ("tăng 320 vé so với Tết Giáp Thìn 2024")
_COMPARED = re.compile(r"so với|hơn cùng kỳ", re.IGNORECASE)
# a sentence about the event the article reports, not about the period it reviews
_AT_THE_EVENT = re.compile(r"\s*(?:\([^()]{1,12}\)\s*)?(?:Nhân dịp này|Dịp này|Phát biểu tại|Dự "
                           r"(?:hội nghị|buổi lễ|lễ|đại hội|chương trình))(?!\w)", re.IGNORECASE)
_CUT_OFF = re.compile(r"(?:tính|đến|tới)\s", re.IGNORECASE)
_ITEM_HEAD = re.compile(r"[\s\-–+•*]*(?:\(?\d{1,2}[.)]\s*)?$")


def _heads_its_sentence(text: str, pos: int) -> bool:
    """Whether `pos` opens its sentence or list item ("- Hàng năm …", "Hằng năm, …")."""
    start = max(text.rfind("\n", 0, pos), text.rfind(". ", 0, pos), text.rfind(": ", 0, pos))
    return bool(_ITEM_HEAD.match(text[start + 1:pos]))
_OWN_YEAR_GAP = re.compile(r"\s{0,2}$")
_IN_BRACKETS = re.compile(r"\s*\($")


def _own_year(m: PeriodMention, start: int, end: int, text: str) -> bool:
    """ "14 cuộc năm 2023", "so với năm 2023 (90 cuộc)": a year that belongs to one figure."""
    if len(m.years) != 1:
        return False
    if m.kind == "year" and m.start >= end and _OWN_YEAR_GAP.match(text, end, m.start):
        return text[m.start:m.start + 4].lower() == "năm "
    return m.kind == "compare" and m.end <= start and bool(_IN_BRACKETS.match(text, m.end, start))


def period_for(
    text: str, figure_start: int, figure_end: int, mentions: list[PeriodMention],
    ctx: PeriodContext, figures: Sequence[tuple[int, int]] = (), sentence_start: int = 0,
) -> Period:
    """The period of a figure: its own year ("14 cuộc năm 2023", "so với năm 2023 (90
    cuộc)"), else the nearest telling mention before it in its sentence, else the first after
    it, else the governing period. "hàng năm" adds recurrence to a term unless a later time
    word ("đến năm 2028") takes over before the figure. `figures` are the sentence's figure
    spans: another figure's own year says nothing about this one."""
    for m in mentions:
        if _own_year(m, figure_start, figure_end, text):
            return Period(m.years[0], m.years[0])
    mentions = [m for m in mentions if not any(_own_year(m, s, e, text) for s, e in figures)]
    # a time phrase inside an earlier ";"-clause is that clause's own ("…; 102/102 công đoàn
    # hoàn thành trong tháng 11/2025; 90% CĐCS …"); the sentence's head clause scopes over all
    before = [m for m in mentions if m.end <= figure_start and not (
        ";" in text[m.end:figure_start] and ";" in text[sentence_start:m.start])]
    after = [m for m in mentions if m.start >= figure_start and ";" not in text[figure_end:m.start]]
    # "hằng năm" governs its own ";"-clause; at the head of a sentence ("Hàng năm, …") the
    # whole sentence
    scoping = [m for m in before if m.kind == "annual" and (
        ";" not in text[m.end:figure_start] or _heads_its_sentence(text, m.start))]
    last_annual = max((m.end for m in scoping), default=None)
    annual = last_annual is not None and not any(
        m.kind in ("until", "year", "dated") and m.start >= last_annual for m in before) \
        and not _WHOLE_TERM.search(text, last_annual, figure_start)
    trailing = any(m.kind == "annual" and m.start >= figure_end
                   and not _NEXT_CONJUNCT.search(text, figure_end, m.start)
                   and not any(figure_end <= s < m.start for s, _ in figures)
                   for m in after)
    if not annual and trailing:
        # "gần 3,2 tỷ đồng mỗi năm", "giới thiệu ít nhất 1 đoàn viên ưu tú mỗi năm": a
        # recurrence stated after the figure, in its clause
        base = period_for(text, figure_start, figure_end,
                          [m for m in mentions if m.kind != "annual"], ctx)
        return Period(base.start, base.end, "annual")
    now_cue = _NOW_BEFORE.search(text, max(0, figure_start - 40), figure_start)
    if now_cue and not any(m.end > now_cue.start() and m.kind != "current" for m in before) \
            and not annual:
        # "hiện có 3.225 đoàn viên", "(hiện nay có trên 280.000 đoàn viên)": what there is now,
        # the publication year; on an undated page unknown (spec §6)
        year = ctx.published_year or 0
        return Period(year, year)
    # a year later in the figure's own clause, no other figure between ("88,4% công đoàn cơ
    # sở hoàn thành tốt nhiệm vụ năm 2021") is the figure's, whatever the sentence's head says
    later = next((m for m in after if m.kind in ("year", "dated") and m.start >= figure_end
                  and not any(figure_end <= s < m.start for s, _ in figures)
                  and not _COMPARED.search(text, figure_end, m.start)), None)
    if later is not None and not annual:
        return Period(later.years[0], later.years[0])
    # a cut-off date ("tính đến ngày 31/12/2023") rules over "đang quản lý"
    dated = any(m.kind == "year" and _CUT_OFF.match(text, m.start) for m in before)
    for m in [*reversed(before), *after]:
        if m.kind == "annual":
            continue
        if m.kind == "current" and dated:
            continue
        period = ctx.resolve(m)
        if period:
            if annual and m.kind in ("term", "congress", "until", "range") and \
                    period.start != period.end:
                return Period(period.start, period.end, "annual")
            return period
    if annual:
        annual_mention = next(m for m in before if m.kind == "annual")
        resolved = ctx.resolve(annual_mention)
        if resolved:
            return resolved
    if ctx.governing and ctx.published_year and not mentions and \
            _AT_THE_EVENT.match(text, sentence_start):
        # "Dịp này, LĐLĐ tặng Bằng khen cho 05 tập thể": what the event itself does or counts
        # is of its day, not of the year it reviews
        return Period(ctx.published_year, ctx.published_year)
    return ctx.default()
