"""The pipeline: an article's text → `Extraction` (shared/spec/extraction.md §4).

    normalise → zones → segment → orgs (rules + tagger) → figures, periods → indicators

Each stage reads the `Doc` and adds to it; nothing calls back. Offsets are mapped onto the
caller's original text only at the very end, so `text[start:end]` is what the editor sees.
"""

from __future__ import annotations

import hashlib
import logging
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from nlp import figures as figures_stage
from nlp import indicators as ind_stage
from nlp import orgs as orgs_stage
from nlp import owners as owners_stage
from nlp import periods as periods_stage
from nlp.abbreviations import is_abbreviation
from nlp.components import PipelineSpec, Run, component, configured
from nlp.context import ArticleContext, inferred_province
from nlp.decisions import (
    DEFAULT_DECISIONS_MODEL,
    decide,
    figure_features,
    keep_figures,
    load_decisions,
    rank_owners,
)
from nlp.doc import Doc
from nlp.model import STOCK_METRICS, Extraction, Indicator, OrgMention, Period
from nlp.normalise import normalise
from nlp.score import DEFAULT_SCORE_MODEL, load_score_model, score_indicators
from nlp.segment import Sentence, split_sentences, tokenize_sentences
from nlp.zones import find_zones
from unionnews_core.places import federation_name, places

log = logging.getLogger(__name__)

CODE_VERSION = "0.5"
_NLP_DIR = Path(__file__).resolve().parent


@cache
def _code_digest() -> str:
    """A short digest of everything that changes the output: the pipeline's code and data, the
    taggers' code and gazetteer, the score model, the site registry and the place lists
    (regional context) with the code that reads them."""
    h = hashlib.sha1()
    paths = [*_NLP_DIR.glob("*.py"), *(_NLP_DIR / "data").glob("*.yaml"),
             *(_NLP_DIR / "taggers").glob("*.py"), *(_NLP_DIR / "taggers").glob("*.txt"),
             DEFAULT_SCORE_MODEL, DEFAULT_DECISIONS_MODEL,
             *_NLP_DIR.parent.glob("unionnews*/sites*.yaml"),
             *_NLP_DIR.parent.glob("unionnews_core/data/*.yaml"),
             *_NLP_DIR.parent.glob("unionnews_core/*.py")]
    for path in sorted(p for p in paths if p.is_file()):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


@lru_cache(maxsize=32)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    # keyed by the file's stat: every extraction asks, the model file is read once
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:8]


def extractor_version(tagger: Any = None, spec: PipelineSpec | None = None) -> str:
    """ "nlp-0.5+<code digest>/<tagger id>[/<pipeline>]": changes when the code, data, models
    or the configured components change."""
    name = getattr(tagger, "name", "rules") if tagger is not None else "rules"
    model = getattr(tagger, "model_id", None) or getattr(tagger, "path", None)
    model_id = name
    if model:
        p = Path(str(model))
        if p.is_file():
            stat = p.stat()
            model_id += "-" + _file_digest(str(p), stat.st_mtime_ns, stat.st_size)
        else:
            model_id += "-" + p.name
    spec = spec or configured()
    suffix = "" if spec.is_default() else "/" + spec.label()
    return f"nlp-{CODE_VERSION}+{_code_digest()}/{model_id}{suffix}"



_TAGGERS: dict[tuple[str, str | None], Any] = {}


def get_tagger(backend: str = "crf", model_dir: str | None = None, strict: bool = False) -> Any:
    """The statistical org tagger, loaded once per process. Without weights (or without the
    taggers package) it falls back to rules only, saying so on the log — unless `strict`."""
    key = (backend, model_dir)
    if key in _TAGGERS:
        return _TAGGERS[key]
    tagger = None
    if backend != "rules":
        try:
            from nlp.taggers import load_tagger

            tagger = load_tagger(backend, model_dir)
        except ImportError as exc:
            if strict:
                raise
            log.warning("org tagger unavailable (%s); using rules only", exc)
        except Exception as exc:  # ModelMissing and friends: one line, then rules only
            if strict:
                raise
            log.warning("org tagger %s not loaded (%s); using rules only", backend, exc)
    _TAGGERS[key] = tagger
    return tagger


