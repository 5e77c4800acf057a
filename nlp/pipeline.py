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
from functools import cache
from pathlib import Path
from typing import Any

from nlp import figures as figures_stage
from nlp import indicators as ind_stage
from nlp import orgs as orgs_stage
from nlp import periods as periods_stage
from nlp.doc import Doc
from nlp.model import Extraction, Indicator, OrgMention, Period
from nlp.normalise import normalise
from nlp.segment import Sentence, split_sentences, tokenize_sentence
from nlp.zones import find_zones
from unionnews_core.registry import site_for_domain

log = logging.getLogger(__name__)

CODE_VERSION = "0.4"
_NLP_DIR = Path(__file__).resolve().parent


@cache
def _code_digest() -> str:
    """A short digest of the pipeline's code and data, so a change re-extracts."""
    h = hashlib.sha1()
    for path in sorted([*_NLP_DIR.glob("*.py"), *(_NLP_DIR / "data").glob("*.yaml")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


def extractor_version(tagger: Any = None) -> str:
    """ "nlp-0.4+<code digest>/<tagger id>": changes when the code, data or model change."""
    name = getattr(tagger, "name", "rules") if tagger is not None else "rules"
    model = getattr(tagger, "model_id", None) or getattr(tagger, "path", None)
    model_id = name
    if model:
        p = Path(str(model))
        model_id += "-" + (hashlib.sha1(p.read_bytes()).hexdigest()[:8] if p.is_file() else p.name)
    return f"nlp-{CODE_VERSION}+{_code_digest()}/{model_id}"


EXTRACTOR_VERSION = f"nlp-{CODE_VERSION}"  # rules-only base; extract() stamps the full version

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


def _site_context(site: str | None) -> tuple[str | None, str | None]:
    """(federation, province) of a site domain from the site registry, if it knows it."""
    if not site:
        return None, None
    found = site_for_domain(site)
    if found is None or not getattr(found, "province", None):
        return None, None
    return found.federation, found.province


def _parse_date(published: date | str | None) -> date | None:
    if published is None or isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


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
        else:
            doc.published = date.today()


def stage_segment(doc: Doc, words: bool = True) -> None:
    sentences: list[Sentence] = []
    for zone in doc.body():
        for s, e in split_sentences(doc.text[zone.start:zone.end]):
            s, e = s + zone.start, e + zone.start
            if words:
                sentences.append(tokenize_sentence(doc.text, s, e))
            else:
                sentences.append(Sentence(s, e, doc.text[s:e]))
    doc.sentences = sentences


def _tagger_spans(doc: Doc, tagger: Any) -> list[orgs_stage.OrgSpan]:
    from nlp.taggers import entity_spans

    out: list[orgs_stage.OrgSpan] = []
    labelled = tagger.tag([s.words for s in doc.sentences])
    for sentence, labels in zip(doc.sentences, labelled, strict=False):
        for a, b, kind in entity_spans(labels):
            if kind != "ORG" or b > len(sentence.tokens):
                continue
            start, end = sentence.tokens[a].start, sentence.tokens[b - 1].end
            text = doc.text[start:end]
            out.append(orgs_stage.OrgSpan(start, end, text, "tagged", score=0.8,
                                          place=None, level=None))
    return out


def stage_orgs(doc: Doc, tagger: Any, site_fed: str | None, site_prov: str | None) -> None:
    compounds = {t.start: t.end for s in doc.sentences for t in s.tokens
                 if " " in t.text and t.text[:1].isupper()}
    spans: list[orgs_stage.OrgSpan] = []
    for zone in doc.body():
        spans.extend(orgs_stage.find_orgs(doc.text, zone.start, zone.end, compounds))
    if tagger is not None and doc.sentences and doc.sentences[0].tokens:
        for t in _tagger_spans(doc, tagger):
            if not any(s.start < t.end and t.start < s.end for s in spans) and \
                    orgs_stage.plausible_tagged(t.text) and \
                    not orgs_stage.is_plural_reference(doc.text, t.start):
                spans.append(t)
    spans.sort(key=lambda s: s.start)
    ctx = orgs_stage.OrgContext(site_province=site_prov, site_federation=site_fed)
    if doc.sentences:  # a province in the headline ("Hải Phòng: …") is the article's place
        ctx.province = orgs_stage.province_in(doc.sentences[0].text)
    for zone in doc.body():
        orgs_stage.scan_places(doc.text[zone.start:zone.end], ctx)
    resolved = []
    for span in spans:
        orgs_stage.note_places(span, ctx)
    # second pass: canonical names with every place of the article known, in reading order
    ctx2 = orgs_stage.OrgContext(province=ctx.province, site_province=site_prov,
                                 site_federation=site_fed, last_place=dict(ctx.last_place))
    starts = [s.start for s in doc.sentences]
    for span in spans:
        orgs_stage.note_places(span, ctx2)
        sentence_start = starts[max(bisect_right(starts, span.start) - 1, 0)] if starts else 0
        local = orgs_stage.with_opening_place(span, ctx2, doc.text, sentence_start)
        canonical = orgs_stage.canonical_name(span, local)
        orgs_stage.note_sector(canonical, ctx2)
        resolved.append(orgs_stage.OrgSpan(span.start, span.end, span.text, span.kind,
                                           span.level, span.place, canonical, span.score))
    doc.orgs = resolved
    unions = [o for o in resolved if o.kind in ind_stage._UNION_KINDS
              and o.canonical != "Công đoàn Việt Nam"]
    title_end = doc.sentences[0].end if doc.sentences else 0
    opening_end = doc.sentences[1].end if len(doc.sentences) > 1 else len(doc.text)
    # The title names what the article is about; a named centre counts there too.
    titled = [o for o in resolved if o.start < title_end and o.canonical != "Công đoàn Việt Nam"
              and (o.kind in ind_stage._UNION_KINDS or o.text.startswith("Trung tâm"))]
    opening = titled or [o for o in unions if o.start < opening_end]
    if opening:
        doc.subject = opening[0].canonical
    elif unions:
        doc.subject = Counter(o.canonical for o in unions).most_common(1)[0][0]
    else:
        doc.subject = site_fed


def stage_figures(doc: Doc) -> None:
    doc.figures = [
        (i, f) for i, s in enumerate(doc.sentences)
        for f in figures_stage.find_figures(doc.text, s.start, s.end)
    ]
    doc.periods = [periods_stage.find_periods(doc.text, s.start, s.end) for s in doc.sentences]


def stage_indicators(doc: Doc) -> None:
    text = doc.text
    lower = text.lower()
    year = doc.published.year if doc.published else None
    all_mentions = [m for ms in doc.periods for m in ms]
    opening = [(text, s.start, s.end) for s in doc.sentences[:4] if s.start < 600]
    ctx = periods_stage.article_context(opening, all_mentions, year,
                                        doc.published.month if doc.published else None)
    by_sentence: dict[int, list] = {}
    for i, f in doc.figures:
        by_sentence.setdefault(i, []).append(f)
    mode: str | None = None
    list_period: Period | None = None
    out: list[Indicator] = []
    for i, sentence in enumerate(doc.sentences):
        figs = by_sentence.get(i, [])
        if i and (mode or list_period) and ind_stage.starts_new_paragraph(
                text, doc.sentences[i - 1].end, sentence.start):
            # a kind (and a list head's period) carries through its paragraph and a list,
            # not beyond
            mode = list_period = None
        # a list head's period is its items' default; a year an item names still wins
        list_ctx = replace(ctx, governing=list_period) if list_period else None
        sent_orgs = [(o, o.canonical) for o in doc.orgs
                     if sentence.start <= o.start < sentence.end]
        previous = None
        prev_metric = None
        fig_spans = [(g.start, g.end) for g in figs]
        for f in figs:
            period = periods_stage.period_for(text, f.start, f.end, doc.periods[i],
                                              list_ctx or ctx, fig_spans)
            kind, k_score = ind_stage.decide_kind(lower, f, sentence.start, mode, period, year,
                                                  text)
            completes = ind_stage.is_completion(text, f, previous)
            if completes:
                metric = prev_metric or ind_stage.decide_metric(lower, f, sentence.start,
                                                                sentence.end)[0]
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
            if kind == "achieved" and year and period.start < period.end and \
                    period.start <= year <= period.end and not period.recurring and \
                    not periods_stage.stated_in_sentence(doc.periods[i], ctx):
                # a count reported with no time of its own, in an article about a term, is
                # of now (the publication year), not of the whole term
                period = Period(year, year)
            org = ind_stage.org_for(sent_orgs, f, text, doc.subject, sentence.start)
            if completes and previous is not None and out:
                org = out[-1].org  # a completion rate is the completed figure's
            if unit == "người" and metric in ("members_new", "members_total", "party_referrals"):
                unit = "đoàn viên"  # people counted as members are members
            out.append(Indicator(
                text=text[f.start:f.end], start=f.start, end=f.end, value=f.value,
                unit=unit, qualifier=f.qualifier, kind=kind, metric=metric, org=org,
                period=period, sentence=sentence.text.strip(),
                score=round(min(k_score, m_score) * (0.9 if org else 0.6), 3),
                target_value=f.target_value,
            ))
            previous, prev_metric = f, metric
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


def _to_original(doc: Doc, version: str) -> Extraction:
    original = doc.norm.original
    orgs = []
    for o in doc.orgs:
        s, e = doc.norm.to_original(o.start, o.end)
        orgs.append(OrgMention(original[s:e], s, e, o.canonical, round(o.score, 3)))
    inds = []
    for ind in doc.indicators:
        s, e = doc.norm.to_original(ind.start, ind.end)
        sentence = next((x for x in doc.sentences if x.start <= ind.start < x.end), None)
        if sentence is not None:
            ss, se = doc.norm.to_original(sentence.start, sentence.end)
            sentence_text = original[ss:se].strip()
        else:
            sentence_text = ind.sentence
        inds.append(Indicator(
            text=original[s:e], start=s, end=e, value=ind.value, unit=ind.unit,
            qualifier=ind.qualifier, kind=ind.kind, metric=ind.metric, org=ind.org,
            period=ind.period, sentence=sentence_text, score=ind.score,
            target_value=ind.target_value,
        ))
    return Extraction(organisations=orgs, indicators=inds, extractor_version=version)


def analyse(
    text: str, published: date | str | None = None, site: str | None = None, tagger: Any = None,
) -> Doc:
    """Run every stage and return the `Doc` (offsets in its normalised text)."""
    doc = Doc(norm=normalise(text), published=_parse_date(published), site=site)
    site_fed, site_prov = _site_context(site)
    stage_zones(doc)
    stage_segment(doc, words=True)
    stage_orgs(doc, tagger, site_fed, site_prov)
    stage_figures(doc)
    stage_indicators(doc)
    return doc


def extract(
    text: str, published: date | str | None = None, site: str | None = None, tagger: Any = None,
) -> Extraction:
    """Organisations and indicators of one article; offsets index `text` exactly."""
    doc = analyse(text, published, site, tagger)
    return _to_original(doc, extractor_version(tagger))
