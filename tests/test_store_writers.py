"""The store under faults: a creation that dies half-way, several writers at once, and stories
that are or are not the same (near-duplicate linking)."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionnews import dedupe, store
from unionnews.store import Article, open_store, upsert_article

STORY = (
    "Liên đoàn Lao động quận Cầu Giấy tổ chức hội nghị tổng kết công tác năm. Trong năm, toàn "
    "quận kết nạp 1.250 đoàn viên mới, thành lập 14 công đoàn cơ sở tại các doanh nghiệp ngoài "
    "nhà nước, tổ chức 36 hội nghị đối thoại với người sử dụng lao động và ký mới 22 bản thỏa "
    "ước lao động tập thể. Công đoàn các cấp trong quận đã thăm hỏi, tặng quà cho công nhân "
    "có hoàn cảnh khó khăn, hỗ trợ nhà ở cho đoàn viên và tổ chức các hoạt động văn hóa thể "
    "thao sôi nổi trong Tháng Công nhân, thu hút hàng nghìn người lao động tham gia."
)
FOLLOW_UP = STORY + (
    " Đến hết quý I năm sau, quận kết nạp thêm 430 đoàn viên và thành lập 5 công đoàn cơ sở "
    "mới, nâng tổng số đoàn viên lên 41.200 người; 9 doanh nghiệp ký thỏa ước lần đầu, và "
    "Liên đoàn đặt mục tiêu đến cuối năm phát triển 2.000 đoàn viên, thành lập 20 công đoàn "
    "cơ sở, tổ chức đối thoại tại toàn bộ các doanh nghiệp có từ 30 lao động trở lên."
)
REPUBLISHED = STORY + " Công đoàn Thủ đô sẽ học tập cách làm này."


def article(url: str, body: str, published: str) -> Article:
    return Article(url=url, site="laodongthudo", title="Tổng kết công tác công đoàn",
                   body=body, published=published)


def test_a_failed_creation_leaves_a_store_that_opens_later(tmp_path, monkeypatch):
    path = tmp_path / "store.db"

    def dies_half_way(db):
        store._migration_1(db)
        raise KeyboardInterrupt  # the process is stopped after the first table exists

    monkeypatch.setattr(store, "MIGRATIONS", [dies_half_way, *store.MIGRATIONS[1:]])
    with pytest.raises(KeyboardInterrupt):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("pragma user_version").fetchone()[0] == 0
    assert conn.execute("select count(*) from sqlite_master where name = 'articles'"
                        ).fetchone()[0] == 0
    conn.close()
    monkeypatch.undo()
    db = open_store(path)
    assert db.execute("pragma user_version").fetchone()[0] == store.SCHEMA_VERSION
    db.close()


def _writer(path: str, worker: int, barrier: multiprocessing.Barrier) -> None:
    barrier.wait()
    db = open_store(path)
    for number in range(15):
        upsert_article(db, article(f"https://laodongthudo.vn/bai-{worker}-{number}.html",
                                   f"Bài {worker} số {number}: {worker * 100 + number} đoàn viên.",
                                   "2024-05-01T08:00:00+07:00"))
        # Every writer also offers one shared article: it must be stored once.
        upsert_article(db, article("https://laodongthudo.vn/chung-1.html", "Bài chung 7 đoàn viên.",
                                   "2024-05-01T08:00:00+07:00"))
    db.close()


def test_six_writers_create_and_fill_one_new_store(tmp_path):
    path = str(tmp_path / "shared.db")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(6)
    workers = [context.Process(target=_writer, args=(path, n, barrier)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * 6
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*), count(distinct url) from articles").fetchone() == (
        6 * 15 + 1, 6 * 15 + 1)
    conn.close()


@pytest.mark.parametrize("order", [("first", "second"), ("second", "first")])
def test_a_republished_story_is_linked_to_the_same_primary_in_any_order(tmp_path, order):
    copies = {
        "first": article("https://congdoanvietnam.vn/a/tong-ket-1.tld", STORY,
                         "2024-05-01T08:00:00+07:00"),
        "second": article("https://laodongthudo.vn/tong-ket-2.html", REPUBLISHED,
                          "2024-05-02T09:00:00+07:00"),
    }
    db = open_store(tmp_path / "store.db")
    for name in order:
        upsert_article(db, copies[name])
    rows = dict(db.execute("select url, duplicate_of from articles").fetchall())
    ids = dict(db.execute("select url, id from articles").fetchall())
    assert rows[copies["first"].url] is None
    assert rows[copies["second"].url] == ids[copies["first"].url]


def test_a_follow_up_with_new_figures_is_an_article_of_its_own(tmp_path):
    db = open_store(tmp_path / "store.db")
    upsert_article(db, article("https://laodongthudo.vn/tong-ket-1.html", STORY,
                               "2024-05-01T08:00:00+07:00"))
    upsert_article(db, article("https://laodongthudo.vn/tiep-theo-2.html", FOLLOW_UP,
                               "2024-09-01T08:00:00+07:00"))
    assert [r[0] for r in db.execute("select duplicate_of from articles")] == [None, None]
    assert len(store.articles_for_extraction(db)) == 2


def test_an_article_failing_inside_a_batch_leaves_no_row_and_the_batch_goes_on(
        tmp_path, monkeypatch):
    # The crawl's store pipeline holds one transaction for a batch of articles.
    db = open_store(tmp_path / "store.db")
    db.conn.execute("BEGIN IMMEDIATE")
    upsert_article(db, article("https://laodongthudo.vn/1.html", STORY, "2024-05-01"))
    real, calls = dedupe.band_keys, []

    def fails_when_banding_the_second(fingerprint):
        calls.append(fingerprint)
        if len(calls) == 2:  # the 1st call looks for twins; the 2nd bands the written row
            raise RuntimeError("disk full")
        return real(fingerprint)

    monkeypatch.setattr(dedupe, "band_keys", fails_when_banding_the_second)
    with pytest.raises(RuntimeError):
        upsert_article(db, article("https://laodongthudo.vn/2.html", FOLLOW_UP, "2024-09-01"))
    monkeypatch.setattr(dedupe, "band_keys", real)
    upsert_article(db, article("https://laodongthudo.vn/3.html", "Một bài khác hẳn về 7 công "
                               "đoàn cơ sở mới thành lập trong tháng.", "2024-10-01"))
    assert db.conn.in_transaction
    db.conn.execute("COMMIT")
    urls = [r[0] for r in db.execute("select url from articles order by id")]
    assert urls == ["https://laodongthudo.vn/1.html", "https://laodongthudo.vn/3.html"]
    bands = db.execute("select article_id, count(*) from simhash_bands group by article_id")
    assert sorted(n for _, n in bands) == [dedupe.BANDS, dedupe.BANDS]


@given(st.integers(-(1 << 63), (1 << 63) - 1),
       st.sets(st.integers(0, 63), max_size=4))
def test_a_fingerprint_a_few_bits_away_shares_a_band(fingerprint, flipped):
    other = fingerprint ^ sum(1 << bit for bit in flipped)
    other = other - (1 << 64) if other >= 1 << 63 else other
    assert set(dedupe.band_keys(fingerprint)) & set(dedupe.band_keys(other))


def test_near_duplicate_lookup_searches_the_band_index_and_never_scans(tmp_path):
    db = open_store(tmp_path / "store.db")
    plan = " | ".join(row[-1] for row in db.execute(
        "explain query plan " + store.BAND_CANDIDATES,
        [*dedupe.band_keys(dedupe.simhash(STORY)), dedupe.simhash(STORY)]))
    assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), plan
    assert "simhash_bands" in plan


def test_band_candidates_are_only_the_fingerprints_within_reach(tmp_path):
    db = open_store(tmp_path / "store.db")
    fingerprint = dedupe.simhash(STORY)
    band = dedupe.band_keys(fingerprint)[0]
    others = [p for p in range(64) if p not in dedupe._POSITIONS[0]]

    def flipped(count: int) -> int:  # same first band, `count` other bits changed
        value = (fingerprint ^ sum(1 << bit for bit in others[:count])) & ((1 << 64) - 1)
        return value - (1 << 64) if value >= 1 << 63 else value

    for article_id, count in ((1, 0), (2, dedupe.MAX_HAMMING), (3, dedupe.MAX_HAMMING + 1),
                              (4, 40)):
        db.execute("insert into articles (id, url, site, title, body) values (?, ?, 'x', 't',"
                   " 'b')", [article_id, f"https://x.vn/{article_id}"])
        other = flipped(count)
        assert dedupe.hamming(fingerprint, other) == count
        assert band in dedupe.band_keys(other)
        db.execute("insert into simhash_bands (key, article_id, simhash) values (?, ?, ?)",
                   [band, article_id, other])
    found = db.execute(store.BAND_CANDIDATES, [*dedupe.band_keys(fingerprint), fingerprint])
    assert [row[0] for row in found] == [1, 2]


def test_a_store_from_before_the_band_index_gets_its_articles_banded(tmp_path):
    path = tmp_path / "old.db"
    old = open_store(path)
    upsert_article(old, article("https://congdoanvietnam.vn/a/tong-ket-1.tld", STORY,
                                "2024-05-01T08:00:00+07:00"))
    old.execute("drop table simhash_bands")
    # and before the later migrations (5: organisations' successors)
    old.execute("drop index idx_organisations_successor")
    old.execute("alter table organisations drop column successor_id")
    old.execute("pragma user_version=3")  # the schema before the band index
    old.conn.commit()
    old.close()

    db = open_store(path)
    assert db.execute("select count(*) from simhash_bands").fetchone()[0] == dedupe.BANDS
    copy_id, _ = upsert_article(db, article("https://laodongthudo.vn/tong-ket-2.html",
                                            REPUBLISHED, "2024-05-02T09:00:00+07:00"))
    first_id = db.execute("select id from articles where url like '%congdoanvietnam%'"
                          ).fetchone()[0]
    assert db.execute("select duplicate_of from articles where id = ?", [copy_id]
                      ).fetchone()[0] == first_id


@given(st.text(alphabet="abc đoàn viên 12.", max_size=200))
def test_simhash_sets_each_bit_its_shingle_hashes_mostly_set(text):
    hashes = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
              for s in dedupe.shingles(text)]
    expected = sum(1 << bit for bit in range(64)
                   if sum(1 if h >> bit & 1 else -1 for h in hashes) > 0)
    assert dedupe.simhash(text) & ((1 << 64) - 1) == expected