def _place_context(context: ArticleContext) -> tuple[str | None, str | None]:
    """(federation, province) the article speaks for: the site's, else the place its title,
    dateline, lead or URL names (that province's federation)."""
    if context.province:
        return context.federation, context.province
    province = inferred_province(context, places().provinces, orgs_stage.place_province)
    if province is None:
        return context.federation, None
    return federation_name(province), province


# --- stages -------------------------------------------------------------------------------

_DATELINE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)")


def stage_zones(doc: Doc) -> None:
    doc.zones = find_zones(doc.text)
    if doc.published is None:
        # No date given: the page's own dateline (a boilerplate line such as "Thứ tư,
        # 22/03/2023") is the publication date; failing that, this year.
        for zone in doc.zones:
            m = _DATELINE.search(doc.text, zone.start, zone.end)
            if zone.label == "boilerplate" and zone.start < 400 and m:
                try:
                    doc.published = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                    break
                except ValueError:
                    continue
        # else: no date anywhere, so periods the text does not state stay unknown (spec §6)


def stage_segment(doc: Doc, words: bool = True) -> None:
    spans = [(s + zone.start, e + zone.start) for zone in doc.body()
             for s, e in split_sentences(doc.text[zone.start:zone.end])]
    doc.sentences = (tokenize_sentences(doc.text, spans) if words
                     else [Sentence(s, e, doc.text[s:e]) for s, e in spans])
    # read by the indicators, the repeats and the score: found once here
    doc.captions = frozenset(i for i, s in enumerate(doc.sentences) if _CAPTION.search(s.text))
    doc.roles = _sentence_roles(doc)


def _tagger_spans(doc: Doc, tagger: Any) -> list[orgs_stage.OrgSpan]:
    from nlp.taggers import entity_spans

    out: list[orgs_stage.OrgSpan] = []
    labelled = tagger.tag([s.words for s in doc.sentences])
    for sentence, labels in zip(doc.sentences, labelled, strict=False):
        for a, b, kind in entity_spans(labels):
            if kind != "ORG" or b > len(sentence.tokens):
                continue
            start, end = sentence.tokens[a].start, sentence.tokens[b - 1].end
            end = orgs_stage.bare_head_end(doc.text, start, orgs_stage.before_person(
                doc.text, start, start, start + orgs_stage.name_end(doc.text[start:end])))
            end = orgs_stage.numbered_place_end(doc.text, end, start)
            text = doc.text[start:end]
            out.append(orgs_stage.OrgSpan(start, end, text, "tagged", score=0.8,
                                          place=None, level=None))
    return out


_DEFINES_ABBREVIATION = re.compile(r"\s\(([A-ZĐ][A-ZĐ0-9&-]{1,11})\)$")
# a short name in brackets right after a body's name: "(PVFCCo)", "(PV GAS)", "(Petrovietnam)"
_NAMES_A_BODY = re.compile(r"\s?\(([A-ZĐ][\w&.-]{1,15}(?: [A-ZĐ][\w&.-]{1,10})?)\)")


# a name's opening up to its first capitalised word after the head: "Công đoàn ngành"
_LOWER_PREFIX = re.compile(r"\S+ \S+(?: [a-zà-ỹđ]+)*")


def _overlaps(span: orgs_stage.OrgSpan, spans: list[orgs_stage.OrgSpan]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in spans)


