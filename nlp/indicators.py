"""Stage: indicators. Turn figures into indicators: kind, metric, organisation and period.

- kind: the nearest cue word before the figure (nlp/data/cues.yaml); a sentence without one
  inherits the kind its part of the article is in (a numbered list under "12 chỉ tiêu:" stays
  target). "X/Y" and completion rates are always achieved; a period after publication is a
  target.
- metric: topic cues around the figure within its clause (distance-weighted), against verb
  frames whose metric depends on the unit ("kết nạp" + đoàn viên → members_new; "quản lý" +
  CĐCS → unions_total). A completion rate takes the metric of the figure it completes.
- org: a union body named before the figure in its sentence (the sentence's subject), else
  the article's subject.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from nlp.figures import Figure
from nlp.model import Period
from nlp.orgs import OrgSpan, is_union, leading_province
from nlp.periods import CONGRESS_EVENT
from nlp.resources import load
from unionnews_core.places import federation_name

_CLAUSE_BREAK = re.compile(r"[;\n]")
_WORD = re.compile(r"\w+")
# words before an organisation that make it not the subject of its sentence
NOT_SUBJECT = re.compile(
    r"(?:Chủ tịch|chủ tịch|Điều lệ|Nghị quyết|Đại hội|Luật|Chương trình|Kế hoạch|tài khoản|"
    r"App|Quỹ|quy định)\s*$"
)


class Cue(NamedTuple):
    """A cue word found in the text (a tuple: thousands are made per article)."""

    start: int
    end: int
    text: str
    label: str  # kind or metric or frame name


def _cue_re(words: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w.lower()) for w in sorted(set(words), key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@cache
def _tables() -> dict[str, object]:
    data = load("cues")
    kind_words = {w: k for k, ws in data["kind"].items() for w in ws}
    topic_words = {w: m for m, ws in data["topics"].items() for w in ws}
    frame_words = {w: f for f, spec in data["frames"].items() for w in spec["cues"]}
    return {
        "kind": (_cue_re(list(kind_words)), kind_words),
        "topic": (_cue_re(list(topic_words)), topic_words),
        "frame": (_cue_re(list(frame_words)), frame_words),
        "frame_units": {f: spec["units"] for f, spec in data["frames"].items()},
        "frame_weight": {f: spec.get("weight", 1.1) for f, spec in data["frames"].items()},
        "local_only": set(data.get("local_only", [])),
        "weak": {(w, k) for k, ws in data.get("weak", {}).items() for w in ws},
        "unit_metrics": dict(data.get("unit_metrics", {})),
        "population": set(data.get("population_words", [])),
        "community": _cue_re(list(data.get("community_beneficiaries", []))),
    }


def find_cues(lower: str, table: str, start: int = 0, end: int | None = None) -> list[Cue]:
    pattern, words = _tables()[table]  # type: ignore[misc]
    end = len(lower) if end is None else end
    return [Cue(m.start(), m.end(), m.group(), words[m.group()])
            for m in pattern.finditer(lower, start, end)]


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text[min(a, b):max(a, b)]))


def clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, lo, pos)), default=lo)
    right = _CLAUSE_BREAK.search(text, pos, hi)
    return left, right.start() if right else hi


# A plan word that completes a percentage ("đạt 65% kế hoạch năm", "66,5% chỉ tiêu") names
# the plan measured against, not a goal being set.
_AFTER_PERCENT = re.compile(r"\d\s*%\s*(?:số\s+)?$")
_EVENT_BEFORE = re.compile(rf"{CONGRESS_EVENT}[^,.;:\n]{{0,60}}$")
_PLAN_DOCUMENT = re.compile(r"\s+(?:số\s+)?\d")
# "hoàn thành tốt nhiệm vụ" rates a union; it reports nothing by itself.
_RATING = re.compile(r"\s+(?:tốt|xuất sắc|nhiệm vụ)(?!\w)")


def _in_proper_name(text: str, cue: Cue) -> bool:
    """ "Cần Thơ", "Kế hoạch Hành động …": a capitalised cue followed by a capitalised word."""
    if not text[cue.start:cue.start + 1].isupper():
        return False
    nxt = re.match(r"\s+(\w)", text[cue.end:cue.end + 3])
    return bool(nxt and nxt.group(1).isupper())


# "Hiện LĐLĐ quận quản lý …" at a sentence's head: a current count
_NOW_HEAD = re.compile(r"\W*(?:\(\w+\)\s*)?(?:-\s*)?(hiện(?: nay)?)(?=[\s,])")
# a line that continues a list: "1.", "2)", "(3)", "-", "+", "•", "a)"
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|\(\d{1,2}\)|[-+•–]|[a-zđ]\))\s")


def starts_new_paragraph(text: str, prev_end: int, start: int) -> bool:
    """A line break before `start` that does not open another item of a list."""
    return "\n" in text[prev_end:start] and not _LIST_ITEM.match(text, start)


def kind_cues(text: str, lower: str, start: int, end: int) -> list[Cue]:
    """Kind cues in lower[start:end], less the ones that are no cue in their place."""
    out = []
    head = _NOW_HEAD.match(lower, start, end)
    if head:
        out.append(Cue(head.start(1), head.end(1), head.group(1), "achieved"))
    for c in find_cues(lower, "kind", start, end):
        if c.label == "target" and _AFTER_PERCENT.search(lower, max(0, c.start - 16), c.start):
            continue
        if c.text == "hoàn thành" and _RATING.match(lower, c.end):
            continue
        if _in_proper_name(text, c):
            continue
        if c.text == "nhiệm kỳ" and _EVENT_BEFORE.search(lower, max(0, c.start - 90), c.start):
            continue  # "chào mừng Đại hội … nhiệm kỳ 2025 - 2030" names an event
        if c.text == "kế hoạch" and _PLAN_DOCUMENT.match(lower, c.end):
            continue  # "Kế hoạch số 112/KH-LĐLĐ" names a document, it sets no goal here
        out.append(c)
    return out


def _is_weak(cue: Cue) -> bool:
    return (cue.text, cue.label) in _tables()["weak"]  # type: ignore[operator]


def decide_kind(
    lower: str, fig: Figure, sent_lo: int, carried: str | None, period: Period,
    published_year: int | None, text: str | None = None,
) -> tuple[str, float]:
    """(kind, confidence) of `fig` in the sentence starting at `sent_lo`.

    The nearest cue before the figure decides, unless it is weak and a strong cue of the
    other kind governs the sentence before it. A period that ended before publication makes
    weak target cues ("hàng năm", "mỗi năm") and the carried kind give way to achieved.
    """
    if fig.target_value is not None or (fig.unit == "% kế hoạch"
                                        and fig.qualifier != "at_least"):
        return "achieved", 0.95
    text = lower if text is None else text
    local = _tables()["local_only"]
    c_lo, _ = clause_bounds(lower, fig.start, sent_lo, fig.start)
    cues = [c for c in kind_cues(text, lower, sent_lo, fig.start)
            if c.start >= c_lo or c.text not in local]  # type: ignore[operator]
    if published_year and period.start > published_year and not period.recurring:
        if not (cues and cues[-1].label == "achieved" and not _is_weak(cues[-1])):
            return "target", 0.85  # a plan for a year still to come, unless said done
    # a period over by publication, or a term reviewed in its last year ("Nhiệm kỳ 2018 -
    # 2023, …" in 2023): what it reports is done
    past = bool(published_year) and (period.end < published_year or  # type: ignore[operator]
                                     period.start < period.end == published_year
                                     and not period.recurring)
    if past:
        cues = [c for c in cues if not (c.label == "target" and _is_weak(c))]
    if cues:
        last = cues[-1]
        if last.label == "achieved" and _is_weak(last):
            earlier = [c for c in cues[:-1] if c.label == "target"
                       and (not _is_weak(c) or last.start - c.end < 40)]
            strong_since = [c for c in cues[:-1] if c.label == "achieved" and not _is_weak(c)
                            and (not earlier or c.start > earlier[-1].start)]
            if earlier and not strong_since:
                return "target", 0.8
            strong = [c for c in cues[:-1] if c.label == "achieved" and not _is_weak(c)]
            if carried == "target" and not earlier and not strong:
                return "target", 0.75  # "thành lập mới 160 CĐCS" in a list of targets
        if last.label == "target" and _is_weak(last):
            strong = [c for c in cues[:-1] if not _is_weak(c)]
            if strong and strong[-1].label == "achieved":
                return "achieved", 0.75
        return last.label, 0.85
    if past:
        return "achieved", 0.7
    if carried:
        return carried, 0.7
    return "achieved", 0.6


def sentence_mode(
    lower: str, lo: int, hi: int, carried: str | None, text: str | None = None,
    reports: bool = False,
) -> str | None:
    """The kind a sentence leaves for the next ones: achieved when it reports against a plan
    (`reports`: an X/Y figure or a completion rate), else its last carried cue, else
    unchanged."""
    if reports:
        return "achieved"
    text = lower if text is None else text
    local = _tables()["local_only"]
    cues = [c for c in kind_cues(text, lower, lo, hi)
            if c.text not in local  # type: ignore[operator]
            # a weak result word ("đạt") inside a list of goals leaves the goals going
            and not (carried == "target" and c.label == "achieved" and _is_weak(c))]
    return cues[-1].label if cues else carried


FALLBACK_SCORE = 0.4  # the metric came from no cue: the unit's usual topic, or "other"


def decide_metric(lower: str, fig: Figure, lo: int, hi: int) -> tuple[str, float]:
    """Metric of `fig` from cues in its clause: topics anywhere near, frames before it."""
    c_lo, c_hi = clause_bounds(lower, fig.start, lo, hi)
    population: set[str] = _tables()["population"]  # type: ignore[assignment]
    scores: dict[str, float] = {}
    for cue in find_cues(lower, "topic", c_lo, c_hi):
        if fig.start <= cue.start < fig.end and cue.start >= fig.unit_start:
            d, w = 0, 0.9  # the unit itself names the topic ("suất quà")
            if cue.label == "women" and fig.unit != "Ban Nữ công":
                w = 0.45  # "460 lao động nữ": who is counted, not what is done for them
        elif cue.end <= fig.start:
            d, w = _words_between(lower, cue.end, fig.start), 1.0
        elif cue.start >= fig.end:
            d, w = _words_between(lower, fig.end, cue.start), 0.8
        else:
            continue
        if cue.text in population and d > 0:
            w *= 0.5  # who benefits ("cho lao động nữ") weighs less than what is done
        scores[cue.label] = max(scores.get(cue.label, 0.0), w / (1 + 0.3 * d))
    units = _tables()["frame_units"]
    for cue in find_cues(lower, "frame", c_lo, fig.start):
        metric = units[cue.label].get(fig.unit)  # type: ignore[index]
        if metric:
            d = _words_between(lower, cue.end, fig.start)
            weight = _tables()["frame_weight"][cue.label]  # type: ignore[index]
            scores[metric] = max(scores.get(metric, 0.0), weight / (1 + 0.3 * d))
    if fig.unit == "đồng" and any(c.label == "cba" for c in find_cues(lower, "topic", lo, hi)):
        return "cba", 0.7  # money in a sentence about an agreement: one of its benefit clauses
    if not scores:
        default = _tables()["unit_metrics"].get(fig.unit, "other")  # type: ignore[union-attr]
        return default, FALLBACK_SCORE
    best = max(scores, key=scores.__getitem__)
    if best == "welfare" and (_GIFT_TO_WOMEN.match(lower, fig.end, c_hi)
                              or _GIVEN_TO_WOMEN.search(lower, max(c_lo, fig.start - 40),
                                                        fig.start) and fig.unit != "đồng"
                              or _WOMENS_DAY.search(lower, lo, hi)):
        # gifts for women workers, and those of Women's Days (8/3, 20/10), are women's work
        # (guide 6): "50 suất quà cho nữ công nhân", "tặng quà cho 65 nữ đoàn viên"
        return "women", 0.7
    if best == "welfare" and _tables()["community"].search(lower, c_lo, c_hi):  # type: ignore[union-attr]
        # "ủng hộ đồng bào bị lũ lụt", "quà cho hộ nghèo": charity beyond the members
        return "other", 0.7
    return best, min(0.95, 0.5 + scores[best] / 2)


# a gift figure followed by women as its recipients: "50 suất quà cho nữ công nhân"
_GIFT_TO_WOMEN = re.compile(
    r"(?:\s*quà)?\s+(?:tặng\s+|trao\s+)?cho\s+(?:các\s+|những\s+)?"
    r"(?:nữ\b|lao động nữ|phụ nữ|chị em)"
)


# a gift whose recipients are the women the figure counts: "tặng quà cho 65 nữ đoàn viên"
_GIVEN_TO_WOMEN = re.compile(r"(?:tặng|trao|thăm|hỗ trợ)[^;]{0,30}?\bcho\s+$")
# the occasion of a gift: International Women's Day, Vietnamese Women's Day
_WOMENS_DAY = re.compile(r"\b(?:8/3|8-3|20/10|20-10)\b|ngày quốc tế phụ nữ|ngày phụ nữ việt nam")


# a completion rate on another line, in another sentence or in another ";"-clause completes
# no figure before it ("…; thu kinh phí công đoàn đạt 100% dự toán" is finance)
_LINE_OR_CLAUSE = re.compile(r"[\n;]|[.!?](?:\s|$)")


def completes_previous(text: str, previous_end: int, rate_start: int) -> bool:
    """Whether a completion rate completes the figure ending at `previous_end` ("…
    1.560/1.200 đoàn viên (đạt 130%)"): one before it in its own clause."""
    return previous_end <= rate_start and not _LINE_OR_CLAUSE.search(text, previous_end,
                                                                     rate_start)


def is_completion(text: str, fig: Figure, previous: Figure | None) -> bool:
    """ "(đạt 128,56%)" after a figure, "62,2% kế hoạch": the rate completing a figure."""
    if fig.unit == "% kế hoạch":
        return True
    if not fig.percent or previous is None:
        return False
    before = text[max(0, fig.start - 12):fig.start].lower()
    return bool(re.search(r"(\(|,)\s*(đạt|bằng)\s*$", before))


# what before an organisation makes it not the doer: an object, a passive agent, a parent
NOT_DOER = re.compile(
    r"(?:với|cho|tại|từ|và|của|được|bởi|thuộc|do|nay là|trước đây là|tiền thân là)\s+"
    r"(?:(?:Ban Thường vụ|Ban Chấp hành|Thường trực|lãnh đạo)\s+)?$"
)
# "chỉ tiêu Tổng Liên đoàn giao": the body that set the quota, not the one meeting it
GIVES_QUOTA = re.compile(r"\s+(?:đã\s+)?(?:giao|phát động|đề ra)(?!\w)")
# "LĐLĐ tỉnh Bình Dương với 112.450 sáng kiến": a body and its own figure
WITH_FIGURE = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:đã\s+)?với\s+(?:\w+\s+)?$")
# "VietinBank chi nhánh Huế tài trợ 150 triệu đồng", "Công ty X đã hỗ trợ 40 triệu đồng": the
# body right before a giving verb most often gives the figure right after it (gold: 316 of
# 333), but not an award it confers ("… tặng 02 Cờ thi đua"); a mark the owner ranking
# weighs, not a rule: a sponsor's gift is often reported as the union's programme
GIVES_FIGURE = re.compile(r"\s*(?:đã\s+|cũng\s+|vừa\s+)?(?:trực tiếp\s+)?(?:hỗ trợ|tài trợ|"
                          r"trao tặng|trao|tặng|ủng hộ|đóng góp)\s+(?:thêm\s+)?$")
