"""Stage: organisations. Recognise named organisations and give each a canonical name.

Recognition is registry-driven patterns for the bodies the genre names (federations at every
level, unions of industries, zones, communes and companies, party and state bodies, companies)
merged with the spans of a statistical tagger (nlp/taggers) when one is loaded. Generic
categories ("các cấp Công đoàn", "Công đoàn cơ sở" as a kind, "Công đoàn cấp trên") are not
organisations: a union head needs a level word or a proper name after it.

Canonicalisation uses context, in this order: the name as written (abbreviations expanded),
the place named earlier in the article ("LĐLĐ quận" → the district named before), the
article's province (from its subject or any province named), then the site's federation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache

from nlp.abbreviations import abbreviations, expand, is_abbreviation
from nlp.resources import load
from nlp.segment import dictionary_words
from unionnews_core.places import (
    CONFEDERATION,
    district_provinces,
    places,
    province_of_district,
)

_CAP = r"[A-ZĐÀ-ỸÁÉÍÓÚÝ]"
_SYL = r"[\wĐđ&'’.-]+"  # one written syllable (abbreviations may hold "&", "-", ".")


@dataclass(frozen=True)
class OrgSpan:
    start: int  # offsets in the normalised text
    end: int
    text: str
    kind: str  # federation, union, party_state, company, other
    level: str | None = None  # tỉnh, thành phố, quận, huyện, xã, phường, ngành …
    place: str | None = None
    canonical: str = ""
    score: float = 1.0


UNION_KINDS = ("confederation", "federation", "union", "nghiệp đoàn")
# a union's head, then a proper name (not "Công đoàn bộ phận" or "Công đoàn các cơ sở …",
# kinds of body)
_UNION_NAME = re.compile(r"(?:Tổng Liên đoàn|Liên đoàn Lao động|LĐLĐ|Công đoàn|CĐCS|Nghiệp đoàn)"
                         r"(?![\w])(?!\s+các\s+(?-i:[a-zđ])).*?\s(?-i:[A-ZĐÀ-Ỹ])")


def is_union(span: OrgSpan) -> bool:
    """Whether `span` names a union body: by the kind the patterns gave it, or, for a span
    only the tagger found, by the head its name opens with ("Công đoàn cơ quan xã Tam Hưng")."""
    return span.kind in UNION_KINDS or (span.kind == "tagged" and
                                        bool(_UNION_NAME.match(span.text)))


@dataclass
class OrgContext:
    """Places known so far in the article, for short references."""

    province: str | None = None  # the article's province or city
    site_province: str | None = None
    site_federation: str | None = None
    last_place: dict[str, str] = field(default_factory=dict)  # level → last named place
    # a district-level place → the level the article first names it with ("huyện Đức Phổ")
    district_levels: dict[str, str] = field(default_factory=dict)
    title_place: str | None = None  # an unmarked place heading the title ("Bến Cầu sơ kết …")
    # for an article published from the 2025 merger on: merged province → the province it is
    # part of, so that a bare "LĐLĐ tỉnh" is today's federation (guide 2.5)
    merged_into: dict[str, str] = field(default_factory=dict)
    # level → the place of the provincial federation the title names in full
    named_federations: dict[str, str] = field(default_factory=dict)


def merged_into(published: date | None) -> dict[str, str]:
    """Merged province → the province it is part of, for an article published on or after
    the 2025 merger; empty before it or undated."""
    known = places()
    if published is None or published < known.merger_day:
        return {}
    return {old: new for new, olds in known.merged_2025.items() for old in olds if old != new}


@cache
def gazetteer() -> dict[str, object]:
    known = places()
    return {"cities": set(known.cities), "provinces": set(known.provinces),
            "hanoi_districts": set(known.hanoi_districts), "aliases": dict(known.aliases)}


def province_level(name: str) -> str:
    return "thành phố" if name in gazetteer()["cities"] else "tỉnh"  # type: ignore[operator]


_LEVELS = (
    "thành phố", "Thành phố", "TP.", "TP", "Tp.", "Tp", "tỉnh", "Tỉnh", "quận", "Quận", "huyện",
    "Huyện", "thị xã", "Thị xã", "xã", "Xã", "phường", "Phường", "đặc khu", "thị trấn",
)
# one spelling each: they match whatever their capitals (`_match_level`), and the level read
# is this spelling
_ZONE_LEVELS = (
    "các Khu công nghiệp và chế xuất", "các Khu chế xuất và công nghiệp", "các KCN&CX",
    "các KCX-KCN", "các KCN-KCX", "các KCN", "Khu kinh tế", "các Khu kinh tế", "Khu công nghiệp",
    "Khu công nghệ cao", "các Khu công nghiệp",
)
_STOP = {
    "tại", "của", "cho", "với", "ở", "đã", "đang", "sẽ", "và", "trong", "theo", "được", "có",
    "là", "về", "từ", "đến", "trên", "cùng", "phối", "hợp", "tổ", "chức", "do", "nhằm", "khi",
    "vừa", "thì", "đánh", "giá", "đây", "này", "nay", "đó", "mà", "để", "nên", "cũng", "còn",
    "vẫn", "luôn", "đều", "lần", "năm", "ngày", "tháng", "sáng", "chiều", "hướng", "dẫn",
    "đồng", "chí", "tạo", "tối", "trực", "thuộc", "các", "những", "nhiều", "tiếp", "nhận",
    "triển", "khai", "hoàn", "thành", "phát", "động", "chỉ", "đạo", "trao", "tặng", "thăm",
    "ra", "mắt", "vượt", "quản", "lý", "đề", "kết", "nạp", "chăm", "lo", "tham", "gia", "biểu",
    "dương", "ký", "nhân", "bồi", "dưỡng", "mở", "hỗ", "trợ", "đặt", "giao", "ban",
    "hành", "sau", "trước", "bày", "tỏ", "biết", "hiện", "gồm", "nhờ", "phấn", "đấu", "khóa",
    "nhiệm", "kỳ", "dự", "kiến", "chi", "đóng", "góp", "thương", "lượng", "cài", "khám",
    "tuyên", "truyền", "vận", "giới", "thiệu", "nâng", "lên", "bố", "trí", "đưa", "bước",
    "vào", "ủng", "kêu", "cử", "chung", "dịp", "chia", "đăng", "xem", "giành", "đoạt", "sơ",
    # verbs the segmenter joins, whose first syllable is no verb of its own
    "tiến hành", "chính thức", "bàn giao", "tài trợ",
}

_CLAUSE_VERBS = {
    "tổ chức", "đồng chí", "hoàn thành", "hướng dẫn", "phát động", "triển khai", "chỉ đạo",
    "phối hợp", "tham gia", "ra mắt", "tạo", "nhiều", "tổng kết", "trao", "thăm",
}
_HEADS: tuple[tuple[str, str], ...] = (
    (r"Tổng Liên đoàn Lao động(?: \(LĐLĐ\))?|Tổng LĐLĐ|Tổng Liên đoàn", "confederation"),
    (r"Liên đoàn [Ll]ao động(?: \(LĐLĐ\))?|LĐLĐ", "federation"),
    (r"Công đoàn", "union"),
    (r"Nghiệp đoàn", "nghiệp đoàn"),
    (r"Thành ủy|Tỉnh ủy|Quận ủy|Huyện ủy|Thị ủy|Đảng ủy|Đảng bộ|Tỉnh đoàn|Thành đoàn", "party"),
    (r"Bộ Chính trị|Ban Bí thư|Quốc hội|Chính phủ|Ban Chấp hành Trung ương", "party_fixed"),
    # a province's deputies to the National Assembly are a body of their own, not the Assembly
    (r"Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Đoàn [Đđ]ại biểu Quốc hội|Đoàn ĐBQH"
     r"|Ủy ban (?:Mặt trận Tổ quốc|MTTQ)(?: Việt Nam| VN)?", "state"),
    # "Phòng" heads a department's name ("Phòng Giáo dục"), not "Trường Sĩ quan Phòng hóa"
    (r"Sở|Bộ|Cục|Tổng cục|Ban Quản lý|Ban quản lý|Bảo hiểm xã hội|Thanh tra"
     r"|Phòng(?= [A-ZĐÀ-Ỹ])",
     "state_named"),
    (r"Tổng Công ty|Tổng công ty|Công ty|Tập đoàn|Ngân hàng", "company"),
    (r"Trung tâm|Học viện|Trường|Viện|Bệnh viện|Nhà văn hóa Lao động|Cung Văn hóa Lao động"
     r"|Đài Truyền hình|Đài Phát thanh|Đài Tiếng nói", "state_named"),
)


@cache
def _head_re() -> re.Pattern[str]:
    # a head's pattern has no group of its own, so a match's `lastgroup` names its head
    parts = "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEADS))
    return re.compile(rf"(?<![\w])(?:{parts})(?![\w])")


# compiled once: every head of every article reads its name's syllables through them
_NON_SPACE = re.compile(r"[^\s]+")
_LETTERS_AND_SPACES = re.compile(r"[\wĐđ ]+")
_OPENS_WORD = re.compile(r"[\wĐđ]")
_OPENS_WORD_OR_BRACKET = re.compile(r"[\wĐđ(]")
_SYLLABLE = re.compile(r"\(?[\wĐđ&.'’-]+\)?|[,;:!?“”\"()]")


def _syllables(
    text: str, pos: int, end: int, compounds: dict[int, int] | None = None
) -> list[tuple[int, int, str]]:
    """Syllables from `pos`, stopping at a newline or `end`: (start, end, text). A word the
    segmenter joined ("Viên chức", "Xây dựng") counts as one capitalised unit."""
    out = []
    limit = text.find("\n", pos, end)
    limit = end if limit == -1 else limit
    skip_to = -1
    for m in _NON_SPACE.finditer(text[pos:limit]):
        s = pos + m.start()
        word = m.group()
        if s < skip_to:
            rest = word[skip_to - s:]
            if rest:  # punctuation glued to the end of a joined word ends the name
                out.append((skip_to, skip_to + len(rest), rest))
                break
            continue
        if compounds and s in compounds and compounds[s] <= limit:
            joined = text[s:compounds[s]]
            if _LETTERS_AND_SPACES.fullmatch(joined) and not _verb_glued(joined):
                out.append((s, compounds[s], joined))
                skip_to = compounds[s]
                continue
        # detach trailing punctuation
        core = word.rstrip(",;:!?”\"…" if "(" in word else ",;:!?”\"…)")
        if core.endswith(".") and not (core in _dotted_abbreviations()
                                       or re.fullmatch(r"[A-ZĐ]\.", core)):
            core = core[:-1]
        if core:
            out.append((s, s + len(core), core))
        if len(core) < len(word):
            out.append((s + len(core), s + len(word), word[len(core):]))
            break  # punctuation ends a name
    return out


@cache
def _dotted_abbreviations() -> frozenset[str]:
    """Abbreviations written with their dot ("TP.", "Tp."): the dot is theirs, not a full stop."""
    return frozenset(k for k in abbreviations() if k.endswith("."))


# Words that end a name; the segmenter sometimes glues one to the name's last syllable
# ("Quế Võ trao", "Ninh Kiều nhận"), which must not make it part of the name.
_ENDS_NAME = {
    "tại", "của", "cho", "với", "ở", "đã", "đang", "sẽ", "và", "trong", "theo", "được", "có",
    "là", "về", "từ", "đến", "trên", "cùng", "do", "nhằm", "khi", "vừa", "thì", "trao", "tặng",
    "thăm", "nhận", "ký", "mở", "đặt", "giao", "dành", "đạt", "chi", "kết", "phát", "chăm",
    "tổ", "hỗ", "vượt", "ra", "tuyên", "khen", "tìm", "đón", "gặp", "làm", "lan", "đưa",
    "hiện", "gồm", "nhờ", "giảm", "tăng", "biểu", "đề", "thực", "duy", "đẩy", "xây", "sửa",
    "tiếp", "phối", "khám", "cấp", "chúc", "quyết", "bầu", "kiểm", "giám", "vận", "phổ", "lấy",
    "dự", "chỉ", "yêu", "khẳng", "đánh", "xếp", "nộp", "thu", "kỷ", "hoàn", "lựa", "tổng",
    "phấn", "triển", "nâng", "bàn", "trích", "cử", "kêu",
}


@cache
def _name_words() -> frozenset[str]:
    return frozenset(load("name_words")["words"])


@cache
def _programme_before() -> re.Pattern[str]:
    names = sorted(load("name_words")["programmes"], key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")\s+$",
                      re.IGNORECASE)


def names_a_programme(text: str, start: int) -> bool:
    """ "Chuyến bay Công đoàn Xuân 2025", "Mái ấm Công đoàn": a programme, not a union."""
    return bool(_programme_before().search(text, max(0, start - 12), start))


def _verb_glued(joined: str) -> bool:
    # "Quế Võ trao", "Kim Đồng kết nạp": a name with the next clause's verb stuck to it
    parts = joined.split()
    if len(parts) < 2 or not _is_cap(parts[0]) or joined.lower() in dictionary_words():
        return False  # "Chế tạo", "Phát triển", "Phốt phát": a word, inside a name
    last_cap = max(i for i, p in enumerate(parts) if _is_cap(p))
    if last_cap + 1 < len(parts) and _place_closes(" ".join(parts[:last_cap + 1]),
                                                    parts[last_cap + 1], level_needed=False):
        return True  # "Hòa Bình gắn": a place ends a name, the verb is the clause's
    return any(p in _GLUED_ENDS for p in parts[last_cap + 1:])


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


@cache
def _sector_re() -> re.Pattern[str]:
    names = sorted(load("sectors")["sectors"], key=lambda n: (-len(n), n))
    return re.compile(r" (?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])",
                      re.IGNORECASE)


@cache
def _sectors_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in load("sectors")["sectors"]}


def _official_sector(canonical: str) -> str:
    """A union's sector as the sector list spells it: "Công đoàn y tế" → "Công đoàn Y tế"."""
    if not canonical.startswith("Công đoàn "):
        return canonical
    found = _sector_re().search(canonical)
    if not found:
        return canonical
    official = _sectors_by_lower()[found.group()[1:].lower()]
    return canonical[:found.start() + 1] + official + canonical[found.end():]


