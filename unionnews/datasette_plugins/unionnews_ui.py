"""Datasette plugin: the editors' desk on top of the store.

- figures formatted for people: Vietnamese numbers with units, metric and kind in Vietnamese,
  a status badge, the sentence with the figure highlighted, only http(s) links;
- pages: `/-/figure/ID` (a figure, its review and the review form), `/-/review-queue`,
  `/-/promises?body=…` (the promise tracker, the same module as `unionnews promises`),
  `/-/editor-login` (sign in with the editors' token);
- `POST /-/review`: an editor's verdict, written to the store's `reviews` table. Only a
  signed-in editor (actor with `unionnews_editor`) may write; anonymous users stay read-only.

Configuration is the `unionnews` plugin block of the metadata: `store` (the file written to),
`read_only` (a snapshot: no writes at all) and `editor_token` (usually `{"$env":
"UNIONNEWS_EDITOR_TOKEN"}`); without a token nobody can sign in as an editor.
"""

from __future__ import annotations

import hmac
import json
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from unionnews.labels import (
    KIND_LABELS,
    METRIC_LABELS,
    REVIEW_LABELS,
    STATUS_LABELS,
    format_figure,
    format_period,
    kind_label,
    metric_label,
)
from unionnews.pages import escape, highlight, link, page
from unionnews.provenance import is_invented

PLUGIN = "unionnews"
REVIEW_ACTION = "unionnews-review"
FIGURE_TABLES = ("indicator_details", "figures", "figure_records", "indicators")

# Datasette breaks facet labels anywhere (break-all), which splits Vietnamese syllables.
CSS = """
ul.tight-bullets li {word-break: normal; overflow-wrap: break-word; hyphens: none}
td.col-org {min-width: 14rem} td.col-metric {min-width: 9rem}
.unionnews-badge {display:inline-block;padding:0 .35rem;border-radius:3px;font-size:.8rem;
 white-space:nowrap}
.unionnews-check {background:#fde2c8;color:#7a3b00}
.unionnews-publish {background:#d4edda;color:#155724}
td.col-value {white-space:nowrap;text-align:right}
td.col-sentence {min-width:24rem}
mark {background:#ffe58a}
"""


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def _database(datasette):
    # The store: the one database that is not Datasette's own _internal.
    return next(db for name, db in datasette.databases.items() if name != "_internal")


def _is_editor(actor) -> bool:
    return bool(actor and actor.get("unionnews_editor"))


@hookimpl
def permission_allowed(actor, action):
    if action == REVIEW_ACTION:
        return _is_editor(actor)
    return None


@hookimpl
def extra_css_urls():
    return ["/-/unionnews.css"]


# Facet values are the stored codes; readers see them in Vietnamese (the code stays in the
# link and in a tooltip). Datasette builds facets without a label hook, hence a small script.
_FACET_LABELS = {
    "metric": METRIC_LABELS, "kind": KIND_LABELS, "status": STATUS_LABELS,
    "review_state": REVIEW_LABELS,
}
_FACET_NAMES = {"metric": "chỉ số", "kind": "loại", "status": "trạng thái", "year": "năm",
                "org": "tổ chức", "site": "trang", "review_state": "kiểm tra"}
_FACET_SCRIPT = """
(function (labels, names) {
  document.querySelectorAll('.facet-info').forEach(function (facet) {
    var column = facet.dataset.column, name = facet.querySelector('.facet-info-name strong');
    if (names[column] && name && name.firstChild) {
      name.firstChild.textContent = names[column] + ' (' + column + ') ';
    }
    var map = labels[column];
    if (!map) return;
    facet.querySelectorAll('li').forEach(function (item) {
      var node = item.querySelector('a:not(.cross)') || item;
      var text = node.firstChild;
      if (text && text.nodeType === 3) {
        var code = text.textContent.trim().split(' ')[0];
        if (map[code]) {
          node.title = code;
          text.textContent = text.textContent.replace(code, map[code]);
        }
      }
    });
  });
})(%s, %s);
"""