AWARD_FIGURE = re.compile(r"[\d.,]+\s+(?:Bằng khen|bằng khen|Giấy khen|giấy khen|Cờ|cờ|"
                          r"Kỷ niệm chương|Huân chương|Huy chương)")


def gives_figure(text: str, name_end: int, fig_start: int) -> bool:
    """Whether the name ending at `name_end` gives the figure at `fig_start`."""
    return bool(GIVES_FIGURE.fullmatch(text, name_end, fig_start)) and \
        not AWARD_FIGURE.match(text, fig_start)


# "30 triệu đồng, do Công đoàn Vietsovpetro tài trợ", "1 nhà do Công đoàn Viên chức Việt Nam hỗ
# trợ": the agent of a gift right after the figure gives it (not a body that organised, assigned
# or handed over the figure's programme: "do … tổ chức", "do … giao", "do … bàn giao")
GIVEN_BY = re.compile(r"(?:\s+[^\s,.;:()“”]+){0,4}?,?\s+do\s+(?:các\s+)?")
GIVING_VERB = re.compile(r"\s+(?:cùng\s+)?(?:hỗ trợ|tài trợ|trao tặng|trao|tặng|ủng hộ|đóng góp|"
                         r"trích|chi)(?!\w)")
# the union whose congress the sentence reports sets its targets and speaks for its members
# (not a congress named as an occasion: "chào mừng Đại hội Đảng bộ …")
CONGRESS_OF = re.compile(r"(?<!chào mừng )(?<!hướng tới )(?<!hưởng ứng )Đại hội(?: đại biểu)?"
                         r"(?: lần thứ [IVXLC]+)?,?\s*$")
