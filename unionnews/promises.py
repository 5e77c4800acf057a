"""The promise tracker: every target a body set beside the results that answer it.

This module is the one place that decides which result answers which target and how complete
a target is; the `promises` command, the timelines and the Datasette UI all read it.

The pairing rule (`answers`): a result answers a target when

- it reports the same body's work (`organisation_id` equal; a result of a body below counts
  only when the extractor attributes it to the target's body, as the spec does for results
  "summed over unnamed lower levels");
- it measures the same metric in the same unit, per the same thing: money never against a
  per-meal price (`per`), a rate (`%`) never against a count;
- it lies inside the target's period: a year of a term for an annual target ("hằng năm"),
  any span inside the period otherwise;
- it is not a decrease, unless the target sets one.

A result written against its own plan ("kết nạp 2134/1800 đoàn viên") is its own promise.
A stated completion rate ("đạt 128,56% kế hoạch", unit `% kế hoạch`) answers a target when no
countable result does. Only `publish` figures count unless check figures are asked for;
rejected figures never count, corrected ones count as corrected (the `figures` view).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

import sqlite_utils

from unionnews.labels import (
    STATUS_LABELS,
    format_figure,
    format_percent,
    format_period,
    metric_label,
)
from unionnews.pages import escape, highlight, link, page
from unionnews.provenance import is_invented

COMPLETION_RATE_UNIT = "% kế hoạch"
SHARE_UNIT = "%"

# A result more than this many times its target is far likelier a mis-paired or mis-read
# figure (a total against a per-meal price) than a real over-fulfilment: it is flagged for
# review instead of being shown. Overridable with `promises --max-completion`.
MAX_PLAUSIBLE_COMPLETION = 5.0

STATUSES = ("đạt", "vượt", "chưa đạt", "đang thực hiện", "không có số liệu", "cần kiểm tra")


@dataclass
class Figure:
    """One figure as readers see it: a row of the store's `figures` view."""

    id: int
    article_id: int
    organisation_id: int | None
    org: str | None
    metric: str
    kind: str
    value: float
    target_value: float | None
    range_max: float | None
    base_value: float | None
    unit: str | None
    per: str | None
    change: str | None
    qualifier: str | None
    period_from: int | None
    period_to: int | None
    recurring: str | None
    text: str
    start: int
    end: int
    sentence: str | None
    score: float | None
    status: str
    review_state: str | None
    site: str | None
    published: str | None
    title: str | None
    url: str | None


FIGURE_COLUMNS = tuple(f.name for f in fields(Figure))


def load_figures(
    db: sqlite_utils.Database | sqlite3.Connection,
    organisation_ids: list[int] | None = None,
    metric: str | None = None,
    include_check: bool = True,
) -> list[Figure]:
    """The figures of the given bodies (all when None), oldest period first, each once."""
    where, params = [], []
    if organisation_ids is not None:
        where.append(f"organisation_id in ({','.join('?' * len(organisation_ids))})")
        params += organisation_ids
    if metric:
        where.append("metric = ?")
        params.append(metric)
    if not include_check:
        where.append("status = 'publish'")
    sql = (
        "select " + ", ".join(f'"{c}"' for c in FIGURE_COLUMNS) + " from figures"
        + (" where " + " and ".join(where) if where else "")
        + " order by period_from, period_to, published, id"
    )
    rows = [Figure(*row) for row in db.execute(sql, params)]
    return distinct_figures(rows)


def distinct_figures(figures: list[Figure]) -> list[Figure]:
    """One figure once: the same figure repeated in an article's headline, lead and body is
    kept at its last occurrence (the body's), as the spec's "one figure once" asks."""
    last: dict[tuple, Figure] = {}
    for figure in figures:
        key = (figure.article_id, figure.organisation_id, figure.metric, figure.kind,
               figure.value, figure.unit, figure.per, figure.period_from, figure.period_to)
        if key not in last or figure.start > last[key].start:
            last[key] = figure
    keep = {id(f) for f in last.values()}
    return [f for f in figures if id(f) in keep]


