"""The records the pipeline produces: the output contract of shared/spec/extraction.md §4.

Every stage after recognition speaks in these types; the store, search and the exports read
them. Field names are the contract's; extra fields are allowed by the spec and kept few.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["target", "achieved"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "at_most"]

METRICS: tuple[str, ...] = (
    "members_new",
    "members_total",
    "unions_new",
    "unions_total",
    "cba",
    "dialogue_democracy",
    "party_referrals",
    "training",
    "outreach",
    "welfare",
    "union_quality",
    "finance",
    "women",
    "emulation",
    "health_safety",
    "digital",
    "other",
)
# metrics that count what there is at a moment ("có 1.023 CĐCS"), not what was done over a span
STOCK_METRICS: frozenset[str] = frozenset(("members_total", "unions_total"))
KINDS: tuple[str, ...] = ("target", "achieved")
STATUSES: tuple[str, ...] = ("publish", "check")
CHANGES: tuple[str, ...] = ("increase", "decrease")
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "more_than", "about", "at_most")


@dataclass(frozen=True)
class Period:
    start: int  # serialised as "from" (a Python keyword)
    end: int
    recurring: str | None = None  # "annual" for "hàng năm" within a term

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"from": self.start, "to": self.end}
        if self.recurring:
            out["recurring"] = self.recurring
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Period:
        return cls(int(data["from"]), int(data["to"]), data.get("recurring"))


@dataclass
class OrgMention:
    text: str
    start: int
    end: int
    canonical: str | None  # None: the place cannot be told (spec §6, complete or absent)
    score: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Indicator:
    text: str
    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    kind: str
    metric: str
    org: str | None
    period: Period | None  # None: no year in the text and no publication date (spec §6)
    sentence: str
    score: float
    target_value: float | None = None
    status: str = "check"  # "publish" once `score` reaches the publish threshold
    range_max: float | None = None  # "từ 2.000 đến 2.500": the range's top (value is its floor)
    per: str | None = None  # "50 triệu đồng/căn": the unit a per-unit amount is per
    change: str | None = None  # "increase" / "decrease" for "tăng" / "giảm"
    base_value: float | None = None  # "17/17 công đoàn xã": X of a total, not of a plan
    # Repeats of this figure in the headline, lead or captions ({"text", "start", "end"}).
    mentions: list[dict[str, Any]] = field(default_factory=list)
    # What the stages decided from, read by the score; not part of the output contract.
    evidence: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    # What the learned decisions read (the rules' decisions, the words around the figure).
    features: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    # The period the figure has as a result and as a goal, where the two differ (a count in a
    # congress's term is of now, a goal of the whole term); the final kind picks one.
    period_by_kind: dict[str, Period] = field(default_factory=dict, repr=False, compare=False)
    # Each candidate owner's features ("" for no owner), read by the learned owner ranking.
    owner_features: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False,
                                                        compare=False)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("evidence")
        out.pop("features")
        out.pop("owner_features")
        out.pop("period_by_kind")
        out["period"] = self.period.to_json() if self.period else None
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Indicator:
        fields = {k: data.get(k) for k in cls.__dataclass_fields__
                  if k not in ("evidence", "features", "owner_features", "period_by_kind")}
        fields["period"] = Period.from_json(data["period"]) if data.get("period") else None
        fields["sentence"] = data.get("sentence") or ""
        fields["score"] = float(data.get("score", 1.0))
        fields["status"] = data.get("status") or "check"
        fields["mentions"] = list(data.get("mentions") or [])
        return cls(**fields)


@dataclass
class Extraction:
    organisations: list[OrgMention] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    extractor_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "organisations": [o.to_json() for o in self.organisations],
            "indicators": [i.to_json() for i in self.indicators],
            "extractor_version": self.extractor_version,
        }