# a sentence head before its subject: "(LĐTĐ) Năm 2024, ", "Trong quý III, "
SENTENCE_HEAD = re.compile(r"^\W*(?:\(\w+\)\s*)?(?:[^,;:]{0,40},\s*)?$")


# "các cấp công đoàn (trong) tỉnh (Gia Lai)", "công đoàn các cấp trong quận": results summed
# over unnamed lower levels are the reporting federation's (spec §6)
_ALL_LEVELS = re.compile(
    r"(?i:các cấp công đoàn|công đoàn các cấp)\s+(?i:trong\s+|toàn\s+|của\s+)?"
    r"(?i:(tỉnh|thành phố|quận|huyện|thị xã))(?:\s+((?:[A-ZĐ][\wà-ỹ]*\s?){1,3}))?")
# the levels of a district federation (a provincial city's is placed like a province's)
DISTRICT_LEVELS = ("quận", "huyện", "thị xã")
# a figure counted over a whole area: "trên 75% doanh nghiệp trong tỉnh", "128/130 công đoàn
# xã trên địa bàn tỉnh": the area's federation reports it; a share "of the whole city" ("63%
# số đoàn viên mới của toàn thành phố") is the share's achiever's
_WHOLE_AREA_AFTER = re.compile(
    r"[^.,;:()]{0,25}?(?<!\w)(?<!của )(?:trong|toàn|trên địa bàn) "
    r"(tỉnh|thành phố|quận|huyện|thị xã)(?! [A-ZĐ])()")