def stage_orgs(doc: Doc, tagger: Any, site_fed: str | None, site_prov: str | None) -> None:
    # the segmenter's words: a capitalised one, and a lower-case one, so that a name's
    # lower-case word is read whole ("Công an nhân dân", "Y học cổ truyền Trung ương")
    compounds = {t.start: t.end for s in doc.sentences for t in s.tokens
                 if " " in t.text and (t.text[:1].isupper() or t.text.islower())}
    spans: list[orgs_stage.OrgSpan] = []
    for zone in doc.body():
        spans.extend(orgs_stage.find_orgs(doc.text, zone.start, zone.end, compounds))
    if tagger is not None and doc.sentences and doc.sentences[0].tokens:
        for t in _tagger_spans(doc, tagger):
            if not _overlaps(t, spans) and orgs_stage.plausible_tagged(t.text) and \
                    not orgs_stage.is_plural_reference(doc.text, t.start) and \
                    not orgs_stage.names_a_programme(doc.text, t.start):
                spans.append(t)
    for zone in doc.body():
        for t in orgs_stage.find_lower_references(doc.text, zone.start, zone.end):
            if not _overlaps(t, spans):
                spans.append(t)
    spans.sort(key=lambda s: s.start)
    ctx = orgs_stage.OrgContext(site_province=site_prov, site_federation=site_fed)
    if doc.sentences:  # a province in the headline ("Hải Phòng: …") is the article's place
        ctx.province = orgs_stage.province_in(doc.sentences[0].text)
        ctx.title_place = orgs_stage.title_place(doc.sentences[0].text)
    for zone in doc.body():
        orgs_stage.scan_places(doc.text[zone.start:zone.end], ctx)
    resolved = []
    for span in spans:
        orgs_stage.note_places(span, ctx)
    # the title: the text's first line, when it is a line of its own
    first_line = doc.text.find("\n")
    title_end = doc.sentences[0].end if doc.sentences and first_line != -1 and \
        doc.sentences[0].end <= first_line else 0
    for span in spans:
        if span.end <= title_end:
            orgs_stage.note_title_federation(span, ctx)
    # second pass: canonical names with every place of the article known, in reading order
    doc.province = ctx.province or site_prov
    ctx2 = orgs_stage.OrgContext(province=ctx.province, site_province=site_prov,
                                 site_federation=site_fed, last_place=dict(ctx.last_place),
                                 title_place=ctx.title_place,
                                 district_levels=ctx.district_levels,
                                 merged_into=orgs_stage.merged_into(doc.published),
                                 named_federations=ctx.named_federations)
    starts = [s.start for s in doc.sentences]
    aliases: dict[str, str] = {}
    for span in spans:
        orgs_stage.note_places(span, ctx2)
        sentence_start = starts[max(bisect_right(starts, span.start) - 1, 0)] if starts else 0
        local = orgs_stage.with_opening_place(span, ctx2, doc.text, sentence_start)
        canonical = aliases.get(span.text) or orgs_stage.canonical_name(span, local)
        brand = _NAMES_A_BODY.match(doc.text, span.end)
        union = orgs_stage.is_union(span)
        defined = _DEFINES_ABBREVIATION.search(span.text) or (brand if union else None)
        if defined:
            # "Công đoàn Khu công nghiệp Việt Nam - Singapore (VSIP)": a later "Công đoàn
            # VSIP" is that union
            # and "Công đoàn ngành XDKH" after "Công đoàn ngành Xây dựng Khánh Hòa (XDKH)"
            for head in {" ".join(span.text.split()[:2]), _LOWER_PREFIX.match(span.text).group()}:
                aliases.setdefault(f"{head} {defined.group(1)}", canonical)
        short = brand or _DEFINES_ABBREVIATION.search(span.text)
        if short and not union and canonical and not is_abbreviation(short.group(1)):
            # "Tổng công ty Phân bón và Hóa chất Dầu khí (PVFCCo)", "Công ty Truyền tải điện 1
            # (PTC1)": a later "PVFCCo" is that company and "Công đoàn PVFCCo" its union; a
            # brand the vocabulary knows ("TKV") keeps the name it gives
            aliases.setdefault(short.group(1), canonical)
            aliases.setdefault(f"Công đoàn {short.group(1)}", f"Công đoàn {canonical}")
        orgs_stage.note_sector(canonical, ctx2)
        resolved.append(orgs_stage.OrgSpan(span.start, span.end, span.text, span.kind,
                                           span.level, span.place, canonical, span.score))
    # a name used before the article defines its abbreviation ("Công đoàn VSIP" in the title)
    resolved = [replace(o, canonical=aliases[o.text]) if o.text in aliases else o
                for o in resolved]
    resolved = orgs_stage.with_legal_form(orgs_stage.with_parent_school(
        orgs_stage.resolve_shortened_names(orgs_stage.expand_initialisms(
            orgs_stage.resolve_short_references(resolved)))))
    doc.orgs = resolved
    unions = [o for o in resolved if orgs_stage.is_union(o)
              and o.canonical != "Công đoàn Việt Nam"]
    opening_end = doc.sentences[1].end if len(doc.sentences) > 1 else len(doc.text)
    # The title names what the article is about; a named centre counts there too.
    titled = [o for o in resolved if o.start < title_end and o.canonical != "Công đoàn Việt Nam"
              and (orgs_stage.is_union(o) or o.text.startswith("Trung tâm"))]
    opening = titled or [o for o in unions if o.start < opening_end]
    if opening:
        doc.subject = opening[0].canonical
    elif unions:
        doc.subject = Counter(o.canonical for o in unions).most_common(1)[0][0]
    else:
        doc.subject = site_fed
    doc.orgs = orgs_stage.with_subject_party(doc.orgs, doc.subject)


