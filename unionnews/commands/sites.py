"""`unionnews sites`: the site registry, one row per site."""

from __future__ import annotations

from typing import Any

import click


def site_rows() -> list[dict[str, Any]]:
    """One row per registry site: who it speaks for, where, its markup, and what is verified."""
    from unionnews_core.registry import load_registry

    rows = []
    for site in load_registry():
        counts = site.verification()
        rows.append({
            "key": site.key,
            "name": site.name,
            "federation": site.federation,
            "province": site.province,
            "region": site.region,
            "level": site.level,
            "domains": [{"host": d.host, "status": d.status, "example": d.example}
                        for d in site.domains],
            "families": [
                {"family": layout.family,
                 "from": layout.valid_from.isoformat() if layout.valid_from else None,
                 "until": layout.valid_until.isoformat() if layout.valid_until else None}
                for layout in site.layouts
            ],
            "predecessors": [{"federation": p.federation, "until": p.until.isoformat()}
                             for p in site.predecessors],
            "feeds": [f.path for f in (site.sitemap, site.rss) if f and f.use],
            "known_facts": counts["known-fact"],
            "modelled": counts["modelled"],
        })
    return rows


def _table_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "domains": ", ".join(f"{d['host']} ({d['status']})" for d in row["domains"]),
        "family": ", ".join(f["family"] for f in row["families"]),
        "verified": f"{row['known_facts']} known / {row['modelled']} modelled",
    }


@click.command("sites")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def sites(fmt: str) -> None:
    """List the site registry: key, name, federation, province, region, domains (seen,
    reported or unconfirmed), markup family and how many of its facts are verified."""
    from unionnews.output import as_json, as_table

    rows = site_rows()
    if fmt == "json":
        click.echo(as_json(rows), nl=False)
        return
    columns = ("key", "name", "federation", "province", "region", "domains", "family",
               "verified")
    click.echo(as_table([_table_row(r) for r in rows], columns, clip=48), nl=False)