def _all_levels_owner(text: str, lo: int, fig: Figure, home: str | None,
                      orgs_in_sentence: list[tuple[OrgSpan, str]],
                      district_home: str | None = None) -> str | None:
    found = None
    for m in _ALL_LEVELS.finditer(text, lo, fig.start):
        found = m
    if found is None or any(found.end() <= o.start < fig.start
                            for o, _ in orgs_in_sentence):
        found = _WHOLE_AREA_AFTER.match(text, fig.end)
        if found is None:
            return None
    named = (found.group(2) or "").strip()
    if found.group(1).lower() in DISTRICT_LEVELS:
        # a district's levels: the district federation the text names, else the article's
        return f"Liên đoàn Lao động {found.group(1).lower()} {named}" if named else district_home
    province = leading_province(named)
    return federation_name(province) if province else home


def is_doer(o: OrgSpan, text: str) -> bool:
    """Whether the name can be the subject doing the work: not after "với", "cho", "của" …,
    not a chairman's or a document's, not the body that sets a quota."""
    return not NOT_DOER.search(text, max(0, o.start - 40), o.start) and \
        not NOT_SUBJECT.search(text[max(0, o.start - 16):o.start]) and \
        not GIVES_QUOTA.match(text, o.end)


def clause_subject(doers: list[OrgSpan], fig_start: int, text: str,
                   sentence_start: int) -> OrgSpan | None:
    """The subject of the figure's clause (its sentence, or its part after the last ";"):
    the one body acting before the figure there, heading the clause after at most an
    adverbial ("Cũng dịp này, UBND tỉnh hỗ trợ 25 tỷ đồng"; "…; Tỉnh ủy tặng Bằng khen cho
    10 tập thể"). `doers`: the sentence's names that can do the work (`is_doer`)."""
    clause_start = text.rfind(";", sentence_start, fig_start) + 1 or sentence_start
    here = [o for o in doers if clause_start <= o.start and o.end <= fig_start]
    if here and here[0].canonical and len({o.canonical for o in here}) == 1 and \
            here[0].kind != "party_fixed" and SENTENCE_HEAD.match(text[clause_start:here[0].start]):
        return here[0]
    return None


