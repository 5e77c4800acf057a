"""Rows out: an aligned text table for the terminal, CSV and JSON for other programs."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _width(text: str) -> int:
    # Vietnamese letters may arrive decomposed; count what the terminal shows.
    return len(unicodedata.normalize("NFC", text))


def _clip(text: str, limit: int) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], clip: int = 60) -> str:
    cells = [[_clip(_cell(row.get(c)), clip) for c in columns] for row in rows]
    widths = [max([_width(c)] + [_width(r[n]) for r in cells]) for n, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection"); a
# scraped sentence must never do that, so such text cells get a leading apostrophe, which
# spreadsheets show as plain text. Numbers (a negative change) stay numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: neutralise(row.get(c)) for c in columns} for row in rows)
    return buffer.getvalue()


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
