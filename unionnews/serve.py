"""The editors' UI: Datasette on the store, with bilingual metadata and the editors' desk.

`metadata(name, store)` describes the tables, facets, full-text search, canned queries and
the `unionnews` plugin's settings; `build_datasette` makes the app, which `unionnews serve`
runs in its own process (so stopping the command stops the server). The store is opened
read-only (mode=ro, or immutable=1 for a finished snapshot), so a running extract is never
blocked: WAL lets it write while Datasette reads. The only writes are editors' reviews, made
by the plugin (datasette_plugins/unionnews_ui.py) through unionnews.review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from unionnews.labels import METRIC_LABELS
from unionnews.pages import escape, invented_banner

PLUGINS_DIR = Path(__file__).parent / "datasette_plugins"

INDICATOR_COLUMNS = {
    "org": "Tổ chức (tên chuẩn) / organisation, canonical name",
    "metric": "Mã chỉ số / metric code (members_new, cba, …)",
    "kind": "target = chỉ tiêu, mục tiêu / goal; achieved = kết quả / reported result",
    "value": "Giá trị / the figure as a number",
    "target_value": "Chỉ tiêu đi kèm (2134/1800 → 1800) / plan the result is set against",
    "unit": "Đơn vị đếm / what is counted (đoàn viên, CĐCS, %, đồng …)",
    "qualifier": "exact, at_least (ít nhất), more_than (hơn), about (khoảng), at_most",
    "period_from": "Năm bắt đầu kỳ / first year the figure covers",
    "period_to": "Năm kết thúc kỳ / last year the figure covers",
    "year": "Năm (= period_to) / year, for faceting",
    "recurring": "annual = hằng năm trong nhiệm kỳ / every year of a term",
    "sentence": "Câu gốc / the sentence the figure was found in",
    "text": "Cụm số liệu trong bài / the figure expression as written",
    "score": "Độ tin cậy của bộ trích xuất / extractor confidence, 0–1",
    "site": "Trang nguồn / source site (registry key)",
    "published": "Ngày đăng / publication date",
    "title": "Tiêu đề bài / article title",
    "url": "Địa chỉ bài / article URL",
    "extractor_version": "Phiên bản bộ trích xuất / extractor version",
    "status": "Trạng thái: đã xác nhận (publish) hay cần kiểm tra (check) / publish or check",
    "review_state": "Kết quả kiểm tra của biên tập viên / editor's review: ok, rejected, "
                    "corrected",
}

LATEST_PER_METRIC = """
select org, metric, kind, value, unit, period_from, period_to, published, url, sentence
from (
    select i.org, i.metric, i.kind, i.value, i.unit, i.period_from, i.period_to,
        a.published, a.url, i.sentence,
        row_number() over (partition by i.organisation_id, i.metric, i.kind
                           order by i.period_to desc, a.published desc, i.id desc) as rank
    from figures i join articles a on a.id = i.article_id
    where :org = '' or i.org is not null and unionnews_fold(i.org) like
        '%' || unionnews_fold(:org) || '%'
) where rank = 1
order by org, metric, kind
"""

SEARCH_INDICATORS = """
select * from indicator_details
where id in (select rowid from indicators_fts
             where indicators_fts match unionnews_fts_query(:q))
order by id desc limit 500
"""


def home_html(database: str) -> str:
    """The editor-first links at the top of Datasette's home page."""
    figures = f"/{quote(database)}/indicator_details"
    facets = urlencode([("_facet", f) for f in ("org", "metric", "kind", "year")])
    return (
        f'<p><a href="{figures}"><strong>Số liệu</strong></a> (mỗi số liệu kèm câu và bài '
        f'gốc) · <a href="{figures}?status=check&amp;{escape(facets)}">Số liệu cần kiểm '
        'tra</a> · <a href="/-/review-queue">Hàng chờ kiểm tra</a> · '
        '<a href="/-/promises">Theo dõi chỉ tiêu theo tổ chức</a> · '
        '<a href="#glossary">Giải thích thuật ngữ</a></p>'
        '<details id="glossary"><summary>Giải thích thuật ngữ / glossary</summary><ul>'
        + "".join(f"<li><code>{escape(code)}</code>: {escape(label)}</li>"
                  for code, label in METRIC_LABELS.items())
        + "</ul><p>Các cột / columns:</p><ul>"
        + "".join(f"<li><code>{escape(column)}</code>: {escape(text)}</li>"
                  for column, text in INDICATOR_COLUMNS.items())
        + "</ul></details>")