def org_for(
    orgs_in_sentence: list[tuple[OrgSpan, str]], fig: Figure, text: str, subject: str | None,
    sentence_start: int | None = None, home: str | None = None,
    district_home: str | None = None,
) -> str | None:
    """The organisation whose figure it is: the sentence's union subject, else the federation
    whose "các cấp công đoàn" report it, else another named body that is the sentence's
    subject ("Năm 2024, Trường … đã đào tạo …"), else the article's subject. A gift's agent
    right after the figure ("…, do Ngân hàng X tài trợ") gives it. `home` is the federation of
    the article's province, `district_home` the district federation the article names most."""
    for o, c in orgs_in_sentence:
        if o.end <= fig.start and WITH_FIGURE.match(text, o.end, fig.start):
            return c  # "… và Công đoàn Dệt May Việt Nam với hơn 41 nghìn sáng kiến"
        if o.start > fig.end and GIVEN_BY.fullmatch(text, fig.end, o.start) and \
                GIVING_VERB.match(text, o.end):
            return c
    if sentence_start is not None:
        summed = _all_levels_owner(text, sentence_start, fig, home, orgs_in_sentence,
                                   district_home)
        if summed:
            return summed
    doers = [(o, c) for o, c in orgs_in_sentence if o.end <= fig.start and is_doer(o, text)
             and c != "Công đoàn Việt Nam"]
    if sentence_start is not None:
        heading = clause_subject([o for o, _ in doers], fig.start, text, sentence_start)
        if heading is not None:
            return heading.canonical
    # a union's own centre or fund ("Trung tâm Tư vấn pháp luật Công đoàn tỉnh …") speaks
    # for its own work like a union does
    unions = [(o, c) for o, c in doers if is_union(o) or
              (o.kind == "state_named" and "Công đoàn" in o.text)]
    if unions:
        return unions[-1][1]
    if doers and sentence_start is not None and doers[0][0].kind not in ("party_fixed",) and \
            SENTENCE_HEAD.match(text[sentence_start:doers[0][0].start]):
        return doers[0][1]
    held = [c for o, c in orgs_in_sentence if o.end <= fig.start and is_union(o) and
            c != "Công đoàn Việt Nam" and CONGRESS_OF.search(text, max(0, o.start - 40), o.start)]
    if held and not doers:
        return held[-1]  # "Đại hội Công đoàn xã Gia Lâm … đặt mục tiêu kết nạp 1.800 đoàn viên"
    return subject


