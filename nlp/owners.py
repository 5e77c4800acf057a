"""Stage: whose figure. The bodies a reader would weigh as a figure's owner, and what the
rules see of each.

The rules (`nlp.indicators.org_for`) pick one owner by the grammar of the sentence. Here every
plausible owner becomes a candidate: the bodies named in the figure's sentence and the two
before it, in the title and the lead, the article's subject, the federation of the article's
place, and "no owner" (spec §6: a figure whose body cannot be placed). Each candidate carries
sparse features: where it is named against the figure, the words between, the words before
its name, its level against the figure's metric and kind, how often the article names it and
whether the rules chose it. A ranking model (nlp/decisions.py) scores the candidates; the
rules' choice is one of its features and the fallback where no model is shipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from sys import intern

from nlp.indicators import (
    GIVES_QUOTA,
    NOT_DOER,
    NOT_SUBJECT,
    WITH_FIGURE,
    clause_subject,
    gives_figure,
    is_doer,
)
from nlp.orgs import OrgSpan, is_union
from unionnews_core.places import CONFEDERATION

NO_OWNER = ""  # the candidate "no owner": a figure whose body cannot be placed
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NATIONWIDE = re.compile(r"cả nước|toàn quốc|toàn ngành|trên toàn", re.IGNORECASE)
_COUNTRY = re.compile(r"cả nước|toàn quốc", re.IGNORECASE)
# a body the sentence refers to by its level alone: "Công đoàn công ty", "LĐLĐ huyện",
# "toàn tỉnh", "nhà trường"; which candidate's level it fits is for the model to weigh
_LEVEL_REFERENCE = re.compile(
    r"\b(công ty|tập đoàn|tổng công ty|nhà máy|huyện|quận|thị xã|tỉnh|thành phố|xã|phường|"
    r"đặc khu|ngành|nhà trường|trường|bệnh viện|khu công nghiệp|khu kinh tế|cơ sở|cả nước|"
    r"toàn quốc)\b", re.IGNORECASE)
_LEVELS = (
    ("Tổng Liên đoàn", "confederation"), ("Công đoàn Việt Nam", "confederation"),
    ("Liên đoàn Lao động tỉnh", "province"), ("Liên đoàn Lao động thành phố", "province"),
    ("Liên đoàn Lao động", "district"), ("Công đoàn ngành", "sector"),
    ("Công đoàn các Khu", "zone"), ("Công đoàn Khu", "zone"), ("Công đoàn xã", "commune"),
    ("Công đoàn phường", "commune"), ("Công đoàn Công ty", "company"),
    ("Công đoàn", "other_union"),
)


@lru_cache(maxsize=4096)  # every candidate of every figure asks; an article names a few bodies
def owner_level(org: str | None) -> str:
    """The level of a body by its canonical name: confederation, province, district, …"""
    if not org:
        return "none"
    return next((level for prefix, level in _LEVELS if org.startswith(prefix)), "other")


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _mention_features(text: str, o: OrgSpan, fig_start: int, out: dict[str, float]) -> None:
    """What the words around one name of the candidate say: the words before it, and for a
    name before the figure the words between the two."""
    before = _words(text[max(0, o.start - 30):o.start])[-2:]
    for w in before:
        out[intern("pw:" + w)] = 1.0
    if o.end <= fig_start:
        between = _words(text[o.end:fig_start])
        out["gap=" + _bucket(len(between), (0, 2, 5, 10, 20))] = 1.0
        for w in between[:3] + between[-3:]:
            out[intern("bw:" + w)] = 1.0
        if WITH_FIGURE.match(text, o.end, fig_start):
            out["with_figure"] = 1.0
        if gives_figure(text, o.end, fig_start):
            out["gives_figure"] = 1.0
    out["name_kind=" + o.kind] = 1.0
    if NOT_DOER.search(text, max(0, o.start - 40), o.start):
        out["not_doer"] = 1.0
    if NOT_SUBJECT.search(text[max(0, o.start - 16):o.start]):
        out["not_subject"] = 1.0
    if GIVES_QUOTA.match(text, o.end):
        out["gives_quota"] = 1.0


@cache
def _base_keys(level: str, metric: str, kind: str, named: str, nationwide: bool,
               references: frozenset[str]) -> tuple[str, ...]:
    """The features every candidate of a level has for a figure: its level against the
    figure's metric and kind, how often it is named, and the level words of the sentence.
    The same few hundred combinations recur on every figure, so they are built once."""
    keys = ["level=" + level, f"level={level}|metric={metric}", f"level={level}|kind={kind}",
            "named=" + named]
    if nationwide:
        keys.append("nationwide|level=" + level)
    keys += [f"ref={ref}|level={level}" for ref in sorted(references)]
    return tuple(intern(k) for k in keys)


def speaks_nationwide(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a sentence) speaks of the whole country or sector ("cả nước",
    "toàn ngành"): a fact of the sentence, read once for all its figures."""
    return bool(_NATIONWIDE.search(text, start, end))


