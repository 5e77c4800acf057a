"""The one place list (unionnews_core/data/places.yaml) and the three readers that depend on it."""

from __future__ import annotations

from nlp.orgs import gazetteer as recogniser_places
from nlp.taggers.features import gazetteer_marks
from unionnews import organisations
from unionnews_core.places import places


def test_provinces_before_and_after_the_2025_merger():
    known = places()
    before = known.cities_before_2025 + known.provinces_before_2025
    after = known.cities_from_2025 + known.provinces_from_2025
    assert (len(before), len(set(before))) == (63, 63)
    assert (len(after), len(set(after))) == (34, 34)
    # The merger kept existing names; Huế alone became a centrally-run city.
    assert set(after) - set(before) == {"Huế"}
    assert not set(known.hanoi_districts) & known.provinces


def test_every_reader_sees_the_same_places():
    known = places()
    assert recogniser_places()["provinces"] == set(known.provinces)
    assert recogniser_places()["cities"] == set(known.cities)
    assert organisations.PROVINCES_FROM_2025 == known.provinces_from_2025
    assert organisations.federation_name("Huế") == "Liên đoàn Lao động thành phố Huế"
    assert organisations.federation_name("Nghệ An") == "Liên đoàn Lao động tỉnh Nghệ An"
    # The CRF's features mark districts of both big cities and every province.
    marks = gazetteer_marks(["quận", "Gò Vấp", "huyện", "Mê Linh", "tỉnh", "Yên Bái"])
    assert [sorted(m) for m in marks[1::2]] == [["place:B"]] * 3
