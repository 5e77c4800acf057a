"""The review desk: editors mark a figure right or wrong, or correct its fields.

A review is stored in `reviews`, keyed by the figure's stable identity (the article's URL, the
figure's offsets and text), not by its row id, so it survives `extract --reprocess` and even a
rebuilt store. The store's `figure_records` view applies it; every reader goes through that
view (or `figures`, which drops rejected figures), so a review overrides the model in search,
timelines, promises and Datasette alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from nlp.model import KINDS, METRICS, QUALIFIERS

STATES = ("ok", "rejected", "corrected")
EDITABLE = ("value", "kind", "metric", "org", "period", "unit", "qualifier")


class ReviewError(ValueError):
    """A review that cannot be applied; the message is one line for the editor."""


@dataclass
class Review:
    state: str
    by: str
    at: str
    corrections: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "by": self.by, "at": self.at, **self.corrections}


def parse_correction(field: str, text: str) -> dict[str, Any]:
    """One `--set field=value` as the columns it corrects (period: 2024, 2023-2028, or
    2023-2028/annual for a target set for every year of a term)."""
    text = text.strip()
    if field == "value":
        # Written as Vietnamese editors write it: "18.500" is eighteen thousand five hundred,
        # "66,68" a decimal; a plain "12.5" stays a decimal.
        number = text.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) \
            else text
        try:
            return {"value": float(number.replace(",", "."))}
        except ValueError:
            raise ReviewError(f"value must be a number, not {text!r}") from None
    if field == "kind":
        return {"kind": _choice(field, text, KINDS)}
    if field == "metric":
        return {"metric": _choice(field, text, METRICS)}
    if field == "qualifier":
        return {"qualifier": _choice(field, text, QUALIFIERS)}
    if field in ("org", "unit"):
        if not text:
            raise ReviewError(f"{field} cannot be empty")
        return {field: " ".join(text.split())}
    if field == "period":
        found = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?(/annual)?", text)
        if not found or (found[2] and int(found[2]) < int(found[1])):
            raise ReviewError(f"period takes 2024, 2023-2028 or 2023-2028/annual, not {text!r}")
        return {"period_from": int(found[1]), "period_to": int(found[2] or found[1]),
                "recurring": "annual" if found[3] else None}
    raise ReviewError(f"cannot correct {field!r}; editable: {', '.join(EDITABLE)}")


def _choice(field: str, text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise ReviewError(f"{field} must be one of {', '.join(allowed)}, not {text!r}")
    return text


# What a review may change on a row; `reviews.model` keeps the model's values of these.
MODEL_FIELDS = ("value", "kind", "metric", "org", "organisation_id", "unit", "qualifier",
                "period_from", "period_to", "recurring", "status")


def _identity(db: sqlite_utils.Database, figure_id: int) -> tuple[str, int, int, str]:
    row = db.execute(
        'select a.url, i.start, i."end", i.text from indicators i'
        " join articles a on a.id = i.article_id where i.id = ?", [figure_id]).fetchone()
    if row is None:
        raise ReviewError(f"no figure with id {figure_id}")
    return row[0], row[1], row[2], row[3]


def _model_values(db: sqlite_utils.Database, figure_id: int) -> dict[str, Any]:
    """What the model said about the figure: its row, or the copy kept when it was reviewed."""
    row = db.execute(
        "select " + ", ".join(MODEL_FIELDS) + ", review_state from indicators where id = ?",
        [figure_id]).fetchone()
    if row[-1] is None:
        return dict(zip(MODEL_FIELDS, row[:-1], strict=True))
    url, start, end, text = _identity(db, figure_id)
    (model,) = db.execute(
        'select model from reviews where article_url = ? and start = ? and "end" = ?'
        " and text = ?", [url, start, end, text]).fetchone()
    return json.loads(model)


def _apply(db: sqlite_utils.Database, figure_id: int, state: str,
           corrections: dict[str, Any], model: dict[str, Any]) -> None:
    from unionnews.store import ensure_organisation

    values = {**model, **corrections}
    if "org" in corrections:
        values["organisation_id"] = ensure_organisation(db, corrections["org"])
    if state in ("ok", "corrected"):
        values["status"] = "publish"
    db.execute(
        "update indicators set " + ", ".join(f"{name} = ?" for name in MODEL_FIELDS)
        + ", review_state = ? where id = ?",
        [*(values[name] for name in MODEL_FIELDS), state, figure_id])


def apply_reviews(db: sqlite_utils.Database, article_id: int) -> int:
    """Apply the kept reviews to article `article_id`'s freshly extracted figures (inside the
    caller's transaction); returns how many applied. The model's new reading is kept."""
    rows = db.execute(
        'select i.id, r.id, r.state, r.corrections from indicators i'
        " join articles a on a.id = i.article_id join reviews r on r.article_url = a.url"
        ' and r.start = i.start and r."end" = i."end" and r.text = i.text'
        " where i.article_id = ? and i.review_state is null", [article_id]).fetchall()
    for figure_id, review_id, state, corrections in rows:
        model = _model_values(db, figure_id)
        db.execute("update reviews set model = ? where id = ?",
                   [json.dumps(model, ensure_ascii=False), review_id])
        _apply(db, figure_id, state, json.loads(corrections or "{}"), model)
    return len(rows)


def record_review(
    db: sqlite_utils.Database,
    figure_id: int,
    state: str,
    reviewer: str,
    corrections: dict[str, Any] | None = None,
) -> Review:
    """Keep an editor's verdict on figure `figure_id` (replacing an earlier one)."""
    if state not in STATES:
        raise ReviewError(f"state must be one of {', '.join(STATES)}")
    corrections = corrections or {}
    if state == "corrected" and not corrections:
        raise ReviewError("a correction needs at least one field=value")
    if not reviewer.strip():
        raise ReviewError("a review needs a reviewer's name")
    url, start, end, text = _identity(db, figure_id)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with db.conn:
        model = _model_values(db, figure_id)
        db.execute(
            'insert into reviews (article_url, start, "end", text, state, corrections, model,'
            " reviewer, reviewed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ' on conflict (article_url, start, "end", text) do update set'
            " state = excluded.state, corrections = excluded.corrections,"
            " model = excluded.model, reviewer = excluded.reviewer,"
            " reviewed_at = excluded.reviewed_at",
            [url, start, end, text, state, json.dumps(corrections, ensure_ascii=False),
             json.dumps(model, ensure_ascii=False), reviewer.strip(), at])
        _apply(db, figure_id, state, corrections, model)
    return Review(state, reviewer.strip(), at, corrections)