def speaks_of_the_country(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a sentence) speaks of the whole country ("cả nước", "toàn
    quốc"), whose figures are the confederation's whether or not it is named (guide 3.5)."""
    return bool(_COUNTRY.search(text, start, end))


def owner_candidates(
    text: str, sentence_start: int, nationwide: bool, fig_start: int,
    nearby: Iterable[tuple[int, OrgSpan]],
    here: int, rule_owner: str | None, subject: str | None, home: str | None,
    named_count: dict[str, int], caption_only: set[str], metric: str, kind: str,
    country: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Candidates for the owner of the figure at `fig_start`, keyed by canonical name
    (`NO_OWNER` for none), each with the names of its features (all marks). `nearby` holds
    (sentence index, name) of the names a reader has seen by the figure: the title, the lead,
    the figure's sentence and the two before it; `here` is the figure's sentence index, which
    starts at `sentence_start`; `nationwide`: whether it speaks of the whole country or sector
    (`speaks_nationwide`); `country`: whether it speaks of the whole country
    (`speaks_of_the_country`), which makes the confederation a candidate."""
    in_sentence = [o for at, o in nearby if at == here]
    before = [o for o in in_sentence if o.end <= fig_start]
    unions_before = [o for o in before if is_union(o)]
    references = frozenset(m.group(1).lower()
                           for m in _LEVEL_REFERENCE.finditer(text, sentence_start, fig_start))
    out: dict[str, dict[str, float]] = {}

    def entry(name: str) -> dict[str, float]:
        if name not in out:
            out[name] = dict.fromkeys(_base_keys(owner_level(name), metric, kind,
                                                 _bucket(named_count.get(name, 0), (0, 1, 3, 6)),
                                                 nationwide, references), 1.0)
        return out[name]

    for at, o in nearby:
        name = o.canonical or NO_OWNER
        f = entry(name)
        if at == here:
            f["here_after" if o.start >= fig_start else "here_before"] = 1.0
        else:
            f[f"sentence-{min(here - at, 3)}" if at > 0 else "title"] = 1.0
    # a candidate's name closest before the figure speaks for it
    described: set[str] = set()
    for o in reversed(before):
        name = o.canonical or NO_OWNER
        if name not in described:
            described.add(name)
            _mention_features(text, o, fig_start, entry(name))
    # the bodies named last before the figure, whichever sentence named them
    seen = sorted(((o.start, o.canonical or NO_OWNER) for _, o in nearby if o.end <= fig_start),
                  reverse=True)
    order: list[str] = []
    for _, name in seen:
        if name not in order:
            order.append(name)
    for rank, name in enumerate(order[:3]):
        entry(name)[f"recency={rank}"] = 1.0
    if before:
        entry(before[-1].canonical or NO_OWNER)["nearest_before"] = 1.0
        entry(before[0].canonical or NO_OWNER)["first_in_sentence"] = 1.0
        # a sentence of clauses joined by ";" has one subject per clause: "LĐLĐ tỉnh biểu
        # dương …; Tỉnh ủy tặng Bằng khen cho 10 tập thể"
        clause_start = text.rfind(";", sentence_start, fig_start) + 1
        in_clause = [o for o in before if o.start >= clause_start]
        if clause_start and in_clause:
            entry(in_clause[0].canonical or NO_OWNER)["first_in_clause"] = 1.0
        heading = clause_subject([o for o in before if is_doer(o, text)], fig_start, text,
                                 sentence_start)
        if heading is not None:
            entry(heading.canonical or NO_OWNER)["heads_clause"] = 1.0
    if unions_before:
        entry(unions_before[-1].canonical or NO_OWNER)["nearest_union_before"] = 1.0
    after = [o for o in in_sentence if o.start >= fig_start]
    if after:
        # the name right after the figure and what introduces it: "… 160 triệu đồng, do
        # Liên đoàn Lao động tỉnh hỗ trợ" names the giver
        for w in _words(text[max(fig_start, after[0].start - 20):after[0].start])[-2:]:
            entry(after[0].canonical or NO_OWNER)[intern("apw:" + w)] = 1.0
    if country:
        entry(CONFEDERATION)["country"] = 1.0
    for name, flag in ((subject, "subject"), (home, "home"), (rule_owner, "rule")):
        entry(name or NO_OWNER)[flag] = 1.0
    entry(NO_OWNER)["no_owner"] = 1.0
    if subject is None:
        entry(NO_OWNER)["no_owner|no_subject"] = 1.0
    if home is None:
        entry(NO_OWNER)["no_owner|no_home"] = 1.0
    for name in caption_only & out.keys():
        out[name]["caption_only"] = 1.0
    # every feature is a mark (1.0): a tuple of names holds it in a quarter of a dict's memory,
    # and a long report has tens of thousands of candidates alive at once
    return {name: tuple(f) for name, f in out.items()}