def metadata(database: str, store: Path | None = None, read_only: bool = True,
             invented: bool = False) -> dict[str, Any]:
    """Datasette metadata for the store registered as `database` (the file `store`;
    `read_only`: no review can be written, e.g. an immutable snapshot; `invented`: the store
    holds the replica's invented articles, which every page then says)."""
    banner = invented_banner() if invented else ""
    meta = {
        "description_html": banner + home_html(database),
        "plugins": {"unionnews": {
            "store": str(store) if store else None,
            "read_only": read_only,
            "editor_token": {"$env": "UNIONNEWS_EDITOR_TOKEN"},
        }},
        "title": "unionnews — chỉ tiêu và kết quả công đoàn / union targets and results",
        "databases": {
            database: {
                "tables": {
                    "indicator_details": {
                        "title": "Số liệu / indicators (with article)",
                        "description": "Mỗi dòng là một số liệu / one figure per row.",
                        "fts_table": "indicators_fts",
                        "fts_pk": "id",
                        "searchmode": "escaped",
                        "facets": ["status", "metric", "kind", "year", "org", "site"],
                        "sort_desc": "id",
                    },
                    "indicators": {
                        "title": "Số liệu (bảng gốc) / indicators (raw table)",
                        "fts_table": "indicators_fts",
                        "fts_pk": "id",
                        "facets": ["org", "metric", "kind", "period_to"],
                    },
                    "articles": {
                        "title": "Bài báo / articles",
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "facets": ["site", "federation"],
                        "columns": {
                            "title": "Tiêu đề / title", "lead": "Sa-pô / lead",
                            "body": "Nội dung / body text", "site": "Trang / site key",
                            "federation": "Liên đoàn chủ quản / publishing federation",
                            "published": "Ngày đăng / publication date",
                            "duplicate_of": "Bản trùng của / duplicate of article id",
                        },
                    },
                    "organisations": {
                        "title": "Tổ chức / organisations",
                        "description": "Cây tổ chức công đoàn / the union hierarchy.",
                        "facets": ["level", "province"],
                        "columns": {
                            "name": "Tên chuẩn / canonical name",
                            "level": "Cấp / level (confederation, federation, district, "
                                     "industry, zone, commune, grassroots, other)",
                            "parent_id": "Cấp trên / parent body",
                            "province": "Tỉnh, thành / province",
                            "dissolved": "Năm giải thể, sáp nhập / year merged away",
                            "successor_id": "Liên đoàn kế thừa (sáp nhập 1/7/2025) / "
                                            "successor federation after the 2025 merger",
                        },
                    },
                    "org_mentions": {"title": "Lần nhắc tổ chức / organisation mentions"},
                    "extractions": {"title": "Lượt trích xuất / extraction runs"},
                },
                "queries": {
                    "latest_per_metric": {
                        "title": "Số liệu mới nhất theo chỉ số / latest figure per metric",
                        "description": "org: để trống cho tất cả / leave empty for all",
                        "sql": LATEST_PER_METRIC,
                    },
                    "search_indicators": {
                        "title": "Tìm số liệu (có dấu hay không) / search indicators",
                        "sql": SEARCH_INDICATORS,
                    },
                },
            }
        },
    }
    if invented:
        for table in meta["databases"][database]["tables"].values():
            table["description_html"] = banner + escape(table.pop("description", ""))
        for query in meta["databases"][database]["queries"].values():
            query["description_html"] = banner + escape(query.pop("description", ""))
    return meta


SETTINGS = {"sql_time_limit_ms": 3000, "default_page_size": 50, "default_facet_size": 8}


def build_datasette(db_path: Path, immutable: bool = False) -> Any:
    """The Datasette app on `db_path` (read-only; immutable for a finished snapshot)."""
    from datasette.app import Datasette

    from unionnews.provenance import count_invented
    from unionnews.readonly import open_readonly

    store = open_readonly(db_path)
    invented = count_invented(store) > 0
    store.close()
    meta = metadata(db_path.stem, db_path.resolve(), read_only=immutable, invented=invented)
    return Datasette(
        files=[] if immutable else [str(db_path)],
        immutables=[str(db_path)] if immutable else [],
        metadata=meta, plugins_dir=str(PLUGINS_DIR), settings=SETTINGS,
    )