def stage_figures(doc: Doc) -> None:
    doc.figures = [
        (i, f) for i, s in enumerate(doc.sentences)
        for f in figures_stage.find_figures(doc.text, s.start, s.end)
    ]
    doc.periods = [periods_stage.find_periods(doc.text, s.start, s.end) for s in doc.sentences]


def _when(period: Period | None, year: int | None) -> str:
    """Where a figure's period lies against the publication year."""
    if period is None or year is None:
        return "unknown"
    if period.start > year:
        return "future"
    if period.end < year:
        return "past"
    if period.start == period.end:
        return "current"
    # a term reviewed in its last year reports results; one opening this year sets goals
    if period.end == year:
        return "term_ending"
    return "term_opening" if period.start == year else "term"


_CAPTION = re.compile(r"(?:^|\W)(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ)\s*[:.]|\(Ảnh")


def stage_indicators(doc: Doc, site_fed: str | None = None) -> None:
    text = doc.text
    lower = text.lower()
    year = doc.published.year if doc.published else None
    all_mentions = [m for ms in doc.periods for m in ms]
    # the title's and lead's periods, as the figures stage found them
    opening = [doc.periods[n] for n, s in enumerate(doc.sentences[:4]) if s.start < 600]
    ctx = periods_stage.article_context(opening, all_mentions, year,
                                        doc.published.month if doc.published else None)
    # an undated article about a congress ("Đại hội … nhiệm kỳ 2023 - 2028" in its title or
    # lead) is written the year the congress is held: where a figure's term lies against it
    # tells results from goals, though it dates no figure
    congress_year = next((y for mentions in opening
                          if (y := periods_stage.congress_year(mentions))), None)
    if year is None:
        # With no date the article's present is unknown: a term in its title says what the
        # article is about, not which years an unmarked figure covers (spec §6: null)
        ctx = replace(ctx, governing=None)
    by_sentence: dict[int, list] = {}
    for i, f in doc.figures:
        by_sentence.setdefault(i, []).append(f)
    mode: str | None = None
    list_period: Period | None = None
    # on an undated page, the term or range a sentence names, through its paragraph
    span: Period | None = None
    out: list[Indicator] = []
    # the federation of the article's province: whose "các cấp công đoàn trong tỉnh" it is
    home = federation_name(doc.province) if doc.province else site_fed
    # the district federation the article names most: whose "các cấp công đoàn trong quận"
    district_home = next((name for name, _ in Counter(
        o.canonical for o in doc.orgs if o.kind == "federation" and o.canonical and
        o.level in ("quận", "huyện", "thị xã")).most_common(1)), None)
    starts = [s.start for s in doc.sentences]
    orgs_by_sentence: dict[int, list] = {}
    for o in doc.orgs:  # bucketed once: a long text has thousands of sentences and names
        orgs_by_sentence.setdefault(bisect_right(starts, o.start) - 1, []).append(o)
    roles = doc.roles
    headline = set(roles)
    captions = {i for i, r in roles.items() if r == _CAPTION_OR_IMAGE_TEXT}
    # the names a reader has seen before the body: the title and the lead
    opening_names = [(j, o) for j in sorted(headline - captions)
                     for o in orgs_by_sentence.get(j, ())]
    named_count = Counter(o.canonical or owners_stage.NO_OWNER for o in doc.orgs)
    in_captions = {o.canonical or owners_stage.NO_OWNER
                   for j in captions for o in orgs_by_sentence.get(j, ())}
    caption_only = in_captions - {o.canonical or owners_stage.NO_OWNER
                                  for j, os in orgs_by_sentence.items() if j not in captions
                                  for o in os}
    for i, sentence in enumerate(doc.sentences):
        figs = by_sentence.get(i, [])
        if i and (mode or list_period or span) and ind_stage.starts_new_paragraph(
                text, doc.sentences[i - 1].end, sentence.start):
            # a kind (and a list head's period, an undated page's span) carries through its
            # paragraph and a list, not beyond
            mode = list_period = span = None
        # a list head's period is its items' default; a year an item names still wins
        list_ctx = replace(ctx, governing=list_period) if list_period else None
        sent_orgs = [(o, o.canonical) for o in orgs_by_sentence.get(i, ())]
        # the names a reader has seen by this sentence's figures: title, lead and 3 sentences
        nearby = [(j, o) for j, o in opening_names if j < i - 2] + [
            (j, o) for j in range(max(0, i - 2), i + 1) for o in orgs_by_sentence.get(j, ())] \
            if figs else []
        previous = None
        prev_metric = None
        fig_spans = [(g.start, g.end) for g in figs]
        # what every figure of the sentence reads about the sentence, read once
        stated = periods_stage.stated_in_sentence(doc.periods[i], ctx) if figs else False
        sentence_words = float(min(len(sentence.text.split()), 100)) / 10 if figs else 0.0
        nationwide = owners_stage.speaks_nationwide(text, sentence.start, sentence.end) \
            if figs else False
        # the whole country is one way of speaking nationwide ("cả nước" against "toàn ngành")
        country = nationwide and owners_stage.speaks_of_the_country(text, sentence.start,
                                                                    sentence.end)
        # a lone sentence is no title: it sums up nothing
        titled = float(i == 0 and len(doc.sentences) > 1)
        # now: the publication year, or for an undated congress its term's first year
        now = year or periods_stage.congress_year(doc.periods[i]) if figs else None
        for f in figs:
            period = periods_stage.period_for(text, f.start, f.end, doc.periods[i],
                                              list_ctx or ctx, fig_spans, sentence.start)
            kind, k_score = ind_stage.decide_kind(lower, f, sentence.start, mode, period, year,
                                                  text)
            completes = ind_stage.is_completion(text, f, previous)
            if completes:
                # in a clause of its own the rate's own words name the topic
                paired = previous is not None and ind_stage.completes_previous(
                    text, previous.end, f.start)
                metric = (prev_metric if paired else None) or ind_stage.decide_metric(
                    lower, f, sentence.start, sentence.end)[0]
                m_score = 0.8
                unit = "% kế hoạch" if (f.unit == "% kế hoạch" or (
                    previous and previous.target_value is not None)) else f.unit
                if f.qualifier != "at_least":  # "đạt từ 100% dự toán trở lên" is a goal
                    kind = "achieved"
            else:
                metric, m_score = ind_stage.decide_metric(lower, f, sentence.start, sentence.end)
                unit = f.unit
                if metric == "other" and m_score == ind_stage.FALLBACK_SCORE and prev_metric:
                    # "kết nạp 4.215 đoàn viên tại 38 doanh nghiệp": the clause's topic goes on
                    metric = prev_metric
            by_kind: dict[str, Period] = {}
            if now and not list_period and period.start < period.end \
                    and period.start <= now <= period.end and not period.recurring and \
                    not stated:
                # a count reported with no time of its own, in an article about a term, is
                # of now (the publication year), not of the whole term; a goal is the term's
                by_kind = {"achieved": Period(now, now), "target": period}
                period = by_kind.get(kind, period)
            reviewed = ctx.reviewed_term() if any(
                m.kind == "bare_term" and m.end <= f.start for m in doc.periods[i]) else None
            if reviewed and not list_period:
                # "Trong nhiệm kỳ, … đã kết nạp 64 đoàn viên" at a congress: the term it
                # reviews; a goal set "trong cả nhiệm kỳ" is the coming term's
                by_kind = {"achieved": reviewed, "target": period}
                period = by_kind.get(kind, period)
            org = ind_stage.org_for(sent_orgs, f, text, doc.subject, sentence.start, home,
                                    district_home)
            if completes and previous is not None and out:
                org = out[-1].org  # a completion rate is the completed figure's
            if unit == "người" and metric in ("members_new", "members_total", "party_referrals"):
                unit = "đoàn viên"  # people counted as members are members
            change = ind_stage.change_of(text, f, sentence.start)
            if change == "decrease" and kind == "target" and not ind_stage.find_cues(
                    lower, "kind", max(sentence.start, f.start - 40), f.start):
                kind = "achieved"  # a decrease is a result unless the text sets it as a goal
            if period.start == 0 and span and metric not in STOCK_METRICS:
                # "Nhiệm kỳ 2020 - 2025, … Mái ấm công đoàn đã xây 268 căn": the paragraph's
                # span; a count of what there is now stays undated
                period = span
            if period.start == 0:
                period = None  # no year in the text and no publication date (spec §6)
            named_here = {c for _, c in sent_orgs}
            out.append(Indicator(
                text=text[f.start:f.end], start=f.start, end=f.end, value=f.value,
                unit=unit, qualifier=f.qualifier, kind=kind, metric=metric, org=org,
                # the kind may have turned since (a decrease is a result)
                period=by_kind.get(kind, period), period_by_kind=by_kind,
                sentence=sentence.text.strip(),
                score=round(min(k_score, m_score), 3), target_value=f.target_value,
                range_max=f.range_max, per=ind_stage.per_unit(text, f, sentence.start,
                                                                sentence.end),
                change=change,
                evidence={
                    "kind_conf": k_score, "metric_conf": m_score,
                    "metric_fallback": float(m_score == ind_stage.FALLBACK_SCORE),
                    "org_in_sentence": float(org in named_here),
                    "org_is_subject": float(org is not None and org == doc.subject),
                    "org_null": float(org is None), "period_stated": float(stated),
                    "period_null": float(period is None),
                    "period_years": float(min(period.end - period.start, 10)) if period else 0.0,
                    "target": float(kind == "target"), "completion": float(completes),
                    "against_plan": float(f.target_value is not None),
                    "percent": float(f.percent), "money": float(f.money),
                    "title": titled, "caption": float(i in doc.captions),
                    "figures_in_sentence": float(min(len(figs), 10)),
                    "orgs_in_sentence": float(min(len(sent_orgs), 10)),
                    "sentence_words": sentence_words,
                    "site_context": float(site_fed is not None),
                    "published_known": float(doc.published is not None),
                    f"metric={metric}": 1.0,
                },
                features=figure_features(text, f.start, f.end, sentence.start, sentence.end, {
                    "rule_kind": kind, "rule_metric": metric, "unit": unit,
                    "qualifier": f.qualifier, "mode": mode or "none",
                    "listed": "yes" if list_ctx else "no",
                    "when": _when(period, year or congress_year), "completion": float(completes),
                    "against_plan": float(f.target_value is not None),
                    "percent": float(f.percent), "money": float(f.money),
                    "kind_conf": k_score, "metric_conf": m_score,
                    "change": change or "none", "recurring": "yes" if period and
                    period.recurring else "no", "title": titled,
                    "term_known": "yes" if (list_ctx or ctx).term or (list_ctx or ctx).governing
                    else "no", "published_known": "yes" if year else "no",
                    "stated": "yes" if stated else "no",
                }),
            ))
            if ind_stage.is_not_indicator(text, f, sentence.start):
                out.pop()  # a committee's size or a meeting's delegates (spec §6)
                continue
            out[-1].owner_features = owners_stage.owner_candidates(
                text, sentence.start, nationwide, f.start, nearby, i, org, doc.subject,
                home, named_count, caption_only, metric, kind, country)
            previous, prev_metric = f, metric
        if year is None and i > 0:
            span = periods_stage.paragraph_span(doc.periods[i], ctx, span)
        if i == 0:
            continue  # a title sums the article up; it sets no kind for the lead
        if periods_stage.is_list_head(sentence.text):
            list_period = periods_stage.list_head_period(doc.periods[i], ctx)
        # a sentence reporting against a plan (an X/Y figure, a completion rate) leaves
        # "achieved" behind; a rate set as a goal ("đạt từ 100% dự toán trở lên") does not
        reports = any(ind.kind == "achieved" and (
            f.target_value is not None or f.unit == "% kế hoạch" or ind.unit == "% kế hoạch")
            for f, ind in zip(figs, out[-len(figs):], strict=False)) if figs else False
        mode = ind_stage.sentence_mode(lower, sentence.start, sentence.end, mode, text, reports)
    doc.indicators = out