@cache
def _provinces_longest_first() -> tuple[str, ...]:
    provinces: set[str] = gazetteer()["provinces"]  # type: ignore[assignment]
    return tuple(sorted(provinces, key=lambda n: (-len(n), n)))


def leading_province(named: str) -> str | None:
    """The province or city whose name `named` begins with, the longest one, if any."""
    for p in _provinces_longest_first():
        if named == p or named.startswith(p + " "):
            return p
    return None


def _province_end(text: str, pos: int, tail_end: int) -> int:
    """Where a province's name that starts after `pos` ends (`pos` when none starts there)."""
    p = leading_province(text[pos:tail_end].strip())
    return text.index(p, pos) + len(p) if p else pos


@cache
def _levels_longest_first() -> tuple[str, ...]:
    return tuple(sorted((*_ZONE_LEVELS, *_LEVELS, "ngành", "Ngành"), key=lambda n: (-len(n), n)))


@cache
def _levels_to_match() -> tuple[tuple[str, str | None], ...]:
    """Each level, longest first, with its case-folded form if it is a zone's."""
    return tuple((lv, lv.casefold() if lv in _ZONE_LEVELS else None)
                 for lv in _levels_longest_first())


_WORD_GOES_ON = re.compile(r"[\w&-]")


def _match_level(text: str, pos: int) -> tuple[str, int] | None:
    rest = text[pos:pos + 48]
    if not rest.startswith(" "):
        return None
    folded = rest.casefold()
    for lv, zone_folded in _levels_to_match():
        # a zone's words are capitalised every which way ("các Khu công nghiệp và Chế xuất")
        written = folded.startswith(zone_folded, 1) if zone_folded else rest.startswith(lv, 1)
        # a dotted level may touch its name: "TP.HCM", "Tp.Hồ Chí Minh"
        if written and (lv.endswith(".") or
                                       not _WORD_GOES_ON.match(rest[len(lv) + 1:][:1] or " ")) \
                and not _A_BODY_NOT_A_LEVEL.match(rest, len(lv) + 1):
            return lv, pos + 1 + len(lv)
    return None


# "Công đoàn Tỉnh đoàn Gia Lai", "Công đoàn Văn phòng Tỉnh ủy": a body, not the province's level
_A_BODY_NOT_A_LEVEL = re.compile(r" (?:đoàn|ủy)(?!\w)")


# what may follow "Việt Nam" inside a name: "… Việt Nam chi nhánh Thái Nguyên", "… xã Hoa Lộc"
_AFTER_COUNTRY = frozenset(("chi nhánh", "tỉnh", "thành phố", "xã", "phường", "huyện", "quận",
                            "thị xã", "khu vực"))


_LEGAL_FORM = re.compile(r"(?:(?:TNHH|trách nhiệm hữu hạn)\s+)?(?:Một|một) thành viên(?![\w])"
                         r"|trách nhiệm hữu hạn(?![\w])|cổ phần(?![\w])")


def _name_tail(
    text: str, pos: int, end: int, allow_lower: bool, heads_at: set[int], long_tail: bool = False,
    compounds: dict[int, int] | None = None, nested_ok: bool = False,
) -> int:
    """End of the proper-name tail that starts after `pos` (== pos when there is none)."""
    syls = _syllables(text, pos, end, compounds)
    tail_end = pos
    lower_run: list[tuple[int, int, str]] = []
    seen_cap = False
    i = 0
    while i < len(syls):
        s, e, w = syls[i]
        legal = _LEGAL_FORM.match(text, s)
        if legal:  # "TNHH Một thành viên": lower-case words inside a company's legal form
            tail_end, seen_cap, lower_run = legal.end(), True, []
            while i < len(syls) and syls[i][0] < legal.end():
                i += 1
            continue
        if s in heads_at and text.endswith("Đại học ", pos, s) and \
                text.startswith("Công đoàn", s):
            # "Trường Đại học Công đoàn": a university's name, not another body's
            tail_end, seen_cap, lower_run = s + len("Công đoàn"), True, []
            while i < len(syls) and syls[i][0] < tail_end:
                i += 1
            continue
        if s in heads_at and seen_cap and not (nested_ok and w.startswith("Công")) and \
                not _ONLY_LEGAL_FORM.fullmatch(text, pos, s):
            break  # another body's name, unless only a legal form came before it
        if w.startswith("(") and w.endswith(")") and w[1:-1].isupper() and (seen_cap or i == 0):
            tail_end = e  # bracketed abbreviation "(KCN&CX)", "(HEPZA)"
            lower_run = []
            i += 1
            continue
        if not _OPENS_WORD.match(w):
            if w in ("-", "–", "&") and seen_cap and i + 1 < len(syls) and \
                    _is_cap(syls[i + 1][2]):
                lower_run.append((s, e, w))
                i += 1
                continue
            break
        if _is_cap(w) and seen_cap and w.lower() in _CLAUSE_VERBS:
            break  # "… Hà Nội Tổ chức …": a capitalised verb starts the next clause
        if _is_cap(w):
            seen_cap = True
            tail_end = e
            lower_run = []
        elif seen_cap and not lower_run and text.endswith("Việt Nam", pos, tail_end) and \
                w not in _AFTER_COUNTRY:
            break  # a name ending in the country's is whole, but for a branch or a place
        elif seen_cap and w.lower() == "chi nhánh" and i + 1 < len(syls) and (
                _is_cap(syls[i + 1][2]) or syls[i + 1][2] in _LEVELS):
            lower_run.append((s, e, w))  # "Ngân hàng … Việt Nam chi nhánh Bắc Ninh"
        elif seen_cap and w not in _STOP and (
                (first := w.split()[0]) not in _STOP or w in _name_words()) \
                and (first not in _AFTER_NAME or w in _name_words()) \
                and len(lower_run) < (3 if allow_lower else 1):
            lower_run.append((s, e, w))
            if w in _name_words() and all(u in _name_words() for _, _, u in lower_run):
                # a name's own lower-case word ends it as well ("Học viện Cảnh sát nhân dân")
                tail_end, lower_run = e, []
            elif long_tail:
                nxt = syls[i + 1][2] if i + 1 < len(syls) else ""
                # a number a bracket or a stop follows closes the name ("Công ty Truyền tải
                # điện 1 (PTC1)"); one a word follows may count something
                closed = not nxt or nxt == "(" or not _OPENS_WORD_OR_BRACKET.match(nxt)
                # a number with words after it counts them, a stop after them or not
                # ("Công ty Than Hạ Long 200 suất quà.")
                counted = len(lower_run) > 1 and (not closed or any(
                    u[0].isdigit() for _, _, u in lower_run[:-1])) and \
                    any(u[0].isdigit() for _, _, u in lower_run)
                # a number before a verb names the body too ("Công ty 26 trích quỹ")
                if (not nxt or nxt.split()[0] in _STOP or not _OPENS_WORD_OR_BRACKET.match(nxt)
                        or nxt == "(" or w.isdigit() and nxt.split()[0] in _AFTER_NAME) \
                        and not counted:
                    # a trailing lower-case part of the name ("Mầm non tư thục"); a number
                    # is one alone ("Tổng công ty 28"), not with a verb or a unit ("… Mông
                    # Dương bàn giao 40 triệu", "Công ty 1 triệu")
                    tail_end = e
        elif w == "và" and seen_cap and i + 1 < len(syls) and _is_cap(syls[i + 1][2]) \
                and syls[i + 1][0] not in heads_at:
            lower_run.append((s, e, w))
        elif not seen_cap and w in ("các",) and i == 0:
            lower_run.append((s, e, w))
        elif not seen_cap and i == 0 and w in _LOWER_BODY_KINDS and i + 1 < len(syls) and \
                _is_cap(syls[i + 1][2]):
            lower_run.append((s, e, w))  # "Công đoàn trường THPT Quang Trung"
        else:
            break
        i += 1
    return tail_end


