"""A federation's figures over time: targets beside results, for journalists.

`timeline_rows` collects the figures of the federation and of the bodies under it (each row
says whose it is: a body's figures are its own series, never the federation's), each figure
once, ordered by period and publication date. Which target a result answers and how complete
it is come from unionnews.promises, the one place those rules live; an impossible completion
is flagged there and never shown. The exports (CSV, JSON, TimelineJS, one HTML page, PNG/SVG
small multiples) are renderings of those rows.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from unionnews.labels import (
    KIND_LABELS,
    STATUS_LABELS,
    format_figure,
    format_number,
    format_percent,
    format_period,
    kind_label,
    metric_label,
)
from unionnews.pages import escape, highlight, link, page
from unionnews.promises import (
    COMPLETION_RATE_UNIT,
    build_promises,
    implausible,
    load_figures,
)
from unionnews.provenance import INVENTED_NOTE, is_invented
from unionnews.store import descendant_ids, find_organisations

COLUMNS = (
    "period_from", "period_to", "recurring", "org", "metric", "kind", "value", "unit",
    "qualifier", "target", "completion", "published", "url", "title", "sentence", "id",
    "status", "flag", "site", "per", "text", "own", "score",
)


class UnknownFederation(ValueError):
    """The FEDERATION argument names nothing in the store or the registry."""


def resolve_federation(db: sqlite_utils.Database, name: str) -> tuple[int, str]:
    """(id, canonical name) of the organisation `name` designates: a canonical name (accents
    optional), a registry site key, or words of a name when they pick out one federation."""
    ids = find_organisations(db, name)
    if not ids:
        ids = _registry_federation(db, name)
    if len(ids) > 1:
        # Words such as "ha noi" match many bodies; prefer the top-most one.
        rows = db.execute(
            f"select id, level from organisations where id in ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        rank = {"confederation": 0, "federation": 1}
        rows.sort(key=lambda r: (rank.get(r[1], 2), r[0]))
        ids = [rows[0][0]] if rank.get(rows[0][1], 2) < 2 else ids
    if len(ids) != 1:
        if not ids:
            raise UnknownFederation(f"no organisation or site matches {name!r}")
        raise UnknownFederation(f"{name!r} matches {len(ids)} organisations; be more precise")
    row = db.execute("select id, name from organisations where id = ?", ids).fetchone()
    return int(row[0]), str(row[1])


def _registry_federation(db: sqlite_utils.Database, key: str) -> list[int]:
    from unionnews.organisations import registry_federations

    try:
        sites = registry_federations()
    except Exception:  # a broken registry must not break a query on the store
        return []
    for site_key, federation, _ in sites:
        if site_key == key.strip() and federation:
            return find_organisations(db, federation)
    return []


def timeline_rows(
    db: sqlite_utils.Database,
    federation_id: int,
    metric: str | None = None,
    include_check: bool = False,
) -> list[dict[str, Any]]:
    """Every figure of the federation and the bodies under it, oldest period first.

    `own` says whether the row is the federation's own figure. Targets and completions count
    `publish` figures only unless `include_check`; check figures are still listed, marked.
    """
    ids = descendant_ids(db, [federation_id])
    figures = load_figures(db, ids, metric, include_check=True)
    counted = [f for f in figures if include_check or f.status == "publish"]
    judged: dict[int, Any] = {}
    for promise in build_promises(counted):
        result = promise.result
        if result is None:
            continue
        exact = (promise.period_from, promise.period_to) == (result.period_from,
                                                              result.period_to)
        if result.id not in judged or exact:
            judged[result.id] = promise
    rows = []
    for figure in figures:
        row = {c: getattr(figure, c, None) for c in COLUMNS}
        row["own"] = figure.organisation_id == federation_id
        promise = judged.get(figure.id)
        row["target"] = promise.target_value if promise else None
        row["completion"] = promise.completion if promise else None
        row["flag"] = (promise.flag if promise else None) or implausible(None, figure)
        rows.append(row)
    return rows


# --- chart ------------------------------------------------------------------------------------


@dataclass
class Panel:
    """One small multiple: a metric's targets and results per year, in one unit."""

    metric: str
    unit: str
    targets: dict[int, tuple[float, str]] = field(default_factory=dict)  # year → value, qual.
    results: dict[int, tuple[float, str]] = field(default_factory=dict)


def _chartable(row: dict[str, Any], include_check: bool) -> bool:
    # One year's own countable figure, not a completion rate, not per unit, nothing flagged.
    return (row["own"] and row["unit"] != COMPLETION_RATE_UNIT and not row["per"]
            and not row["flag"] and row["period_to"] is not None
            and (include_check or row["status"] == "publish")
            and (row["period_from"] == row["period_to"] or row["recurring"] == "annual"))


