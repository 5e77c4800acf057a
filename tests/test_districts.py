"""The district gazetteer (unionnews_core/data/districts.yaml): district → province before 2025."""

from __future__ import annotations

import yaml

from unionnews_core.places import (
    DISTRICTS_FILE,
    district_provinces,
    places,
    province_of_district,
)


def test_the_file_covers_the_63_provinces_before_2025():
    data = yaml.safe_load(DISTRICTS_FILE.read_text(encoding="utf-8"))["provinces"]
    known = places()
    before = set(known.cities_before_2025 + known.provinces_before_2025)
    assert set(data) == before
    for province, names in data.items():
        assert names and len(names) == len(set(names)), province
    # Hà Nội's and HCMC's districts are those places.yaml already names.
    assert set(data["Hà Nội"]) == set(known.hanoi_districts)
    assert set(data["Hồ Chí Minh"]) == set(known.hcmc_districts)


def test_every_district_maps_to_known_provinces():
    known = places()
    before = set(known.cities_before_2025 + known.provinces_before_2025)
    districts = district_provinces()
    assert len(districts) >= 600
    for name, provinces in districts.items():
        assert provinces == tuple(sorted(set(provinces))) and set(provinces) <= before, name


def test_province_of_a_district_only_when_the_name_is_unique():
    assert province_of_district("Vinh") == "Nghệ An"
    assert province_of_district("Đức Phổ") == "Quảng Ngãi"
    assert province_of_district("Bến Cát") == "Bình Dương"
    assert province_of_district("Nghi Sơn") == province_of_district("Tĩnh Gia") == "Thanh Hóa"
    assert province_of_district(" BẾN  CÁT ") == "Bình Dương"
    # Shared by several provinces: no guess.
    assert len(district_provinces()["Châu Thành"]) > 5
    assert province_of_district("Châu Thành") is None
    assert province_of_district("Tân Phú") is None  # HCMC and Đồng Nai
    assert province_of_district("Không Có") is None
    assert province_of_district("") is None