def find_orgs(
    text: str, start: int = 0, end: int | None = None, compounds: dict[int, int] | None = None
) -> list[OrgSpan]:
    """Organisation mentions in text[start:end] by pattern; offsets index `text`.
    `compounds` maps the start of each multi-syllable word (from the segmenter) to its end."""
    end = len(text) if end is None else end
    matches = list(_head_re().finditer(text, start, end))
    heads_at = {m.start() for m in matches}
    out: list[OrgSpan] = []
    covered = start
    for m in matches:
        if m.start() < covered:
            continue
        kind = _HEADS[int(str(m.lastgroup)[1:])][1]  # its group is "h<i>"
        head_end = m.end()
        level = None
        lv = _match_level(text, head_end) if kind in (
            "confederation", "federation", "union", "nghiệp đoàn", "state", "party") or (
            kind == "state_named" and m.group() in _PLACED_BODIES) else None
        pos = head_end
        if kind == "union" and lv is None and \
                (grassroots_of := _GRASSROOTS_OF.match(text, head_end)):
            # "Công đoàn cơ sở xã Hảo Đước", "Công đoàn cơ sở Văn phòng Tỉnh ủy": the union of
            # that commune, of that office
            pos = grassroots_of.end()
            lv = _match_level(text, pos)
        if lv:
            level, pos = lv
        allow_lower = kind in ("company", "state_named", "nghiệp đoàn") or level in (
            "ngành", "Ngành") or (pos + 1) in heads_at
        long_tail = kind in ("company", "nghiệp đoàn") or (pos + 1) in heads_at
        container = _CONTAINER.match(text, pos) if kind == "union" else None
        if container and container.end() + 1 in heads_at:
            # "Công đoàn Khối UBND tỉnh", "Công đoàn Cơ quan Tổng công ty Điện lực miền Nam",
            # "Công đoàn Hội sở chính Ngân hàng X": the union of that part of the named body
            pos, long_tail = container.end(), True
        tail_end = _name_tail(text, pos, end, allow_lower or bool(container), heads_at,
                              long_tail, compounds,
                              nested_ok=kind in ("state_named", "company") or bool(container))
        while container and (joined := _AND_A_BODY.match(text, tail_end)):
            # "Công đoàn Văn phòng Đoàn ĐBQH và HĐND tỉnh": one office of two bodies
            tail_end = max(joined.end(), _name_tail(text, joined.end(), end, False, heads_at,
                                                    False, compounds, nested_ok=True))
        # "LĐLĐ Quận 5", "Công đoàn phường 12", "Trung tâm Văn hóa Quận 1": a place is a number
        tail_end = numbered_place_end(text, tail_end, m.start())
        if tail_end > pos and text.startswith(" (Việt Nam)", tail_end) and \
                _COMPANY_HEAD.search(text, m.start(), tail_end):
            # "Công ty TNHH Far Eastern New Apparel (Việt Nam)": part of a company's legal name
            tail_end += len(" (Việt Nam)")
        if level in ("ngành", "Ngành"):
            sector = _sector_re().match(text, pos)
            if sector and sector.end() > tail_end:
                # and the place after it: "Công đoàn ngành Giao thông vận tải Nghệ An"
                tail_end = max(sector.end(), _name_tail(
                    text, sector.end(), end, False, heads_at, False, compounds))
        if tail_end == pos and kind == "union" and level is None:
            sector = _sector_re().match(text, pos)
            if sector and (_match_level(text, sector.end()) or
                           leading_province(text[sector.end() + 1:sector.end() + 40]) or
                           text.startswith(" Việt Nam", sector.end())):
                # "Công đoàn y tế thành phố Cần Thơ": a sector in lower case, with its place
                # ("Công đoàn xây dựng lực lượng …" builds: no sector)
                tail_end = sector.end()
        for sector in _sector_re().finditer(text, max(pos - 1, 0), min(end, tail_end + 48)):
            if sector.start() < tail_end < sector.end():
                # "Công đoàn Sở Giao thông vận tải": the whole sector, and the place after it
                # ("Sở Giáo dục và Đào tạo Hà Nội", whose "tạo" reads like a verb)
                tail_end = max(sector.end(), _name_tail(
                    text, sector.end(), end, False, heads_at, False, compounds))
        board_end = pos if text[m.start():pos].endswith(("Ban Quản lý", "Ban quản lý")) else \
            tail_end if text[pos:tail_end].rstrip().endswith("Ban Quản lý") else None
        if board_end is not None:
            parks = _PARKS.match(text, board_end)
            if parks and parks.end() > tail_end:
                # "Ban Quản lý các khu công nghiệp", "Ban Quản lý Khu kinh tế Vân Phong": the
                # board of the parks, and the zone's name
                tail_end = max(parks.end(), _name_tail(
                    text, parks.end(), end, False, heads_at, False, compounds))
        if level in ("Khu kinh tế", "các Khu kinh tế", "Khu công nghệ cao"):
            # "Công đoàn Khu kinh tế Nghi Sơn và các khu công nghiệp tỉnh Thanh Hóa": one union
            more = _ZONE_AND_PARKS.match(text, tail_end)
            if more:
                tail_end = more.end()
                province = leading_province(text[tail_end + 1:tail_end + 40])
                if province and text.startswith(" " + province, tail_end):
                    tail_end += 1 + len(province)  # "… và các khu công nghiệp Đà Nẵng"
        # a place after the name: "Công đoàn ngành Giáo dục tỉnh Thanh Hóa", or after a zone
        # level: "Công đoàn các Khu công nghiệp tỉnh Bắc Ninh"
        lv2 = _match_level(text, tail_end) if tail_end > pos or level in _ZONE_LEVELS else None
        if lv2 and lv2[0] not in _ZONE_LEVELS:
            t2 = _name_tail(text, lv2[1], end, False, heads_at, False, compounds)
            if lv2[0] in ("tỉnh", "Tỉnh", "thành phố", "Thành phố"):
                # "… tỉnh Thanh Hóa chúc Tết": the province's name ends the body's name
                province_end = _province_end(text, lv2[1], t2)
                city = lv2[0] in ("thành phố", "Thành phố")
                if city and province_end > lv2[1] and \
                        province_level(text[lv2[1]:province_end].strip()) != "thành phố":
                    province_end = lv2[1]  # "thành phố Điện Biên Phủ": no province's city
                # a provincial city ("thành phố Vinh") is no province and keeps its name
                t2 = province_end if province_end > lv2[1] or not city else t2
            if t2 > lv2[1]:
                tail_end = t2
            elif (kind == "state_named" or container or level in ("ngành", "Ngành")) and \
                    lv2[0] in _BARE_LEVELS:
                # "Bảo hiểm xã hội tỉnh", "Công đoàn Khối UBND tỉnh", "Công đoàn ngành Giáo dục
                # tỉnh": the level names the place
                tail_end = lv2[1]
        if level in ("tỉnh", "Tỉnh") and tail_end > pos:
            # "LĐLĐ tỉnh Hà Đức Quảng" (a chairman's name after the body): a province's
            # name is a known province, and the name ends with it
            tail_end = _province_end(text, pos, tail_end)
        tail_end = bare_head_end(text, m.start(), before_person(text, m.start(), pos, tail_end))
        if level and _is_person_not_place(text[pos:tail_end].strip(), _norm_level(level)):
            tail_end = pos  # "Chủ tịch LĐLĐ thành phố Nguyễn Duy Minh": the level alone
        if kind == "party_fixed":
            tail_end = pos  # "Thủ tướng Chính phủ Võ Văn Kiệt": a national body's name is whole
        name = _BRACKETED_ABBREVIATION.sub("", text[pos:tail_end]).strip()
        span_end = tail_end if tail_end > pos else pos
        if not _accept(kind, level, name, text[m.start():span_end]):
            continue
        if kind in ("federation", "union") and (is_plural_reference(text, m.start()) or
                                                names_a_programme(text, m.start())):
            continue  # "các LĐLĐ tỉnh, thành phố": a category, not one body
        span_start = m.start()
        grassroots = _GRASSROOTS_PREFIX.search(text, max(start, span_start - 20), span_start)
        if kind in ("company", "state_named", "party") and grassroots:
            # "Công đoàn cơ sở Công ty TNHH X", "CĐCS Trường Y": the union of that workplace
            span_start, kind, name = grassroots.start(), "union", text[m.start():span_end]
        surface = text[span_start:span_end]
        out.append(OrgSpan(span_start, span_end, surface, kind, _norm_level(level), name or None))
        covered = span_end
    return out


@cache
def _person_after_name() -> tuple[re.Pattern[str], re.Pattern[str]]:
    people = load("people")
    titles = "|".join(sorted(map(re.escape, people["titles"]), key=len, reverse=True))
    known = places()
    # a name is complete on a place, a sector or "Trung ương" ("Bộ Y tế", "Ban Đối ngoại
    # Trung ương", "LĐLĐ TP Thủ Đức"), so a family name after it opens the holder's name
    ends = "|".join(sorted(map(re.escape, {*_known_places(), *known.provinces_from_2025,
                                           *load("sectors")["sectors"], "Việt Nam",
                                           "Trung ương"}),
                           key=len, reverse=True))
    surnames = "|".join(map(re.escape, people["surnames"]))
    # "Giáo dục Hà Nội": a place whose first word is a family name is no person
    named_places = "|".join(sorted(map(re.escape, _known_places()), key=len, reverse=True))
    return (re.compile(rf"(?:{titles})\s+$"),
            re.compile(rf"(?<=\s)(?:{ends})(?= (?:{surnames}) [A-ZĐÀ-Ỹ])"
                       rf"(?! (?:{named_places})(?!\w))"))


@cache
def _surnames() -> frozenset[str]:
    return frozenset(load("people")["surnames"])


@cache
def _known_places() -> frozenset[str]:
    known = places()
    return frozenset((*known.provinces, *known.cities, *known.hanoi_districts,
                      *known.hcmc_districts, *district_provinces()))


def _is_person_not_place(name: str, level: str | None) -> bool:
    """Whether the name after a district's or a city's level word is a person's: it opens
    with a family name and no province, city or district bears it ("thành phố Nguyễn Duy
    Minh"; but "quận Hoàng Mai", "thành phố Hồ Chí Minh" are places). Wards and communes,
    often named after people and listed nowhere, are left as written."""
    if level not in _DISTRICT_LEVELS or not name:
        return False
    words = name.split()
    if words[0] not in _surnames() or len(words) < 2:
        return False
    return not any(" ".join(words[:n]) in _known_places() for n in range(1, len(words) + 1))


def before_person(text: str, head_start: int, pos: int, tail_end: int) -> int:
    """Where a name ends when its holder's title comes before it and the holder's own name
    after it: "Chủ tịch Công đoàn Y tế Việt Nam Phạm Thanh Bình" → "… Y tế Việt Nam"."""
    title, complete_then_person = _person_after_name()
    if tail_end <= pos or not title.search(text, max(0, head_start - 24), head_start):
        return tail_end
    found = complete_then_person.search(text, pos, tail_end)
    if found:
        return found.end()
    words = text[pos:tail_end].split()
    for k in range(0, min(len(words) - 1, 5)):
        # "Giám đốc Công ty Huỳnh Tuấn Anh", "Chủ tịch Công đoàn Tổng công ty Lê Phan Linh",
        # "Bí thư Thành ủy Nguyễn Thị Nghĩa": the holder's name right after a bare head
        person = words[k:]
        if 2 <= len(person) <= 4 and person[0] in _surnames() and all(map(_is_cap, person)) \
                and " ".join(person) not in _known_places() and \
                (k == 0 or " ".join(words[:k]).casefold() in _bare_heads() or
                 k == 1 and _INITIALS_NAME.fullmatch(words[0]) and
                 not _ONLY_LEGAL_FORM.fullmatch(words[0])):
            return text.index(person[0], pos) - 1 if k else pos
    return tail_end


_UNION_OPENING = re.compile(r"(?:Công đoàn cơ sở|Công đoàn|CĐCS) ")


def bare_head_end(text: str, start: int, end: int) -> int:
    """Where a name ends that is a body's kind and then lower-case words only: a clause
    ("Công đoàn Công ty thực hiện tốt", "Công đoàn Bệnh viện điều hành", "Công đoàn Trung
    tâm ôn lại") follows the kind. A name's own lower-case word ("Bệnh viện đa khoa …"), a
    sector ("Trung tâm y tế") or a level ("Công đoàn cơ quan xã") keeps them."""
    opening = _UNION_OPENING.match(text, start, end)
    body = opening.end() if opening else start
    folded = text[body:end].casefold()
    head = next((h for h in _heads_longest_first() if folded.startswith(h.casefold() + " ")),
                None)
    if head is None:
        return end
    after = body + len(head) + 1
    rest = text[after:end]
    words = rest.split()
    if not words or not all(w.islower() for w in words) or \
            any(n in rest for n in _name_words()) or _sector_re().match(text, after - 1) or \
            any(w in _BARE_LEVELS for w in words):
        return end
    return after - 1