def chart_panels(rows: list[dict[str, Any]], metric: str | None = None,
                 include_check: bool = False) -> list[Panel]:
    """The federation's own targets and results per year, one panel per metric, in the
    metric's most frequent unit; a later article's figure for a year replaces an earlier
    one (it corrects it). Bodies under the federation are never merged in."""
    usable = [r for r in rows if _chartable(r, include_check)
              and (metric is None or r["metric"] == metric)]
    panels = []
    for code in sorted({r["metric"] for r in usable}, key=lambda m: (m != "members_new", m)):
        mine = [r for r in usable if r["metric"] == code]
        unit = Counter(r["unit"] for r in mine).most_common(1)[0][0]
        panel = Panel(code, unit or "")
        latest: dict[tuple[int, str], str] = {}
        for row in mine:
            if row["unit"] != unit:
                continue
            years = (range(row["period_from"], row["period_to"] + 1)
                     if row["recurring"] == "annual" else [row["period_to"]])
            bucket = panel.targets if row["kind"] == "target" else panel.results
            for year in years:
                stamp = row["published"] or ""
                if stamp >= latest.get((year, row["kind"]), ""):
                    latest[(year, row["kind"])] = stamp
                    bucket[year] = (float(row["value"]), row["qualifier"] or "exact")
        panels.append(panel)
    return panels


def _draw(axes: Any, panel: Panel) -> None:
    years = sorted(set(panel.targets) | set(panel.results))
    width = 0.38
    for offset, series, label, colour in (
            (-width / 2, panel.targets, KIND_LABELS["target"], "#9bb7d4"),
            (width / 2, panel.results, KIND_LABELS["achieved"], "#c0392b")):
        xs = [y + offset for y in years if y in series]
        values = [series[y][0] for y in years if y in series]
        bars = axes.bar(xs, values, width, label=label, color=colour)
        # The qualifier stays with the number: "hơn 18.000", never a bare "18.000".
        axes.bar_label(bars, labels=[format_figure(series[y][0], None, series[y][1])
                                     for y in years if y in series], fontsize=7, padding=2)
    axes.set_xticks(years)
    axes.set_title(metric_label(panel.metric), fontsize=10)
    axes.set_ylabel(panel.unit)
    axes.yaxis.set_major_formatter(lambda value, _: format_number(value))
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    axes.legend(frameon=False, fontsize=8)


def render_chart(rows: list[dict[str, Any]], federation: str, fmt: str,
                 metric: str | None = None, include_check: bool = False) -> bytes:
    """Small multiples, one per metric, of the federation's own targets against results per
    year, as PNG or SVG bytes (matplotlib, Agg)."""
    return _render(chart_panels(rows, metric, include_check), federation, fmt,
                   any_invented(rows))