@hookimpl
def extra_body_script(table):
    if table not in FIGURE_TABLES:
        return None
    return _FACET_SCRIPT % (json.dumps(_FACET_LABELS, ensure_ascii=False),
                            json.dumps(_FACET_NAMES, ensure_ascii=False))


@hookimpl
def menu_links(datasette, actor):
    links = [{"href": "/-/review-queue", "label": "Hàng chờ kiểm tra / review queue"},
             {"href": "/-/promises", "label": "Theo dõi chỉ tiêu / promise tracker"}]
    if not _is_editor(actor):
        links.append({"href": "/-/editor-login", "label": "Biên tập viên đăng nhập / sign in"})
    return links


@hookimpl
def render_cell(row, value, column, table):
    if table == "organisations" and column == "name" and value:
        # Each body's promise tracker is one click from the list of bodies.
        return Markup(f'{escape(value)} <a href="/-/promises?{escape(urlencode({"body": value}))}"'
                      ' class="promises">chỉ tiêu</a>')
    if table not in FIGURE_TABLES or row is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if column == "value" and value is not None and "unit" in keys:
        per = row["per"] if "per" in keys else None
        return format_figure(value, row["unit"], row["qualifier"] if "qualifier" in keys
                             else None, per)
    if column == "target_value" and value is not None:
        return format_figure(value, row["unit"] if "unit" in keys else None)
    if column == "metric" and value in METRIC_LABELS:
        return Markup(f'<span title="{escape(value)}">{escape(metric_label(value))}</span>')
    if column == "kind" and value:
        return kind_label(value)
    if column == "status" and value:
        label = STATUS_LABELS.get(value, value)
        return Markup(f'<span class="unionnews-badge unionnews-{escape(value)}">'
                      f"{escape(label)}</span>")
    if column == "review_state" and value:
        return REVIEW_LABELS.get(value, value)
    if column == "sentence" and value and "text" in keys:
        return Markup(highlight(value, row["text"]))
    if column == "url" and value:
        site = row["site"] if "site" in keys else None
        return Markup(link(value, "bài gốc", is_invented(site, value)))
    if column == "id" and isinstance(value, int) and table == "indicator_details":
        return Markup(f'<a href="/-/figure/{value}">{value}</a>')
    return None


# --- pages --------------------------------------------------------------------------------


async def _read(datasette, fn):
    return await _database(datasette).execute_fn(fn)


def _csrf(request) -> str:
    token = request.scope.get("csrftoken")
    return f'<input type="hidden" name="csrftoken" value="{escape(token())}">' if token else ""


def _nav(request) -> str:
    actor = request.actor
    who = (f"Biên tập viên: {escape(actor.get('id'))} · <a href=\"/-/logout\">đăng xuất</a>"
           if _is_editor(actor) else '<a href="/-/editor-login">Biên tập viên đăng nhập</a>')
    return ('<p class="meta"><a href="/">Trang chủ</a> · <a href="/-/review-queue">Hàng chờ '
            'kiểm tra</a> · <a href="/-/promises">Theo dõi chỉ tiêu</a> · ' + who + "</p>")


def _figure_form(request, record: dict) -> str:
    fields = "".join(
        f'<label>{escape(label)} <input name="{name}" value="" '
        f'placeholder="{escape(current)}"></label><br>'
        for name, label, current in (
            ("value", "Giá trị", record["value"]), ("kind", "Loại (target/achieved)",
                                                    record["kind"]),
            ("metric", "Chỉ số", record["metric"]), ("org", "Tổ chức", record["org"] or ""),
            ("period", "Kỳ (2024, 2023-2028)", format_period(record["period_from"],
                                                             record["period_to"]))))
    return (
        f'<form method="post" action="/-/review" class="review">{_csrf(request)}'
        f'<input type="hidden" name="figure_id" value="{record["id"]}">'
        '<button name="verdict" value="ok" id="review-ok">Đúng</button> '
        '<button name="verdict" value="rejected" id="review-reject">Sai</button>'
        f"<details><summary>Sửa số liệu</summary>{fields}"
        '<button name="verdict" value="corrected" id="review-correct">Lưu sửa đổi</button>'
        "</details></form>")