# a body named by its initials alone: "Chủ tịch Công đoàn PTC1 Nguyễn Toàn Thắng"
_INITIALS_NAME = re.compile(r"[A-ZĐ][A-ZĐ\d&-]+")


@cache
def _bare_heads() -> frozenset[str]:
    """A body's kind written alone before its holder's name: "Công ty", "Thành ủy"."""
    return frozenset({*_short_heads(), *(h.casefold() for h in load("people")["bare_heads"])})


# a district or ward named by its number ("Quận 5", "phường 12"), not a count ("quận 3 năm")
_NUMBERED_PLACE = re.compile(
    r" \d{1,2}(?![\d.,%/])(?! (?:năm|lần|tháng|ngày|tuần|người|đơn vị|đoàn viên|suất|"
    r"triệu|tỷ|nghìn|ngàn|công đoàn|CĐCS)(?!\w))")
# the levels of a district-level unit before 2025 (a provincial city among them)
_DISTRICT_LEVELS = ("huyện", "quận", "thị xã", "thành phố")
# a grassroots union named as such, before a commune's level or an office's name
_GRASSROOTS_OF = re.compile(r" cơ sở(?= (?:(?:xã|phường|thị trấn|đặc khu) [A-ZĐÀ-Ỹ]|"
                            r"(?:Khối|Cơ quan|cơ quan|Văn phòng) [A-ZĐÀ-Ỹ]))")
# and "công đoàn" in lower case before a workplace's name, but not the dues ("kinh phí công
# đoàn Công ty X" is the company's payment)
_GRASSROOTS_PREFIX = re.compile(r"(?<!\w)(?<!kinh phí )(?<!tài chính )"
                                r"(?:[Cc]ông đoàn cơ sở|CĐCS|công đoàn)\s+$")


def _norm_level(level: str | None) -> str | None:
    if level is None:
        return None
    low = level.lower()
    return "thành phố" if low in ("tp", "tp.") else low


_SECTOR_UNION = re.compile(r"Công đoàn (?:ngành|Viên chức)(?: [A-ZĐ]|$)")

_PARKS = re.compile(r" (?:các )?(?:[Kk]hu (?:[Cc]ông nghiệp|[Kk]inh tế|[Cc]hế xuất)"
                    r"(?: và (?:[Cc]hế xuất|[Cc]ông nghiệp))?|KCN&CX|KCN|KKT)(?![\w&])")
# the kind of a body, written in lower case between "Công đoàn" and the body's name
_LOWER_BODY_KINDS = frozenset(("trường", "bệnh viện", "công ty", "trung tâm", "cơ quan"))
# a company's legal form as written after "Công ty", longest first
_LEGAL_FORMS = "|".join(("TNHH Một thành viên", "TNHH MTV", "Cổ phần", "cổ phần", "TNHH", "CP",
                         "MTV"))
_ONLY_LEGAL_FORM = re.compile(rf"\s*(?:(?:Tổng )?[Cc]ông ty\s+)?(?:{_LEGAL_FORMS})\s*")
_CONTAINER = re.compile(r" (?:Khối|Cơ quan|cơ quan|Hội sở chính|Hội sở|Văn phòng)(?= )")
# the second body of an office that serves two: "… Đoàn ĐBQH và HĐND", "… HĐND và UBND"
_AND_A_BODY = re.compile(r" và (?:HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân)(?![\w])")
_ZONE_AND_PARKS = re.compile(r" và các [Kk]hu [Cc]ông nghiệp(?![\w])")
_ZONE_UNION = re.compile(r"Công đoàn (?:các )?Khu (?:kinh tế|công nghiệp|chế xuất)")
# "các LĐLĐ huyện", "8 LĐLĐ huyện, thị xã": a kind of body or a count of bodies (not a year)
_PLURAL_BEFORE = re.compile(r"(?:các|những|mỗi|từng|(?<![\d/.,])(?<!thứ )(?:[2-9]|[1-9]\d{1,2}))"
                            r"\s+$",
                            re.IGNORECASE)
# first words after "Công đoàn" that make a menu section or a slogan, not a union's name
_NOT_A_UNION_NAME = re.compile(
    r"(?:Hoạt động|Tin tức|Thời sự|Pháp luật|Đời sống|Chính sách|Vì|Xã hội|Video|Ảnh|Góc|"
    r"Diễn đàn|Tư vấn|Trang)(?:\s|$)"
)
_GENERIC_NAMES = {"Việt", "Nhà", "Đảng", "Trung", "Trung ương"}


def _accept(kind: str, level: str | None, name: str, surface: str) -> bool:
    if kind in ("party_fixed", "confederation"):
        return True
    if kind in ("federation", "union", "nghiệp đoàn"):
        if level is None and not name:
            return False
        if level is not None and level.lower() in ("ngành",) and not name:
            return False
        if kind == "nghiệp đoàn" and not name:
            return False
        if kind == "union" and level is None and _NOT_A_UNION_NAME.match(name):
            return False  # a site section ("Công đoàn Hoạt động") or a slogan ("Công đoàn Vì …")
        return not (kind == "union" and name.startswith("Nhà nước"))
    if kind in ("party", "state"):
        return True  # "Thành ủy", "UBND": definite references resolved from context
    if kind == "state_named":
        if not name and level in _BARE_LEVELS:
            return True  # "Bảo hiểm xã hội tỉnh": the body of the place that level names
        if not name or (name.split()[0] in _GENERIC_NAMES and not surface.startswith("Đài")):
            return False  # "Đài Truyền hình Việt Nam" names its kind in full
        if surface.startswith("Bộ") and not re.match(r"Bộ [A-ZĐ]", surface):
            return False
        return not re.match(r"Bộ (Luật|luật)", surface)
    if kind == "company":
        return bool(name)
    return False


# --- canonical names --------------------------------------------------------------------

def _place_alias(name: str) -> str:
    aliases: dict[str, str] = gazetteer()["aliases"]  # type: ignore[assignment]
    return aliases.get(name, name)


@cache
def _province_words() -> int:
    return max(len(p.split(" ")) for p in _provinces_longest_first())


def _split_place(name: str) -> tuple[str, str | None]:
    """ "Giáo dục Thanh Hóa" → ("Giáo dục", "Thanh Hóa") when the end is a province (the
    longest one that ends it)."""
    provinces: set[str] = gazetteer()["provinces"]  # type: ignore[assignment]
    words = name.split(" ")
    for n in range(min(_province_words(), len(words)), 0, -1):
        tail = " ".join(words[-n:])
        if tail in provinces:
            return " ".join(words[:-n]), tail
    return name, None


_BANK_WITH_PLACE = re.compile(r"^((?:Công đoàn )?Ngân hàng .+?) (?=(?:tỉnh|thành phố|huyện|quận|"
                              r"thị xã) [A-ZĐÀ-Ỹ])")


# "(LĐLĐ)", "(KCN&CX)" after a name: part of the span as written, never of the name itself
_BRACKETED_ABBREVIATION = re.compile(r"\s*\((?:LĐLĐ|[A-ZĐ][A-ZĐ0-9&-]+)\)")


def _tidy(text: str) -> str:
    text = _BRACKETED_ABBREVIATION.sub("", text)
    text = re.sub(r"^công đoàn(?= )", "Công đoàn", text)  # "công đoàn Công ty X" in running text
    legal = re.search(r"(?:Công ty|Tập đoàn)\b.*? - (?=\S)", text)
    # a company's legal name ends in its group's short name ("Công ty Địa chất mỏ - TKV"):
    # that part is a name, not an abbreviation to expand
    text = expand(text[:legal.end()]) + text[legal.end():] if legal else expand(text)
    text = re.sub(r"[Kk]hu [Cc]ông nghiệp và [Cc]hế xuất", "Khu công nghiệp và chế xuất", text)
    text = re.sub(r"[Kk]hu [Cc]hế xuất và [Cc]ông nghiệp", "Khu chế xuất và công nghiệp", text)
    text = re.sub(r"\bKhu (Kinh tế|Công nghiệp|Chế xuất)\b",
                  lambda m: "Khu " + m.group(1).lower(), text)
    text = re.sub(r"và các [Kk]hu [Cc]ông nghiệp", "và các khu công nghiệp", text)
    text = re.sub(r"(?<=Công đoàn )[Cc]ác [Kk]hu (?=[Cc]ông nghiệp|[Kk]inh tế|[Cc]hế xuất)",
                  "các Khu ", text)
    text = re.sub(r"TNHH một thành viên", "TNHH Một thành viên", text)
    # a ministry's sectors are listed with commas: "Văn hóa, Thể thao và Du lịch"
    text = re.sub(r"Văn hóa [-–] Thể thao", "Văn hóa, Thể thao", text)
    # a school's union and a sector's as the guide spells them: "Công đoàn Trường THPT X",
    # "Công đoàn ngành Y tế"
    text = re.sub(r"(?<=Công đoàn )(?:trường|bệnh viện)(?= [A-ZĐÀ-Ỹ])",
                  lambda m: m.group().capitalize(), text)
    text = re.sub(r"(?<=Công đoàn )Ngành(?= )", "ngành", text)
    # a school named by its level alone: "Công đoàn Mầm non Sơn Ca" is the school's union
    text = re.sub(r"^Công đoàn (?=(?:Mầm non|Mẫu giáo|Tiểu học|Trung học cơ sở|Trung học phổ "
                  r"thông) [A-ZĐÀ-Ỹ])", "Công đoàn Trường ", text)
    text = re.sub(r"(?<=Công đoàn )cơ quan(?= [A-ZĐÀ-Ỹ])", "Cơ quan", text)
    text = text.replace("Đoàn Đại biểu Quốc hội", "Đoàn đại biểu Quốc hội")
    text = re.sub(r"(?<=\w )Chi nhánh(?= )", "chi nhánh", text)  # a branch inside a name
    # a legal form has one spelling (guide 2.7): "Công ty cổ phần X" → "Công ty Cổ phần X"
    text = re.sub(r"(?<=Công ty )cổ phần\b", "Cổ phần", text)
    text = re.sub(r"(?<=Công ty )trách nhiệm hữu hạn\b", "TNHH", text)
    # the parks' board as the guide spells it: "Ban Quản lý các Khu công nghiệp và chế xuất"
    text = re.sub(r"(?<=Ban Quản lý các )[Kk]hu (?:[Cc]ông nghiệp|[Kk]inh tế|[Cc]hế xuất)",
                  lambda m: "Khu " + m.group(0)[4:].lower(), text)
    text = re.sub(r"\b(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Phường|Xã)(?= [A-ZĐ])",
                  lambda m: m.group(1).lower(), text)
    # a district's level alone at the end ("LĐLĐ Huyện") is that of the district named
    text = re.sub(r"(?<= )(Huyện|Quận|Thị xã)$", lambda m: m.group(1).lower(), text)
    text = text.replace("Bảo hiểm Xã hội", "Bảo hiểm xã hội")  # the fund's official spelling
    # the policy bank's official spelling, however the text cases it
    text = re.sub(r"Ngân hàng [Cc]hính sách [Xx]ã hội", "Ngân hàng Chính sách xã hội", text)
    text = text.replace("thành phố HCM", "thành phố Hồ Chí Minh")
    # a corporation's legal form after its name: "Tổng công ty Viglacera - CTCP" → "- Cổ phần"
    text = re.sub(r" [-–] CTCP$", " - Cổ phần", text)
    # a bank's official name keeps its form's abbreviation ("Ngân hàng TMCP Công Thương")
    text = re.sub(r"Ngân hàng [Tt]hương mại [Cc]ổ phần", "Ngân hàng TMCP", text)
    # the Front's committees are named with the country: "Ủy ban MTTQ tỉnh" (guide 2.6)
    text = re.sub(r"Ủy ban Mặt trận Tổ quốc(?! Việt Nam)", "Ủy ban Mặt trận Tổ quốc Việt Nam", text)
    text = text.replace(" – ", " - ")  # one dash between a name's parts (guide 2.2)
    text = text.replace(" & ", " và ")  # "Nông nghiệp & PTNT", "Giáo dục & Đào tạo"
    # a bank's branch is named "<bank> chi nhánh <place>" (guide 2.7), also where the text
    # puts a dash before the branch or gives the bank with a place only ("Agribank tỉnh X")
    text = re.sub(r" [-–] [Cc]hi nhánh ", " chi nhánh ", text)
    if "chi nhánh" not in text:
        text = _BANK_WITH_PLACE.sub(r"\1 chi nhánh ", text)
    return re.sub(r"\s+", " ", text).strip()