def _render(panels: list[Panel], title: str, fmt: str, invented: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 1 if len(panels) <= 1 else 2
    lines = max(1, -(-len(panels) // columns))
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "none",
                                "svg.hashsalt": "unionnews"}):
        figure, grid = plt.subplots(lines, columns, figsize=(5.2 * columns, 3.4 * lines),
                                    squeeze=False)
        cells = [axes for row in grid for axes in row]
        for axes, panel in zip(cells, panels, strict=False):
            _draw(axes, panel)
        for axes in cells[len(panels):]:
            axes.set_axis_off()
        if not panels:
            cells[0].text(0.5, 0.5, "Chưa có số liệu của chính tổ chức này", ha="center",
                          transform=cells[0].transAxes)
        figure.suptitle(title + (" — DỮ LIỆU GIẢ LẬP" if invented else ""), fontsize=11)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(figure)
    return buffer.getvalue()


# --- exports ----------------------------------------------------------------------------------


def _figure(row: dict[str, Any]) -> str:
    return format_figure(row["value"], row["unit"], row["qualifier"], row["per"])


def _headline(row: dict[str, Any]) -> str:
    return f"{kind_label(row['kind'])} – {metric_label(row['metric'])}: {_figure(row)}"


def any_invented(rows: list[dict[str, Any]]) -> bool:
    """Whether any row comes from the bundled replica's invented articles."""
    return any(is_invented(r["site"], r["url"]) for r in rows)


def timelinejs(rows: list[dict[str, Any]], federation: str) -> dict[str, Any]:
    """Knight Lab TimelineJS JSON. Every text field is HTML there, so every scraped string
    is escaped, and only http(s) article URLs become links."""
    events = []
    for row in rows:
        if row["period_from"] is None:
            continue
        parts = [f"<p>{highlight(row['sentence'], row['text'])}</p>",
                 f"<p>{escape(row['org'])}"]
        if row["completion"] is not None:
            parts.append(f" — {escape(format_percent(row['completion']))} chỉ tiêu "
                         f"{escape(format_number(row['target']))}")
        parts.append("</p>")
        if row["status"] != "publish":
            parts.append(f"<p><em>{escape(STATUS_LABELS['check'])}</em></p>")
        invented = is_invented(row["site"], row["url"])
        parts.append(f"<p>{escape((row['published'] or '')[:10])} · {escape(row['site'])} · "
                     f"{link(row['url'], row['title'], invented)}</p>")
        event: dict[str, Any] = {
            "start_date": {"year": int(row["period_from"])},
            "text": {"headline": escape(_headline(row)), "text": "".join(parts)},
            "group": escape(metric_label(row["metric"])),
            "unique_id": f"figure-{row['id']}",
        }
        if row["period_to"] is not None and row["period_to"] != row["period_from"]:
            event["end_date"] = {"year": int(row["period_to"])}
        events.append(event)
    note = f"<p><strong>{escape(INVENTED_NOTE)}</strong></p>" if any_invented(rows) else ""
    return {
        "title": {"text": {"headline": escape(federation),
                           "text": note + "<p>Chỉ tiêu và kết quả theo năm</p>"}},
        "events": events,
    }


def _row_html(row: dict[str, Any]) -> str:
    badges = []
    if row["status"] != "publish":
        badges.append(f'<span class="badge check">{escape(STATUS_LABELS["check"])}</span>')
    if row["flag"]:
        badges.append(f'<span class="badge flag">{escape(row["flag"])}</span>')
    completion = ""
    if row["completion"] is not None:
        completion = (f"{escape(format_percent(row['completion']))} của chỉ tiêu "
                      f"{escape(format_number(row['target']))}")
    invented = is_invented(row["site"], row["url"])
    sure = f" · độ tin cậy {format_number(row['score'])}" if row["score"] is not None else ""
    return (
        f"<tr><td>{escape(kind_label(row['kind']))}</td>"
        f"<td><details><summary><strong>{escape(_figure(row))}</strong> {' '.join(badges)}"
        f"</summary><p>{highlight(row['sentence'], row['text'])}</p></details>"
        f'<div class="meta">{escape((row["published"] or "")[:10])} · {escape(row["site"])}'
        f" · {link(row['url'], row['title'], invented)}{escape(sure)}</div></td>"
        f'<td class="num">{completion}</td></tr>'
    )


def _grouped(rows: list[dict[str, Any]]) -> str:
    """Rows grouped by period, then metric: one small table per metric and period."""
    out = []
    periods: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        periods.setdefault((row["period_from"], row["period_to"], row["recurring"]),
                           []).append(row)
    for (start, end, recurring), group in periods.items():
        out.append(f"<h3>{escape(format_period(start, end, recurring))}</h3>")
        metrics: dict[str, list[dict[str, Any]]] = {}
        for row in group:
            metrics.setdefault(row["metric"], []).append(row)
        for code, items in metrics.items():
            out.append(
                f"<table><caption>{escape(metric_label(code))}</caption><thead><tr>"
                "<th>Loại</th><th>Số liệu (bấm để xem câu gốc)</th><th>Hoàn thành</th>"
                "</tr></thead><tbody>" + "".join(_row_html(r) for r in items)
                + "</tbody></table>")
    return "\n".join(out)


def html_page(rows: list[dict[str, Any]], federation: str, metric: str | None = None,
              include_check: bool = False) -> str:
    """One self-contained page: the federation's own small multiples and figures, then each
    body under it as its own section; grouped by period and metric, every string escaped."""
    invented = any_invented(rows)
    charts = []
    for panel in chart_panels(rows, metric, include_check):
        svg = _render([panel], "", "svg").decode("utf-8")
        charts.append(f"<figure>{svg[svg.index('<svg'):]}</figure>")
    own = [r for r in rows if r["own"]]
    bodies: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if not row["own"]:
            bodies.setdefault(row["org"] or "Không rõ tổ chức", []).append(row)
    checks = sum(r["status"] != "publish" for r in rows)
    parts = [
        f"<p>{len(rows)} số liệu, trong đó {len(own)} của chính {escape(federation)}"
        f" và {len(rows) - len(own)} của {len(bodies)} đơn vị trực thuộc (mỗi đơn vị một "
        f"mục riêng, không cộng vào số của liên đoàn). {checks} số liệu cần kiểm tra."
        " Biểu đồ chỉ gồm số liệu đã xác nhận của chính tổ chức.</p>",
        "<nav><ul>" + f'<li><a href="#own">{escape(federation)}</a></li>'
        + "".join(f'<li><a href="#body-{n}">{escape(name)}</a></li>'
                  for n, name in enumerate(bodies)) + "</ul></nav>",
        '<div class="charts">' + "".join(charts) + "</div>" if charts else "",
        f'<h2 id="own">{escape(federation)}</h2>',
        _grouped(own) or "<p>Chưa có số liệu của chính tổ chức này.</p>",
    ]
    for n, (name, items) in enumerate(bodies.items()):
        parts.append(f'<h2 id="body-{n}">{escape(name)}</h2>')
        parts.append(_grouped(items))
    return page(f"{federation}: chỉ tiêu và kết quả", "\n".join(parts), invented)