# --- the pairing rule ---------------------------------------------------------------------


def _unit(figure: Figure) -> str:
    return " ".join((figure.unit or "").casefold().split())


def same_measure(target: Figure, result: Figure) -> bool:
    """Same metric, same unit, per the same thing."""
    return (target.metric == result.metric and _unit(target) == _unit(result)
            and (target.per or None) == (result.per or None))


def within_period(target: Figure, result: Figure) -> bool:
    """The result's period lies inside the target's (one year of the term when annual)."""
    if None in (target.period_from, target.period_to, result.period_from, result.period_to):
        return False
    if target.recurring == "annual" and result.period_from != result.period_to:
        return False
    return target.period_from <= result.period_from and result.period_to <= target.period_to


def same_body(target: Figure, result: Figure) -> bool:
    return result.organisation_id is not None and result.organisation_id == target.organisation_id


def answers(target: Figure, result: Figure) -> bool:
    """Whether `result` reports on what `target` set (see the module's docstring)."""
    return (
        target.kind == "target" and result.kind == "achieved"
        and same_body(target, result) and same_measure(target, result)
        and within_period(target, result)
        and (result.change != "decrease" or target.change == "decrease")
    )


def states_completion(target: Figure, result: Figure) -> bool:
    """Whether `result` is a completion rate stated for `target`'s metric and period."""
    return (
        target.kind == "target" and result.kind == "achieved"
        and _unit(result) == COMPLETION_RATE_UNIT and target.metric == result.metric
        and same_body(target, result) and within_period(target, result)
    )


# --- completion ---------------------------------------------------------------------------


def completion(value: float, target_value: float) -> float | None:
    """THE completion formula: the result as a ratio of its target (1.0 = 100 %)."""
    if not target_value:
        return None
    return round(value / target_value, 4)


def implausible(ratio: float | None, result: Figure | None = None,
                max_completion: float = MAX_PLAUSIBLE_COMPLETION) -> str | None:
    """Why a completion (or a share) cannot be true, or None when it can."""
    if result is not None and _unit(result) == SHARE_UNIT and result.change is None \
            and result.value > 100:
        return f"tỉ lệ {result.value:g} % vượt 100 %"
    if ratio is not None and ratio > max_completion:
        return (f"kết quả gấp hơn {max_completion:g} lần chỉ tiêu: không thể đúng "
                "(ghép nhầm hoặc đọc sai số), cần kiểm tra")
    return None


@dataclass
class Promise:
    """A target and what answers it. `completion` is a ratio (1.0 = 100 %)."""

    target: Figure
    target_value: float
    period_from: int | None
    period_to: int | None
    status: str
    completion: float | None = None
    result: Figure | None = None  # the result the status is judged on
    results: list[Figure] = field(default_factory=list)  # every answering figure
    flag: str | None = None  # why the completion is withheld, when it is

    @property
    def metric(self) -> str:
        return self.target.metric

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "org": self.target.org,
            "period": {"from": self.period_from, "to": self.period_to,
                       "recurring": self.target.recurring},
            "target": {**asdict(self.target), "value": self.target_value,
                       "stated_with_result": self.target.kind == "achieved"},
            "status": self.status,
            "completion": self.completion,
            "flag": self.flag,
            "result": asdict(self.result) if self.result else None,
            "results": [asdict(r) for r in self.results],
        }


def _judge(promise: Promise, this_year: int, max_completion: float) -> None:
    countable = [r for r in promise.results if _unit(r) != COMPLETION_RATE_UNIT]
    stated = [r for r in promise.results if _unit(r) == COMPLETION_RATE_UNIT]
    # The latest word: the result reaching furthest into the period, then the newest article.
    pick = max(countable or stated,
               key=lambda r: (r.period_to or 0, r.published or "", r.id), default=None)
    over = promise.period_to is not None and promise.period_to < this_year
    if pick is None:
        promise.status = "không có số liệu" if over else "đang thực hiện"
        return
    promise.result = pick
    ratio = (round(pick.value / 100, 4) if pick in stated
             else completion(pick.value, promise.target_value))
    promise.flag = implausible(ratio, None if pick in stated else pick, max_completion)
    if promise.flag:
        promise.status = "cần kiểm tra"
        return
    promise.completion = ratio
    if ratio is None:
        promise.status = "không có số liệu"
        return
    at_most = promise.target.qualifier == "at_most"
    met = ratio <= 1 if at_most else ratio >= 1
    final = pick.period_to is not None and promise.period_to is not None \
        and pick.period_to >= promise.period_to
    if met and (final or not at_most):
        promise.status = "vượt" if ratio > 1 and not at_most else "đạt"
    elif final:
        promise.status = "chưa đạt"
    else:
        promise.status = "đang thực hiện" if not over else "không có số liệu"