def _placed(name: str, province: str) -> str:
    """A body's name with its province: "… tỉnh Nghệ An", "… thành phố Đà Nẵng"; Hà Nội's
    bodies are named without the level ("Công đoàn ngành Giáo dục Hà Nội")."""
    if province == "Hà Nội":
        return f"{name} Hà Nội"
    return f"{name} {province_level(province)} {province}"


def canonical_name(span: OrgSpan, ctx: OrgContext) -> str:
    """The full official form of `span`, place resolved from `ctx`."""
    place = _place_alias(span.place) if span.place else None
    level = span.level
    province = ctx.province or ctx.site_province
    if span.kind == "confederation":
        return CONFEDERATION
    if span.kind in ("federation", "union") and span.text.startswith("Công đoàn Việt Nam"):
        return "Công đoàn Việt Nam"
    if span.kind in ("federation", "union") and level in ("tỉnh", "thành phố", None) and (
        span.kind == "federation" or (place in gazetteer()["provinces"] or place == "Hà Nội"  # type: ignore[operator]
                                      or (place is None and level is not None))
    ):
        if place is None and span.kind == "union" and span.place == "Thủ đô":
            place = "Hà Nội"
        if place is None and span.text.endswith("Thủ đô"):
            place = "Hà Nội"
        if place is None and ctx.named_federations.get(level or ""):
            # "LĐLĐ tỉnh" under the title "LĐLĐ tỉnh Phú Thọ chúc Tết …": that federation
            place = ctx.named_federations[level or ""]
        if place is None:
            # "LĐLĐ tỉnh" on a federation's own site is that federation; on a national
            # paper's it is never the confederation
            if ctx.site_federation and level in ("thành phố", "tỉnh") and \
                    ctx.site_federation.startswith(f"Liên đoàn Lao động {level} "):
                site_place = ctx.site_federation[len(f"Liên đoàn Lao động {level} "):]
                if site_place not in ctx.merged_into:
                    return ctx.site_federation
                place = ctx.merged_into[site_place]
            # the article's province, else the last place of that level ("thành phố Thuận An")
            fits = province and (level is None or province_level(province) == level)
            place = province if fits else ctx.last_place.get(level or "") or province
            if place is not None:
                place = ctx.merged_into.get(place, place)
        if place is not None and (level in ("tỉnh", "thành phố", None)):
            if level == "thành phố" and province_level(place) == "tỉnh" and (
                    span.place or ctx.last_place.get("thành phố") == place):
                # "LĐLĐ thành phố Lạng Sơn": the provincial city's federation, not the
                # province's, when the text names the city
                return f"Liên đoàn Lao động thành phố {place}"
            if place in gazetteer()["provinces"]:  # type: ignore[operator]
                return f"Liên đoàn Lao động {province_level(place)} {place}"
            lv = level or "thành phố"
            return f"Liên đoàn Lao động {lv} {place}"
    if span.kind == "union" and level is None and place and \
            place not in gazetteer()["provinces"] and \
            ctx.district_levels.get(place) in _DISTRICT_LEVELS:  # type: ignore[operator]
        # "Công đoàn Thanh Trì" where the article says "huyện Thanh Trì": that district's
        # federation, as "Công đoàn Lào Cai" is the province's
        return f"Liên đoàn Lao động {ctx.district_levels[place]} {place}"
    if span.kind in ("federation", "union", "nghiệp đoàn", "state", "party") and level in (
        "quận", "huyện", "thị xã", "xã", "phường", "đặc khu", "thị trấn"
    ):
        district = level in ("quận", "huyện", "thị xã")  # before 2025: district federations
        if place is None:
            place = ctx.last_place.get(level)
        if place is None and district and span.kind in ("federation", "union"):
            # a district paper heads its story with the district's bare name
            place = ctx.title_place
        body = {"federation": "Liên đoàn Lao động",
                "union": "Liên đoàn Lao động" if district else "Công đoàn",
                "nghiệp đoàn": "Nghiệp đoàn"}.get(span.kind)
        if body is None:
            body = _tidy(re.split(r" (?:quận|huyện|thị xã|xã|phường)\b", span.text)[0])
        if place:
            return f"{body} {level} {place}"
        return _tidy(span.text)
    if span.kind == "party" and place is None:
        head = " ".join(span.text.split()[:2])
        if head in ("Thành ủy", "Tỉnh ủy", "Thành đoàn", "Tỉnh đoàn") and province:
            return f"{head} {ctx.merged_into.get(province, province)}"
        if head in ("Quận ủy", "Huyện ủy") and ctx.last_place.get(head[:-3].strip().lower()):
            return f"{head} {ctx.last_place[head[:-3].strip().lower()]}"
    if span.kind == "state" and place is None:
        body = _tidy(span.text.split(" ")[0] if span.text.startswith("UBND") else span.text)
        body = re.sub(r" (?:quận|huyện|thị xã|xã|phường|tỉnh|thành phố)$", "", body)
        for lv in (level, "quận", "huyện", "thị xã", "phường", "xã"):
            if lv and ctx.last_place.get(lv):
                return f"{body} {lv} {ctx.last_place[lv]}"
        if province:
            province = ctx.merged_into.get(province, province)
            return f"{body} {province_level(province)} {province}"
    canonical = _official_sector(_tidy(span.text))
    # "Công đoàn cơ sở Công ty X" and "Công đoàn Công ty X" are one union, as are "Công đoàn cơ
    # sở xã Xuân An" and "Công đoàn xã Xuân An" (guide 2.3): keep the short form
    canonical = re.sub(r"^Công đoàn cơ sở (?=[A-ZĐ]|(?:xã|phường|thị trấn|đặc khu) [A-ZĐÀ-Ỹ])",
                       "Công đoàn ", canonical)
    canonical = _with_level_place(canonical, ctx)
    bare_party = _ENDS_ON_PROVINCIAL_BODY.search(canonical)
    if bare_party and province and province_level(province) == (
            "tỉnh" if bare_party.group(1) == "Tỉnh" else "thành phố"):
        # "Công đoàn Văn phòng Tỉnh ủy": the committee of the article's province, as a bare
        # "Tỉnh ủy" is
        return f"{canonical} {ctx.merged_into.get(province, province)}"
    if _department_re().match(canonical) and province and \
            _split_place(canonical)[1] is None and not _LEVEL_IN_NAME.search(canonical):
        return _placed(canonical, province)  # a department is its province's (guide 2.6)
    if canonical.lower() == "công đoàn ngành" and ctx.last_place.get("sector"):
        return ctx.last_place["sector"]  # "Công đoàn ngành" alone: the sector union named before
    # "Công đoàn ngành Giáo dục Thanh Hóa" → "… tỉnh Thanh Hóa" (provinces, not cities)
    rest, prov = _split_place(canonical)
    unplaced = _PLACE_AT_END.sub("", canonical)
    if unplaced != canonical and unplaced[len("Công đoàn "):] in \
            load("sectors")["companies_with_place"]:
        unplaced = canonical  # "Công đoàn Bưu điện tỉnh Quảng Nam": the post office's union
    if span.kind == "union" and _sector_re().fullmatch(" " + unplaced[len("Công đoàn "):]) \
            and canonical.startswith("Công đoàn "):
        # "Công đoàn Giao thông vận tải" of a province is its sector union
        canonical = "Công đoàn ngành " + canonical[len("Công đoàn "):]
    zone_union = _ZONE_UNION.match(canonical)
    if zone_union and any(_is_cap(w) for w in canonical[zone_union.end():].split()):
        zone_union = None  # one named zone ("Khu công nghiệp Việt Nam - Singapore") is unique
    if prov is None and (_SECTOR_UNION.match(canonical) or zone_union or
                         _department_re(union=True).match(canonical)) and \
            not canonical.endswith("Việt Nam") and not _LEVEL_IN_NAME.search(canonical):
        if province:
            # a sector or zone union named without its place is the article's province's
            return _placed(canonical, province)
        if canonical.startswith("Công đoàn ngành ") and _sector_re().fullmatch(
                " " + canonical[len("Công đoàn ngành "):]):
            # with no province in sight, the national union of that sector
            return f"Công đoàn {canonical[len('Công đoàn ngành '):]} Việt Nam"
    district = _SECTOR_DISTRICT.fullmatch(canonical)
    if district and ctx.district_levels.get(district.group(2)) and \
            district.group(2) in district_provinces() and \
            district.group(2) not in gazetteer()["provinces"]:  # type: ignore[operator]
        # "Công đoàn Giáo dục Đức Phổ" where the article says "huyện Đức Phổ"
        return f"{district.group(1)} {ctx.district_levels[district.group(2)]} {district.group(2)}"
    if prov and rest and not rest.endswith((" tỉnh", " thành phố")) and \
            (not _is_cap(rest.split()[-1]) or _is_department(rest)) and prov != "Hà Nội" and \
            not (rest.endswith("Công đoàn Khu kinh tế") and province_level(prov) != "tỉnh") and \
            not span.kind.startswith("party") and \
            not _INSTITUTION.search(rest) and not _LEVEL_IN_HEAD.search(rest):
        # "Công đoàn ngành Y tế Đà Nẵng" → "… thành phố Đà Nẵng"; a place that closes a proper
        # name ("Khu kinh tế Đông Nam Nghệ An") stays as written, as does a city's economic
        # zone ("Khu kinh tế Hải Phòng"; a province's is "Khu kinh tế tỉnh Tây Ninh"). Hà Nội's
        # bodies are named without the level ("Công đoàn ngành Giáo dục Hà Nội").
        canonical = f"{rest} {province_level(prov)} {prov}"
    return canonical


# bodies every province or district has one of, named by their level alone ("Bảo hiểm xã hội
# tỉnh", "Phòng Tư pháp quận" after the district is named)
_PLACED_BODIES = frozenset(("Bảo hiểm xã hội", "Thanh tra"))
_BARE_LEVELS = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường")
_LEVEL_AT_END = re.compile(rf" ({'|'.join(_BARE_LEVELS)})$")
_LEVEL_IN_NAME = re.compile(rf" (?:{'|'.join(_BARE_LEVELS)}) ")


@cache
def _department_re(union: bool = False) -> re.Pattern[str]:
    """A province's department ("Sở Nội vụ", "Cục Thuế"), or with `union` the union of a
    department or board ("Công đoàn Sở Giao thông vận tải", "Công đoàn Ban Quản lý các khu
    công nghiệp"), which is placed like a sector union, never national."""
    names = sorted(load("sectors")["provincial_departments"], key=lambda n: (-len(n), n))
    if union:
        names.append("Ban Quản lý")
    alternatives = "|".join(map(re.escape, names))
    return re.compile(("Công đoàn " if union else "") + rf"(?:{alternatives})(?: |$)")