async def figure_page(request, datasette):
    from unionnews.review import ReviewError, figure_record

    figure_id = int(request.url_vars["id"])
    try:
        record = await _read(datasette, lambda conn: figure_record(conn, figure_id))
    except ReviewError as exc:
        return Response.html(page("Không tìm thấy", f"<p>{escape(exc)}</p>"), status=404)
    review = record["review"]
    state = (f"{REVIEW_LABELS[review['state']]} — {escape(review['by'])}, {escape(review['at'])}"
             if review else "chưa kiểm tra")
    status = STATUS_LABELS.get(record["status"], record["status"])
    body = (
        _nav(request)
        + f"<p class=\"figure\"><strong id=\"figure-value\">"
        f"{escape(format_figure(record['value'], record['unit'], record['qualifier']))}"
        f"</strong> · {escape(kind_label(record['kind']))} · "
        f"{escape(metric_label(record['metric']))} · {escape(record['org'])} · "
        f"{escape(format_period(record['period_from'], record['period_to']))}"
        f' · <span class="badge {"ok" if record["status"] == "publish" else "check"}" '
        f'id="figure-status">{escape(status)}</span></p>'
        f"<blockquote>{highlight(record['sentence'], record['text'])}</blockquote>"
        f'<p class="meta">{escape((record["published"] or "")[:10])} · {escape(record["site"])}'
        f" · {link(record['url'], record['title'], is_invented(record['site'], record['url']))}"
        "</p>"
        f'<p>Kiểm tra: <span id="review-state">{state}</span></p>'
        + _figure_form(request, record))
    invented = is_invented(record["site"], record["url"])
    return Response.html(page(f"Số liệu {figure_id}", body, invented))


async def review_queue_page(request, datasette):
    from unionnews.review import review_queue

    rows = await _read(datasette, lambda conn: review_queue(conn, 100))
    editor = _is_editor(request.actor)

    def verdicts(figure_id: int) -> str:
        # Quick verdicts for a signed-in editor; corrections on the figure's own page.
        if not editor:
            return ""
        return (f'<form method="post" action="/-/review">{_csrf(request)}'
                f'<input type="hidden" name="figure_id" value="{figure_id}">'
                '<input type="hidden" name="next" value="/-/review-queue">'
                '<button name="verdict" value="ok">Đúng</button> '
                '<button name="verdict" value="rejected">Sai</button></form>')

    items = "".join(
        f'<tr><td><a href="/-/figure/{r["id"]}">{r["id"]}</a></td>'
        f'<td class="num">{escape(format_figure(r["value"], r["unit"], r["qualifier"]))}</td>'
        f"<td>{escape(kind_label(r['kind']))}</td>"
        f"<td>{escape(metric_label(r['metric']))}</td><td>{escape(r['org'])}</td>"
        f"<td>{escape(format_period(r['period_from'], r['period_to']))}</td>"
        f"<td>{highlight(r['sentence'], r['text'])}</td><td>{verdicts(r['id'])}</td></tr>"
        for r in rows)
    body = (_nav(request) + "<p>Số liệu cần kiểm tra, quan trọng nhất trước: cấp trên trước "
            "cấp dưới, chỉ tiêu trước kết quả, ít chắc chắn trước.</p>"
            "<table><thead><tr><th>Số</th><th>Số liệu</th><th>Loại</th><th>Chỉ số</th>"
            "<th>Tổ chức</th><th>Kỳ</th><th>Câu</th><th></th></tr></thead>"
            f"<tbody>{items}</tbody></table>")
    invented = any(is_invented(r["site"], r["url"]) for r in rows)
    return Response.html(page("Hàng chờ kiểm tra", body, invented))