def _years(target: Figure, this_year: int) -> list[tuple[int | None, int | None]]:
    if target.recurring == "annual" and target.period_from is not None \
            and target.period_to is not None:
        last = min(target.period_to, this_year)
        return [(year, year) for year in range(target.period_from, last + 1)]
    return [(target.period_from, target.period_to)]


def build_promises(
    figures: list[Figure],
    this_year: int | None = None,
    max_completion: float = MAX_PLAUSIBLE_COMPLETION,
) -> list[Promise]:
    """Pair every target in `figures` with the results in `figures` that answer it.

    An annual target becomes one promise per year of its term that has an answer, and one
    for `this_year` (default: the current year) while the term runs; with no answer in any
    year it stays one promise for the whole term. `this_year` also decides whether a period
    is over.
    """
    this_year = this_year or date.today().year
    targets = [f for f in figures if f.kind == "target"]
    results = [f for f in figures if f.kind == "achieved"]
    # The same target restated in several articles is one promise (the newest statement).
    newest: dict[tuple, Figure] = {}
    for target in targets:
        key = (target.organisation_id, target.metric, _unit(target), target.per,
               target.period_from, target.period_to, target.recurring, target.value)
        if key not in newest or (target.published or "", target.id) > (
                newest[key].published or "", newest[key].id):
            newest[key] = target
    promises: list[Promise] = []
    for target in newest.values():
        judged = []
        for start, end in _years(target, this_year):
            scope = Figure(**{**asdict(target), "period_from": start, "period_to": end,
                              "recurring": None})
            answering = [r for r in results if answers(scope, r)]
            if not any(_unit(r) != COMPLETION_RATE_UNIT for r in answering):
                answering += [r for r in results if states_completion(scope, r)]
            promise = Promise(target, target.value, start, end, "", results=answering)
            _judge(promise, this_year, max_completion)
            judged.append(promise)
        if target.recurring == "annual":
            # An annual target shows the years that answer it and the year under way; a
            # term with no answer at all is one line, not one empty line per year.
            shown = [p for p in judged if p.results or p.period_from == this_year]
            if not any(p.results for p in judged):
                shown = [Promise(target, target.value, target.period_from, target.period_to,
                                 "")]
                _judge(shown[0], this_year, max_completion)
            judged = shown
        promises.extend(judged)
    for result in results:
        if result.target_value:  # "2134/1800": the result carries its own plan
            promise = Promise(result, result.target_value, result.period_from,
                              result.period_to, "", results=[result])
            _judge(promise, this_year, max_completion)
            promises.append(promise)
    promises.sort(key=lambda p: (p.period_from or 0, p.period_to or 0, p.metric,
                                 p.target.published or "", p.target.id))
    return promises


def promises_for(
    db: sqlite_utils.Database | sqlite3.Connection,
    organisation_id: int,
    *,
    metric: str | None = None,
    term: tuple[int, int] | None = None,
    include_check: bool = False,
    this_year: int | None = None,
    max_completion: float = MAX_PLAUSIBLE_COMPLETION,
) -> list[Promise]:
    """The promises of one body: its targets (inside `term` when given) and their answers."""
    figures = load_figures(db, [organisation_id], metric, include_check)
    promises = build_promises(figures, this_year, max_completion)
    if term:
        promises = [p for p in promises if p.period_from is not None
                    and term[0] <= p.period_from and (p.period_to or 0) <= term[1]]
    return promises