def _is_department(name: str) -> bool:
    """ "Cục Thuế", "Công đoàn Sở Y tế": a province's department or its union, whose name
    takes the province with its level ("Cục Thuế tỉnh Phú Yên")."""
    return bool(_department_re().fullmatch(name) or _department_re(union=True).fullmatch(name))


def _with_level_place(canonical: str, ctx: OrgContext) -> str:
    """A body named with its level but not its place ("Bảo hiểm xã hội tỉnh", "Phòng Tư pháp
    quận") is that of the place of that level the article is about: the province for "tỉnh"
    and "thành phố" when it is one, else the last place of that level named."""
    found = _LEVEL_AT_END.search(canonical)
    if not found:
        return canonical
    level, name = found.group(1), canonical[:found.start()]
    for province in (ctx.province, ctx.site_province):
        # the article's province if it is of that level, else the site's
        if level in ("tỉnh", "thành phố") and province and province_level(province) == level:
            return _placed(name, province)
    place = ctx.last_place.get(level)
    return f"{canonical} {place}" if place else canonical


# a sector's union of a district, named with the district's bare name
_SECTOR_DISTRICT = re.compile(r"(Công đoàn (?:ngành )?(?:Giáo dục|Y tế|Viên chức))"
                              r" ((?:[A-ZĐ][\w']*)(?: [A-ZĐ][\w']*){0,2})")
# an office or bloc of a province's party committee or youth union, its province unwritten
_ENDS_ON_PROVINCIAL_BODY = re.compile(r"^Công đoàn .+ (Tỉnh|Thành) (?:ủy|đoàn)$")
# a body whose head word says its level: "Công đoàn Tỉnh đoàn Gia Lai" takes no "tỉnh"
_LEVEL_IN_HEAD = re.compile(r"\b(?:Tỉnh|Thành) (?:đoàn|ủy)\b")
_PLACE_AT_END = re.compile(r" (?:tỉnh|thành phố) [A-ZĐÀ-Ỹ][^,;]*$")
# a school's, company's or hospital's own name ends with a province as its founders wrote it
# ("Trường Cao đẳng Công nghệ - Năng lượng Khánh Hòa"): no level word is put in
_INSTITUTION = re.compile(
    r"\b(?:Trường|Công ty|Tổng công ty|Tập đoàn|Bệnh viện|Ngân hàng|Nhà máy|Ban Quản lý|"
    r"Trung tâm|Viện|Học viện|Quỹ|Đại học)\b")


_PLACE_OPENER = re.compile(r"\W*(?:Tại|Ở)\s+((?:tỉnh\s+|thành phố\s+|TP\.?\s+)?"
                           r"[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,3})\s*,")


def with_opening_place(span: OrgSpan, ctx: OrgContext, text: str, sentence_start: int
                       ) -> OrgContext:
    """The context for `span` when its sentence opens on a province ("Tại Đồng Nai, năm 2024
    LĐLĐ tỉnh …"): a short reference of that level is that province's; else `ctx` itself."""
    if span.place is not None or span.level not in ("tỉnh", "thành phố"):
        return ctx
    opener = _PLACE_OPENER.match(text, sentence_start, span.start)
    named = province_in(opener.group(1)) if opener else None
    if not named or province_level(named) != span.level:
        return ctx
    return replace(ctx, province=named, site_federation=None, named_federations={},
                   last_place={**ctx.last_place, span.level: named})


def note_sector(canonical: str, ctx: OrgContext) -> None:
    """Remember the last sector union named in full, for a later bare "Công đoàn ngành"."""
    if canonical.startswith("Công đoàn ngành "):
        ctx.last_place["sector"] = canonical


def note_places(span: OrgSpan, ctx: OrgContext) -> None:
    """Remember the places a mention names, for later short references."""
    if span.place and span.level:
        ctx.last_place[span.level] = _place_alias(span.place)
    if span.place:
        _, prov = _split_place(_place_alias(span.place))
        if prov and ctx.province is None:
            ctx.province = prov
        if span.level in ("quận", "huyện", "thị xã") and span.place in gazetteer()[
                "hanoi_districts"] and ctx.province is None:  # type: ignore[operator]
            ctx.province = "Hà Nội"


def note_title_federation(span: OrgSpan, ctx: OrgContext) -> None:
    """A provincial federation the title names in full is the one its bare "LĐLĐ tỉnh"
    means, whatever place the site or a hospital's name suggests."""
    if span.kind == "federation" and span.place and span.level in ("tỉnh", "thành phố"):
        ctx.named_federations[span.level] = _place_alias(span.place)


def scan_places(text: str, ctx: OrgContext) -> None:
    """Seed the context with places named in plain text ("quận Thanh Xuân", "tỉnh Nghệ An")."""
    for m in re.finditer(
        r"(?<!\w)(quận|huyện|thị xã|phường|xã|tỉnh|thành phố|TP)\s+((?:[A-ZĐ][\w]*\s?){1,4})",
        text,
    ):
        level = _norm_level(m.group(1)) or m.group(1)
        place = _place_alias(m.group(2).strip())
        if _is_person_not_place(place, level):
            continue  # "Chủ tịch LĐLĐ thành phố Nguyễn Duy Minh"
        if level == "tỉnh":
            # after "tỉnh" a province, not the name that follows it ("Tỉnh ủy viên Hà …")
            known = _province_end(m.group(2), 0, len(m.group(2)))
            if not known:
                continue
            place = m.group(2)[:known].strip()
        ctx.last_place.setdefault(level, place)
        if level in _DISTRICT_LEVELS:
            ctx.district_levels.setdefault(place, level)
        if level in ("tỉnh", "thành phố") and place in gazetteer()["provinces"] and \
                ctx.province is None:  # type: ignore[operator]
            ctx.province = place
    if ctx.province is None and ctx.site_province is None:
        ctx.province = district_province(text)


_GENERIC_TAGGED = re.compile(
    r"^(?:các cấp|Công đoàn cấp trên|Công đoàn cơ sở|CĐCS|công đoàn|Công đoàn|LĐLĐ|"
    r"doanh nghiệp|Ban Thường vụ|Ban Chấp hành)$",
    re.IGNORECASE,
)


# "Toàn phường Quy Nhơn Đông", "Cả tỉnh": the whole of a place, no body
_WHOLE_OF = re.compile(r"(?:Toàn|Cả|Khắp) \w")


def is_plural_reference(text: str, start: int) -> bool:
    """ "các LĐLĐ tỉnh", "những Công đoàn ngành": a kind of body, not one body."""
    return bool(_PLURAL_BEFORE.search(text, max(0, start - 8), start))


# lower-case words that never go on a name after a capitalised word (a verb of the clause, a
# preposition, "nhiệm kỳ"); unlike "thực" or "lượng" they are no second half of a name's word
# ("Lương thực", "Năng lượng")
_AFTER_NAME = frozenset((
    "nhiệm", "trao", "tặng", "thăm", "nhận", "ký", "mở", "dành", "đạt", "trích", "tổng", "khen",
    "chúc", "bầu", "nộp", "tìm", "đón", "gặp", "lấy", "vượt", "đặt", "tại", "của", "cho", "với",
    "đã", "đang", "sẽ", "được", "là", "về", "từ", "đến", "cùng", "do", "nhằm", "khi", "vừa",
    "giảm", "tăng", "tạo", "họp", "tổ", "phối", "kết", "hỗ", "phát", "tiếp", "kỷ", "khóa",
    "hưởng", "gửi", "ghi", "dùng", "quyết", "làm", "đối", "thống",
    # verbs and modals that follow a subject and never sit inside a name ("… Bạch Mai nói",
    # "… Việt Nam phải dừng", "… Dệt May Việt Nam cam kết", "… vinh dự đón", "thoái vốn")
    "nói", "phải", "cam", "vinh", "thoái", "vui", "chủ",
    # a meeting or a greeting after a name ("… Lê Văn Tám đại hội", "… Nguyễn Viết Xuân chào
    # mừng"): an event, not part of the name
    "đại", "chào",
    # an occasion, a sharing or a hosting after a name ("… Vĩnh Phúc dịp Xuân", "… Hoa Lộc
    # nhân dịp", "Công đoàn Bệnh viện chia sẻ", "… Tín Nghĩa đăng cai", "… Bắc Ninh tài trợ",
    # "Đảng ủy Bệnh viện xem xét")
    "dịp", "nhân", "chia", "đăng", "tài", "xem",
    # quantifiers: "… Thủy điện Trung Sơn mỗi khi Tết đến", "… Cờ Đỏ và Thới Lai mỗi nơi"
    "mỗi", "mọi", "những",
))


# either list ends a name glued to a word the segmenter made ("Trung nhiệm kỳ")
_GLUED_ENDS = frozenset(_ENDS_NAME) | _AFTER_NAME


def name_end(text: str) -> int:
    """Where a statistical span's name ends: before a lower-case verb or function word right
    after a capitalised word ("Công đoàn phường Tân Thuận nhiệm kỳ", "LĐLĐ thành phố Vinh
    giảm"); a lower-case word inside a name ("Giao thông vận tải") follows another one."""
    words = list(re.finditer(r"\S+", text))
    for prev, word in zip(words[2:], words[3:], strict=False):
        if word.group() in _AFTER_NAME and _is_cap(prev.group()) and \
                f"{prev.group()} {word.group()}".lower() not in dictionary_words():
            return prev.end()
        if _place_closes(text[:prev.end()], word.group()):
            return prev.end()  # "Công đoàn ngành Giáo dục tỉnh Hòa Bình gắn phong trào …"
    return len(text)


# a name closed by its place goes on only with a branch, a place or another name
_GOES_ON_AFTER_PLACE = frozenset({w.split()[0] for w in _AFTER_COUNTRY} | {"và"})


def _place_closes(name: str, word: str, level_needed: bool = True) -> bool:
    """Whether `name` ends in a place that closes it ("… tỉnh Hòa Bình", "… Việt Nam") and
    the lower-case `word` after it is the clause's, not a branch's or another place's. A
    province without its level ("Hòa Bình") closes a name only if not `level_needed`."""
    first = word.split()[0]
    if not first.islower() or first in _GOES_ON_AFTER_PLACE:
        return False
    if name == "Việt Nam" or name.endswith(" Việt Nam"):
        return True
    rest, province = _split_place(name)
    return province is not None and (not level_needed and not rest
                                     or rest.endswith((" tỉnh", " thành phố")))


_NUMBERED_LEVEL = re.compile(r"(?<!\w)(?:[Qq]uận|[Pp]hường)$")


def numbered_place_end(text: str, end: int, start: int | None = None) -> int:
    """A name that ends on a level word a number completes ("Trung tâm Văn hóa Quận 1",
    "Trường Tiểu học Phường 7"): the end after that number. Given the name's `start`, a
    school's, hospital's or centre's own number as well ("Trường Mầm non 10A có …", "Bệnh
    viện Nhi đồng 2 tại …"), when no count follows it; else `end`."""
    if _NUMBERED_LEVEL.search(text, max(0, end - 8), end):
        number = _NUMBERED_PLACE.match(text, end)
        if number:
            return number.end()
    elif start is not None and _NUMBERED_WORKPLACE.search(text, start, end) and \
            (number := _WORKPLACE_NUMBER.match(text, end)) and _closes_name(text, number.end()):
        return number.end()
    return end


