"""Stage: figures. A grammar of Vietnamese numbers, and which numbers are not indicators.

Vietnamese prints "." between thousands and "," before decimals ("10.493", "128,56%"), scales
numbers with words ("18 nghìn", "6,4 tỷ đồng", "1,1 triệu"), qualifies them ("ít nhất",
"hơn", "gần", "từ … trở lên") and writes achieved-against-plan as "2134/1800". A figure is
an indicator candidate only when it counts something: a unit noun (nlp/data/units.yaml), a
percentage or money. That one requirement already rules out years, ages, anniversaries
("95 năm"), plan parts ("10 nhóm chỉ tiêu") and most list enumerators; the rest (dates,
document numbers, ordinals, quoted names, conditions) are recognised explicitly below.

`parse_number` / `render_number` are inverse on the grammar, for property tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from nlp.resources import load

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
SCALES: dict[str, float] = {
    "nghìn": 1e3, "ngàn": 1e3, "nghin": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
}
QUALIFIERS: dict[str, str] = {
    "không dưới": "at_least", "không thấp hơn": "at_least", "không ít hơn": "at_least",
    "ít nhất": "at_least", "tối thiểu": "at_least", "từ": "at_least",
    "hơn": "more_than", "trên": "more_than", "vượt": "more_than", "cao hơn": "more_than",
    "gần": "about", "khoảng": "about", "xấp xỉ": "about", "chừng": "about", "ước": "about",
    "ước tính": "about", "không quá": "at_most", "tối đa": "at_most", "dưới": "at_most",
    "chưa đến": "at_most", "chưa tới": "at_most", "không vượt quá": "at_most",
}
# Words right before a number that make it a date, a time, an ordinal or a document number.
_NOT_BEFORE = (
    "ngày", "tháng", "năm", "quý", "số", "điều", "khoản", "chương", "mục", "thứ", "lần thứ",
    "khóa", "lúc", "hồi", "sáng", "chiều", "tối", "trưa", "đêm", "kỳ", "đợt", "phòng", "tầng",
    "đường", "quốc lộ", "tổ", "cụm", "khu", "lô", "giai đoạn", "nhiệm kỳ", "năm học", "bão",
    "covid", "phiên bản", "top", "hạng", "tuổi", "mã", "hotline", "điện thoại", "ĐT",
)
# a change of a value ("nâng mức ăn ca từ 22.000 đồng lên 30.000 đồng"), not a range
_CHANGE_BEFORE = re.compile(r"(?:nâng|tăng|giảm|điều chỉnh|chuyển|hạ)\b[^,;]*$", re.IGNORECASE)
_RECURRING_YEAR = re.compile(r"(?:hằng|hàng|mỗi)\s+năm\s*$", re.IGNORECASE)
_TOTAL_OF = re.compile(r"(?<!\w)(?:tổng|trong)\s+số\s*$", re.IGNORECASE)
_PLAN_CONTEXT = ("có từ", "có")  # "doanh nghiệp có từ 20 lao động trở lên" is a condition
_CONDITION_NOUNS = ("doanh nghiệp", "đơn vị", "cơ quan", "nơi", "cđcs", "công đoàn cơ sở")


@dataclass(frozen=True)
class Figure:
    start: int  # offsets in the text given to find_figures; the whole expression
    end: int
    num_start: int
    num_end: int
    value: float
    target_value: float | None
    unit: str
    qualifier: str
    percent: bool
    money: bool
    unit_start: int  # where the unit words begin (== num_end when none)
    unit_end: int
    range_max: float | None = None  # "từ 50 đến 70 triệu đồng": 70 million (value is 50 million)


def parse_number(text: str) -> float:
    """ "10.493" → 10493.0; "128,56" → 128.56; "05" → 5.0. Raises ValueError otherwise."""
    if not re.fullmatch(NUMBER, text):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    return float(text.replace(".", "").replace(",", "."))


def render_number(value: float, decimals: int = 0, group: bool = True) -> str:
    """The printed form of `value`: "." between thousands (when `group`), "," decimals."""
    whole = int(abs(value))
    frac = round(abs(value) - whole, decimals) if decimals else 0.0
    digits = f"{whole:,}".replace(",", ".") if group else str(whole)
    if decimals:
        frac_digits = f"{abs(value):.{decimals}f}".split(".")[1]
        return f"{digits},{frac_digits}"
    del frac
    return digits


def parse_amount(text: str) -> float:
    """A number with an optional scale word: "hơn 18 nghìn" → 18000 (qualifiers ignored)."""
    m = _amount_re().search(text)
    if not m:
        raise ValueError(f"no amount in {text!r}")
    return _scaled(m.group("num"), m.group("scale"), m.group("scale2"))


def render_amount(value: float, scale: str | None = None, decimals: int = 0) -> str:
    """Inverse of parse_amount for a value written as NUMBER [scale]."""
    if scale is None:
        return render_number(value, decimals)
    return f"{render_number(value / SCALES[scale], decimals)} {scale}"


def _scaled(num: str, scale: str | None, scale2: str | None) -> float:
    value = parse_number(num)
    for word in (scale, scale2):
        if word:
            value *= SCALES[word.lower()]
    return round(value, 6)


@cache
def _amount_re() -> re.Pattern[str]:
    scales = "|".join(sorted(SCALES, key=lambda n: (-len(n), n)))
    return re.compile(
        rf"(?<![\w.,/-])(?P<num>{NUMBER})(?![\w]|[.,/]\d)"
        rf"(?:\s+(?P<scale>{scales})(?!\w))?(?:\s+(?P<scale2>tỷ|tỉ)(?!\w))?",
        re.IGNORECASE,
    )


@cache
def _figure_re() -> re.Pattern[str]:
    quals = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=lambda n: (-len(n), n)))
    scales = "|".join(sorted(SCALES, key=lambda n: (-len(n), n)))
    return re.compile(
        rf"(?:(?P<qual>{quals})\s+)?"
        rf"(?<![\w.,/-])(?P<num>{NUMBER})"
        rf"(?:\s*/\s*(?P<den>{NUMBER}))?"
        rf"(?:(?:\s*[-–]\s*|\s+(?:đến|tới)\s+)(?P<hi>{NUMBER}))?"
        # a word may not touch the number, but for the đồng's sign: "20.000.000đ"
        rf"(?!(?!đ(?!\w))\w|[.,/:]\d|-\w)"
        rf"(?:\s+(?P<scale>{scales})(?!\w))?(?:\s+(?P<scale2>tỷ|tỉ)(?!\w))?"
        rf"(?P<pct>\s?%|\s+phần trăm)?",
        re.IGNORECASE,
    )


@cache
def _unit_table() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], frozenset[str]]:
    data = load("units")
    table = {k.lower(): v for k, v in data["units"].items()}
    money = {k.lower(): v for k, v in data["money"].items()}
    table.update(money)
    keys = sorted(table, key=lambda n: (-len(n), n))
    # a unit followed by "thứ" is an ordinal's ("Bắc 4 lần thứ VII"), not a count
    pattern = re.compile(
        r"\s*(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])(?!\s+thứ(?!\w))",
        re.IGNORECASE,
    )
    ratio_only = frozenset(u.lower() for u in data.get("ratio_only", []))
    return pattern, table, frozenset(money), ratio_only


def _word_before(text: str, pos: int, lo: int) -> str:
    """The (up to two) words before `pos`, lower case, for context tests."""
    return text[max(lo, pos - 24):pos].lower()


@lru_cache(maxsize=64)
def _lowered(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w.lower() for w in words)


def _ends_with_word(context: str, words: tuple[str, ...]) -> bool:
    context = context.rstrip(" (")
    lowered = _lowered(words)
    if not context.endswith(lowered):  # the usual answer, in one call
        return False
    return any(
        context.endswith(w)
        and (len(context) == len(w) or not context[-len(w) - 1].isalnum())
        for w in lowered
    )


def _inside_quotes(text: str, pos: int, lo: int) -> bool:
    before = text[lo:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _is_enumerator(text: str, m: re.Match[str], lo: int) -> bool:
    line_start = text.rfind("\n", lo, m.start()) + 1
    lead = text[max(lo, line_start):m.start()].strip()
    after = text[m.end("num"):m.end("num") + 1]
    if lead in ("", "(") and after in (".", ")") and not m.group("den"):
        return True
    return text[m.start("num") - 1:m.start("num")] == "(" and after == ")"


# matched in place (pos, endpos) rather than on a copy of the rest of the sentence
_PLAN_AFTER_PERCENT = re.compile(r"\s*(kế hoạch|chỉ tiêu|dự toán)(?!\w)", re.IGNORECASE)
_OPEN_END = re.compile(r"\s+(trở lên|trở xuống)(?!\w)")
# "từ X lên/đến Y": the second value of a change or of a range
_TO_VALUE = re.compile(r"\s*(lên|đến|tới|-|–)\s")


# "Tổng số sáng kiến được công nhận trong năm là 356": the count named before its number
_COUNT_OF = re.compile(r"(?<!\w)(?:[Tt]ổng\s+)?[Ss]ố(?=\s)")
_COPULA = re.compile(r"(?<!\w)là\s*:?\s*$")


def _unit_named_before(text: str, pos: int, lo: int,
                       unit_re: re.Pattern[str]) -> re.Match[str] | None:
    """The unit of a bare number after "là" that its clause names first with "(tổng) số …"
    ("Tổng số sáng kiến đăng ký năm 2022 là 412"), else None."""
    clause = max(lo, text.rfind(";", lo, pos) + 1, text.rfind("\n", lo, pos) + 1,
                 text.rfind(". ", lo, pos) + 1)
    if not _COPULA.search(text, clause, pos):
        return None
    counts = list(_COUNT_OF.finditer(text, clause, pos))
    return unit_re.match(text, counts[-1].end(), pos) if counts else None


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Indicator-candidate figures in text[start:end]; offsets index `text`."""
    end = len(text) if end is None else end
    unit_re, unit_table, money_units, ratio_only = _unit_table()
    out: list[Figure] = []
    skip_until = start
    for m in _figure_re().finditer(text, start, end):
        if m.start() < skip_until:
            continue  # the top of a range already read
        num_start = m.start("num")
        before = _word_before(text, m.start(), start)
        if _ends_with_word(before, _NOT_BEFORE) and not m.group("qual") and not (
                m.group("pct") and _RECURRING_YEAR.search(before)) and not (
                _TOTAL_OF.search(before) and unit_re.match(text, m.end(), end)):
            # a date or an ordinal; "hằng năm 85% CĐCS" is a yearly share, and "tổng số 142
            # đoàn viên", "trong số 1.015 CĐCS" a count, not a document's number
            continue
        if _inside_quotes(text, num_start, start) or _is_enumerator(text, m, start):
            continue
        qual = (m.group("qual") or "").lower()
        percent = bool(m.group("pct"))
        pos = m.end()
        unit, unit_start, unit_end, money = "", pos, pos, False
        um = unit_re.match(text, pos, end)
        if um:
            key = um.group(1).lower()
            if key in ratio_only and not m.group("den"):
                um = None
        if percent:
            unit = "%"
            if not um:
                um = unit_re.match(text, pos + 4, end) if text[pos:pos + 4] == " số" else None
            if um:  # "80% doanh nghiệp": the population belongs to the expression
                unit_start, unit_end = um.start(1), um.end(1)
            plan = _PLAN_AFTER_PERCENT.match(text, pos, end)
            if plan:
                unit = "% kế hoạch"
                unit_start, unit_end = plan.start(1), plan.end(1)
        elif um:
            key = um.group(1).lower()
            unit = unit_table[key]
            money = key in money_units
            unit_start, unit_end = um.start(1), um.end(1)
        else:
            named = _unit_named_before(text, m.start(), start, unit_re)
            if named is None:
                continue
            key = named.group(1).lower()
            unit = unit_table[key]
            money = key in money_units
            unit_start, unit_end = named.start(1), named.end(1)
        if not percent and not money and m.group("scale") is None and len(m.group("num")) == 4 \
                and 1900 <= parse_number(m.group("num")) <= 2100 and unit in ("", "%"):
            continue
        expr_end = unit_end if unit_end > pos else m.end()
        # "từ 20 … trở lên", "… trở xuống"
        tail = _OPEN_END.match(text, expr_end, end)
        top_figure = None
        if qual == "từ":
            to = _TO_VALUE.match(text, expr_end, end)
            if to and to.group(1) != "lên" and unit and not tail and \
                    not _CHANGE_BEFORE.search(before):
                # "mỗi suất từ 500.000 đồng đến 1 triệu đồng": a range, its top in its own unit
                top_figure = _figure_re().match(text, to.end(), end)
                if top_figure and unit_re.match(text, top_figure.end(), end) is None and \
                        not top_figure.group("pct"):
                    top_figure = None
            if to and not tail and top_figure is None:
                continue  # "từ 22.000 đồng lên 30.000 đồng": the old value, not a figure
            clause = re.split(r"[;,]", before)[-1]
            if _ends_with_word(clause, _PLAN_CONTEXT) and any(
                n in clause for n in _CONDITION_NOUNS
            ):
                continue  # "doanh nghiệp có từ 20 lao động trở lên": a condition
        if tail:
            expr_end = tail.end()
            qual = qual or ("at_least" if tail.group(1) == "trở lên" else "at_most")
        qualifier = QUALIFIERS.get(qual, qual) if qual else "exact"
        if m.group("hi"):  # a range "5 - 30%", "từ 50 đến 70 triệu đồng": at least its floor
            qualifier = "at_least"
        if qualifier == "at_least" and tail and tail.group(1) == "trở xuống":
            qualifier = "at_most"
        value = _scaled(m.group("num"), m.group("scale"), m.group("scale2"))
        target = parse_number(m.group("den")) if m.group("den") else None
        if target is not None and percent:
            continue
        if target is not None and not re.search(r"\d", text[num_start:m.end("den")]):
            continue
        # the scale words follow the range's top and apply to both ends
        top = _scaled(m.group("hi"), m.group("scale"), m.group("scale2")) if m.group("hi") \
            else None
        if top_figure is not None:
            top = _scaled(top_figure.group("num"), top_figure.group("scale"),
                          top_figure.group("scale2"))
            top_unit = unit_re.match(text, top_figure.end(), end)
            expr_end = top_unit.end(1) if top_unit else top_figure.end()
            qualifier = "at_least"
            skip_until = expr_end
        out.append(Figure(
            start=m.start(), end=expr_end, num_start=num_start, num_end=m.end("num"),
            value=value, target_value=target, unit=unit, qualifier=qualifier,
            percent=percent, money=money, unit_start=unit_start, unit_end=unit_end,
            range_max=top if top is not None and top > value else None,
        ))
    return out
