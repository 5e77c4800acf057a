"""The document every stage reads and adds to, like spaCy's `Doc`: one direction of flow.

normalise → zones → segment → orgs → figures/periods → indicators. Offsets held here index
`norm.text`; only the pipeline's last step maps them back onto the caller's input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nlp.figures import Figure
from nlp.model import Indicator
from nlp.normalise import NormalisedText
from nlp.orgs import OrgSpan
from nlp.periods import PeriodMention
from nlp.segment import Sentence
from nlp.zones import Zone


@dataclass
class Doc:
    norm: NormalisedText
    published: date | None = None
    site: str | None = None
    zones: list[Zone] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # sentence index → its role when not body text (title, lead, caption; nlp/pipeline.py)
    roles: dict[int, int] = field(default_factory=dict)
    captions: frozenset[int] = frozenset()  # sentences that hold a photo credit ("Ảnh: …")
    orgs: list[OrgSpan] = field(default_factory=list)
    figures: list[tuple[int, Figure]] = field(default_factory=list)  # (sentence index, figure)
    periods: list[list[PeriodMention]] = field(default_factory=list)  # per sentence
    subject: str | None = None  # canonical name of the organisation the article is about
    province: str | None = None  # the province the article is about, once orgs have read it
    indicators: list[Indicator] = field(default_factory=list)  # offsets still in norm.text

    @property
    def text(self) -> str:
        return self.norm.text

    def body(self) -> list[Zone]:
        return [z for z in self.zones if z.label == "body"]
