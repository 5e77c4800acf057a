"""The site registry: the one data file, its typed loader and the domain lookups others use."""

import pytest

from unionnews_core.registry import (
    RegistryError,
    bare_host,
    federation_for_domain,
    get_site,
    load_registry,
    site_for_domain,
)


def test_registry_lists_the_four_required_sites():
    sites = {s.key: s for s in load_registry()}
    assert set(sites) >= {"laodongthudo", "haiphong", "congdoanvietnam", "nghean"}
    assert sites["laodongthudo"].federation == "Liên đoàn Lao động thành phố Hà Nội"
    assert sites["laodongthudo"].province == "Hà Nội"
    assert sites["haiphong"].province == "Hải Phòng"
    assert sites["congdoanvietnam"].federation == "Tổng Liên đoàn Lao động Việt Nam"
    assert sites["congdoanvietnam"].province is None
    assert sites["congdoanvietnam"].level == "national"


def test_every_selector_says_whether_it_was_checked_or_modelled():
    for site in load_registry():
        assert site.start_pages and site.selectors["title"] and site.selectors["body"]
        for selectors in [*site.selectors.values(), site.listing.link, site.listing.next]:
            for selector in selectors:
                assert selector.verified in ("known-fact", "modelled"), (site.key, selector)


def test_reported_laodongthudo_markup_is_marked_as_known_fact():
    site = get_site("laodongthudo")
    marks = {s.css: s.verified for name in site.selectors for s in site.selectors[name]}
    assert marks["h1.article-detail-title"] == "known-fact"
    assert marks["div.__MASTERCMS_CONTENT"] == "known-fact"
    assert marks[".detail_info"] == "known-fact"
    # The Hải Phòng site's domain is a guess and says so.
    assert get_site("haiphong").domain_verified is False
    assert all(s.verified == "modelled" for s in get_site("haiphong").selectors["body"])


def test_drop_blocks_cover_related_boxes_share_bars_and_credits():
    site = get_site("laodongthudo")
    for heading in ("Có thể bạn quan tâm", "Nên xem", "Tin khác", "Xem thêm", "Xem tin khác"):
        assert heading in site.drop_headings
    assert any("share" in css for css in site.drop_css)
    assert "figcaption" in site.drop_css


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