# Where a sentence stands in the page, from the body (the first full statement of a figure)
# to the title (which only sums it up): a figure's first statement is kept from the best place.
_BODY, _LEAD, _CAPTION_OR_IMAGE_TEXT, _TITLE = range(4)


def _sentence_roles(doc: Doc) -> dict[int, int]:
    """The role of each sentence that is not body text: the title (and a section label line
    above it), the lead paragraph after it, photo captions and the title repeated as image
    text."""
    if not doc.sentences:
        return {}
    text = doc.text
    # a page dump may open with a short section label ("Công đoàn") above the title
    first = doc.sentences[0].text
    at = int(len(doc.sentences) > 1 and len(first.split()) <= 2 and
             not any(c.isdigit() for c in first))
    title = doc.sentences[at].text.strip()
    roles = {i: _TITLE for i in range(at + 1)}
    lead_start = text.find("\n", doc.sentences[at].end)
    lead_para = None
    if lead_start >= 0:
        lead_end = text.find("\n\n", lead_start + 1)
        lead_para = (lead_start, lead_end if lead_end >= 0 else len(text))
    for i, sentence in enumerate(doc.sentences[at + 1:], at + 1):
        if sentence.text.strip() == title or i in doc.captions:
            roles[i] = _CAPTION_OR_IMAGE_TEXT
        elif lead_para and lead_para[0] <= sentence.start < lead_para[1]:
            roles[i] = _LEAD
    return roles