# Spec §6: what a figure is beside its value. Each reads the words around the figure.
_PER_AFTER = re.compile(r"\s*/\s*(\w+(?: \w+)?)")
_PER_BEFORE = re.compile(
    r"(?:mỗi|một|/)\s+(\w+)(?:\s+(?:được|là|trị giá|có|hỗ trợ|với|từ|ít nhất))*\s*$")
_PER_WORDS = frozenset((
    "người", "nhà", "căn", "suất", "bữa", "tháng", "năm", "cđcs", "đoàn viên", "phiếu", "hộ",
    "em", "cháu", "trường hợp", "công nhân", "lao động", "lượt", "gia đình", "phần", "lớp",
    "đơn vị", "doanh nghiệp", "tác giả", "tập thể", "cá nhân", "ngày", "vé", "học sinh", "xuất",
))
_DECREASE = re.compile(r"(?:giảm|sụt giảm|giảm được)\s*(?:còn\s*)?$", re.IGNORECASE)
_INCREASE = re.compile(r"(?<!tổng )(?:thực tăng|tăng thêm|tăng)\s*$", re.IGNORECASE)
_NEW_LEVEL = re.compile(r"\s*(?:lên|còn)\s*$")
# "Ban Chấp hành … gồm 35 đồng chí", "đoàn đại biểu gồm 07 đồng chí", "278 đại biểu":
# the size of a committee or a meeting is not union work (spec §6)
# and the size right after the committee's name: "Ban Thường vụ 11 người, Thường trực 4 người"
_COMMITTEES = "Ban Chấp hành|Ban Thường vụ|Ủy ban Kiểm tra|Ban chấp hành"
_MEETING_BODIES = rf"{_COMMITTEES}|[Đđ]oàn đại biểu|Đoàn Chủ tịch"
_COMMITTEE = re.compile(
    rf"(?:{_MEETING_BODIES})[^.;]{{0,80}}?\b(?:gồm|có|với)\s*$"
    rf"|(?:{_COMMITTEES}|Thường trực)\s+$")
