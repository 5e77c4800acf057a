"""The replica's pages, generated from the site registry: for every registry site, articles
composed from content.yaml (+ the three seeds) rendered in the markup of the site's families,
listing pages at its start pages with its pagination form, a sitemap, its RSS feed where the
registry lists one, and robots.txt. Adding a site to the registry adds its replica pages.

`build_replica(port)` returns a `Replica`: a map from mirror path (`/<site key>/<site path>`) to
a `Page`, plus the list of `ReplicaArticle` the crawler is expected to store (the ground truth
the tests compare against). Everything is deterministic.
"""

from __future__ import annotations

import html
import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from unionnews_core.registry import Site, load_registry

HERE = Path(__file__).parent
PER_PAGE = 10
ARTICLES_PER_SITE = 30  # sites with their own names and authors in content.yaml
ARTICLES_PER_OTHER_SITE = 3  # every other registry site (the benchmark asks for more)
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
TRACKING_SUFFIX = "?utm_source=facebook&utm_medium=social&fbclid=IwAR0replica"

# Faults, by site and article index (see README.md).
FAULTS = {
    "laodongthudo": {3: "503", 6: "truncate", 8: "timeout"},
    "haiphong": {2: "cp1258-as-utf8", 5: "utf8-as-cp1258", 7: "503"},
    "congdoanvietnam": {4: "503"},
    "nghean": {3: "503", 5: "no-selector"},
}
# Families whose pages show the publication date without a time.
DATE_ONLY_FAMILIES = {"danaweb"}


@dataclass
class ReplicaArticle:
    site: str
    path: str  # path on the site, e.g. /slug-10001.html
    section: str
    category: str
    title: str
    lead: str | None
    paragraphs: list[str]
    author: str | None
    tags: list[str]
    published: datetime
    date_only: bool = False  # the page shows a date without a time
    markup: str = "mastercms"  # the markup family the page is rendered in
    fault: str | None = None
    origin: str = "written-for-replica"  # or "seed NNN"
    lead_prefix: str = ""
    captions: list[str] = field(default_factory=list)
    related_inline: list[str] = field(default_factory=list)
    teasers: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def published_iso(self) -> str:
        return self.published.isoformat()


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    fault: str | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Replica:
    pages: dict[str, Page]
    articles: list[ReplicaArticle]
    disallowed: list[str]
    off_domain: str

    def lookup(self, path: str) -> Page | None:
        """Find a page as a lenient web server would: tracking query and trailing slash ignored."""
        candidates = [path, path.split("?", 1)[0]]
        candidates += [c.rstrip("/") for c in candidates if c.endswith("/") and len(c) > 1]
        candidates += [c + "/" for c in candidates if not c.endswith("/")]
        for candidate in candidates:
            if candidate in self.pages:
                return self.pages[candidate]
        return None


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def vn_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 keeps tone marks as combining characters: split them off, compose the rest."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        others = "".join(m for m in marks if m not in tones)
        composed = unicodedata.normalize("NFC", base + others)
        out.append((composed + "".join(tones)).encode("cp1258", errors="replace"))
    return b"".join(out)


# --- articles ---------------------------------------------------------------------------------

def sections(site: Site, content: dict) -> dict[str, str]:
    """Start page path → section name. A start page that other start pages sit under (e.g.
    laodongthudo's /cong-doan) is the aggregate listing, not a section of its own."""
    paths = [page.path for page in site.start_pages]
    own = [p for p in paths if not any(o.startswith(p + "/") for o in paths)]
    names = content.get("section_names", {})
    return {p: names.get(p) or p.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").capitalize()
            for p in own}


def _aggregate(site: Site, content: dict) -> list[str]:
    own = sections(site, content)
    return [page.path for page in site.start_pages if page.path not in own]


