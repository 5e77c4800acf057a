"""Store benchmark: ingest rate and search latency on 1,000,000 generated indicator rows.

    .venv/bin/python bench/bench_store.py [--rows 1000000] [--keep PATH]

Prints the ingest rate (rows/s, folding and FTS indexing included), the median and p95 latency
of full-text and filtered searches through unionnews.search (first page, 100 rows), and the
ratio of full-text time to a LIKE scan for the same words, measured side by side.
Target: p95 under 20 ms. The rows are generated, not extracted: this measures the store only.

Then the time to store one article (unionnews.store.upsert_article: near-duplicate lookup,
full-text indexing, band index) in a store already holding 1,000 and 100,000 articles of the
genre (`--insert-at`; one store per size, the timed inserts alternating between them), wall
and CPU time. Target: the same within 2x.
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from nlp.model import METRICS
from unionnews import dedupe
from unionnews.organisations import PROVINCES_BEFORE_2025, federation_name
from unionnews.search import Filters, search_indicators
from unionnews.store import (
    INSERT_INDICATOR,
    Article,
    ensure_organisation,
    open_store,
    upsert_article,
)

SITES = ("laodongthudo", "haiphong", "congdoanvietnam", "nghean", "laodong")
VERBS = ("kết nạp được", "phát triển mới", "thành lập mới", "ký kết", "tổ chức", "hỗ trợ",
         "thăm hỏi", "đối thoại tại", "giới thiệu", "kiểm tra", "tuyên truyền tới", "đạt")
UNITS = ("đoàn viên", "CĐCS", "doanh nghiệp", "cuộc", "người", "đơn vị", "suất quà", "%")
TOPICS = ("thỏa ước lao động tập thể", "thoả ước lao động tập thể", "Tháng Công nhân",
          "Tết Sum vầy", "mái ấm Công đoàn", "an toàn vệ sinh lao động", "quy chế dân chủ",
          "nữ công", "chuyển đổi số", "App Công đoàn Việt Nam", "kinh phí công đoàn",
          "đào tạo nghề", "khám sức khỏe", "phúc lợi đoàn viên", "thi đua khen thưởng")
DISTRICTS = tuple(f"quận {n}" for n in ("Thanh Xuân", "Đống Đa", "Hoàn Kiếm", "Cầu Giấy",
                                          "Long Biên", "Hà Đông", "Ba Đình", "Tây Hồ"))


def generate(db, rows: int, seed: int = 7) -> float:
    """Fill the store; returns ingest rows per second."""
    rng = random.Random(seed)
    orgs = []
    with db.conn:
        for province in PROVINCES_BEFORE_2025[:40]:
            name = federation_name(province)
            orgs.append((ensure_organisation(db, name), name))
        for district in DISTRICTS:
            name = f"Liên đoàn Lao động {district}"
            orgs.append((ensure_organisation(
                db, name, federation="Liên đoàn Lao động thành phố Hà Nội"), name))
    companies = [f"Công ty {rng.choice(('TNHH', 'CP', 'TNHH MTV'))} Sản xuất {n:05d}"
                 for n in range(5000)]
    articles = max(rows // 20, 1)
    db.conn.execute("begin")
    db.conn.executemany(
        "insert into articles (url, site, title, body, published) values (?, ?, ?, ?, ?)",
        [(f"https://example.vn/bai-{n}.html", rng.choice(SITES), f"Bài {n}", "…",
          f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-15T08:00:00+07:00")
         for n in range(articles)])
    db.conn.commit()
    started = time.perf_counter()
    batch = 50_000
    for offset in range(0, rows, batch):
        records = []
        for n in range(offset, min(rows, offset + batch)):
            org_id, org = rng.choice(orgs)
            value = rng.randint(1, 50_000)
            year = rng.randint(2015, 2025)
            kind = rng.choice(("target", "achieved"))
            sentence = (f"Năm {year}, {org} {rng.choice(VERBS)} {value} {rng.choice(UNITS)} "
                        f"về {rng.choice(TOPICS)} tại {rng.choice(companies)}.")
            span = (year + 2, year + 7) if rng.random() < 0.2 else (year, year)
            records.append((n % articles + 1, org_id, org, f"{value}", 0, 5, float(value), None,
                            "đoàn viên", "exact", kind, rng.choice(METRICS), span[0], span[1],
                            None, sentence, 0.9, "bench", "publish", None, None, None, None))
        db.conn.execute("begin")
        db.conn.executemany(INSERT_INDICATOR, records)
        db.conn.commit()
        print(f"  ingested {offset + len(records):,}", flush=True)
    return rows / (time.perf_counter() - started)


@functools.cache
def corpus_sentences() -> list[str]:
    from corpus.build import load_gold

    return [sentence for record in load_gold()
            for sentence in re.split(r"(?<=[.!?])\s+", record["text"]) if len(sentence) > 40]


def genre_text(rng: random.Random, sentences: int = 12) -> str:
    """An article body of the genre: sentences of the annotated corpus' articles, drawn at
    random, their figures changed (so texts share the genre's phrasing, not whole stories)."""
    return " ".join(re.sub(r"\d+", lambda _: str(rng.randint(1, 9999)), sentence)
                    for sentence in rng.sample(corpus_sentences(), sentences))


def fill_articles(db, count: int, rng: random.Random, start: int) -> None:
    """Add `count` articles with their fingerprints and bands, in bulk (not timed)."""
    articles, bands = [], []
    for n in range(start, start + count):
        body = genre_text(rng)
        fingerprint = dedupe.simhash(f"\n{body}")
        articles.append((n, f"https://example.vn/bai-{n}.html", rng.choice(SITES), f"Bài {n}",
                         body, "2024-05-01T08:00:00+07:00", fingerprint))
        bands.extend((key, n, fingerprint) for key in dedupe.band_keys(fingerprint))
    with db.conn:
        db.conn.executemany("insert into articles (id, url, site, title, body, published,"
                            " simhash) values (?, ?, ?, ?, ?, ?, ?)", articles)
        db.conn.executemany("insert into simhash_bands (key, article_id, simhash)"
                            " values (?, ?, ?)", bands)


def article_insert_ms(folder: Path, sizes: list[int],
                      probes: int) -> dict[int, tuple[list[float], list[float]]]:
    """Wall and CPU time (ms) of upsert_article for `probes` new articles in a store holding
    each size. One store per size is filled first; the timed inserts then alternate between
    the stores, so the load of a shared machine falls on every size alike."""
    rng = random.Random(11)
    stores = {}
    for size in sorted(sizes):
        stores[size] = open_store(folder / f"articles-{size}.db")
        fill_articles(stores[size], size, rng, 1)
    out: dict[int, tuple[list[float], list[float]]] = {size: ([], []) for size in stores}
    for n in range(probes):
        for size, db in stores.items():
            article = Article(url=f"https://example.vn/moi-{n}.html", site="nghean",
                              title=f"Bài mới {n}", body=genre_text(rng),
                              published="2024-06-01T08:00:00+07:00")
            wall, cpu = time.perf_counter(), time.process_time()
            upsert_article(db, article)
            out[size][1].append((time.process_time() - cpu) * 1000)
            out[size][0].append((time.perf_counter() - wall) * 1000)
    for db in stores.values():
        db.close()
    return out


def band_recall(seed: int = 1) -> None:
    """How the band index compares with the full scan it replaced, on the corpus' texts: of
    the edited copies (sentences dropped, one added) that the scan would link (near-duplicate
    and within MAX_HAMMING), the share whose bands meet; and the share of pairs of different
    articles that share a band (candidates checked for nothing)."""
    from corpus.build import load_gold

    texts = [record["text"] for record in load_gold()]
    rng = random.Random(seed)
    found = linked = 0
    for text in texts:
        sentences = text.split(". ")
        if len(sentences) < 6:
            continue
        for _ in range(3):
            copy = list(sentences)
            for _ in range(max(1, len(copy) // 12)):
                copy.pop(rng.randrange(len(copy)))
            copy.insert(rng.randrange(len(copy)), "Công đoàn Thủ đô sẽ học tập cách làm này")
            edited = ". ".join(copy)
            a, b = dedupe.simhash(text), dedupe.simhash(edited)
            if dedupe.hamming(a, b) <= dedupe.MAX_HAMMING and dedupe.is_near_duplicate(text,
                                                                                      edited):
                linked += 1
                found += bool(set(dedupe.band_keys(a)) & set(dedupe.band_keys(b)))
    keys = [set(dedupe.band_keys(dedupe.simhash(t))) for t in texts]
    pairs = [(i, j) for i in range(len(keys)) for j in range(i)]
    shared = sum(bool(keys[i] & keys[j]) for i, j in pairs)
    print(f"\nsimhash bands vs the full scan: {found}/{linked} edited copies the scan links are "
          f"found ({found / linked:.1%}); {shared}/{len(pairs)} pairs of different corpus "
          f"texts share a band ({shared / len(pairs):.2%})")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[18]
    return f"median {statistics.median(times):7.2f} ms  p95 {p95:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", type=Path, default=None, help="store path to keep")
    parser.add_argument("--insert-at", default="1000,100000",
                        help="stored-article counts at which one article insert is timed")
    parser.add_argument("--probes", type=int, default=300, help="inserts timed at each count")
    args = parser.parse_args()
    sizes = [int(n) for n in args.insert_at.split(",") if n.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.db"
        db = open_store(path)
        rate = generate(db, args.rows)
        db.execute("analyze")
        size = path.stat().st_size / 2**20
        print(f"ingest: {args.rows:,} indicator rows at {rate:,.0f} rows/s "
              f"(fold + FTS index included); store {size:,.0f} MiB")

        fulltext = {
            "rare (one company)": "san xuat 04217",
            "medium (topic)": "thoa uoc lao dong tap the",
            "frequent (doan)": "lien doan lao dong",
            "accented, đ": "Tháng Công nhân",
        }
        filtered = {
            "metric+kind+years": ("", Filters(metric="members_new", kind="target",
                                              year_from=2020, year_to=2022)),
            "org+metric": ("", Filters(org="Liên đoàn Lao động quận Thanh Xuân", metric="cba")),
            "text+site+year": ("tet sum vay", Filters(site="nghean", year_from=2024)),
            "text+metric+kind": ("thoa uoc", Filters(metric="cba", kind="achieved")),
            "rare text+kind": ("san xuat 01234", Filters(kind="target")),
        }
        all_p95 = []
        print(f"\nsearch latency, first page of 100 rows, {args.repeat} runs each:")
        for label, query in fulltext.items():
            times = timed(lambda q=query: search_indicators(db, q), args.repeat)
            all_p95.append(statistics.quantiles(times, n=20)[18])
            print(f"  full-text {label:<22} {summary(times)}")
        for label, (query, filters) in filtered.items():
            times = timed(lambda q=query, f=filters: search_indicators(db, q, f), args.repeat)
            all_p95.append(statistics.quantiles(times, n=20)[18])
            print(f"  filtered  {label:<22} {summary(times)}")
        print(f"  worst p95 {max(all_p95):.2f} ms (target < 20 ms): "
              f"{'met' if max(all_p95) < 20 else 'NOT met'}")

        print("\nfull-text vs LIKE scan for the same words (count every match):")
        for words, like in (("san xuat 04217", "%Sản xuất 04217%"),
                            ("tet sum vay", "%Tết Sum vầy%")):
            fts_times = timed(lambda w=words: db.execute(
                "select count(*) from indicators_fts where indicators_fts match ?",
                ['"' + '" "'.join(w.split()) + '"']).fetchone(), 5)
            like_times = timed(lambda p=like: db.execute(
                "select count(*) from indicators where sentence like ?", [p]).fetchone(), 3)
            fts_ms, like_ms = statistics.median(fts_times), statistics.median(like_times)
            print(f"  {words!r:<18} FTS {fts_ms:8.2f} ms  LIKE {like_ms:8.2f} ms  "
                  f"FTS/LIKE = {fts_ms / like_ms:.4f} ({like_ms / fts_ms:,.0f}x faster)")
        db.close()

        band_recall()
        if sizes:
            print(f"\narticle insert (upsert_article), {args.probes} new articles at each size,"
                  " the sizes alternating:")
            inserts = article_insert_ms(Path(tmp), sizes, args.probes)
            for size, (wall, cpu) in inserts.items():
                print(f"  {size:>11,} stored: {summary(wall)}  CPU median "
                      f"{statistics.median(cpu):6.2f} ms")
            for label, column in (("wall", 0), ("CPU", 1)):
                low, high = (statistics.median(inserts[n][column])
                             for n in (min(sizes), max(sizes)))
                print(f"  {label} median at {max(sizes):,} / at {min(sizes):,} = "
                      f"{high / low:.2f} (target <= 2): {'met' if high / low <= 2 else 'NOT met'}")

if __name__ == "__main__":
    main()
