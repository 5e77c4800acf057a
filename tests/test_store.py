"""The store beyond articles: migrations, extractions, organisations, concurrent reading."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from nlp.model import Extraction, Indicator, OrgMention, Period
from unionnews import store
from unionnews.folding import fold
from unionnews.organisations import (
    CITIES_BEFORE_2025,
    CITIES_FROM_2025,
    PROVINCES_BEFORE_2025,
    PROVINCES_FROM_2025,
    place,
    province_in,
    seed_organisations,
)
from unionnews.store import Article, open_store
from unionnews_core.places import federation_name, places
from unionnews_core.registry import federation_on

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic_extractions.jsonl"
HANOI = "Liên đoàn Lao động thành phố Hà Nội"
THANH_XUAN = "Liên đoàn Lao động quận Thanh Xuân"


def _article(n: int = 1, **extra) -> Article:
    fields = dict(url=f"https://laodongthudo.vn/bai-{n}-{1000 + n}.html", site="laodongthudo",
                  federation=HANOI, title=f"Bài {n} về Công đoàn", lead="(LĐTĐ) Tóm tắt.",
                  body=f"Nội dung bài {n}.", published=f"2024-0{n % 9 + 1}-01T08:00:00+07:00")
    fields.update(extra)
    return Article(**fields)


def _indicator(value: float = 2134, org: str | None = THANH_XUAN, **extra) -> Indicator:
    fields = dict(text=f"{value:g} đoàn viên", start=10, end=25, value=value,
                  unit="đoàn viên", qualifier="exact", kind="achieved", metric="members_new",
                  org=org, period=Period(2016, 2016), sentence="LĐLĐ quận kết nạp được …",
                  score=0.9, target_value=1800)
    fields.update(extra)
    return Indicator(**fields)


def _extraction(version: str = "v1", values=(2134,)) -> Extraction:
    return Extraction(
        organisations=[OrgMention("LĐLĐ quận Thanh Xuân", 0, 20, THANH_XUAN)],
        indicators=[_indicator(v) for v in values],
        extractor_version=version,
    )


def test_fresh_store_is_at_the_latest_schema_with_the_hierarchy_seeded(tmp_path):
    db = open_store(tmp_path / "s.db")
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION >= 2
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    levels = dict(db.execute("select level, count(*) from organisations group by level"))
    assert levels["confederation"] == 1
    current = db.execute(
        "select count(*) from organisations where level = 'federation' and dissolved is null"
    ).fetchone()[0]
    assert current == 34


def test_schema_1_store_upgrades_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    store.MIGRATIONS[0](old)
    old.execute("pragma user_version=1")
    old["articles"].insert({"url": "https://x.vn/a-1.html", "site": "x", "title": "Thỏa ước",
                            "body": "Công đoàn ký thoả ước lao động tập thể.", "lead": None})
    old.conn.commit()
    old.close()

    db = open_store(path)
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert db.execute("select title from articles").fetchall() == [("Thỏa ước",)]
    # the old article is in the new full-text index, folded
    hits = db.execute("select rowid from articles_fts where articles_fts match 'thoa uoc'")
    assert [row[0] for row in hits] == [1]


def test_save_extraction_twice_stores_once_and_replaces(tmp_path):
    db = open_store(tmp_path / "s.db")
    article_id, _ = store.upsert_article(db, _article())
    store.save_extraction(db, article_id, _extraction("v1", (2134, 500)))
    store.save_extraction(db, article_id, _extraction("v1", (2134, 500)))
    assert db.execute("select count(*) from indicators").fetchone()[0] == 2
    assert db.execute("select count(*) from org_mentions").fetchone()[0] == 1
    assert db.execute("select count(*) from indicators_fts").fetchone()[0] == 2

    store.save_extraction(db, article_id, _extraction("v2", (99,)))
    rows = db.execute("select value, extractor_version, target_value, period_from, period_to,"
                      " org, organisation_id is not null from indicators").fetchall()
    assert rows == [(99.0, "v2", 1800.0, 2016, 2016, THANH_XUAN, 1)]
    assert db.execute("select count(*) from indicators_fts").fetchone()[0] == 1
    marker = db.execute("select extractor_version, indicators from extractions").fetchall()
    assert marker == [("v2", 1)]


def test_saved_organisations_are_placed_under_the_site_federation(tmp_path):
    db = open_store(tmp_path / "s.db")
    article_id, _ = store.upsert_article(db, _article())
    store.save_extraction(db, article_id, _extraction())
    row = db.execute(
        "select o.level, p.name, o.province from organisations o"
        " join organisations p on p.id = o.parent_id where o.name = ?", [THANH_XUAN]
    ).fetchone()
    assert row == ("district", HANOI, "Hà Nội")


def test_save_extraction_for_a_missing_article_raises_store_error(tmp_path):
    db = open_store(tmp_path / "s.db")
    with pytest.raises(store.StoreError):
        store.save_extraction(db, 42, _extraction())


def test_articles_for_extraction_by_version_since_and_reprocess(tmp_path):
    db = open_store(tmp_path / "s.db")
    first, _ = store.upsert_article(db, _article(1))
    second, _ = store.upsert_article(db, _article(5))
    # same text under another URL: a duplicate, never extracted twice
    store.upsert_article(db, _article(1, url="https://laodongthudo.vn/copy-9.html"))
    store.save_extraction(db, first, _extraction("v1"))

    def ids(**kwargs):
        return [row["id"] for row in store.articles_for_extraction(db, **kwargs)]

    assert ids() == [second]
    assert ids(version="v1") == [second]
    assert ids(version="v2") == [first, second]
    assert ids(reprocess=True) == [first, second]
    assert ids(reprocess=True, since="2024-05-01") == [second]
    row = store.articles_for_extraction(db)[0]
    assert set(row) == {"id", "url", "site", "title", "lead", "body", "published", "federation"}


def test_a_reader_is_not_blocked_by_an_open_write(tmp_path):
    path = tmp_path / "s.db"
    db = open_store(path)
    article_id, _ = store.upsert_article(db, _article())
    store.save_extraction(db, article_id, _extraction())
    writer = open_store(path)
    writer.execute("begin immediate")
    writer.conn.execute(store.INSERT_INDICATOR,
                        store.indicator_row(article_id, None, _indicator(7, org=None), "v"))
    reader = sqlite3.connect(path, timeout=0.1)  # would raise "database is locked" if blocked
    assert reader.execute("select count(*) from indicators").fetchone()[0] == 1
    writer.conn.commit()
    assert reader.execute("select count(*) from indicators").fetchone()[0] == 2


def test_bundled_fixture_imports(tmp_path):
    db = open_store(tmp_path / "s.db")
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert all(r["synthetic"] for r in records)
    store.import_records(db, records)
    texts = db.execute(
        "select i.text, i.start, i.\"end\", a.title, a.lead, a.body from indicators i"
        " join articles a on a.id = i.article_id"
    ).fetchall()
    assert len(texts) == sum(len(r["extraction"]["indicators"]) for r in records)
    for text, start, end, title, lead, body in texts:
        assert "\n\n".join(p for p in (title, lead, body) if p)[start:end] == text


@pytest.mark.parametrize(
    ("name", "federation", "expected"),
    [
        ("Tổng Liên đoàn Lao động Việt Nam", None, ("confederation", None, None)),
        (HANOI, None, ("federation", "Tổng Liên đoàn Lao động Việt Nam", "Hà Nội")),
        ("Liên đoàn Lao động tỉnh Nghệ An", None,
         ("federation", "Tổng Liên đoàn Lao động Việt Nam", "Nghệ An")),
        (THANH_XUAN, HANOI, ("district", HANOI, "Hà Nội")),
        ("Liên đoàn Lao động thành phố Thủ Đức", "Liên đoàn Lao động thành phố Hồ Chí Minh",
         ("district", "Liên đoàn Lao động thành phố Hồ Chí Minh", "Hồ Chí Minh")),
        ("Công đoàn ngành Xây dựng Hà Nội", None, ("industry", HANOI, "Hà Nội")),
        ("Công đoàn ngành Giao thông vận tải Việt Nam", None,
         ("industry", "Tổng Liên đoàn Lao động Việt Nam", None)),
        ("Công đoàn các Khu công nghiệp và chế xuất Hà Nội", None, ("zone", HANOI, "Hà Nội")),
        ("Công đoàn Khu kinh tế tỉnh Hà Tĩnh", None,
         ("zone", "Liên đoàn Lao động tỉnh Hà Tĩnh", "Hà Tĩnh")),
        ("Công đoàn xã Gia Lâm", HANOI, ("commune", HANOI, "Hà Nội")),
        ("Công đoàn Công ty TNHH Lixil Việt Nam", HANOI, ("grassroots", HANOI, "Hà Nội")),
        ("Thành ủy Hà Nội", None, ("other", None, "Hà Nội")),
    ],
)
def test_place_derives_level_parent_and_province(name, federation, expected):
    found = place(name, federation)
    assert (found.level, found.parent, found.province) == expected


def test_province_lists_have_63_and_34_entries():
    assert len(set(CITIES_BEFORE_2025) | set(PROVINCES_BEFORE_2025)) == 63
    assert len(set(CITIES_FROM_2025) | set(PROVINCES_FROM_2025)) == 34
    assert province_in("Công ty TNHH Lixil Việt Nam") is None
    assert province_in("LĐLĐ tỉnh Bà Rịa Vũng Tàu") == "Bà Rịa - Vũng Tàu"


def test_seed_organisations_links_site_keys_idempotently(tmp_path):
    db = open_store(tmp_path / "s.db")
    sites = [("hn", HANOI, "Hà Nội"), ("xyz", "Liên đoàn Lao động tỉnh Đắk Lắk", "Đắk Lắk")]
    before = seed_organisations(db, sites)
    assert seed_organisations(db, sites) == before
    assert store.find_organisations(db, "hn") == store.find_organisations(db, "lien doan lao "
                                                                          "dong thanh pho ha noi")


def _successors(db) -> dict[str, str | None]:
    return dict(db.execute(
        "select o.name, s.name from organisations o"
        " left join organisations s on s.id = o.successor_id where o.level = 'federation'"))


def _expected_successors() -> dict[str, str]:
    # From the place list itself (unionnews_core), not a copy of it.
    return {federation_name(before): federation_name(after)
            for after, merged in places().merged_2025.items() for before in merged}


def test_every_federation_merged_away_in_2025_links_to_its_successor(tmp_path):
    successors = _successors(open_store(tmp_path / "s.db"))
    expected = _expected_successors()
    assert len(expected) >= 29
    assert {name: successors[name] for name in expected} == expected
    assert successors["Liên đoàn Lao động tỉnh Hải Dương"] == (
        "Liên đoàn Lao động thành phố Hải Phòng")
    # Federations that still exist (Hải Phòng absorbed Hải Dương and goes on) have none.
    for province in (*CITIES_FROM_2025, *PROVINCES_FROM_2025):
        assert successors[federation_name(province)] is None, province
    assert {name for name, successor in successors.items() if successor} == set(expected)
    # The registry's reading of a federation's name agrees with the store's rows.
    assert all(federation_on(name, None).successor == successor
               for name, successor in successors.items())


def test_a_merged_federation_row_created_from_an_extraction_gets_its_successor(tmp_path):
    db = open_store(tmp_path / "s.db")
    article_id, _ = store.upsert_article(db, _article())
    written = "Liên đoàn Lao động tỉnh Bà Rịa Vũng Tàu"  # not the seeded spelling
    current = "Liên đoàn Lao động TP Hồ Chí Minh"
    store.save_extraction(db, article_id, Extraction(
        organisations=[OrgMention("LĐLĐ tỉnh Bà Rịa Vũng Tàu", 0, 25, written),
                       OrgMention("LĐLĐ TP.HCM", 30, 41, current)],
        indicators=[_indicator(org=written)], extractor_version="v1"))
    successors = _successors(db)
    assert successors[written] == "Liên đoàn Lao động thành phố Hồ Chí Minh"
    assert successors[current] is None
    grassroots = store.ensure_organisation(db, "Công đoàn Công ty TNHH Hải Dương Xanh",
                                           federation="Liên đoàn Lao động tỉnh Hải Dương")
    assert db.execute("select successor_id from organisations where id = ?",
                      [grassroots]).fetchone() == (None,)


def test_a_store_from_before_successors_gets_its_merged_federations_linked(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old.conn.create_function("unionnews_fold", 1, fold, deterministic=True)
    old.execute("begin")
    for migration in store.MIGRATIONS[:4]:  # the schema before successors
        migration(old)
    old.execute("pragma user_version=4")
    old.conn.commit()
    assert "successor_id" not in old["organisations"].columns_dict
    haiduong = old.execute("select id from organisations where name = ?",
                           ["Liên đoàn Lao động tỉnh Hải Dương"]).fetchone()[0]
    old.close()

    db = open_store(path)
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert db.execute("select s.name from organisations o join organisations s"
                      " on s.id = o.successor_id where o.id = ?", [haiduong]).fetchone() == (
        "Liên đoàn Lao động thành phố Hải Phòng",)
    successors = _successors(db)
    assert {name for name, successor in successors.items() if successor} == set(
        _expected_successors())


def test_a_figure_found_again_keeps_its_id_across_reprocessing(tmp_path):
    db = open_store(tmp_path / "s.db")
    article_id, _ = store.upsert_article(db, _article())
    first = Extraction(indicators=[_indicator(2134, start=10, end=25),
                                   _indicator(500, start=40, end=54)], extractor_version="v1")
    store.save_extraction(db, article_id, first)
    before = dict(db.execute("select value, id from indicators"))
    # the next model drops one figure and finds a new one before the other
    second = Extraction(indicators=[_indicator(7, start=2, end=8),
                                    _indicator(500, start=40, end=54)], extractor_version="v2")
    store.save_extraction(db, article_id, second)
    after = dict(db.execute("select value, id from indicators"))
    assert after[500.0] == before[500.0]
    assert after[7.0] not in (before[500.0],)


def test_status_and_the_optional_fields_are_stored_when_a_record_carries_them(tmp_path):
    db = open_store(tmp_path / "s.db")
    record = json.loads(FIXTURE.read_text(encoding="utf-8").splitlines()[0])
    first, second = record["extraction"]["indicators"][:2]
    first.update(per="suất", range_max=2500, change="increase", base_value=17)
    del second["status"]
    store.import_records(db, [record])
    rows = db.execute("select status, per, range_max, change, base_value from indicators"
                      " order by start").fetchall()
    assert rows == [("publish", "suất", 2500.0, "increase", 17.0),
                    ("check", None, None, None, None)]