# its members, however long the committee's full name: "Ban Chấp hành Công đoàn Công ty … nhiệm
# kỳ 2023 - 2028 gồm 7 đồng chí", "bầu 07 đồng chí vào Ban Chấp hành"
_COMMITTEE_MEMBERS = re.compile(rf"(?:{_MEETING_BODIES})[^.;]{{0,160}}?\bgồm\s*$")
_INTO_COMMITTEE = re.compile(rf"\s*(?:vào|tham gia)\s+(?:{_COMMITTEES})")
_MEMBERS = frozenset(("đồng chí", "người", "thành viên", "ủy viên"))


def per_unit(text: str, fig: Figure, lo: int, hi: int) -> str | None:
    """The unit a per-unit amount is per: "50 triệu đồng/căn", "mỗi suất 500.000 đồng"."""
    m = _PER_AFTER.match(text, fig.end, hi) if fig.money else None
    if m:
        for words in (m.group(1).lower(), m.group(1).split()[0].lower()):
            if words in _PER_WORDS:
                return words
    b = _PER_BEFORE.search(text[max(lo, fig.start - 40):fig.start])
    if b and b.group(1).lower() in _PER_WORDS and (fig.money or b.group(0).startswith("mỗi")):
        return b.group(1).lower()
    return None


def change_of(text: str, fig: Figure, lo: int) -> str | None:
    """ "giảm 1.446 đoàn viên" → decrease, "tăng 06 doanh nghiệp" → increase; "tăng lên 131
    bản" states the new level, not a change."""
    before = text[max(lo, fig.start - 24):fig.start]
    if _NEW_LEVEL.search(before):
        return None
    if _DECREASE.search(before):
        return "decrease"
    if _INCREASE.search(before):
        return "increase"
    return None


def is_not_indicator(text: str, fig: Figure, lo: int) -> bool:
    """Committee sizes, meetings' delegates and their votes (spec §6)."""
    counted = text[fig.unit_start:fig.unit_end].lower()  # as written: "đồng chí", "đại biểu"
    if fig.unit == "đại biểu" or counted == "đại biểu":
        return True  # "278 đại biểu", and a vote: "100% đại biểu nhất trí"
    if counted in _MEMBERS and (_COMMITTEE_MEMBERS.search(text, max(lo, fig.start - 200),
                                                          fig.start)
                                or _INTO_COMMITTEE.match(text, fig.end)):
        return True
    return bool(_COMMITTEE.search(text[max(lo, fig.start - 120):fig.start]))
