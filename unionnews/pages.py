"""What every HTML page shares: escaping, safe links, the figure in its sentence, the
invented-data banner, one stylesheet. Nothing on a page is fetched from elsewhere."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from unionnews.provenance import INVENTED_NOTE

SAFE_SCHEMES = ("http", "https")


def escape(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """`url` when a reader may follow it (http or https), else None: a scraped
    `javascript:` or `data:` URL is never rendered as a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def link(url: str | None, label: str | None, invented: bool = False) -> str:
    """An escaped link, or the escaped label alone when the URL is unsafe or invented."""
    target = None if invented else safe_url(url)
    text = escape(label or url or "")
    if target is None:
        note = " (bài giả lập)" if invented else ""
        return f'<span class="nolink">{text}{note}</span>'
    return f'<a href="{escape(target)}" rel="noopener noreferrer">{text}</a>'


def highlight(sentence: str | None, figure_text: str | None) -> str:
    """The sentence, escaped, with the figure's words marked (<mark>)."""
    sentence = sentence or ""
    at = sentence.find(figure_text) if figure_text else -1
    if at < 0:
        return escape(sentence)
    end = at + len(figure_text or "")
    return (escape(sentence[:at]) + "<mark>" + escape(sentence[at:end]) + "</mark>"
            + escape(sentence[end:]))


def invented_banner() -> str:
    return f'<p class="invented" role="note"><strong>{escape(INVENTED_NOTE)}</strong></p>'


STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;
 color:#222;line-height:1.45}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #c0392b}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.num{text-align:right;white-space:nowrap}
.invented{background:#fff3cd;border:1px solid #e0b000;padding:.6rem;border-radius:4px}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.8rem;
 white-space:nowrap}
.check{background:#fde2c8;color:#7a3b00} .flag{background:#f8d7da;color:#721c24}
.ok{background:#d4edda;color:#155724} .late{background:#e2e3e5;color:#383d41}
details summary{cursor:pointer} mark{background:#ffe58a}
caption{text-align:left;font-weight:600;padding:.6rem 0 .2rem}
.meta{color:#666;font-size:.82rem} .charts{display:flex;flex-wrap:wrap;gap:1rem}
.charts figure{margin:0;flex:1 1 20rem;max-width:34rem} svg{max-width:100%;height:auto}
nav ul{columns:2;font-size:.9rem}
"""


def page(title: str, body: str, invented: bool = False) -> str:
    """A complete, self-contained HTML page (inline style, no script, nothing remote)."""
    banner = invented_banner() if invented else ""
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style></head><body>
{banner}
<h1>{escape(title)}</h1>
{body}
{banner}
</body></html>
"""
