"""The union hierarchy: where a canonical organisation name sits, and the seed table.

Levels, top to bottom (shared/spec/sites.md):

    confederation   Tổng Liên đoàn Lao động Việt Nam
    federation      Liên đoàn Lao động tỉnh/thành phố … (63 until 1 July 2025, 34 after)
    district        Liên đoàn Lao động quận/huyện/thị xã … (ended in 2025)
    industry        Công đoàn ngành …, Công đoàn Viên chức …
    zone            Công đoàn các KCN&CX …, Công đoàn Khu kinh tế …
    commune         Công đoàn xã/phường … (from 2025)
    grassroots      Công đoàn Công ty …, Nghiệp đoàn …
    other           party and state bodies, companies, centres (not union bodies)

`place(name, federation)` derives (level, parent, province) from a canonical name plus the
context an article gives (its site's federation); `seed_organisations` writes the fixed top
of the tree and the registry's federations into the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from unionnews.folding import fold
from unionnews_core.places import CONFEDERATION, federation_name, places
from unionnews_core.registry import load_registry

LEVELS: tuple[str, ...] = (
    "confederation", "federation", "district", "industry", "zone", "commune", "grassroots",
    "other",
)

# Provinces and centrally-run cities before the merger of 1 July 2025 (63) and after it (34),
# from unionnews_core/data/places.yaml. Cities' federations are "Liên đoàn Lao động thành phố …".
CITIES_BEFORE_2025 = places().cities_before_2025
PROVINCES_BEFORE_2025 = places().provinces_before_2025
CITIES_FROM_2025 = places().cities_from_2025
PROVINCES_FROM_2025 = places().provinces_from_2025
_CITIES = set(CITIES_BEFORE_2025) | set(CITIES_FROM_2025)
_ALL_PLACES = sorted(
    set(CITIES_BEFORE_2025) | set(PROVINCES_BEFORE_2025) | set(CITIES_FROM_2025)
    | set(PROVINCES_FROM_2025),
    key=lambda p: -len(p),  # longest first: "Thừa Thiên Huế" before "Huế"
)
_PLACE_BY_FOLDED = {fold(p): p for p in _ALL_PLACES}
# Names written without the hyphen or in the "TP." short form still resolve.
_PLACE_BY_FOLDED["ba ria vung tau"] = "Bà Rịa - Vũng Tàu"
_PLACE_BY_FOLDED["tp ho chi minh"] = "Hồ Chí Minh"
_PLACE_BY_FOLDED["tphcm"] = "Hồ Chí Minh"


@dataclass(frozen=True)
class Place:
    level: str
    parent: str | None  # canonical name of the body directly above, when it can be told
    province: str | None


def province_in(name: str) -> str | None:
    """The province or city named in `name` (whole words, longest match), if any."""
    folded = " " + " ".join(re.findall(r"[^\W_]+", fold(name))) + " "
    for key in sorted(_PLACE_BY_FOLDED, key=len, reverse=True):
        if f" {key} " in folded:
            return _PLACE_BY_FOLDED[key]
    return None


_FEDERATION = re.compile(r"^lien doan lao dong (tinh|thanh pho|tp) (?P<place>.+)$")
_DISTRICT = re.compile(r"^lien doan lao dong (quan|huyen|thi xa|thanh pho|tp) ")
_INDUSTRY = re.compile(r"^cong doan (nganh|vien chuc)\b")
_ZONE = re.compile(
    r"^cong doan (cac )?(khu cong nghiep|kcn|khu che xuat|khu kinh te|khu cong nghe cao)"
)
_COMMUNE = re.compile(r"^cong doan (xa|phuong|dac khu|thi tran) ")
_GRASSROOTS = re.compile(r"^(cong doan|nghiep doan)\b")


def place(name: str, federation: str | None = None) -> Place:
    """Level, parent and province of the body called `name`.

    `federation` is the canonical name of the federation whose site published the article:
    bodies below the provincial level hang under it unless their own name says otherwise.
    """
    folded = " ".join(re.findall(r"[^\W_]+", fold(name)))
    context_province = province_in(federation) if federation else None

    if folded == fold(CONFEDERATION):
        return Place("confederation", None, None)
    match = _FEDERATION.match(folded)
    if match and match.group("place") in _PLACE_BY_FOLDED:
        return Place("federation", CONFEDERATION, _PLACE_BY_FOLDED[match.group("place")])
    if _DISTRICT.match(folded):
        # "thành phố Thủ Đức" is a city inside a province: a district-level federation.
        return Place("district", federation, context_province)

    own_province = province_in(name)
    national = folded.endswith("viet nam")
    parent_here = federation_name(own_province) if own_province else federation
    province = own_province or context_province
    if _INDUSTRY.match(folded):
        if national:
            return Place("industry", CONFEDERATION, None)
        return Place("industry", parent_here, province)
    if _ZONE.match(folded):
        return Place("zone", parent_here, province)
    if _COMMUNE.match(folded):
        return Place("commune", federation, context_province)
    if _GRASSROOTS.match(folded):
        # Which district, industry or zone union a company's union belongs to is rarely
        # written; the site's federation is the nearest body we can vouch for.
        return Place("grassroots", federation, context_province)
    return Place("other", None, own_province or context_province)


def hierarchy_seed() -> list[dict[str, Any]]:
    """The fixed top of the tree: the confederation and every provincial federation, with the
    year a federation ceased to exist for those merged away on 1 July 2025."""
    rows = [{"name": CONFEDERATION, "level": "confederation", "parent": None,
             "province": None, "dissolved": None}]
    after = set(CITIES_FROM_2025) | set(PROVINCES_FROM_2025)
    seen: set[str] = set()
    for province in (*CITIES_BEFORE_2025, *PROVINCES_BEFORE_2025, *CITIES_FROM_2025,
                     *PROVINCES_FROM_2025):
        name = federation_name(province)
        if name in seen:
            continue
        seen.add(name)
        rows.append({
            "name": name, "level": "federation", "parent": CONFEDERATION,
            "province": province, "dissolved": None if province in after else 2025,
        })
    return rows


def registry_federations() -> list[tuple[str, str | None, str | None]]:
    """(site key, federation, province) for every site in the registry."""
    return [(site.key, site.federation, site.province) for site in load_registry()]


def seed_organisations(
    db: Any, sites: Iterable[tuple[str, str | None, str | None]] | None = None
) -> int:
    """Write the hierarchy seed and the registry's federations into the store; idempotent.

    `sites` are (site key, federation canonical name, province) triples; by default they come
    from the site registry. Returns the number of organisations in the store afterwards.
    """
    from unionnews.store import ensure_organisation, link_site

    sites = registry_federations() if sites is None else list(sites)
    with db.conn:
        for row in hierarchy_seed():
            ensure_organisation(db, row["name"], level=row["level"], parent=row["parent"],
                                province=row["province"], dissolved=row["dissolved"])
        for key, federation, province in sites:
            if not federation:
                continue
            found = place(federation)
            ensure_organisation(db, federation, level=found.level, parent=found.parent,
                                province=found.province or province)
            link_site(db, key, federation)
    return db.execute("select count(*) from organisations").fetchone()[0]