# the heads of workplaces numbered within their kind and place ("Trường Mầm non 12")
_NUMBERED_WORKPLACE = re.compile(r"(?<!\w)(?:Trường|Bệnh viện|Trung tâm|Nhà máy|Xí nghiệp)"
                                 r" \S+ \S")
_WORKPLACE_NUMBER = re.compile(r" \d{1,3}[A-Z]?(?![\w.,%/])")
_NEXT_WORD = re.compile(r" ([^\W\d]+)(?: ([^\W\d]+))?(?: ([^\W\d]+))?")


@cache
def _counted_words() -> frozenset[str]:
    """What a number before it would count: the units' surface forms (nlp/data/units.yaml)
    and the spans of time."""
    units = load("units")
    return frozenset({k.lower() for k in units["units"]} | {
        k.lower() for k in units.get("money", {})} | {
        "năm", "lần", "tháng", "ngày", "tuần", "giờ", "kỳ", "khóa"})


def _closes_name(text: str, at: int) -> bool:
    """Whether a number just before `at` ends a name: nothing, a mark or a bracket follows,
    or a verb or preposition of the clause, not a word it would count."""
    nxt = _NEXT_WORD.match(text, at)
    if not nxt:
        return True
    words = [w.lower() for w in nxt.groups() if w]
    pair = " ".join(words[:2])
    if pair in _CLAUSE_VERBS or pair in _STOP:
        return True  # "… Vĩnh Bình Bắc 4 tổ chức", not "4 tổ"
    if any(" ".join(words[:n]) in _counted_words() for n in range(1, len(words) + 1)):
        return False
    return words[0] in _STOP or words[0] in _AFTER_NAME


def plausible_tagged(text: str) -> bool:
    """A statistical span worth keeping: a capitalised name, not a generic category."""
    text = text.strip(" ,.;:")
    if text.startswith("Công đoàn ") and _NOT_A_UNION_NAME.match(text[len("Công đoàn "):]):
        return False
    return bool(text) and text[0].isupper() and not _GENERIC_TAGGED.match(text) and \
        len(text) <= 120 and "các cấp" not in text and not _WHOLE_OF.match(text)


# capitalised words that open a title without naming a place
_TITLE_OPENERS = frozenset((
    "Tháng", "Tết", "Công", "Liên", "Tổng", "Đại", "Hội", "Ngày", "Năm", "Mái", "Lễ", "Chủ",
    "Phó", "Ông", "Bà", "Đoàn", "Ban", "Quỹ", "Nghị", "Luật", "Cụm", "Khối", "Sở", "Bộ",
    "Trường", "Bệnh", "Nhà", "Ủy", "Hơn", "Gần", "Trên", "Nhiều", "Các", "Những", "Người",
    "Trao", "Khai", "Bế", "Tổ", "Phát", "Kết", "Tuyên", "Thăm", "Hỗ", "Chăm", "Đảng", "Chương",
    "Kế", "Phong", "Giải", "Cuộc", "Hội nghị", "Xuân", "Sáng", "Chiều", "Tối", "Hè", "Khu",
))
_TITLE_PLACE = re.compile(r"^((?:[A-ZĐÂÊÔƠƯ][^\W\d_]*)(?:\s+[A-ZĐÂÊÔƠƯ][^\W\d_]*){1,2})"
                          r"(?=\s*:|\s+[a-zà-ỹđ])")


def title_place(title: str) -> str | None:
    """The bare place name that heads a local paper's title ("Bến Cầu sơ kết …", "Đức Phổ:
    …"): two or three capitalised words before a lower-case word or a colon; not a
    province (those are read as the article's province) and not a title's usual opening."""
    m = _TITLE_PLACE.match(title.strip())
    if not m or m.group(1).split()[0] in _TITLE_OPENERS or province_in(m.group(1)):
        return None
    return m.group(1)


@cache
def _province_names() -> tuple[str, ...]:
    """Provinces and their aliases, longest first, so that of two names found at one place
    the fuller one wins whatever the order of a set (it differs from process to process)."""
    provinces: set[str] = gazetteer()["provinces"]  # type: ignore[assignment]
    aliases: dict[str, str] = gazetteer()["aliases"]  # type: ignore[assignment]
    return tuple(sorted({*provinces, *(a for a in aliases if a != "Thủ đô")},
                        key=lambda n: (-len(n), n)))


_DISTRICT_NAMED = re.compile(
    rf"(?<!\w)(?:{'|'.join(_DISTRICT_LEVELS)}|TP\.?)\s*((?:[A-ZĐ][\w'’]*\s?){{1,3}})")


def district_province(text: str) -> str | None:
    """The province of the first district-level unit named in `text` with its level word
    ("huyện Đức Phổ", "TP Bến Cát"), when no other province has a unit of that name."""
    for m in _DISTRICT_NAMED.finditer(text):
        words = m.group(1).split()
        if province_in(" ".join(words)):
            continue  # "thành phố Hải Phòng": a province, read as one
        for n in range(len(words), 0, -1):
            found = province_of_district(" ".join(words[:n]))
            if found:
                return found
    return None


def place_province(text: str) -> str | None:
    """The province `text` names, else the one of the district it names."""
    return province_in(text) or district_province(text)


def province_in(text: str) -> str | None:
    """The first province or centrally-run city named in `text` (gazetteer), if any."""
    aliases: dict[str, str] = gazetteer()["aliases"]  # type: ignore[assignment]
    m = _province_re().search(text)
    return aliases.get(m.group(1), m.group(1)) if m else None


@cache
def _province_re() -> re.Pattern[str]:
    # one pass: the leftmost name, and at one place the longest (the names' order)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, _province_names())) + r")(?!\w)")


# --- short references ------------------------------------------------------------------------

_UNION = "Công đoàn "
_LEVEL_WORD = re.compile(r" (?:tỉnh|thành phố|quận|huyện|thị xã|xã|phường)(?= [A-ZĐ]| \d)")


@cache
def _short_heads() -> dict[str, str]:
    return {str(k).casefold(): str(v) for k, v in load("short_references")["heads"].items()}


@cache
def _initials_skip() -> frozenset[str]:
    return frozenset(load("short_references")["initials_skip"])


def _initials(name: str) -> str:
    skip = _initials_skip()
    return "".join(w[0].upper() for w in re.split(r"[\s,]+", name) if w and w not in skip
                   and w[0].isalnum())


@lru_cache(maxsize=4096)
def _bodies(canonical: str) -> tuple[str, ...]:
    """The bodies a canonical name names, fullest first: "Công đoàn Khoa X Trường Đại học Y"
    → "Khoa X Trường Đại học Y", "Trường Đại học Y". A body is named by a head and a proper
    name ("Tổng Công ty công" names none); a clause verb after the name is no part of it."""
    body = canonical[len(_UNION):] if canonical.startswith(_UNION) else canonical
    body = body[:name_end(body)]
    found = [body]
    for head in _heads_longest_first():
        for m in re.finditer(rf"(?<!\w){re.escape(head)} (?=[A-ZĐ\d])", body, re.IGNORECASE):
            if m.start() > 0 and body[m.start()].isupper():  # "Tổng công ty" holds no "Công ty"
                found.append(body[m.start():])
    return tuple(b for b in found if _proper_after_head(b))


@cache
def _heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(set(_short_heads().values()), key=lambda n: (-len(n), n)))


def _proper_after_head(body: str) -> bool:
    # the shortest head: "Trung tâm Y tế huyện …" is named by "Y tế", after "Trung tâm"
    head = next((h for h in reversed(_heads_longest_first())
                 if body.casefold().startswith(h.casefold() + " ")), None)
    rest = body[len(head) + 1:] if head else body
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


