"""The editors' UI: Datasette on the store, read-only, with bilingual metadata.

`metadata(name)` describes the tables, facets, full-text search and canned queries;
`datasette_args` builds the command line. The store is opened read-only (mode=ro, or
immutable=1 for a finished snapshot), so a running extract is never blocked: WAL lets it
write while Datasette reads.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

PLUGINS_DIR = Path(__file__).parent / "datasette_plugins"

_INDICATOR_COLUMNS = {
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
}

TARGETS_AGAINST_RESULTS = """
with recursive tree(id) as (
    select id from organisations
    where name_folded = unionnews_fold(:federation)
       or id in (select organisation_id from site_federations where site_key = :federation)
    union
    select o.id from organisations o join tree on o.parent_id = tree.id
)
select i.period_from, i.period_to, i.org, i.metric, i.unit,
    max(case when i.kind = 'target' then coalesce(i.value, 0) end) as target,
    max(case when i.kind = 'achieved' then i.value end) as result,
    round(max(case when i.kind = 'achieved' then i.value end)
        / max(case when i.kind = 'target' then i.value end), 3) as completion
from indicators i
where i.organisation_id in (select id from tree) and i.unit != '% kế hoạch'
group by i.organisation_id, i.metric, i.unit, i.period_from, i.period_to
order by i.period_from, i.period_to, i.org, i.metric
"""

LATEST_PER_METRIC = """
select org, metric, kind, value, unit, period_from, period_to, published, url, sentence
from (
    select i.org, i.metric, i.kind, i.value, i.unit, i.period_from, i.period_to,
        a.published, a.url, i.sentence,
        row_number() over (partition by i.organisation_id, i.metric, i.kind
                           order by i.period_to desc, a.published desc, i.id desc) as rank
    from indicators i join articles a on a.id = i.article_id
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


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the store registered as `database`."""
    return {
        "title": "unionnews — chỉ tiêu và kết quả công đoàn / union targets and results",
        "description": (
            "Số liệu trích từ tin công đoàn, mỗi số liệu kèm câu và bài gốc. Tìm kiếm không "
            "cần dấu: \"thoa uoc\" tìm được \"thỏa ước\". / Figures extracted from Vietnamese "
            "trade-union news, each linked to its sentence and article. Search ignores "
            "accents."
        ),
        "databases": {
            database: {
                "tables": {
                    "indicator_details": {
                        "title": "Số liệu / indicators (with article)",
                        "description": "Mỗi dòng là một số liệu / one figure per row.",
                        "fts_table": "indicators_fts",
                        "fts_pk": "id",
                        "searchmode": "escaped",
                        "facets": ["org", "metric", "kind", "year", "site"],
                        "columns": _INDICATOR_COLUMNS,
                    },
                    "indicators": {
                        "title": "Số liệu (bảng gốc) / indicators (raw table)",
                        "fts_table": "indicators_fts",
                        "fts_pk": "id",
                        "facets": ["org", "metric", "kind", "period_to"],
                        "columns": _INDICATOR_COLUMNS,
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
                        },
                    },
                    "org_mentions": {"title": "Lần nhắc tổ chức / organisation mentions"},
                    "extractions": {"title": "Lượt trích xuất / extraction runs"},
                },
                "queries": {
                    "targets_against_results": {
                        "title": "Chỉ tiêu và kết quả của một liên đoàn / targets against "
                                 "results for one federation",
                        "description": "federation: tên chuẩn (không cần dấu) hoặc mã trang / "
                                       "canonical name (accents optional) or site key",
                        "sql": TARGETS_AGAINST_RESULTS,
                    },
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


def datasette_args(
    db_path: Path, metadata_path: Path, host: str, port: int, immutable: bool = False
) -> list[str]:
    """The Datasette command line serving `db_path` read-only."""
    return [
        sys.executable, "-m", "datasette", "serve",
        *(["--immutable", str(db_path)] if immutable else [str(db_path)]),
        "--metadata", str(metadata_path),
        "--plugins-dir", str(PLUGINS_DIR),
        "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", "3000",
        "--setting", "default_page_size", "50",
    ]
