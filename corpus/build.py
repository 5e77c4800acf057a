"""Build the gold corpus: authoring files (corpus/src/*.yaml) → corpus/gold/{train,dev,test}.jsonl.

Authors write spans as the text shows them; this module finds their character offsets,
checks every annotation against the spec's vocabularies, and assigns fixed splits. Run:

    python -m corpus.build            # rebuild corpus/gold/, fail on any error
    python -m corpus.build --check    # validate only (also what the tests run)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlp.model import KINDS, METRICS, QUALIFIERS
from nlp.text import article_text

CORPUS_DIR = Path(__file__).resolve().parent
SRC_DIR = CORPUS_DIR / "src"
GOLD_DIR = CORPUS_DIR / "gold"
SPLITS = ("train", "dev", "test")
ORG_FIELDS = ("text", "start", "end", "canonical")
INDICATOR_FIELDS = (
    "text", "start", "end", "value", "target_value", "unit", "qualifier", "kind", "metric",
    "org", "period",
)
# Section 6 of the spec: optional fields of an indicator, null when they do not apply.
OPTIONAL_NUMBERS = ("target_value", "range_max", "base_value")
CHANGES = ("increase", "decrease")
REGIONS = ("north", "centre", "south", "national")


class CorpusError(ValueError):
    """An annotation that does not fit its text or the spec."""


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """A span must not cut a word or a number: "12 CĐCS" never matches inside "112 CĐCS"."""
    digit_joined = start >= 2 and text[start - 1] in ".,/" and text[start - 2].isdigit()
    if digit_joined and text[start].isdigit():
        return False  # "134" inside "2.134" or "1800" inside "2134/1800"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )


@dataclass
class _Placer:
    """Finds successive, non-overlapping occurrences of surface strings in one text."""

    text: str
    taken: list[tuple[int, int]]

    def place(self, surface: str, nth: int = 0, where: str = "") -> tuple[int, int]:
        if not surface or surface.strip() != surface:
            raise CorpusError(f"{where}: span {surface!r} is empty or has outer spaces")
        free = [
            (m.start(), m.start() + len(surface))
            for m in re.finditer(re.escape(surface), self.text)
            if not any(s < m.start() + len(surface) and m.start() < e for s, e in self.taken)
            and _on_word_edges(self.text, m.start(), m.start() + len(surface))
        ]
        if nth >= len(free):
            raise CorpusError(f"{where}: span {surface!r} (occurrence {nth}) not found in text")
        span = free[nth]
        self.taken.append(span)
        return span


def _split_for(record_id: str) -> str:
    bucket = int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _period(raw: Any, where: str) -> dict[str, Any] | None:
    if raw is None:
        return None  # spec §6: no year in the text and no publication date
    if isinstance(raw, int):
        raw = [raw, raw]
    if isinstance(raw, dict):
        out = {"from": int(raw["from"]), "to": int(raw["to"])}
        if raw.get("recurring"):
            out["recurring"] = raw["recurring"]
        return out
    if isinstance(raw, list) and len(raw) in (2, 3):
        out = {"from": int(raw[0]), "to": int(raw[1])}
        if len(raw) == 3:
            out["recurring"] = raw[2]
        if out["from"] > out["to"]:
            raise CorpusError(f"{where}: period runs backwards: {raw}")
        return out
    raise CorpusError(f"{where}: period must be YEAR, [FROM, TO] or [FROM, TO, annual]: {raw!r}")


def build_record(raw: dict[str, Any], source: str, origin: str, text: str | None = None) -> dict:
    """One authoring entry → one gold record with offsets; raises CorpusError on any defect."""
    rid = raw.get("id")
    if not rid:
        raise CorpusError(f"{origin}: a record has no id")
    where = f"{origin}#{rid}"
    if text is None and raw.get("title") is not None:
        # Whole articles are written as the crawler stores them, so offsets index the very
        # text the pipeline reads for a stored article.
        text = article_text(raw.get("title"), raw.get("lead"), raw.get("body"))
    text = text if text is not None else raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: no text")
    # Orgs are placed longest first so "LĐLĐ quận" never lands inside "LĐLĐ quận Thanh Xuân".
    placer = _Placer(text, [])
    org_entries = list(enumerate(raw.get("orgs") or []))
    org_entries.sort(key=lambda item: -len(item[1][0]))
    orgs: list[dict[str, Any]] = []
    for _, entry in org_entries:
        if not isinstance(entry, list) or len(entry) not in (2, 3):
            raise CorpusError(f"{where}: org entry must be [surface, canonical(, nth)]: {entry!r}")
        surface, canonical = entry[0], entry[1]
        if canonical is not None and not (isinstance(canonical, str) and canonical.strip()):
            raise CorpusError(f"{where}: org {surface!r}: canonical must be a name or null")
        # Placed spans are excluded, so a repeated surface takes the next free occurrence.
        start, end = placer.place(surface, entry[2] if len(entry) == 3 else 0, where)
        orgs.append({"text": surface, "start": start, "end": end, "canonical": canonical})
    orgs.sort(key=lambda o: o["start"])

    indicator_placer = _Placer(text, [])
    indicators: list[dict[str, Any]] = []
    repeats: list[dict[str, Any]] = []
    for item in raw.get("indicators") or []:
        iw = f"{where} indicator {item.get('text')!r}"
        missing = [k for k in ("text", "value", "unit", "qualifier", "kind", "metric", "org",
                               "period") if k not in item]
        if missing:
            raise CorpusError(f"{iw}: missing {', '.join(missing)}")
        if item["kind"] not in KINDS:
            raise CorpusError(f"{iw}: kind {item['kind']!r} not in {KINDS}")
        if item["metric"] not in METRICS:
            raise CorpusError(f"{iw}: metric {item['metric']!r} not a spec code")
        if item["qualifier"] not in QUALIFIERS:
            raise CorpusError(f"{iw}: qualifier {item['qualifier']!r} not in {QUALIFIERS}")
        if item.get("change") not in (None, *CHANGES):
            raise CorpusError(f"{iw}: change {item['change']!r} not in {CHANGES}")
        unknown = set(item) - {*INDICATOR_FIELDS, *OPTIONAL_NUMBERS, "per", "change",
                               "repeat", "nth", "note"}
        if unknown:
            raise CorpusError(f"{iw}: unknown field(s) {', '.join(sorted(unknown))}")
        start, end = indicator_placer.place(item["text"], int(item.get("nth", 0)), iw)
        record = {
            "text": item["text"], "start": start, "end": end,
            "value": float(item["value"]),
            "unit": str(item["unit"]), "qualifier": item["qualifier"], "kind": item["kind"],
            "metric": item["metric"], "org": item["org"],
            "period": _period(item["period"], iw),
        }
        for name in OPTIONAL_NUMBERS:
            number = item.get(name)
            record[name] = None if number is None else float(number)
        record["per"] = item.get("per")
        record["change"] = item.get("change")
        # Spec §6 "one figure once": a headline/lead/caption repeat of a body figure is kept
        # apart, so the gold lists each figure once and a scorer can recognise the repeat.
        (repeats if item.get("repeat") else indicators).append(record)
    indicators.sort(key=lambda i: i["start"])
    repeats.sort(key=lambda i: i["start"])
    split = raw.get("split") or _split_for(rid)
    if split not in SPLITS:
        raise CorpusError(f"{where}: split {split!r} not in {SPLITS}")
    region = raw.get("region")
    if region is not None and region not in REGIONS:
        raise CorpusError(f"{where}: region {region!r} not in {REGIONS}")
    return {
        "id": rid, "source": source, "origin": origin, "split": split,
        "published": str(raw["published"]) if raw.get("published") else None,
        "site": raw.get("site"), "source_url": raw.get("source_url"), "region": region,
        "annotator": raw.get("annotator"), "text": text,
        "organisations": orgs, "indicators": indicators, "repeats": repeats,
    }


def validate_record(rec: dict[str, Any]) -> None:
    """Every span indexes its text exactly; used on built records and on any JSONL given."""
    text = rec["text"]
    for org in rec["organisations"]:
        if text[org["start"]:org["end"]] != org["text"]:
            raise CorpusError(f"{rec['id']}: org span {org['text']!r} does not index its text")
    for ind in [*rec["indicators"], *rec.get("repeats", [])]:
        if text[ind["start"]:ind["end"]] != ind["text"]:
            raise CorpusError(f"{rec['id']}: indicator {ind['text']!r} does not index its text")
        if ind["kind"] not in KINDS or ind["metric"] not in METRICS:
            raise CorpusError(f"{rec['id']}: indicator {ind['text']!r} has bad kind or metric")


def load_sources(src_dir: Path = SRC_DIR, only: str | None = None) -> list[dict[str, Any]]:
    """Every authoring file's records (or one file's, by name), built and validated."""
    records: list[dict[str, Any]] = []
    ids: set[str] = set()
    for path in sorted(src_dir.glob("*.yaml")):
        if only and path.name != Path(only).name:
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        source = doc.get("source", "written")
        origin = doc.get("origin", f"written for unionnews ({path.name})")
        for raw in doc.get("records") or []:
            text = None
            if raw.get("text_file"):
                text = (CORPUS_DIR / raw["text_file"]).read_text(encoding="utf-8")
            rec = build_record(raw, source, raw.get("origin", origin), text)
            rec["file"] = path.name
            # The annotation set (one author's file) is a group for cross-validation by set.
            rec["set"] = raw.get("set") or doc.get("set") or path.stem
            rec["annotator"] = rec["annotator"] or doc.get("annotator")
            if rec["id"] in ids:
                raise CorpusError(f"{path.name}: duplicate id {rec['id']}")
            ids.add(rec["id"])
            validate_record(rec)
            records.append(rec)
    return records


def load_gold(split: str | None = None, path: Path | None = None) -> list[dict[str, Any]]:
    """Read built gold records: one split from corpus/gold/, or any JSONL file given."""
    paths = [path] if path else [GOLD_DIR / f"{s}.jsonl" for s in ([split] if split else SPLITS)]
    out: list[dict[str, Any]] = []
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                validate_record(rec)
                out.append(rec)
    return out


def write_gold(records: list[dict[str, Any]], gold_dir: Path = GOLD_DIR) -> dict[str, int]:
    gold_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for split in SPLITS:
        rows = [r for r in records if r["split"] == split]
        counts[split] = len(rows)
        with (gold_dir / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    parser.add_argument("--file", help="validate one authoring file of corpus/src/ (with --check)")
    args = parser.parse_args(argv)
    if args.file and not args.check:
        parser.error("--file validates one file; it needs --check")
    try:
        records = load_sources(only=args.file)
    except (CorpusError, yaml.YAMLError, OSError) as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    n_ind = sum(len(r["indicators"]) for r in records)
    n_org = sum(len(r["organisations"]) for r in records)
    if not args.check:
        counts = write_gold(records)
        print(f"corpus: wrote {counts} records", file=sys.stderr)
    print(f"corpus: {len(records)} records, {n_org} organisation mentions, "
          f"{n_ind} indicators", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
