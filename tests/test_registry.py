"""The site registry: the one data file, its typed loader and the domain lookups others use."""

from datetime import date

import pytest

from unionnews_core.places import CONFEDERATION, federation_name, places
from unionnews_core.registry import (
    RegistryError,
    bare_host,
    families,
    federation_for_domain,
    federation_on,
    get_site,
    load_registry,
    site_for_domain,
)


def test_registry_lists_the_four_first_sites():
    sites = {s.key: s for s in load_registry()}
    assert set(sites) >= {"laodongthudo", "haiphong", "congdoanvietnam", "nghean"}
    assert sites["laodongthudo"].federation == "Liên đoàn Lao động thành phố Hà Nội"
    assert sites["laodongthudo"].province == "Hà Nội"
    assert sites["haiphong"].province == "Hải Phòng"
    assert sites["congdoanvietnam"].federation == CONFEDERATION
    assert sites["congdoanvietnam"].province is None
    assert sites["congdoanvietnam"].level == "national"


def test_every_federation_from_2025_has_a_site_and_the_union_press_is_there():
    sites = load_registry()
    assert len(sites) >= 40
    known = places()
    after = set(known.cities_from_2025) | set(known.provinces_from_2025)
    federations = {s.federation for s in sites if s.level in ("city", "province")}
    assert federations == {federation_name(p) for p in after}
    keys = {s.key for s in sites}
    assert {"congdoanvietnam", "laodong", "nld", "laodongthudo"} <= keys
    assert any(s.level == "industry" for s in sites)
    for site in sites:
        assert site.region is None or site.region in known.regions
        if site.province:
            assert site.region is not None


def test_merged_federations_are_dated_predecessors_of_their_successor():
    haiphong = get_site("haiphong")
    assert [p.federation for p in haiphong.predecessors] == [
        "Liên đoàn Lao động tỉnh Hải Dương"]
    assert haiphong.predecessors[0].until == date(2025, 6, 30)
    in_2023 = federation_on("Liên đoàn Lao động tỉnh Hải Dương", date(2023, 5, 1))
    assert in_2023.name == "Liên đoàn Lao động tỉnh Hải Dương"
    assert in_2023.successor == "Liên đoàn Lao động thành phố Hải Phòng"
    in_2026 = federation_on("Liên đoàn Lao động tỉnh Hải Dương", date(2026, 1, 5))
    assert in_2026.name == "Liên đoàn Lao động thành phố Hải Phòng"
    # Unmerged federations are themselves on any day.
    hanoi = federation_on("Liên đoàn Lao động thành phố Hà Nội", date(2023, 1, 1))
    assert hanoi.successor is None and hanoi.name.endswith("Hà Nội")
    # Every province merged away (29) or renamed (Thừa Thiên Huế → Huế) is the predecessor of
    # exactly one federation.
    by_federation = {s.federation: s.predecessors for s in load_registry()}
    predecessors = [p.province for ps in by_federation.values() for p in ps]
    assert len(predecessors) == len(set(predecessors)) == 30


def test_every_selector_says_whether_it_was_checked_or_modelled():
    for site in load_registry():
        assert site.start_pages and site.layouts
        for layout in site.layouts:
            assert layout.selectors["title"] and layout.selectors["body"], site.key
            for selectors in [*layout.selectors.values(), *vars(layout.listing).values()]:
                for selector in selectors:
                    assert selector.verified in ("known-fact", "modelled"), (site.key, selector)
        for domain in site.domains:
            assert domain.status in ("seen", "reported", "unconfirmed")
            assert (domain.status == "seen") == (domain.example is not None)
            if domain.example:
                assert bare_host(domain.example) == domain.host


def test_family_facts_are_known_only_where_they_were_reported():
    ltd = get_site("laodongthudo")
    new, old = ltd.layouts
    assert (new.family, old.family) == ("mastercms", "mastercms-legacy")
    assert new.selectors["title"][0].css == "h1.article-detail-title"
    assert new.selectors["title"][0].verified == "known-fact"
    assert old.selectors["body"][0].css == ".detail_info"
    assert old.selectors["body"][0].verified == "known-fact"
    # The same family on a site nobody reported on is a model there.
    other = next(s for s in load_registry()
                 if s.families == ("mastercms",) and s.key != "laodongthudo")
    assert other.selectors["title"][0].css == "h1.article-detail-title"
    assert other.selectors["title"][0].verified == "modelled"
    assert get_site("haiphong").domain_verified is False
    assert all(s.verified == "modelled" for s in get_site("haiphong").selectors["body"])
    assert get_site("laodong").domains[0].status == "seen"