def stage_repeats(doc: Doc) -> None:
    """One figure once (spec §6): a figure the title, lead or a caption repeats from the body
    is the body's indicator (else the lead's, else a caption's); the other occurrences are
    kept as its mentions."""
    roles = doc.roles
    starts = [s.start for s in doc.sentences]

    def role(ind: Indicator) -> int:
        return roles.get(bisect_right(starts, ind.start) - 1, _BODY)

    primary: dict[tuple[float, str], Indicator] = {}
    keep: list[Indicator] = []
    for ind in sorted(doc.indicators, key=lambda ind: (role(ind), ind.start)):
        key = (ind.value, ind.unit)
        first = primary.get(key)
        if first is not None and role(ind) != _BODY:
            first.mentions.append({"text": ind.text, "start": ind.start, "end": ind.end})
            continue
        primary.setdefault(key, ind)
        keep.append(ind)
    for ind in keep:
        ind.mentions.sort(key=lambda m: m["start"])
    doc.indicators = sorted(keep, key=lambda ind: ind.start)


def stage_decide(doc: Doc, tagger: Any = None) -> None:
    """Learned kind, metric and owner: the backend's own figure models when it brings them (a
    fine-tuned PhoBERT), else the shipped linear ones (nlp/decisions.py); the shipped owner
    ranking where the backend ranks no owners."""
    shipped = load_decisions()
    own = getattr(tagger, "figure_decider", None)
    if own is not None and shipped is not None and getattr(own, "keep", None) is None:
        # what is an indicator is decided before anything else, as `decide` does
        doc.indicators = keep_figures(doc.indicators, shipped)
    doc.indicators = decide(doc.indicators, doc.text, own or shipped)
    if own is not None and getattr(own, "owner", None) is None and shipped is not None:
        rank_owners(doc.indicators, doc.text, shipped.owner)