async def promises_page(request, datasette):
    from unionnews.promises import promises_for, promises_html
    from unionnews.timeline import UnknownFederation, resolve_federation

    body_name = (request.args.get("body") or "").strip()
    include_check = request.args.get("include_check") == "1"
    form = (f'<form method="get" action="/-/promises"><label>Tổ chức: <input name="body" '
            f'value="{escape(body_name)}" size="50"></label> <label><input type="checkbox" '
            'name="include_check" value="1"> kể cả số liệu cần kiểm tra</label> '
            "<button>Xem</button></form>")
    if not body_name:
        return Response.html(page("Theo dõi chỉ tiêu", _nav(request) + form))

    def build(conn):
        body_id, name = resolve_federation(conn, body_name)
        return name, promises_for(conn, body_id, include_check=include_check)

    try:
        name, found = await _read(datasette, build)
    except UnknownFederation as exc:
        return Response.html(page("Theo dõi chỉ tiêu", _nav(request) + form
                                  + f"<p>{escape(exc)}</p>"), status=404)
    html = promises_html(found, name)
    return Response.html(html.replace("<body>", "<body>" + _nav(request) + form, 1))


async def review_post(request, datasette):
    from unionnews.review import ReviewError, parse_correction, record_review
    from unionnews.store import open_store

    if request.method != "POST":
        return Response.redirect("/-/review-queue")
    if not await datasette.permission_allowed(request.actor, REVIEW_ACTION, default=False):
        return Response.html(page("Không được phép", _nav(request) + (
            "<p id=\"refused\">Chỉ biên tập viên đã đăng nhập mới được kiểm tra số liệu. / "
            "Only a signed-in editor may review.</p>")), status=403)
    config = _config(datasette)
    if config.get("read_only") or not config.get("store"):
        return Response.html(page("Chỉ đọc", "<p>Bản chụp chỉ đọc: không ghi được.</p>"),
                             status=403)
    form = await request.post_vars()
    try:
        figure_id = int(form.get("figure_id", ""))
        verdict = form.get("verdict", "")
        corrections: dict = {}
        if verdict == "corrected":
            for name in ("value", "kind", "metric", "org", "period"):
                if (form.get(name) or "").strip():
                    corrections.update(parse_correction(name, form[name]))
        db = open_store(config["store"])
        try:
            record_review(db, figure_id, verdict, str(request.actor.get("id")), corrections)
        finally:
            db.close()
    except (ReviewError, ValueError) as exc:
        return Response.html(page("Không lưu được", _nav(request) + f"<p>{escape(exc)}</p>"),
                             status=400)
    back = form.get("next") or ""
    return Response.redirect(back if back.startswith("/-/") else f"/-/figure/{figure_id}")


async def editor_login(request, datasette):
    token = _config(datasette).get("editor_token") or ""
    message = ""
    if request.method == "POST":
        form = await request.post_vars()
        name = " ".join((form.get("name") or "").split())
        if token and name and hmac.compare_digest(form.get("token", ""), token):
            back = form.get("next") or ""
            # Only a path on this site: a crafted link must not send an editor elsewhere.
            local = back.startswith("/") and not back.startswith("//")
            response = Response.redirect(back if local else "/-/review-queue")
            response.set_cookie("ds_actor", datasette.sign(
                {"a": {"id": name, "unionnews_editor": True}}, "actor"))
            return response
        message = '<p id="login-failed">Tên hoặc mã không đúng.</p>'
    if not token:
        message += ("<p>Chưa đặt mã biên tập (UNIONNEWS_EDITOR_TOKEN): không ai ghi được.</p>")
    next_url = request.args.get("next") or ""
    body = (_nav(request) + message
            + f'<form method="post" action="/-/editor-login">{_csrf(request)}'
            f'<input type="hidden" name="next" value="{escape(next_url)}">'
            '<label>Tên <input name="name" id="editor-name"></label><br>'
            '<label>Mã biên tập <input name="token" type="password" id="editor-token"></label>'
            '<br><button id="editor-login">Đăng nhập</button></form>')
    return Response.html(page("Biên tập viên đăng nhập", body))


async def stylesheet():
    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [
        (r"^/-/figure/(?P<id>\d+)$", figure_page),
        (r"^/-/review-queue$", review_queue_page),
        (r"^/-/promises$", promises_page),
        (r"^/-/review$", review_post),
        (r"^/-/editor-login$", editor_login),
        (r"^/-/unionnews\.css$", stylesheet),
    ]