# --- renderings ---------------------------------------------------------------------------

PROMISE_COLUMNS = (
    "period", "metric", "org", "target", "result", "completion", "status", "flag",
    "target_status", "result_status", "target_sentence", "target_url", "result_sentence",
    "result_url", "target_id", "result_id",
)


def promise_row(promise: Promise) -> dict[str, Any]:
    """One promise as a flat row (table and CSV): Vietnamese numbers, links kept."""
    target, result = promise.target, promise.result
    return {
        "period": format_period(promise.period_from, promise.period_to,
                                target.recurring if promise.period_from == target.period_from
                                and promise.period_to == target.period_to else None),
        "metric": metric_label(promise.metric),
        "org": target.org,
        "target": format_figure(promise.target_value,
                                target.unit, None if target.kind == "achieved"
                                else target.qualifier, target.per),
        "result": format_figure(result.value, result.unit, result.qualifier, result.per)
        if result else "",
        "completion": format_percent(promise.completion),
        "status": promise.status,
        "flag": promise.flag or "",
        "target_status": target.status,
        "result_status": result.status if result else "",
        "target_sentence": target.sentence,
        "target_url": target.url,
        "result_sentence": result.sentence if result else "",
        "result_url": result.url if result else "",
        "target_id": target.id,
        "result_id": result.id if result else None,
    }


_STATUS_CLASS = {"đạt": "ok", "vượt": "ok", "chưa đạt": "flag", "cần kiểm tra": "flag",
                 "đang thực hiện": "late", "không có số liệu": "late"}


def _figure_cell(figure: Figure, shown: str) -> str:
    badge = (f' <span class="badge check">{escape(STATUS_LABELS["check"])}</span>'
             if figure.status != "publish" else "")
    date = (figure.published or "")[:10]
    return (
        f"<details><summary><strong>{escape(shown)}</strong>{badge}</summary>"
        f"<p>{highlight(figure.sentence, figure.text)}</p></details>"
        f'<div class="meta">{escape(date)} · {escape(figure.site)} · '
        f"{link(figure.url, figure.title, is_invented(figure.site, figure.url))}</div>"
    )


def promises_html(promises: list[Promise], body: str) -> str:
    """The promise tracker of one body as a self-contained page, grouped by metric."""
    sections = []
    by_metric: dict[str, list[Promise]] = {}
    for promise in promises:
        by_metric.setdefault(promise.metric, []).append(promise)
    for metric, group in by_metric.items():
        rows = []
        for promise in group:
            row = promise_row(promise)
            status = (f'<span class="badge {_STATUS_CLASS.get(promise.status, "late")}">'
                      f"{escape(promise.status)}</span>")
            if promise.flag:
                status += f'<div class="meta">{escape(promise.flag)}</div>'
            result = (_figure_cell(promise.result, row["result"]) if promise.result
                      else "—")
            rows.append(
                f"<tr><td>{escape(row['period'])}</td>"
                f"<td>{_figure_cell(promise.target, row['target'])}</td>"
                f"<td>{result}</td><td class=\"num\">{escape(row['completion'])}</td>"
                f"<td>{status}</td></tr>")
        sections.append(
            f"<h2>{escape(metric_label(metric))}</h2><table><thead><tr><th>Kỳ</th>"
            "<th>Chỉ tiêu</th><th>Kết quả</th><th>Tỉ lệ hoàn thành</th><th>Đánh giá</th>"
            "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>")
    if not sections:
        sections.append("<p>Không có chỉ tiêu nào trong kho cho tổ chức này.</p>")
    invented = any(is_invented(f.site, f.url) for p in promises
                   for f in [p.target, *p.results])
    intro = ("<p>Mỗi chỉ tiêu bên cạnh kết quả trả lời nó: cùng tổ chức, cùng chỉ số, cùng "
             "đơn vị, trong kỳ của chỉ tiêu. Bấm vào số liệu để xem câu gốc.</p>")
    return page(f"{body}: chỉ tiêu và kết quả", intro + "\n".join(sections), invented)