def stage_score(doc: Doc) -> None:
    """Calibrated score and publish/check status (nlp/score.py)."""
    captions = doc.captions
    starts = [s.start for s in doc.sentences]
    named_outside: set[str] = set()
    named_in_captions: set[str] = set()
    for o in doc.orgs:
        where = bisect_right(starts, o.start) - 1
        if o.canonical:
            (named_in_captions if where in captions else named_outside).add(o.canonical)
    union_bodies = {o.canonical for o in doc.orgs
                    if o.canonical and orgs_stage.is_union(o)}
    for ind in doc.indicators:
        ind.evidence["caption_only_owner"] = float(
            ind.org in named_in_captions and ind.org not in named_outside)
        # the more union bodies an article names, the more owners a figure could have
        ind.evidence["union_bodies"] = float(min(len(union_bodies), 10))
        ind.evidence[f"owner={owners_stage.owner_level(ind.org)}"] = 1.0
    score_indicators(doc.indicators, load_score_model())


def _to_original(doc: Doc, version: str, keep_features: bool = False) -> Extraction:
    original = doc.norm.original
    starts = [x.start for x in doc.sentences]
    orgs = []
    for o in doc.orgs:
        s, e = doc.norm.to_original(o.start, o.end)
        orgs.append(OrgMention(original[s:e], s, e, o.canonical, round(o.score, 3)))
    inds = []
    for ind in doc.indicators:
        s, e = doc.norm.to_original(ind.start, ind.end)
        at = bisect_right(starts, ind.start) - 1
        sentence = doc.sentences[at] if at >= 0 and ind.start < doc.sentences[at].end else None
        if sentence is not None:
            ss, se = doc.norm.to_original(sentence.start, sentence.end)
            sentence_text = original[ss:se].strip()
        else:
            sentence_text = ind.sentence
        mentions = []
        for mention in ind.mentions:
            ms, me = doc.norm.to_original(mention["start"], mention["end"])
            mentions.append({"text": original[ms:me], "start": ms, "end": me})
        # the decisions' features are dropped unless asked for (training, cross-validation):
        # on a long text they would be most of the result's memory
        inds.append(replace(ind, text=original[s:e], start=s, end=e, sentence=sentence_text,
                            mentions=mentions, features=ind.features if keep_features else {},
                            owner_features=ind.owner_features if keep_features else {}))
    return Extraction(organisations=orgs, indicators=inds, extractor_version=version)