RECORD_COLUMNS = (
    "id", "org", "metric", "kind", "value", "target_value", "unit", "qualifier", "per",
    "change", "range_max", "base_value", "period_from", "period_to", "recurring", "text",
    "start", "end", "sentence", "score", "status", "url", "title", "site", "published",
    "article_id",
)


def figure_record(db: sqlite_utils.Database, figure_id: int) -> dict[str, Any]:
    """A figure as readers see it (review applied), with its `review` (or None)."""
    row = db.execute(
        "select " + ", ".join(f'"{c}"' for c in RECORD_COLUMNS)
        + ", review_state, reviewer, reviewed_at, corrections from figure_records where id = ?",
        [figure_id]).fetchone()
    if row is None:
        raise ReviewError(f"no figure with id {figure_id}")
    record = dict(zip(RECORD_COLUMNS, row[: len(RECORD_COLUMNS)], strict=True))
    state, by, at, corrections = row[len(RECORD_COLUMNS):]
    record["review"] = (Review(state, by, at, json.loads(corrections or "{}")).to_json()
                        if state else None)
    return record


# Whose figures matter most: the confederation's and the federations' are quoted first.
_LEVEL_RANK = ("confederation", "federation", "district", "industry", "zone", "commune",
               "grassroots", "other")


def review_queue(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """The `check` figures no editor has reviewed, most important first: a higher body's
    before a lower one's, targets before results (promises hang on them), the least sure
    first, then the newest."""
    rank = " ".join(f"when '{level}' then {n}" for n, level in enumerate(_LEVEL_RANK))
    cursor = db.execute(
        "select " + ", ".join(f'f."{c}"' for c in RECORD_COLUMNS)
        + " from figure_records f left join organisations o on o.id = f.organisation_id"
        " where f.status = 'check' and f.review_state is null"
        f" order by case o.level {rank} else {len(_LEVEL_RANK)} end,"
        " f.kind = 'achieved', coalesce(f.score, 0), f.published desc, f.id"
        " limit ?", [limit])
    return [dict(zip(RECORD_COLUMNS, row, strict=True)) for row in cursor]


def export_gold(db: sqlite_utils.Database, partial: bool = False) -> list[dict[str, Any]]:
    """Reviewed articles as gold corpus records (corpus/build.py's form, split `train`), so
    the newsroom's corrections teach the next model.

    An article is exported once every figure in it is reviewed (with `partial`, once any
    is; its unreviewed figures are then the model's). Rejected figures are left out,
    corrected ones carry the correction.
    """
    from nlp.text import article_text

    counts = db.execute(
        "select article_id, count(*), count(review_state) from figure_records"
        " group by article_id having count(review_state) > 0 order by article_id").fetchall()
    records = []
    for article_id, total, reviewed in counts:
        if reviewed < total and not partial:
            continue
        article = db.execute(
            "select url, site, title, lead, body, published from articles where id = ?",
            [article_id]).fetchone()
        url, site, title, lead, body, published = article
        text = article_text(title, lead, body)
        organisations = [
            {"text": t, "start": s, "end": e, "canonical": c}
            for t, s, e, c in db.execute(
                'select text, start, "end", canonical from org_mentions where article_id = ?'
                " order by start", [article_id])
            if text[s:e] == t]
        indicators = []
        for row in db.execute(
                'select text, start, "end", value, target_value, unit, qualifier, kind, metric,'
                " org, period_from, period_to, recurring from figures where article_id = ?"
                " order by start", [article_id]):
            (f_text, start, end, value, target, unit, qualifier, kind, metric, org, p_from,
             p_to, recurring) = row
            period = None if p_from is None else {"from": p_from, "to": p_to}
            if period and recurring:
                period["recurring"] = recurring
            indicators.append({
                "text": f_text, "start": start, "end": end, "value": float(value),
                "target_value": target, "unit": unit, "qualifier": qualifier, "kind": kind,
                "metric": metric, "org": org, "period": period})
        records.append({
            "id": f"review-{article_id}", "source": "review",
            "origin": f"newsroom review of {url}", "split": "train",
            "published": (published or "")[:10] or None, "site": site, "text": text,
            "organisations": organisations, "indicators": indicators,
        })
    return records