_ABBREVIATION = re.compile(r"[A-ZĐ]{2,8}")
_COMPANY_HEAD = re.compile(r"(?:Công ty|Tổng công ty|Tập đoàn) ", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _body_keys(body: str) -> tuple[tuple[str, str], ...]:
    """The short names that name `body`: ("head", the kind's head word) for "Công đoàn
    Trường"; ("abbr", initials) for "Công đoàn ĐSVN" — the body's initials, those of its name
    after its head word ("Tổng công ty Đường sắt Việt Nam" → ĐSVN) or before its place
    ("Trung tâm Y tế huyện …" → TTYT), a company's own last word ("Công ty Cổ phần VIMECO");
    ("dash"/"comma", the part before " - " or ", ") for a name given without its group
    ("Công ty Than Hạ Long" for "Công ty Than Hạ Long - TKV"); ("trade", a company's trade
    name) for a union named by it ("Công đoàn Cảng Đình Vũ")."""
    keys: list[tuple[str, str]] = []
    folded = body.casefold()
    for head in _heads_longest_first():
        if folded.startswith(head.casefold() + " ") and len(body) > len(head) + 1:
            keys.append(("head", head.casefold()))
    named = _LEVEL_WORD.split(body)[0]
    forms = {body, named}
    for head in _heads_longest_first():
        if named.casefold().startswith(head.casefold() + " "):
            forms.add(named[len(head) + 1:])
    keys += [("abbr", _initials(f)) for f in sorted(forms)]
    if _COMPANY_HEAD.match(body):
        keys.append(("abbr", body.split()[-1]))
        trade = _trade_name(body)
        if trade:
            keys.append(("trade", trade))
    keys += [("dash", body[:m.start()]) for m in re.finditer(" - ", body)]
    keys += [("comma", body[:m.start()]) for m in re.finditer(", ", body)]
    return tuple(dict.fromkeys(keys))


@cache
def _trade_name_re() -> re.Pattern[str]:
    forms = sorted(load("short_references")["legal_forms"], key=lambda n: (-len(n), n))
    return re.compile(r"(?:Công ty|Tổng công ty) (?:(?:" + "|".join(map(re.escape, forms)) +
                      r") )?(?P<trade>[A-ZĐ].*?)(?: - [^ ].*)?$")


def _trade_name(body: str) -> str | None:
    """A company's name as its trade calls it, without head, legal form or group: "Cảng Đình
    Vũ" for "Công ty Cổ phần Cảng Đình Vũ", "Than Vàng Danh" for "Công ty Cổ phần Than Vàng
    Danh - Vinacomin". One word ("Công ty Cổ phần VIMECO") is its initials' key already."""
    m = _trade_name_re().match(body)
    return m.group("trade") if m and " " in m.group("trade") else None


@cache
def _lower_reference_re() -> re.Pattern[str]:
    heads = sorted(_short_heads(), key=lambda n: (-len(n), n))
    levels = sorted(load("short_references")["levels"], key=lambda n: (-len(n), n))
    # the kind may be capitalised: "công đoàn Trung tâm", "công đoàn Bệnh viện"
    # "công đoàn cơ sở nhà trường", "Công đoàn nhà trường", "CĐCS công ty": a grassroots union
    return re.compile(r"(?<![\w])(?:[Cc]ông đoàn(?: cơ sở)?|CĐCS) (?:(?P<level>" +
                      "|".join(map(re.escape, levels)) +
                      ")|(?i:" + "|".join(re.escape(h) for h in heads) + ")" +
                      r")(?![\w])(?! [A-ZĐ\d])(?! học)(?!,)")


def find_lower_references(text: str, start: int, end: int) -> list[OrgSpan]:
    """ "công đoàn nhà trường", "công đoàn công ty", "công đoàn phường": a union named in lower
    case by its body's kind or its level, a mention only where the article names that body or
    place (resolve_short_references keeps those it resolves). A kind of union ("các công đoàn
    trường", "công đoàn phường, xã") is none."""
    return [OrgSpan(m.start(), m.end(), m.group(), "union", m.group("level"), None)
            for m in _lower_reference_re().finditer(text, start, end)
            if not is_plural_reference(text, m.start())]


def resolve_short_references(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """Every union named by its body's kind or initials alone ("Công đoàn Trường", "Công
    đoàn TCT", "Công đoàn ĐHH") renamed as the union of the body of that kind the article
    names in full: the nearest before it, else the first after it."""
    named: dict[tuple[str, str], list[tuple[int, str]]] = {}  # by short name, in text order
    for j, o in enumerate(orgs):
        for b in _bodies(o.canonical) if o.canonical else ():
            for key in _body_keys(b):
                named.setdefault(key, []).append((j, b))
    out: list[OrgSpan | None] = list(orgs)
    for i, o in enumerate(orgs):
        if o.text.startswith(("công đoàn ", "Công đoàn cơ sở ", "CĐCS ")) and \
                not _UNION_NAME.match(o.canonical):
            out[i] = None  # kept only when resolved below
        prefix = _reference_prefix(o.canonical)
        if prefix is None:
            continue
        # "Công đoàn cơ sở nhà trường": the grassroots union of the school
        short = _GRASSROOTS_WORDS.sub("", o.canonical[len(prefix):]) if prefix else \
            o.canonical
        head = _short_heads().get(short.casefold())
        if not prefix and not head and ("dash", short) not in named \
                and ("trade", short) not in named:
            continue  # a body named in full
        key = ("dash", short) if ("dash", short) in named else \
            ("trade", short) if ("trade", short) in named else \
            ("head", head.casefold()) if head else \
            ("abbr", short) if _ABBREVIATION.fullmatch(short) else None
        matches = [(j, b) for j, b in named.get(key, ()) if j != i and b != short] \
            if key else []
        if not matches:
            continue
        before = [m for m in matches if m[0] < i]
        nearest = before[-1][0] if before else matches[0][0]
        body = next(b for j, b in matches if j == nearest)  # that name's fullest body
        if key[0] not in ("dash", "trade"):
            # in its fullest form the article gives ("Trường Đại học Bách khoa - Đại học
            # Đà Nẵng" for "Trường Đại học Bách khoa")
            body = max([body, *(b for _, b in named.get(("dash", body), ())),
                        *(b for _, b in named.get(("comma", body), ()))], key=len)
        out[i] = replace(o, canonical=prefix + body)
    return [o for o in out if o is not None]


# a place that completes a shortened name in the full one: "Bệnh viện Mắt" → "… thành phố Hồ
# Chí Minh", "Công đoàn Khu kinh tế Đông Nam" → "… Nghệ An"
_PLACE_AFTER_NAME = re.compile(rf" (?:{'|'.join(_BARE_LEVELS)}|Quận) [A-ZĐÀ-Ỹ\d]")
# a national body's name: its province's branch is another body ("Agribank" is not "Ngân hàng
# Nông nghiệp … Việt Nam tỉnh Quảng Ngãi")
_NATIONAL_END = re.compile(r" (?:Việt Nam|Trung ương|Quốc gia)$")


def _names_its_kind_only(name: str) -> bool:
    """ "Xí nghiệp", "Công đoàn Chi cục", "Ban Quản lý", "Công đoàn Công an tỉnh": a body named
    by its kind, or with its place's level and no place."""
    body = name[len(_UNION):] if name.startswith(_UNION) else name
    words = body.split()
    return bool(_LEVEL_AT_END.search(name)) or body.casefold() in _short_heads() or \
        bool(words) and not words[0].isupper() and all(w.islower() for w in words[1:])


def _completes(short: str, full: str) -> bool:
    rest = full[len(short):]
    if not rest.startswith(" ") or _NATIONAL_END.search(short):
        return False
    place = rest.strip()
    return bool(_PLACE_AFTER_NAME.match(rest)) or place in _province_names() or \
        place == "Việt Nam" or not rest[1].islower() and _names_its_kind_only(short)


def resolve_shortened_names(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """A body named by the first words of a name the article gives in full is that body when
    what the short name leaves out is its place or all but its kind: "Ban Quản lý", "Xí
    nghiệp", "Công đoàn Công an tỉnh", "Bệnh viện Mắt" after "Ban Quản lý Khu kinh tế tỉnh Bình
    Phước", "Xí nghiệp Môi trường đô thị huyện Châu Phú", "Công đoàn Công an tỉnh Nghệ An",
    "Bệnh viện Mắt thành phố Hồ Chí Minh": the nearest such name before it, else the first
    after it. Another proper name ("Điện lực Châu Thành A", "Công đoàn phường Quy Nhơn Nam")
    or a branch ("… khu vực Tây Nguyên") is another body."""
    # a union's name names its body too ("Bệnh viện Mắt" after "Công đoàn Bệnh viện Mắt …");
    # sorted by folded name, the names a short one opens are one run of the list
    full = sorted((name.casefold(), i, name) for i, o in enumerate(orgs) if o.canonical
                  for name in {o.canonical, o.canonical.removeprefix(_UNION)})
    keys = [k for k, _, _ in full]

    def opened_by(short: str, i: int) -> list[tuple[int, str]]:
        folded = short.casefold()
        run = full[bisect_left(keys, folded):bisect_left(keys, folded + "\U0010ffff")]
        return sorted((j, c) for _, j, c in run if j != i and _completes(short, c))

    out = list(orgs)
    for i, o in enumerate(orgs):
        short = o.canonical
        if not short or " " not in short or short in _PARTY_OF_A_BODY:
            continue
        longer = opened_by(short, i)
        body = short[len(_UNION):]
        if not longer and short.startswith(_UNION) and " " in body:
            # "Công đoàn Trung tâm Y tế" after "Trung tâm Y tế huyện Ân Thi": its union
            longer = [(j, _UNION + c) for j, c in opened_by(body, i) if not c.startswith(_UNION)]
        if not longer:
            continue
        before = [m for m in longer if m[0] < i]
        out[i] = replace(o, canonical=(before[-1] if before else longer[0])[1])
    return out


# a company's legal form inside its name: "Công ty TNHH X", "Tổng công ty Cổ phần Y"
_LEGAL_FORM_IN_NAME = re.compile(rf"(?<=[Cc]ông ty) (?:{_LEGAL_FORMS})(?= )")


def with_legal_form(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """A company named without its legal form is the one the article names with it ("Công ty
    Chang Shin Việt Nam" after "Công ty TNHH Chang Shin Việt Nam"), and so is its union;
    the name keeps what it says when the article gives two forms of it."""
    forms: dict[str, set[str]] = {}
    for o in orgs:
        if o.canonical and _LEGAL_FORM_IN_NAME.search(o.canonical):
            forms.setdefault(_LEGAL_FORM_IN_NAME.sub("", o.canonical), set()).add(o.canonical)
    if not forms:
        return orgs
    out = list(orgs)
    for i, o in enumerate(orgs):
        named = forms.get(o.canonical or "", set())
        if len(named) == 1:
            out[i] = replace(o, canonical=next(iter(named)))
        elif not named and o.canonical and o.canonical.startswith(_UNION):
            body = forms.get(o.canonical[len(_UNION):], set())
            if len(body) == 1:
                out[i] = replace(o, canonical=_UNION + next(iter(body)))
    return out


# a school's unit whose union the school's name completes (guide 2.3): "Công đoàn Khoa Lý luận
# Chính trị" → "… Trường Đại học Mỏ - Địa chất"
_UNIT_OF_A_SCHOOL = re.compile(r"Công đoàn (?:[Kk]hoa|[Pp]hòng|[Bb]ộ môn) [A-ZĐÀ-Ỹ]")
_SCHOOL = re.compile(r"(?:Trường|Học viện|Đại học) [A-ZĐÀ-Ỹ]")


def with_parent_school(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """A faculty's or office's union keeps its school: the school the article names nearest
    before it, else first after it ("Công đoàn khoa Tiếng Trung" in a story on Trường Đại học
    Sư phạm thành phố Hồ Chí Minh)."""
    schools = [(i, body) for i, o in enumerate(orgs) if o.canonical
               for body in _bodies(o.canonical)[:1] if _SCHOOL.match(body)]
    if not schools:
        return orgs
    out = list(orgs)
    for i, o in enumerate(orgs):
        if not o.canonical or not _UNIT_OF_A_SCHOOL.match(o.canonical) or \
                _SCHOOL.search(o.canonical, len(_UNION)):
            continue
        before = [b for j, b in schools if j < i]
        out[i] = replace(o, canonical=f"{o.canonical} {before[-1] if before else schools[0][1]}")
    return out


_GRASSROOTS_WORDS = re.compile(r"^(?:cơ sở|CĐCS) (?=\w)", re.IGNORECASE)
_INITIALISM = re.compile(r"(?<!\S)[A-ZĐ][A-ZĐ&]{2,9}(?!\S)")


def expand_initialisms(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """Initials the vocabulary does not know, spelt out from the words of another name in the
    article whose initials they are: "Công đoàn TSQ Phòng hóa" after "Trường Sĩ quan Phòng
    hóa", "Trường ĐHKHXH&NV" after "Trường Đại học Khoa học Xã hội và Nhân văn"."""
    wanted = {m.group().replace("&", "") for o in orgs if o.canonical
              for m in _INITIALISM.finditer(o.canonical) if not is_abbreviation(m.group())}
    if not wanted:
        return orgs
    spelt: dict[str, str] = {}
    for o in orgs:
        words = (o.canonical or "").split()
        for i, first in enumerate(words):
            if not _is_cap(first) or _INITIALISM.fullmatch(first):
                continue
            for j in range(i + 2, min(len(words), i + 12) + 1):
                initials = _initials(" ".join(words[i:j]))
                if initials in wanted and words[j - 1] not in _initials_skip():
                    spelt.setdefault(initials, " ".join(words[i:j]))
    if not spelt:
        return orgs
    return [replace(o, canonical=_INITIALISM.sub(
        lambda m: m.group() if is_abbreviation(m.group()) else
        spelt.get(m.group().replace("&", ""), m.group()), o.canonical))
        if o.canonical else o for o in orgs]


# the bodies that are named after another one's short name: its union, its party committee
_OF_A_BODY = ("Công đoàn ", "Đảng ủy ", "Đảng bộ ")


def _reference_prefix(canonical: str) -> str | None:
    """What comes before the short name in a reference to a body: "Công đoàn " in "Công đoàn
    Trường", "Đảng ủy " in "Đảng ủy Công ty", "" in a bare "Bệnh viện"; None without a name."""
    if not canonical:
        return None
    return next((p for p in _OF_A_BODY if canonical.casefold().startswith(p.casefold())), "")


_PARTY_OF_A_BODY = ("Đảng ủy", "Đảng bộ", "Chi bộ")


def with_subject_party(orgs: list[OrgSpan], subject: str | None) -> list[OrgSpan]:
    """A bare "Đảng ủy" is the party committee of the body the article is about: of the
    workplace, commune or department whose union is the subject ("Công đoàn xã Tam Hưng" →
    "Đảng ủy xã Tam Hưng"). A federation's or an unknown subject's leaves it unnamed."""
    if not subject or not subject.startswith(_UNION) or subject == "Công đoàn Việt Nam":
        return orgs
    body = subject[len(_UNION):]
    if not (_bodies(subject)[:1] == (body,) and any(
            body.startswith(h + " ") for h in _heads_longest_first()) or
            re.match(r"(?:xã|phường|đặc khu) [A-ZĐ]", body)):
        return orgs  # "Công đoàn ngành …", "Công đoàn Than - Khoáng sản …": no workplace
    return [replace(o, canonical=f"{o.canonical} {body}") if o.canonical in _PARTY_OF_A_BODY
            else o for o in orgs]
