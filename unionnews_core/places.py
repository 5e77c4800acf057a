"""Vietnam's provinces, centrally-run cities and named districts (data/places.yaml here).

One list serves the recogniser (is "Hải Phòng" a province, a city?), the CRF's gazetteer
features and the organisation store's before/after-2025 hierarchy, so a place added to the
data file reaches all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.yaml"


@dataclass(frozen=True)
class Places:
    cities_before_2025: tuple[str, ...]
    provinces_before_2025: tuple[str, ...]
    cities_from_2025: tuple[str, ...]
    provinces_from_2025: tuple[str, ...]
    hanoi_districts: tuple[str, ...]
    hcmc_districts: tuple[str, ...]
    other_places: tuple[str, ...]
    aliases: dict[str, str]

    @property
    def cities(self) -> frozenset[str]:
        """Centrally-run cities, before or after 2025."""
        return frozenset(self.cities_before_2025) | frozenset(self.cities_from_2025)

    @property
    def provinces(self) -> frozenset[str]:
        """Every province-level unit, cities included, before or after 2025."""
        return self.cities | frozenset(self.provinces_before_2025) | \
            frozenset(self.provinces_from_2025)


@cache
def places() -> Places:
    data = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    lists = {name: tuple(data[name]) for name in Places.__dataclass_fields__ if name != "aliases"}
    return Places(**lists, aliases=dict(data["aliases"]))