def _site_spec(site: Site, content: dict, index: int) -> dict:
    """content.yaml's names for the site, or names composed from its registry entry."""
    if site.key in content["sites"]:
        return content["sites"][site.key]
    generic = content["generic"]
    where = site.province or "Việt Nam"
    orgs = [org.format(province=where, federation=site.federation) for org in
            (generic["orgs_in_province"] if site.province else generic["orgs_national"])]
    day = datetime(2025, 6, 28, 8, 0) - timedelta(days=index % 20, hours=index % 7)
    return {"start": day.strftime("%Y-%m-%dT%H:%M"), "authors": generic["authors"],
            "orgs": orgs}


def _generated(site: Site, content: dict, count: int, index: int) -> list[ReplicaArticle]:
    spec = _site_spec(site, content, index)
    rng = random.Random(f"replica-{site.key}")
    section_list = list(sections(site, content).items())
    when = datetime.fromisoformat(spec["start"] + ":00+07:00")
    family = site.layouts[0].family
    older = site.layouts[-1].family
    has_tags = bool(site.layouts[0].selectors["tags"])
    faults = FAULTS.get(site.key, {})
    articles = []
    for i in range(count):
        event = content["events"][i % len(content["events"])]
        org = spec["orgs"][(i // len(content["events"]) + i) % len(spec["orgs"])]
        slots = {
            "org": org, "n": vn_number(rng.choice([rng.randint(40, 400), rng.randint(1000, 4000)])),
            "k": rng.randint(3, 60), "m": rng.randint(3, 250) * 10,
            "pct": rng.randint(62, 135), "year": when.year, "month": when.month,
            "day": when.day,
        }
        section, category = section_list[i % len(section_list)]
        title = event["title"].format(**slots)
        title = title[0].upper() + title[1:]
        markup = older if i % 5 == 4 else family
        published = when.replace(hour=0, minute=0) if markup in DATE_ONLY_FAMILIES else when
        articles.append(ReplicaArticle(
            site=site.key, path="", section=section, category=category, title=title,
            lead=event["lead"].format(**slots),
            paragraphs=[p.format(**slots) for p in event["body"]],
            author=spec["authors"][i % len(spec["authors"])],
            tags=list(event["tags"]) if has_tags else [],
            published=published, date_only=markup in DATE_ONLY_FAMILIES,
            markup=markup, fault=faults.get(i),
            lead_prefix=f"{site.lead_prefixes[0]} " if site.lead_prefixes else "",
        ))
        when -= timedelta(days=5, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
    return articles


def _seed_lines(name: str) -> list[str]:
    return (HERE / "seeds" / name).read_text(encoding="utf-8").split("\n")


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(" ".join(line.split()))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _teasers(lines: list[str]) -> list[tuple[str, str]]:
    """The seed's trailing boxes: (heading, teaser) pairs, teaser titles printed twice."""
    heading, out = "", []
    for line in (" ".join(x.split()) for x in lines):
        if line in ("Có thể bạn quan tâm", "Nên xem", "Tin khác", "Xem tin khác"):
            heading = line
        elif line and line not in ("Xem thêm", "Phiên bản di động") and heading:
            if not out or out[-1][1] != line:
                out.append((heading, line))
    return out


def _seeds() -> dict[str, list[ReplicaArticle]]:
    tz = "+07:00"
    # Seed 000: laodongthudo.vn, newer markup. Publication time assumed (page text shows 19/7).
    lines = _seed_lines("000_1d0f1265b45db6ff.txt")
    cut = lines.index("Có thể bạn quan tâm")
    blocks = _blocks(lines[:cut])
    title = blocks[0][0]
    lead = blocks[1][0].removeprefix("(LĐTĐ) ")
    paragraphs, captions = [], []
    for block in blocks[2:-1]:
        if block[0] == title:  # image alt text, then its caption
            captions.append(block[1])
        else:
            paragraphs.extend(block)
    s000 = ReplicaArticle(
        site="laodongthudo", path="/cong-doan-cac-kcn-cx-ha-noi-huong-ve-co-so-87321.html",
        section="/cong-doan/hoat-dong", category="Hoạt động", title=title, lead=lead,
        paragraphs=paragraphs, author=blocks[-1][0], tags=["Công đoàn các KCN&CX Hà Nội"],
        published=datetime.fromisoformat("2024-07-19T15:20:00" + tz), origin="seed 000",
        lead_prefix="(LĐTĐ) ", captions=captions, related_inline=[blocks[1][1]],
        teasers=_teasers(lines[cut:]),
    )
    # Seed 003: laodongthudo.vn, older markup (2016). Date assumed from the text (year 2016).
    lines = _seed_lines("003_87df08518de940b6.txt")
    cut = lines.index("Có thể bạn quan tâm")
    blocks = _blocks(lines[:cut])
    alt = "nhieu hoat dong thiet thuc huong ve co so"
    title = f"{blocks[0][0]} {blocks[1][0]}"
    paragraphs, captions, related = [], [], []
    for block in blocks[3:-1]:
        if block[0] == alt:
            captions.append(block[1])
        else:
            paragraphs.extend(block)
    related = [line.removeprefix(alt + " ") for line in blocks[2][1:]]
    s003 = ReplicaArticle(
        site="laodongthudo", path="/ldld-quan-thanh-xuan-nhieu-hoat-dong-thiet-thuc-28016.html",
        section="/cong-doan/hoat-dong", category="Hoạt động", title=title, lead=blocks[2][0],
        paragraphs=paragraphs, author=blocks[-1][0], tags=["LĐLĐ quận Thanh Xuân"],
        published=datetime.fromisoformat("2016-12-20T08:45:00" + tz), markup="mastercms-legacy",
        origin="seed 003", captions=captions, related_inline=related,
        teasers=_teasers(lines[cut:]),
    )
    # Seed 002: the Hải Phòng federation's site. The page shows the date only.
    lines = _seed_lines("002_f9e2b87fb65a1a70.txt")
    cut = lines.index("Xem tin khác")
    blocks = _blocks(lines[:cut])
    paragraphs = [line for block in blocks[3:-1] for line in block]
    s002 = ReplicaArticle(
        site="haiphong", path="/tin-tuc/hoat-dong-cong-doan/nam-2023-ldld-tp-hai-phong-5123.html",
        section="/tin-tuc/hoat-dong-cong-doan", category="Hoạt động công đoàn",
        title=blocks[1][0], lead=None, paragraphs=paragraphs, author=blocks[-1][0], tags=[],
        published=datetime.fromisoformat("2023-03-22T00:00:00" + tz), date_only=True,
        markup="danaweb", origin="seed 002",
    )
    return {"laodongthudo": [s000, s003], "haiphong": [s002]}


def _syndicate(articles: dict[str, list[ReplicaArticle]]) -> None:
    """laodongthudo republishes a congdoanvietnam story: same text, its own lead and a line."""
    source, copy = articles["congdoanvietnam"][2], articles["laodongthudo"][10]
    copy.title, copy.lead, copy.lead_prefix = source.title, source.lead, "(LĐTĐ) "
    copy.paragraphs = source.paragraphs[:-1] + [
        source.paragraphs[-1] + " Công đoàn Thủ đô sẽ học tập cách làm này."
    ]
    copy.tags = list(source.tags)


def _syndicate(articles: dict[str, list[ReplicaArticle]]) -> None:
    """laodongthudo republishes a congdoanvietnam story: same text, its own lead and a line."""
    source, copy = articles["congdoanvietnam"][2], articles["laodongthudo"][10]
    copy.title, copy.lead, copy.lead_prefix = source.title, source.lead, "(LĐTĐ) "
    copy.paragraphs = source.paragraphs[:-1] + [
        source.paragraphs[-1] + " Công đoàn Thủ đô sẽ học tập cách làm này."
    ]
    copy.tags = list(source.tags)


def _assign_paths(articles: list[ReplicaArticle], site: Site, first_id: int) -> None:
    """Article paths in the shape the registry gives for the site (`article_url.form`)."""
    form = _forms(site)[0]
    for number, article in enumerate(articles, start=first_id):
        if not article.path:
            article.path = form.format(
                section=article.section, slug=slugify(article.title), id=number,
                yyyy=f"{article.published:%Y}", mm=f"{article.published:%m}")
        if not site.is_article_path(article.path):
            raise ValueError(f"{site.key}: replica path {article.path} is not an article URL")


def _forms(site: Site) -> tuple[str, str]:
    """(article form, listing page form) of a site, from the registry file."""
    raw = next(s for s in _registry_file()["sites"] if s["key"] == site.key)
    family = _registry_file()["families"][site.layouts[0].family]
    article = (raw.get("article_url") or family["article_url"])["form"]
    listing = (raw.get("pagination") or family["pagination"])["form"]
    return article, listing


def _registry_file() -> dict:
    from importlib import resources

    text = resources.files("unionnews_core").joinpath("sites.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def replica_sites(per_site: int | None = None) -> list[tuple[Site, int]]:
    """(site, number of generated articles) for every registry site."""
    content = _content()
    return [(site, per_site if per_site is not None else
             ARTICLES_PER_SITE if site.key in content["sites"] else ARTICLES_PER_OTHER_SITE)
            for site in load_registry()]


def _content() -> dict:
    return yaml.safe_load((HERE / "content.yaml").read_text(encoding="utf-8"))


def replica_articles(per_site: int | None = None) -> list[ReplicaArticle]:
    """Every article of the replica that a crawl must store, newest first per site."""
    content = _content()
    plan = replica_sites(per_site)
    per_site_articles = {site.key: _generated(site, content, count, index)
                         for index, (site, count) in enumerate(plan)}
    if len(per_site_articles["congdoanvietnam"]) > 2 and len(
            per_site_articles["laodongthudo"]) > 10:
        _syndicate(per_site_articles)
    for key, seeds in _seeds().items():
        per_site_articles[key].extend(seeds)
    out = []
    for number, (site, _) in enumerate(plan):
        own = per_site_articles[site.key]
        _assign_paths(own, site, 10001 + 100000 * number)
        out.extend(sorted(own, key=lambda a: a.published, reverse=True))
    return out


# --- markup, one renderer per family -----------------------------------------------------------

def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _paras(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{_e(p)}</p>" for p in paragraphs)


def _figures(article: ReplicaArticle) -> str:
    return "".join(
        f'<figure><img src="/img/{i}.jpg" alt="{_e(article.title)}">'
        f'<figcaption class="fig-caption">{_e(c)}</figcaption></figure>'
        for i, c in enumerate(article.captions)
    )


def _body_with_figures(article: ReplicaArticle) -> str:
    # A caption goes after the third paragraph, where seed pages show their photos.
    paras = _paras(article.paragraphs[:3]) + _figures(article) + _paras(article.paragraphs[3:])
    return paras


def _teaser_box(article: ReplicaArticle, p: str, others: list[ReplicaArticle]) -> str:
    items = article.teasers or [("Tin khác", o.title) for o in others]
    parts, heading = [], None
    links = itertools.cycle(others or [article])
    for head, text in items:
        if head != heading:
            parts.append(f"<h3>{_e(head)}</h3>")
            heading = head
        parts.append(f'<div class="teaser"><a href="{p}{next(links).path}">{_e(text)}</a></div>')
    return "\n".join(parts)


def _article_id(a: ReplicaArticle) -> str:
    return re.findall(r"\d+", a.path)[-1]


def _mastercms_legacy(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    lead = _e(a.lead_prefix + (a.lead or ""))
    tags = "".join(f'<a href="{p}/tag/{slugify(t)}-{i}.tag">{_e(t)}</a>' for i, t in
                   enumerate(a.tags, 1))
    teasers = "".join(f"<p>{_e(t)}</p>" for _, t in a.teasers[:4]) or "".join(
        f'<p><a href="{p}{o.path}">{_e(o.title)}</a></p>' for o in others)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{_e(a.title)}</title><meta property="og:title" content="{_e(a.title)}">
<meta name="description" content="{lead}"></head><body>
<div class="title_new_nav"><a href="{p}/">Trang chủ</a> &gt;
<a href="{p}{a.section}">{_e(a.category)}</a></div>
<div class="content_detail"><div class="tool"><i>{a.published:%d/%m/%Y %H:%M}</i>
<a href="{p}/apicenter@/print_article&amp;i={_article_id(a)}">In bài viết</a></div>
<div class="detail_info">
<ul class="detail_relate">{"".join(f"<li>{_e(r)}</li>" for r in a.related_inline)}</ul>
{_body_with_figures(a)}
<p style="text-align: right;"><strong>{_e(a.author)}</strong></p>
<p><strong>Có thể bạn quan tâm</strong></p>
{teasers}
</div><div class="tags">{tags}</div></div>
<div class="footer">Phiên bản di động</div></body></html>"""


def _mastercms(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    lead = _e(a.lead_prefix + (a.lead or ""))
    tags = "".join(f'<a href="{p}/tag/{slugify(t)}-{i}.tag">{_e(t)}</a>' for i, t in
                   enumerate(a.tags, 1))
    related = "".join(f'<li><a href="{p}{o.path}">{_e(t)}</a></li>'
                      for t, o in zip(a.related_inline, others, strict=False))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{_e(a.title)} | {_e(site.name)}</title>
<meta property="og:title" content="{_e(a.title)}"><meta name="description" content="{lead}">
</head><body><div class="breadcrumbs"><a href="{p}/">Trang chủ</a>
<a href="{p}{a.section}">{_e(a.category)}</a></div>
<h1 class="article-detail-title">{_e(a.title)}</h1>
<div class="article-detail-info"><span class="format_date">{a.published:%d/%m/%Y}</span>
<span class="format_time">{a.published:%H:%M}</span></div>
<div class="article-detail-desc">{lead}</div>
<ul class="article-relate">{related}</ul>
<div class="box-share">Chia sẻ: Facebook Zalo</div>
<div class="__MASTERCMS_CONTENT __MB_CONTENT_FOR_PRINTER">
{_body_with_figures(a)}
</div>
<div class="article-detail-author">{_e(a.author)}</div>
<div class="article-detail-tags">{tags}</div>
<a href="{p}/apicenter@/print_article&amp;i={_article_id(a)}">In bài viết</a>
<div class="related-news">{_teaser_box(a, p, others)}</div>
<div class="footer"><a href="{p}/">Xem thêm</a> Phiên bản di động</div></body></html>"""


def _danaweb(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    charset = "windows-1258" if a.fault == "utf8-as-cp1258" else "utf-8"
    sapo = f'<div class="news-detail-sapo">{_e(a.lead)}</div>' if a.lead else ""
    weekday = WEEKDAYS[a.published.weekday()]
    more = "".join(f'<li><a href="{p}{o.path}">{_e(o.title)}</a></li>' for o in others)
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{_e(a.title)}</title></head><body>
<div class="top-date">{_e(site.province or "")} 16/07/2024</div>
<ul class="breadcrumb"><li><a href="{p}/">Trang chủ</a></li>
<li><a href="{p}{a.section}">{_e(a.category)}</a></li></ul>
<h1 class="news-detail-title">{_e(a.title)}</h1>
<div class="news-detail-date">{weekday}, {a.published:%d/%m/%Y}</div>
{sapo}
<div class="news-detail-content">
{_paras(a.paragraphs)}
<p class="news-detail-author"><b>{_e(a.author)}</b></p>
</div>
<div class="other-news"><h3>Xem tin khác</h3><ul>{more}</ul></div>
<div class="visitor-counter">Lượt truy cập<br>Hôm nay:2276<br>Tất cả:04765887<br>
Đang trực tuyến:51</div>
<div class="footer">Designed and Maintained by Thiết kế website Đà Nẵng, DANAWEB.vn</div>
</body></html>"""


def _detail(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    tags = "".join(f'<a href="{p}/tag/{slugify(t)}.htm">{_e(t)}</a>' for t in a.tags)
    rel = "".join(f'<a href="{p}{o.path}">{_e(o.title)}</a>' for o in others[:2])
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{_e(a.title)}</title></head><body>
<div class="detail__category"><a href="{p}{a.section}">{_e(a.category)}</a></div>
<h1 class="detail__title">{_e(a.title)}</h1>
<time class="detail__time" datetime="{a.published_iso}">{a.published:%d/%m/%Y %H:%M}</time>
<h2 class="detail__sapo">{_e(a.lead_prefix + (a.lead or ""))}</h2>
<div class="detail__content">
{_paras(a.paragraphs[:2])}
<div class="detail__related"><p>Tin liên quan</p>{rel}</div>
{_paras(a.paragraphs[2:])}
</div>
<div class="detail__author">{_e(a.author)}</div>
<div class="detail__tags">{tags}</div>
<div class="social-share">Chia sẻ bài viết</div></body></html>"""


def _wordpress(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    body_class = "post-body" if a.fault == "no-selector" else "entry-content"
    tags = "".join(f'<a rel="tag" href="{p}/tag/{slugify(t)}/">{_e(t)}</a>' for t in a.tags)
    rel = "".join(f'<p><a href="{p}{o.path}">{_e(o.title)}</a></p>' for o in others[:3])
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8">
<title>{_e(a.title)} – {_e(site.name)}</title>
<meta property="article:published_time" content="{a.published_iso}"></head><body>
<article class="post"><header class="entry-header"><h1 class="entry-title">{_e(a.title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{a.published_iso}">
{a.published:%d/%m/%Y}</time> <span class="entry-author">{_e(a.author)}</span>
<span class="cat-links"><a href="{p}{a.section}">{_e(a.category)}</a></span></div></header>
<div class="entry-summary"><p>{_e(a.lead_prefix + (a.lead or ""))}</p></div>
<div class="{body_class}">
{_paras(a.paragraphs)}
<div class="sharedaddy">Chia sẻ: Facebook</div>
<div class="jp-relatedposts"><h3>Có liên quan</h3>{rel}</div>
</div>
<footer class="entry-footer"><span class="tag-links">{tags}</span></footer></article>
</body></html>"""


def _portal(a: ReplicaArticle, p: str, others: list[ReplicaArticle], site: Site) -> str:
    tags = "".join(f'<a href="{p}/tim-kiem?tu-khoa={slugify(t)}">{_e(t)}</a>' for t in a.tags)
    more = "".join(f'<li><a href="{p}{o.path}">{_e(o.title)}</a></li>' for o in others)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(a.title)}</title>
</head><body><form id="aspnetForm"><div class="path"><a href="{p}/">Trang chủ</a> »
<a href="{p}{a.section}">{_e(a.category)}</a></div>
<div class="news-detail"><h1 class="title">{_e(a.title)}</h1>
<div class="date">Cập nhật: {a.published:%d/%m/%Y %H:%M}</div>
<div class="summary">{_e(a.lead_prefix + (a.lead or ""))}</div>
<div class="content">
{_paras(a.paragraphs)}
</div>
<div class="author">{_e(a.author)}</div>
<div class="keywords">Từ khóa: {tags}</div></div>
<div class="other-news"><h3>Các tin khác</h3><ul>{more}</ul></div>
<input type="hidden" name="__VIEWSTATE" value="dDwtMTI3OTMzNDM4NDs7Pg=="></form>
</body></html>"""


ARTICLE_RENDERERS = {
    "mastercms": _mastercms, "mastercms-legacy": _mastercms_legacy, "danaweb": _danaweb,
    "detail": _detail, "wordpress": _wordpress, "portal": _portal,
}


# --- listings ---------------------------------------------------------------------------------

def _listing_item(family: str, a: ReplicaArticle, p: str, href: str | None) -> str:
    href = href or f"{p}{a.path}"
    title = _e(a.title)
    return {
        "mastercms-legacy": (
            f'<div class="list_news"><div class="list_news_title"><h2><a href="{href}">'
            f'{title}</a></h2></div><span class="list_news_date">'
            f'{a.published:%d/%m/%Y %H:%M}</span></div>'),
        "mastercms": (
            f'<article class="article-item"><h3 class="article-title"><a href="{href}">'
            f'{title}</a></h3><span class="article-publish-time">{_e(a.category)} '
            f'{a.published:%d/%m/%Y %H:%M}</span></article>'),
        "danaweb": (
            f'<div class="news-item"><a class="news-item-title" href="{href}">{title}</a>'
            f'<span class="news-item-date">{a.published:%d/%m/%Y}</span></div>'),
        "detail": (
            f'<div class="story"><h3 class="story__heading"><a href="{href}">{title}</a>'
            f'</h3><time class="story__time" datetime="{a.published_iso}">'
            f'{a.published:%d/%m/%Y}</time></div>'),
        "wordpress": (
            f'<article class="post"><h2 class="entry-title"><a href="{href}">{title}</a></h2>'
            f'<time class="entry-date" datetime="{a.published_iso}">{a.published:%d/%m/%Y}'
            f'</time></article>'),
        "portal": (
            f'<li><a class="title" href="{href}">{title}</a>'
            f'<span class="date">{a.published:%d/%m/%Y %H:%M}</span></li>'),
    }[family]


def _next_link(family: str, href: str) -> str:
    return {
        "mastercms-legacy":
            f'<div class="__MB_ARTICLE_PAGING"><a class="next" href="{href}">Sau</a></div>',
        "mastercms": f'<div class="pagination"><a rel="next" href="{href}">Trang sau</a></div>',
        "danaweb": f'<div class="paging"><a class="next" href="{href}">&gt;</a></div>',
        "detail": f'<a class="btn-viewmore" href="{href}">Xem thêm</a>',
        "wordpress": f'<a class="next page-numbers" href="{href}">Sau »</a>',
        "portal": f'<div class="pager"><a class="next" href="{href}">Trang sau</a></div>',
    }[family]


def _listing_wrapper(family: str, items: list[str]) -> str:
    if family == "portal":
        return '<ul class="list-news">' + "\n".join(items) + "</ul>"
    return '<div class="news-list article-list">' + "\n".join(items) + "</div>"


def _page_path(form: str, listing: str, number: int) -> str:
    return listing if number == 1 else form.format(listing=listing, n=number)


def _listings(site: Site, articles: list[ReplicaArticle], p: str, content: dict,
              extra_links: dict[str, list[str]]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    own = sections(site, content)
    names = {**{path: "Công đoàn" for path in _aggregate(site, content)}, **own}
    form = _forms(site)[1]
    # A site with an older layout still shows it on its last section, as laodongthudo.vn's
    # "Tháng Công nhân" pages do.
    older = site.layouts[-1].family if len(site.layouts) > 1 else None
    last_section = list(own)[-1]
    for listing, name in names.items():
        listed = [a for a in articles if listing == a.section or listing not in own]
        family = older if older and listing == last_section else site.layouts[0].family
        pages = [listed[i:i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)] or [[]]
        for number, chunk in enumerate(pages, start=1):
            items = [_listing_item(family, a, p, None) for a in chunk]
            if number == 1:
                items += extra_links.get(listing, [])
            nxt = ""
            if number < len(pages):
                nxt = _next_link(family, p + _page_path(form, listing, number + 1))
            out[_page_path(form, listing, number)] = (
                f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(name)}</title>'
                f'</head><body><h1>{_e(name)}</h1>' + _listing_wrapper(family, items)
                + f"{nxt}</body></html>"
            ).encode("utf-8")
    return out


def _laodongthudo_traps(p: str, own: list[ReplicaArticle], off_domain: str,
                        pages: dict[str, Page]) -> dict[str, list[str]]:
    """Links a crawler must not follow, or must follow to one canonical URL (README table)."""
    extra = {"/cong-doan": [
        f'<article class="article-item"><h3 class="article-title"><a href="{href}">'
        f"{_e(text)}</a></h3></article>"
        for href, text in [
            (f"{p}/ban-nhap/tin-nhap-chua-duyet-99001.html", "Tin nháp (chưa duyệt)"),
            (off_domain, "Tin từ trang khác"),
            (f"{p}/vong-lap-a-99003.html", "Trang chuyển hướng vòng"),
        ]
    ]}
    extra["/cong-doan/hoat-dong"] = [
        _listing_item("mastercms", own[1], p, f"https://m.laodongthudo.vn{own[1].path}"),
        _listing_item("mastercms", own[2], p, f"{p}{own[2].path}{TRACKING_SUFFIX}"),
        _listing_item("mastercms", own[4], p, f"{p}{own[4].path}/"),
    ]
    pages[p + "/vong-lap-a-99003.html"] = Page(
        b"", status=302, location=f"{p}/vong-lap-b-99004.html")
    pages[p + "/vong-lap-b-99004.html"] = Page(
        b"", status=302, location=f"{p}/vong-lap-a-99003.html")
    pages[p + "/ban-nhap/tin-nhap-chua-duyet-99001.html"] = Page(
        b"<html><body><h1>draft</h1></body></html>")
    return extra


def build_replica(port: int, per_site: int | None = None) -> Replica:
    """All pages of the replica as served on 127.0.0.1:`port` (port for absolute links).

    `per_site` sets how many articles every site gets (default: 30 for the sites with their
    own names in content.yaml, 3 for the others)."""
    content = _content()
    articles = replica_articles(per_site)
    pages: dict[str, Page] = {}
    off_domain = f"http://localhost:{port}/elsewhere/tin-ngoai-99002.html"
    disallowed = ["/laodongthudo/ban-nhap/", "/laodongthudo/apicenter@/", "/haiphong/admin/"]
    sites = [site for site, _ in replica_sites(per_site)]
    for site in sites:
        p = f"/{site.key}"
        own = [a for a in articles if a.site == site.key]
        for index, a in enumerate(own):
            others = [o for o in own if o is not a][index % 5: index % 5 + 3]
            text = ARTICLE_RENDERERS[a.markup](a, p, others, site)
            if a.fault == "cp1258-as-utf8":
                page = Page(encode_cp1258(text), fault=a.fault)
            elif a.fault == "utf8-as-cp1258":
                page = Page(text.encode("utf-8"), "text/html; charset=windows-1258", fault=a.fault)
            else:
                page = Page(text.encode("utf-8"), fault=a.fault)
            pages[p + a.path] = page
        extra: dict[str, list[str]] = {}
        if site.key == "laodongthudo" and len(own) > 4:
            extra = _laodongthudo_traps(p, own, off_domain, pages)
        for path, body in _listings(site, own, p, content, extra).items():
            pages[p + path] = Page(body)
        pages[p + "/sitemap.xml"] = Page(_sitemap(site, own), "application/xml")
        if site.rss:
            pages[p + site.rss.path] = Page(_rss(site, own), "application/rss+xml")
    if "/laodongthudo/cong-doan?page=2" in pages:
        pages["/laodongthudo/cong-doan?page=2"].fault = "503"
    pages["/elsewhere/tin-ngoai-99002.html"] = Page(b"<html><body>elsewhere</body></html>")
    robots = "User-agent: *\n" + "".join(f"Disallow: {d}\n" for d in disallowed)
    robots += "".join(f"Sitemap: http://127.0.0.1:{port}/{s.key}/sitemap.xml\n" for s in sites)
    pages["/robots.txt"] = Page(robots.encode(), "text/plain")
    return Replica(pages=pages, articles=articles, disallowed=disallowed, off_domain=off_domain)


def _sitemap(site: Site, articles: list[ReplicaArticle]) -> bytes:
    # Absolute URLs on the real domain, as the origin's sitemap has them.
    urls = "".join(
        f"<url><loc>{site.origin}{a.path}</loc><lastmod>{a.published_iso}</lastmod></url>"
        for a in articles
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()


def _rss(site: Site, articles: list[ReplicaArticle]) -> bytes:
    items = "".join(
        f"<item><title>{_e(a.title)}</title><link>{site.origin}{a.path}</link>"
        f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S %z}</pubDate></item>"
        for a in articles
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{_e(site.name)}</title><link>{site.origin}/</link>{items}"
            "</channel></rss>").encode()
