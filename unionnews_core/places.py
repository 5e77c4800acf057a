"""Vietnam's provinces, centrally-run cities and named districts (data/places.yaml here).

One list serves the recogniser (is "Hải Phòng" a province, a city?), the CRF's gazetteer
features and the organisation store's before/after-2025 hierarchy, so a place added to the
data file reaches all three.

Every province's district-level units before the 2025 reform (data/districts.yaml) are read
apart, by `district_provinces` and `province_of_district`: an article that names only "TP Bến
Cát" or "huyện Đức Phổ" still tells its province. They are not part of `Places`, so the
recogniser's and the CRF's gazetteers stay as they were.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.yaml"
DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "districts.yaml"


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
    merged_2025: dict[str, tuple[str, ...]]  # province from 2025 → provinces merged into it
    merger_day: date
    regions: dict[str, tuple[str, ...]]  # region → provinces from 2025

    def successor(self, province: str) -> str:
        """The province from 2025 that `province` (before or after 2025) is part of."""
        for after, merged in self.merged_2025.items():
            if province in merged:
                return after
        return province

    def region(self, province: str) -> str:
        """The socio-economic region of a province, before or after 2025."""
        after = self.successor(province)
        for name, members in self.regions.items():
            if after in members:
                return name
        raise KeyError(f"no region for {province!r}")

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
    mappings = ("aliases", "merged_2025", "merger_day", "regions")
    lists = {name: tuple(data[name]) for name in Places.__dataclass_fields__
             if name not in mappings}
    return Places(
        **lists, aliases=dict(data["aliases"]),
        merged_2025={k: tuple(v) for k, v in data["merged_2025"].items()},
        merger_day=data["merger_day"],
        regions={k: tuple(v) for k, v in data["regions"].items()},
    )


# the Vietnam General Confederation of Labour, above every federation
CONFEDERATION = "Tổng Liên đoàn Lao động Việt Nam"


def federation_name(province: str) -> str:
    """Canonical name of a province's or city's labour federation."""
    kind = "thành phố" if province in places().cities else "tỉnh"
    return f"Liên đoàn Lao động {kind} {province}"


@cache
def district_provinces() -> dict[str, tuple[str, ...]]:
    """District name → the provinces before 2025 that had a district-level unit of that name.

    A tuple, sorted, because several names recur (Châu Thành in ten provinces of the Mekong
    delta, Tân Phú, Phong Điền ...): a caller sees that a name is ambiguous instead of getting
    whichever province the file listed last.
    """
    data = yaml.safe_load(DISTRICTS_FILE.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for province, names in data["provinces"].items():
        for name in names:
            found.setdefault(str(name), set()).add(province)
    return {name: tuple(sorted(provinces)) for name, provinces in found.items()}


def _district_key(name: str) -> str:
    """Composed, case-folded, single-spaced: "BẾN  CÁT" and "Bến Cát" are one district."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


@cache
def _districts_by_key() -> dict[str, tuple[str, ...]]:
    return {_district_key(name): provinces for name, provinces in district_provinces().items()}


def province_of_district(name: str) -> str | None:
    """The province before 2025 of the district `name` (its proper name, no "huyện"/"TP").

    None when the name is unknown or shared by several provinces: a wrong province is worse
    than none, since the article's other clues (the site, the federation) can still decide.
    Case and spacing do not matter; tone-mark placement does ("Hòa", not "Hoà"), so pass text
    that went through nlp.normalise.
    """
    provinces = _districts_by_key().get(_district_key(name), ())
    return provinces[0] if len(provinces) == 1 else None