# --- the components, by name (nlp/components.py runs them in the configured order) ---------

component("zones")(lambda doc, run: stage_zones(doc))
component("segment")(lambda doc, run: stage_segment(doc, words=True))
component("orgs")(lambda doc, run: stage_orgs(doc, run.tagger, run.federation, run.province))
component("figures")(lambda doc, run: stage_figures(doc))
component("indicators")(lambda doc, run: stage_indicators(doc, run.federation))
component("repeats")(lambda doc, run: stage_repeats(doc))
component("decide")(lambda doc, run: stage_decide(doc, run.tagger))
component("score")(lambda doc, run: stage_score(doc))


def analyse(text: str, context: ArticleContext | None = None, tagger: Any = None,
            spec: PipelineSpec | None = None) -> Doc:
    """Run the configured components and return the `Doc` (offsets in its normalised
    text)."""
    context = context or ArticleContext()
    doc = Doc(norm=normalise(text), published=context.published, site=context.site)
    federation, province = _place_context(context)
    run = Run(context, tagger, federation, province)
    for _, step in (spec or configured()).components():
        step(doc, run)
    return doc


def extract(text: str, context: ArticleContext | None = None, tagger: Any = None,
            spec: PipelineSpec | None = None, keep_features: bool = False) -> Extraction:
    """Organisations and indicators of one article; offsets index `text` exactly.
    `keep_features` keeps what the learned decisions read on each indicator."""
    spec = spec or configured()
    doc = analyse(text, context, tagger, spec)
    return _to_original(doc, extractor_version(tagger, spec), keep_features)
