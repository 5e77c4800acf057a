"""Gold records → training sentences: underthesea words with BIO labels.

The text goes through the pipeline's own normalise and segment stages, so a model learns on
exactly the words it will see at run time. Gold spans index the original text; word offsets
are mapped back onto it before the two are compared. A span boundary that falls inside a word
labels the whole word (the tagger can only say whole words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nlp.normalise import normalise
from nlp.segment import segment


@dataclass(frozen=True)
class LabelledSentence:
    record_id: str
    words: list[str]
    labels: list[str]
    spans: list[tuple[int, int]]  # each word's [start, end) in the record's original text


def bio_labels(
    word_spans: list[tuple[int, int]], entities: Iterable[tuple[int, int]], kind: str = "ORG"
) -> list[str]:
    """One BIO label per word: a word overlapping an entity span is inside it."""
    labels = ["O"] * len(word_spans)
    for e_start, e_end in sorted(entities):
        first = True
        for i, (w_start, w_end) in enumerate(word_spans):
            if w_start < e_end and e_start < w_end:
                if labels[i] == "O":  # two entities in one word: the first keeps it
                    labels[i] = f"B-{kind}" if first else f"I-{kind}"
                first = False
    return labels


def record_sentences(record: dict[str, Any]) -> list[LabelledSentence]:
    """Every sentence of one gold record, its words labelled from the record's org spans."""
    norm = normalise(record["text"])
    entities = [(o["start"], o["end"]) for o in record.get("organisations") or []]
    out: list[LabelledSentence] = []
    for sentence in segment(norm.text):
        if not sentence.tokens:
            continue
        spans = [norm.to_original(t.start, t.end) for t in sentence.tokens]
        out.append(LabelledSentence(
            record_id=record["id"],
            words=sentence.words,
            labels=bio_labels(spans, entities),
            spans=spans,
        ))
    return out


def labelled_sentences(records: Iterable[dict[str, Any]]) -> list[LabelledSentence]:
    """All sentences of `records`, in record order (deterministic for reproducible training)."""
    return [s for record in records for s in record_sentences(record)]