def test_layouts_carry_the_dates_they_apply_between():
    new, old = get_site("laodongthudo").layouts
    assert new.covers(date(2024, 7, 19)) and not new.covers(date(2016, 12, 20))
    assert old.covers(date(2016, 12, 20)) and not old.covers(date(2024, 7, 19))
    assert set(families()) >= {"mastercms", "mastercms-legacy", "danaweb", "detail",
                               "wordpress", "portal"}


def test_drop_blocks_cover_related_boxes_share_bars_and_credits():
    site = get_site("laodongthudo")
    for heading in ("Có thể bạn quan tâm", "Nên xem", "Tin khác", "Xem thêm", "Xem tin khác"):
        assert heading in site.drop_headings
    layout = site.layouts[0]
    assert any("share" in css for css in layout.drop_css)
    assert "figcaption" in layout.drop_css


@pytest.mark.parametrize("host", [
    "laodongthudo.vn", "www.laodongthudo.vn", "m.laodongthudo.vn", "WWW.LaoDongThuDo.vn:443",
    "https://m.laodongthudo.vn/cong-doan", "laodongthudo.vn.",
])
def test_site_for_domain_accepts_host_variants(host):
    site = site_for_domain(host)
    assert site is not None and site.key == "laodongthudo"
    assert federation_for_domain(host) == "Liên đoàn Lao động thành phố Hà Nội"


def test_unknown_domains_and_keys():
    assert site_for_domain("example.org") is None
    assert federation_for_domain("lamgiau.example.vn") is None
    # A sub-site on another host is not the paper itself.
    assert site_for_domain("lamgiau.laodongthudo.vn") is None
    with pytest.raises(RegistryError, match="unknown site"):
        get_site("nope")


def test_bare_host_keeps_two_label_domains():
    assert bare_host("m.vn") == "m.vn"
    assert bare_host("www.m.congdoanvietnam.vn") == "congdoanvietnam.vn"


def test_article_url_patterns_separate_articles_from_other_pages():
    ltd = get_site("laodongthudo")
    assert ltd.is_article_path("/tet-sum-vay-da-tro-thanh-ngay-hoi-cua-nguoi-lao-dong-87395.html")
    assert not ltd.is_article_path("/cong-doan/hoat-dong")
    assert not ltd.is_article_path("/tag/cong-doan-123.tag")
    cdvn = get_site("congdoanvietnam")
    assert cdvn.is_article_path("/phat-trien-doan-vien/ket-nap-doan-vien-moi-12345.tld")
    assert not cdvn.is_article_path("/phat-trien-doan-vien/trang-2.htm")
    laodong = get_site("laodong")
    assert laodong.is_article_path(
        "/cong-doan/ldld-cong-doan-o-cac-tinh-thanh-pho-to-chuc-tet-sum-vay-631620.bld")


def test_sites_command_lists_every_site_in_table_and_json():
    import json

    from click.testing import CliRunner

    from unionnews.cli import cli

    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["sites", "--format", "json"]).output)
    assert [row["key"] for row in listed] == [s.key for s in load_registry()]
    haiphong = next(row for row in listed if row["key"] == "haiphong")
    assert haiphong["region"] == "Đồng bằng sông Hồng"
    assert haiphong["predecessors"][0]["federation"] == "Liên đoàn Lao động tỉnh Hải Dương"
    assert {d["status"] for d in haiphong["domains"]} == {"unconfirmed"}
    laodongthudo = listed[0]
    assert [f["family"] for f in laodongthudo["families"]] == ["mastercms", "mastercms-legacy"]
    assert laodongthudo["known_facts"] > 0
    table = runner.invoke(cli, ["sites"]).output.splitlines()
    assert len(table) == len(listed) + 2
    assert "laodong.vn (seen)" in next(line for line in table if line.startswith("laodong "))
    bad = runner.invoke(cli, ["sites", "--format", "xml"])
    assert bad.exit_code == 2
