"""A federation's figures over time: targets beside results, for journalists.

`timeline_rows` collects every indicator of the federation and of the bodies under it,
ordered by period and publication date. An achieved figure is paired with its target when one
exists: the "2134/1800" form carries its own, otherwise a target of the same organisation,
metric and unit for the same period (or an annual target of a term covering that year).
The exports (CSV, JSON, TimelineJS, one HTML page, PNG/SVG chart) are renderings of those rows.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from typing import Any

import sqlite_utils

from unionnews.folding import fold
from unionnews.store import descendant_ids, find_organisations

COLUMNS = (
    "period_from", "period_to", "recurring", "org", "metric", "kind", "value", "unit",
    "qualifier", "target", "completion", "published", "url", "title", "sentence",
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
    db: sqlite_utils.Database, federation_id: int, metric: str | None = None
) -> list[dict[str, Any]]:
    """Every indicator of the federation and the bodies under it, oldest period first."""
    ids = descendant_ids(db, [federation_id])
    sql = (
        "select i.id, i.organisation_id, i.period_from, i.period_to, i.recurring, i.org,"
        " i.metric, i.kind, i.value, i.unit, i.qualifier, i.target_value, a.published, a.url,"
        " a.title, i.sentence from indicators i join articles a on a.id = i.article_id"
        f" where i.organisation_id in ({','.join('?' * len(ids))})"
    )
    params: list[Any] = list(ids)
    if metric:
        sql += " and i.metric = ?"
        params.append(metric)
    sql += " order by i.period_from, i.period_to, a.published, i.id"
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor]
    _pair_targets(rows)
    return [{c: row.get(c) for c in COLUMNS} for row in rows]


def _pair_targets(rows: list[dict[str, Any]]) -> None:
    targets = [r for r in rows if r["kind"] == "target"]
    for row in rows:
        row["target"], row["completion"] = None, None
        if row["kind"] != "achieved" or row["unit"] == "% kế hoạch":
            continue
        target = row["target_value"]
        if target is None:
            # The latest-published target of the same body, metric and unit for this period.
            candidates = [
                t for t in targets
                if (t["organisation_id"], t["metric"], t["unit"])
                == (row["organisation_id"], row["metric"], row["unit"])
                and (
                    (t["period_from"], t["period_to"]) == (row["period_from"], row["period_to"])
                    or (t["recurring"] == "annual" and row["period_from"] == row["period_to"]
                        and t["period_from"] <= row["period_to"] <= t["period_to"])
                )
            ]
            if candidates:
                target = max(candidates, key=lambda t: (t["published"] or "", t["id"]))["value"]
        if target:
            row["target"] = target
            row["completion"] = round(row["value"] / target, 4)


# --- chart ------------------------------------------------------------------------------------


def chart_series(
    rows: list[dict[str, Any]], federation: str, metric: str | None = None
) -> tuple[str, str, dict[int, float], dict[int, float]]:
    """(metric, unit, targets by year, results by year) to plot.

    The federation's own figures when it has any for the metric, otherwise every body's; the
    most frequent metric and unit when none is asked for; one figure per year and kind, the
    latest published (a later article corrects an earlier one).
    """
    usable = [r for r in rows if r["unit"] != "% kế hoạch"]
    if metric is None:
        counts = Counter(r["metric"] for r in usable)
        metric = "members_new" if counts.get("members_new") else (
            counts.most_common(1)[0][0] if counts else "")
    usable = [r for r in usable if r["metric"] == metric]
    own = [r for r in usable if fold(r["org"] or "") == fold(federation)]
    usable = own or usable
    unit = Counter(r["unit"] for r in usable).most_common(1)[0][0] if usable else ""
    targets: dict[int, tuple[str, float]] = {}
    results: dict[int, tuple[str, float]] = {}
    for row in usable:
        if row["unit"] != unit or row["period_to"] is None:
            continue
        year, stamp = int(row["period_to"]), row["published"] or ""
        bucket = targets if row["kind"] == "target" else results
        if year not in bucket or stamp >= bucket[year][0]:
            bucket[year] = (stamp, float(row["value"]))
        if row["kind"] == "achieved" and row["target"] and year not in targets:
            targets[year] = ("", float(row["target"]))
    return (metric, unit, {y: v for y, (_, v) in targets.items()},
            {y: v for y, (_, v) in results.items()})


def render_chart(
    rows: list[dict[str, Any]], federation: str, fmt: str, metric: str | None = None
) -> bytes:
    """Targets against results per year as PNG or SVG bytes (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metric, unit, targets, results = chart_series(rows, federation, metric)
    years = sorted(set(targets) | set(results))
    with matplotlib.rc_context({"text.parse_math": False, "svg.fonttype": "none",
                                "svg.hashsalt": "unionnews"}):
        figure, axes = plt.subplots(figsize=(8, 4.2))
        width = 0.38
        axes.bar([y - width / 2 for y in years], [targets.get(y, 0) for y in years], width,
                 label="Chỉ tiêu / target", color="#9bb7d4")
        axes.bar([y + width / 2 for y in years], [results.get(y, 0) for y in years], width,
                 label="Kết quả / result", color="#c0392b")
        axes.set_xticks(years)
        axes.set_title(f"{federation}: {metric}", fontsize=10)
        axes.set_ylabel(unit)
        axes.legend(frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        if not years:
            axes.text(0.5, 0.5, "no figures", ha="center", transform=axes.transAxes)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        plt.close(figure)
    return buffer.getvalue()


# --- exports ----------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:g}"


def _headline(row: dict[str, Any]) -> str:
    kind = "Chỉ tiêu" if row["kind"] == "target" else "Kết quả"
    return f"{kind} {row['metric']}: {_number(row['value'])} {row['unit'] or ''}".strip()


def timelinejs(rows: list[dict[str, Any]], federation: str) -> dict[str, Any]:
    """Knight Lab TimelineJS JSON. Its text fields are HTML, so every scraped string is
    escaped."""
    events = []
    for row in rows:
        if row["period_from"] is None:
            continue
        event: dict[str, Any] = {
            "start_date": {"year": int(row["period_from"])},
            "text": {
                "headline": html.escape(_headline(row)),
                "text": (
                    f"<p>{html.escape(row['sentence'] or '')}</p>"
                    f"<p>{html.escape(row['org'] or '')}"
                    + (f" — {row['completion']:.0%} / {_number(row['target'])}"
                       if row["completion"] is not None else "")
                    + f"</p><p><a href=\"{html.escape(row['url'] or '', quote=True)}\">"
                    f"{html.escape(row['title'] or row['url'] or '')}</a></p>"
                ),
            },
            "group": row["metric"],
        }
        if row["period_to"] is not None and row["period_to"] != row["period_from"]:
            event["end_date"] = {"year": int(row["period_to"])}
        events.append(event)
    return {
        "title": {"text": {"headline": html.escape(federation),
                           "text": "Chỉ tiêu và kết quả / targets and results"}},
        "events": events,
    }


def html_page(rows: list[dict[str, Any]], federation: str, metric: str | None = None) -> str:
    """One self-contained page: an inline SVG chart and the table, every string escaped."""
    svg = render_chart(rows, federation, "svg", metric).decode("utf-8")
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype inside HTML
    header = ("Kỳ / period", "Tổ chức / organisation", "Chỉ số / metric", "Loại / kind",
              "Giá trị / value", "Chỉ tiêu / target", "Tỉ lệ / completion", "Câu / sentence",
              "Bài / article")
    body = []
    for row in rows:
        start, end = row["period_from"], row["period_to"]
        period = f"{start}" if start == end else f"{start}–{end}"
        completion = "" if row["completion"] is None else f"{row['completion']:.0%}"
        cells = [period, row["org"] or "", row["metric"], row["kind"],
                 f"{_number(row['value'])} {row['unit'] or ''}", _number(row["target"]),
                 completion, row["sentence"] or ""]
        link = (f'<a href="{html.escape(row["url"] or "", quote=True)}">'
                f'{html.escape(row["title"] or row["url"] or "")}</a>')
        body.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
                    + f"<td>{link}</td></tr>")
    title = html.escape(federation)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: chỉ tiêu và kết quả</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}}
th,td{{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}}
th{{background:#f4f4f4}} svg{{max-width:100%;height:auto}}
</style></head><body>
<h1>{title}</h1>
<p>Chỉ tiêu và kết quả theo năm / targets and results by year ({len(rows)} figures).</p>
<figure>{svg}</figure>
<table><thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in header)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""
