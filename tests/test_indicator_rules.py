"""General kind and metric rules of nlp/indicators.py, on sentences written for these tests."""

from __future__ import annotations

import pytest

from unionnews.context import extract_article as extract


def _only(text: str, value: float, published: str = "2025-06-10"):
    found = [i for i in extract(text, published).indicators if i.value == value]
    assert len(found) == 1, [(i.text, i.value) for i in extract(text, published).indicators]
    return found[0]


def _before_decisions(text: str, value: float, published: str):
    """The figure as the rules leave it, before the learned decisions: a period is the rules'
    alone, whether or not the learned keep decision later counts the figure an indicator."""
    from nlp.components import configured
    from nlp.pipeline import extract as pipeline_extract
    from unionnews.context import build_context

    found = [i for i in pipeline_extract(text, build_context(published),
                                         spec=configured().without("decide")).indicators
             if i.value == value]
    assert len(found) == 1, [(i.text, i.value) for i in found]
    return found[0]


@pytest.mark.parametrize(("text", "value", "kind"), [
    # a plan word completing a percentage sets no goal: the next figure is a result
    ("Năm nay, LĐLĐ huyện Ba Vì đã kết nạp 900 đoàn viên, đạt 90% kế hoạch năm, thành lập "
     "7 CĐCS.", 7, "achieved"),
    # "hoàn thành tốt nhiệm vụ" is a rating, not a reported result
    ("Năm 2025, Công đoàn ngành Xây dựng phấn đấu có 95% CĐCS hoàn thành tốt nhiệm vụ; giới "
     "thiệu ít nhất 300 đoàn viên ưu tú cho Đảng.", 300, "target"),
    # a cue word inside a place name ("Cần Thơ") is no cue
    ("Cần Thơ: 5.000 đoàn viên dùng thẻ đoàn viên điện tử", 5000, "achieved"),
    # a weak target word after a strong result word in the same sentence
    ("LĐLĐ huyện Mê Linh đã phối hợp với doanh nghiệp, bảo đảm quyền lợi cho 1.500 người "
     "lao động.", 1500, "achieved"),
    # a period that ended before publication is reported, "mỗi năm" notwithstanding
    ("Giai đoạn 2019 - 2023, LĐLĐ tỉnh Hà Nam bình quân mỗi năm giới thiệu 400 đoàn viên ưu "
     "tú cho Đảng.", 400, "achieved"),
    # "cam kết" sets a goal
    ("LĐLĐ quận Tây Hồ cam kết hỗ trợ 20 triệu đồng cho Công đoàn Công ty Minh An.", 20e6,
     "target"),
])
def test_kind_rules(text: str, value: float, kind: str) -> None:
    assert _only(text, value).kind == kind


def test_title_sets_no_kind_for_the_body() -> None:
    text = ("LĐLĐ huyện Sóc Sơn đặt mục tiêu 90% CĐCS vững mạnh\n"
            "LĐLĐ huyện Sóc Sơn quản lý 120 CĐCS.")
    assert _only(text, 120).kind == "achieved"


def test_report_against_plan_ends_a_target_paragraph() -> None:
    text = ("LĐLĐ quận Long Biên ra mắt mô hình mới\nNăm 2025, LĐLĐ quận Long Biên đề ra chỉ "
            "tiêu kết nạp 800 đoàn viên. Sau 6 tháng, quận kết nạp 500/800 đoàn viên. Quận "
            "còn thành lập 4 CĐCS.")
    assert _only(text, 4).kind == "achieved"


def test_list_of_targets_keeps_weak_result_words_as_targets() -> None:
    text = ("Kế hoạch năm 2026 của LĐLĐ huyện Gia Lâm\nNăm 2026 có 3 chỉ tiêu:\n"
            "1. Kết nạp 500 đoàn viên, thành lập mới 6 công đoàn cơ sở.")
    assert _only(text, 6).kind == "target"


@pytest.mark.parametrize(("text", "value", "metric"), [
    # what is done decides, not who is counted
    ("Công đoàn ngành Y tế tổ chức khám sức khỏe cho 700 lao động nữ.", 700, "health_safety"),
    # gifts for women workers are the women's committee's work
    ("Nhân ngày 8/3, LĐLĐ quận Hà Đông trao 80 suất quà cho nữ công nhân khó khăn.", 80,
     "women"),
    # court action over unpaid social insurance is legal protection
    ("LĐLĐ tỉnh Vĩnh Phúc đã khởi kiện 5 doanh nghiệp nợ đóng bảo hiểm xã hội.", 5, "other"),
    ("Công đoàn huyện trao 40 suất học bổng cho con đoàn viên.", 40, "welfare"),
    ("Số CĐCS nộp chậm kinh phí giảm còn 4%.", 4, "finance"),
    # a figure with no cue of its own continues the clause's topic
    ("Quý III, LĐLĐ tỉnh Hưng Yên kết nạp 2.600 đoàn viên tại 41 doanh nghiệp.", 41,
     "members_new"),
    # with no cue at all, the unit's usual topic
    ("Công đoàn Viên chức tỉnh mở 3 lớp cho cán bộ mới.", 3, "training"),
    # who benefits weighs less than what is done for them
    ("Công đoàn ngành Dệt may tổ chức tập huấn kỹ năng cho 950 nữ công nhân.", 950, "training"),
    # money in a sentence about an agreement is one of its benefit clauses
    ("Theo thỏa ước mới, công ty trả tiền ăn ca 32.000 đồng mỗi bữa cho công nhân.", 32000,
     "cba"),
    ("Trong năm, 120 đoàn viên ưu tú đã được kết nạp vào Đảng.", 120, "party_referrals"),
])
def test_metric_rules(text: str, value: float, metric: str) -> None:
    assert _only(text, value).metric == metric


def test_budget_completion_rate_is_a_rate_against_plan() -> None:
    ind = _only("Thu kinh phí công đoàn năm 2024 của LĐLĐ huyện Đông Anh đạt 4 tỷ đồng, bằng "
                "103% dự toán.", 103)
    assert (ind.unit, ind.kind) == ("% kế hoạch", "achieved")


@pytest.mark.parametrize(("text", "published", "value", "period"), [
    # the year of a cut-off date
    ("Tính đến ngày 30/6/2024, LĐLĐ huyện Thanh Oai quản lý 260 CĐCS.", "2025-01-05", 260,
     (2024, 2024)),
    # a Tết named with its year
    ("Dịp Tết Nguyên đán Ất Tỵ 2025, LĐLĐ tỉnh Lạng Sơn đã trao 3.100 suất quà.", "2025-03-02",
     3100, (2025, 2025)),
    # a comparison year is not the covered year
    ("Năm 2025, LĐLĐ tỉnh Ninh Bình phấn đấu giảm 8% số vụ tai nạn lao động so với năm 2023.",
     "2025-02-11", 8, (2025, 2025)),
    ("Từ năm 2020 đến nay, Quỹ đã cho 900 lượt đoàn viên vay vốn.", "2024-05-05", 900,
     (2020, 2024)),
    # "năm qua" in a review written at the year's end is the year ending
    ("Năm qua, LĐLĐ huyện Gia Lâm đã kết nạp 1.100 đoàn viên.", "2024-12-18", 1100,
     (2024, 2024)),
    ("Năm qua, LĐLĐ huyện Gia Lâm đã kết nạp 1.100 đoàn viên.", "2025-01-18", 1100,
     (2024, 2024)),
    # "đến năm 2028" with no term named: the unions' 2023–2028 congress term
    ("LĐLĐ tỉnh Yên Bái đặt mục tiêu đến năm 2028 có 15.000 đoàn viên mới.", "2024-04-02",
     15000, (2023, 2028)),
    # a figure's own year, written right after it or as the bracketed value compared with
    ("Năm 2025, số vụ tranh chấp lao động ở tỉnh Phú Thọ giảm từ 21 vụ năm 2024 xuống 9 vụ.",
     "2025-11-02", 21, (2024, 2024)),
    ("Năm 2025, số vụ tranh chấp lao động ở tỉnh Phú Thọ giảm từ 21 vụ năm 2024 xuống 9 vụ.",
     "2025-11-02", 9, (2025, 2025)),
    ("Năm 2024, LĐLĐ tỉnh Gia Lai tổ chức 64 cuộc đối thoại, nhiều hơn năm 2023 (48 cuộc).",
     "2024-12-20", 48, (2023, 2023)),
    # the running congress term, from its start to now or to a cut-off date
    ("Từ đầu nhiệm kỳ đến nay, LĐLĐ tỉnh Cao Bằng đã kết nạp 6.100 đoàn viên.", "2025-05-20",
     6100, (2023, 2025)),
    ("Tính từ đầu nhiệm kỳ đến ngày 31/3/2026, Công đoàn ngành Y tế đã thành lập 12 CĐCS.",
     "2026-04-15", 12, (2023, 2026)),
    # a cut-off year, and a cut-off date over "đang quản lý" (now)
    ("Tính đến hết năm 2024, có 530 doanh nghiệp ở tỉnh Nam Định đóng kinh phí công đoàn.",
     "2025-01-20", 530, (2024, 2024)),
    ("Tính đến ngày 31/12/2024, LĐLĐ tỉnh Hà Nam đang quản lý 1.210 CĐCS.", "2025-01-20",
     1210, (2024, 2024)),
    # since an event of a named year
    ("Từ khi ra mắt năm 2021 đến nay, Quỹ Trợ vốn đã giải ngân cho 730 hộ đoàn viên.",
     "2024-08-08", 730, (2021, 2024)),
    # a Tết named only by its lunar year (the sexagenary cycle), in two registers
    ("Dịp Tết Ất Tỵ vừa qua, Công đoàn ngành Giáo dục tỉnh Bến Tre đã trao 640 suất quà cho "
     "giáo viên.", "2026-01-10", 640, (2025, 2025)),
    ("Công đoàn Công ty Cổ phần May Hưng Long sẽ hỗ trợ 85 vé xe cho công nhân về quê đón Tết "
     "Nguyên đán Tân Sửu.", "2020-12-28", 85, (2021, 2021)),
    ("dịp tết ất tỵ vừa qua, công đoàn trường Tiểu học Kim Đồng đã trao 35 suất quà.",
     "2026-01-10", 35, (2025, 2025)),
    # a year and the first months of the next: one span
    ("Trong năm 2023 và 6 tháng đầu năm 2024, LĐLĐ tỉnh Bắc Giang kết nạp 12.300 đoàn viên.",
     "2024-08-01", 12300, (2023, 2024)),
    ("Giai đoạn 2021 - 2022 và 9 tháng đầu năm 2023, Công đoàn Khu kinh tế Vũng Áng thành lập "
     "18 CĐCS.", "2023-10-20", 18, (2021, 2023)),
    # a date heading the sentence dates what it reports; a document's date does not
    ("Ngày 8/6/2019, Công đoàn Khu Kinh tế Hải Phòng ký thỏa ước nhóm với 20 doanh nghiệp.",
     "2020-03-02", 20, (2019, 2019)),
    ("Từ ngày 1/7/2025, LĐLĐ thành phố Cần Thơ thành lập 103 công đoàn xã, phường.",
     "2026-02-10", 103, (2025, 2025)),
    ("Theo Quyết định số 737/QĐ-LĐLĐ ngày 10/7/2024, mỗi công đoàn xã ở Thanh Hóa kết nạp "
     "ít nhất 50 đoàn viên.", "2025-08-09", 50, (2025, 2025)),
    # an occasion heading the sentence with its date dates it too, on an undated page as well
    ("Nhân Ngày Quốc tế Phụ nữ 8/3/2023, Công đoàn trường Tiểu học Kim Đồng tặng quà cho 28 "
     "nữ đoàn viên.", None, 28, (2023, 2023)),
    ("Chiều cùng ngày 23/01/2025, Công đoàn Trường Mầm non Hoa Sen tặng quà Tết cho 62 người "
     "lao động.", "2025-03-01", 62, (2025, 2025)),
    # an anniversary's date inside a sentence is no period
    ("Nhân kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2024), LĐLĐ "
     "huyện Thanh Oai trao 95 suất quà.", "2024-07-25", 95, (2024, 2024)),
    # a span in brackets after what it dates, not an anniversary's
    ("Sau 3 năm thực hiện chương trình (2013 - 2015), các cấp công đoàn kết nạp 1.900.000 "
     "đoàn viên.", "2016-01-22", 1900000, (2013, 2015)),
    ("Nhân dịp kỷ niệm 20 năm thành lập công ty (2004 - 2024), Công đoàn Công ty TNHH Điện tử "
     "Quế Võ trao 120 suất học bổng.", "2024-11-25", 120, (2024, 2024)),
    # "nhiệm kỳ đầu tiên 2025 - 2030": a term with its ordinal
    ("Trong nhiệm kỳ đầu tiên 2025 - 2030, Công đoàn xã Tân Phú phấn đấu kết nạp 400 đoàn "
     "viên.", "2025-09-10", 400, (2025, 2030)),
    # a year inside the article's term before its end is a milestone, the term's last year
    # the term's goal (sets E, H)
    ("Đại hội Công đoàn Công ty nhiệm kỳ 2023 - 2028\nCông đoàn Công ty phấn đấu đến cuối năm "
     "2024 có ít nhất 97% người lao động là đoàn viên.", "2024-06-20", 97, (2024, 2024)),
    ("Đại hội Công đoàn tỉnh Phú Thọ nhiệm kỳ 2025 - 2030\nĐến hết năm 2026, phấn đấu 150.000 "
     "đoàn viên cài đặt ứng dụng Công đoàn Việt Nam.", "2025-12-10", 150000, (2026, 2026)),
    ("Đại hội Công đoàn tỉnh Lào Cai nhiệm kỳ 2023 - 2028\nĐến năm 2028, toàn tỉnh phấn đấu có "
     "60.000 đoàn viên.", "2023-10-11", 60000, (2023, 2028)),
    # a bare "Trong nhiệm kỳ," at a congress: the results are the reviewed term's (sets ST, SX)
    ("Đại hội Công đoàn Công ty Cổ phần Chế tạo Bơm Hải Dương nhiệm kỳ 2023 - 2028\nNhiệm kỳ "
     "2018 - 2023 khép lại. Trong nhiệm kỳ, Công đoàn Công ty đã thăm hỏi 215 lượt đoàn viên ốm "
     "đau.", "2023-05-31", 215, (2018, 2023)),
    ("Đại hội Công đoàn Bệnh viện C Đà Nẵng nhiệm kỳ 2023 - 2028\nNhiệm kỳ 2017 - 2023 đã qua. "
     "Trong nhiệm kỳ, công đoàn bệnh viện đã kết nạp 64 đoàn viên mới.", "2023-04-19", 64,
     (2017, 2023)),
])
def test_period_rules(text: str, published: str, value: float, period: tuple) -> None:
    ind = _before_decisions(text, value, published)
    assert (ind.period.start, ind.period.end) == period


def test_a_plan_year_in_the_lead_does_not_govern_reported_figures() -> None:
    text = ("Năm 2026, LĐLĐ tỉnh Tây Ninh phấn đấu kết nạp 9.000 đoàn viên\n"
            "Trong năm 2025, LĐLĐ tỉnh đã kết nạp 8.400 đoàn viên.\n"
            "Toàn tỉnh hiện có 1.020 CĐCS.")
    ind = _only(text, 1020, "2025-12-20")
    assert (ind.kind, ind.period.start) == ("achieved", 2025)


def test_the_year_in_a_laws_name_is_not_the_period() -> None:
    ind = _only("LĐLĐ huyện Mỹ Đức tổ chức 12 hội nghị tuyên truyền Luật Công đoàn năm 2024.", 12,
                "2025-04-01")
    assert (ind.period.start, ind.period.end) == (2025, 2025)


def test_a_congress_being_hailed_is_an_event_not_a_plan() -> None:
    ind = _only("Trong đợt thi đua chào mừng Đại hội Đảng bộ tỉnh nhiệm kỳ 2025 - 2030, công nhân "
                "có 830 sáng kiến được công nhận.", 830, "2025-10-20")
    assert (ind.kind, ind.period.start, ind.period.end) == ("achieved", 2025, 2025)


def test_a_current_count_in_a_congress_article_is_of_the_publication_year() -> None:
    text = ("Đại hội Công đoàn phường Tân Mai lần thứ I, nhiệm kỳ 2025 - 2030\n"
            "Sáng 5/11, Công đoàn phường Tân Mai tổ chức Đại hội lần thứ I, nhiệm kỳ 2025 - 2030.\n"
            "Hiện Công đoàn phường quản lý 58 CĐCS.\n"
            "Đại hội đề ra mục tiêu mỗi năm kết nạp ít nhất 300 đoàn viên.")
    count = _only(text, 58, "2025-11-06")
    assert (count.kind, count.period.start, count.period.end) == ("achieved", 2025, 2025)
    goal = _only(text, 300, "2025-11-06")
    assert (goal.kind, goal.period.start, goal.period.end) == ("target", 2025, 2030)


def test_a_headline_about_next_years_tet_makes_a_plan() -> None:
    text = ("Nghệ An dành 30 tỷ đồng chăm lo Tết Bính Ngọ 2026\n"
            "LĐLĐ tỉnh Nghệ An sẽ trao 7.000 suất quà cho đoàn viên khó khăn.\n"
            "Mỗi suất trị giá 1 triệu đồng.")
    ind = _only(text, 1e6, "2025-12-05")
    assert (ind.kind, ind.period.start) == ("target", 2026)


@pytest.mark.parametrize(("text", "published", "value", "year"), [
    ("Hà Nội: 60.000 công nhân được hỗ trợ dịp Tết Nguyên đán\n"
     "Theo kế hoạch, LĐLĐ Thành phố sẽ trao 6.000 suất quà cho công nhân khó khăn.",
     "2025-11-17", 6000, 2026),
    ("Đồng Nai lo Tết cho đoàn viên\nLĐLĐ tỉnh Đồng Nai hỗ trợ 2.000 vé xe cho công nhân về "
     "quê.", "2024-12-30", 2000, 2025),
    # in January the Tết an article speaks of is this year's
    ("Quảng Ninh: thợ mỏ đón Tết ấm áp\nCông đoàn Than Quảng Ninh trao 3.500 suất quà.",
     "2024-01-25", 3500, 2024),
])
def test_a_tet_article_from_october_on_is_about_the_coming_year(
        text: str, published: str, value: float, year: int) -> None:
    ind = _only(text, value, published)
    assert (ind.period.start, ind.period.end) == (year, year)


@pytest.mark.parametrize(("text", "published", "value", "period"), [
    # the congress's constituency is counted now; its goals are the term's
    ("Sáng 4/10, Đại hội Công đoàn tỉnh Đồng Nai lần thứ XI, nhiệm kỳ 2023 - 2028 khai mạc "
     "với 400 đại biểu, thay mặt cho gần 700.000 đoàn viên.", "2023-10-04", 700000, (2023, 2023)),
    ("Đại hội Công đoàn phường Hoàn Kiếm nhiệm kỳ 2025 - 2030 thay mặt cho 11.240 đoàn viên của "
     "212 CĐCS.", "2025-09-24", 212, (2025, 2025)),
    # undated: a congress is held in its term's first year
    ("Đại hội Công đoàn thành phố Cần Thơ lần thứ XI, nhiệm kỳ 2023 - 2028 có 300 đại biểu, "
     "thay mặt cho hơn 150.000 đoàn viên.", None, 150000, (2023, 2023)),
    ("Đại hội Công đoàn tỉnh Long An lần thứ XI, nhiệm kỳ 2023 - 2028 đề ra mục tiêu phát "
     "triển 40.000 đoàn viên.", "2023-08-18", 40000, (2023, 2028)),
    # a report to the congress on the term is the term's
    ("Báo cáo tại Đại hội cho biết, nhiệm kỳ 2018 - 2023, LĐLĐ huyện Mê Linh đã kết nạp 8.214 "
     "đoàn viên.", "2023-05-25", 8214, (2018, 2023)),
    # "hiện … có": a present count
    ("Trong nhiệm kỳ 2017 - 2022, Công đoàn Trường kết nạp 56 đoàn viên; hiện Công đoàn Trường "
     "có 260 đoàn viên.", "2023-04-27", 260, (2023, 2023)),
])
def test_a_congress_named_with_its_term(text: str, published: str | None, value: float,
                                        period: tuple) -> None:
    found = [i for i in extract(text, published).indicators if i.value == value]
    assert len(found) == 1
    assert (found[0].period.start, found[0].period.end) == period


@pytest.mark.parametrize("body", ["Hội đồng nhân dân các cấp", "Đảng bộ tỉnh"])
def test_another_bodys_term_is_not_the_unions_term(body: str) -> None:
    text = ("Công đoàn tỉnh Tuyên Quang quán triệt nghị quyết\n"
            f"Công đoàn tỉnh tuyên truyền cuộc bầu cử đại biểu {body} nhiệm kỳ 2026 - 2031.\n"
            "Nghị quyết Đại hội Công đoàn tỉnh đề ra chỉ tiêu nhiệm kỳ 2025 - 2030, trong đó kết "
            "nạp 30.000 đoàn viên; đến năm 2030 toàn tỉnh có 1.900 CĐCS.")
    ind = _only(text, 1900, "2026-01-28")
    assert (ind.period.start, ind.period.end) == (2025, 2030)


@pytest.mark.parametrize("head", [
    "Nghị quyết Đại hội đề ra các chỉ tiêu nhiệm kỳ 2018 - 2023:",
    "Nhiệm kỳ 2018 - 2023, dự thảo đề xuất các chỉ tiêu hằng năm:",
])
def test_a_list_heads_term_scopes_its_yearly_items(head: str) -> None:
    # the article reviews the past term first: its "hằng năm" items are the new term's
    text = ("Đại hội Công đoàn tỉnh Hưng Yên lần thứ XVIII\n"
            "Nhiệm kỳ 2013 - 2018, LĐLĐ tỉnh kết nạp 40.000 đoàn viên.\n"
            f"{head}\n"
            "- Phát triển mới ít nhất 35.000 đoàn viên.\n"
            "- Hằng năm có 75% doanh nghiệp ký thỏa ước lao động tập thể.\n"
            "- Thu kinh phí công đoàn đạt 100% dự toán; hằng năm kiểm tra 30% CĐCS.")
    ind = _only(text, 75, "2018-09-21")
    assert (ind.period.start, ind.period.end, ind.period.recurring) == (2018, 2023, "annual")
    rate = _only(text, 100, "2018-09-21")
    assert (rate.period.start, rate.period.end) == (2018, 2023)


@pytest.mark.parametrize(("head", "recurring"), [
    ("Nhiệm kỳ 2025 - 2030, Ban Chấp hành đề xuất các chỉ tiêu hằng năm:", "annual"),
    ("Giai đoạn 2025 - 2030, mỗi năm Công đoàn ngành phấn đấu đạt các chỉ tiêu sau:", "annual"),
    ("Nghị quyết Đại hội đề ra các chỉ tiêu nhiệm kỳ 2025 - 2030:", None),
])
def test_a_yearly_list_heads_items_are_yearly_goals(head: str, recurring: str | None) -> None:
    text = ("Đại hội Công đoàn ngành Giáo dục tỉnh Lào Cai\n"
            f"{head}\n"
            "- Kết nạp ít nhất 800 đoàn viên; thành lập mới 6 CĐCS.\n"
            "- 90% CĐCS hoàn thành tốt nhiệm vụ.")
    for value in (800, 6, 90):
        period = _only(text, value, "2025-10-02").period
        assert (period.start, period.end, period.recurring) == (2025, 2030, recurring)


@pytest.mark.parametrize(("text", "kind"), [
    ("Năm 2025, LĐLĐ huyện phấn đấu thu kinh phí công đoàn đạt từ 100% dự toán trở lên.",
     "target"),
    ("Năm 2025, LĐLĐ huyện thu kinh phí công đoàn đạt 104% dự toán.", "achieved"),
])
def test_a_rate_against_plan_can_be_a_goal(text: str, kind: str) -> None:
    ind = [i for i in extract(text, "2025-06-01").indicators if i.unit == "% kế hoạch"]
    assert ind and ind[0].kind == kind


def test_a_kind_does_not_carry_past_its_paragraph() -> None:
    text = ("LĐLĐ tỉnh Bến Tre phấn đấu mỗi năm kết nạp 2.000 đoàn viên.\n"
            "Công đoàn tỉnh cũng tổ chức 40 buổi tuyên truyền cho công nhân.")
    assert _only(text, 40, "2025-06-01").kind == "achieved"


def test_a_list_head_dates_the_items_below_it() -> None:
    text = ("LĐLĐ quận Hoàng Mai tổng kết năm 2022\n"
            "Năm 2022, LĐLĐ quận Hoàng Mai đã kết nạp 1.300 đoàn viên.\n"
            "Năm 2023, LĐLĐ quận Hoàng Mai đề ra các chỉ tiêu:\n"
            "- Kết nạp ít nhất 1.400 đoàn viên;\n"
            "- Thành lập 20 CĐCS.\n"
            "Ban Thường vụ cũng đã tặng quà cho 90 đoàn viên.")
    found = {i.value: i for i in extract(text, "2023-01-12").indicators}
    assert (found[1300].kind, found[1300].period.start) == ("achieved", 2022)
    for value in (1400, 20):
        assert (found[value].kind, found[value].period.start) == ("target", 2023)
    # the list ends with its paragraph: what follows takes the article's period again
    assert found[90].period.start == 2022


def test_annual_scope() -> None:
    # a recurrence right after the figure
    ind = _only("Năm 2024, sáng kiến của tổ bảo dưỡng giúp Công ty tiết kiệm 900 triệu đồng "
                "mỗi năm.", 900e6, "2024-10-01")
    assert ind.period.recurring == "annual"
    # "mỗi năm" governs its own clause; "đến năm 2028" takes over after it
    ind = _only("Nhiệm kỳ 2023 - 2028, Công đoàn ngành Công Thương phấn đấu mỗi năm kết nạp "
                "500 đoàn viên và đến năm 2028 có 70% doanh nghiệp ký thỏa ước.", 70,
                "2024-03-03")
    assert (ind.period.start, ind.period.end, ind.period.recurring) == (2023, 2028, None)


@pytest.mark.parametrize("text", [
    # a goal for the whole term after yearly ones is no yearly goal
    "Nhiệm kỳ 2023 - 2028, Công đoàn Trường phấn đấu hằng năm 100% đoàn viên được khám sức "
    "khỏe và cả nhiệm kỳ giới thiệu ít nhất 6 đoàn viên ưu tú cho Đảng.",
    "Giai đoạn 2023 - 2028, mỗi năm Công đoàn ngành Y tế kết nạp 400 đoàn viên, toàn nhiệm kỳ "
    "thành lập mới ít nhất 6 công đoàn cơ sở.",
])
def test_a_whole_terms_goal_after_yearly_goals_is_not_yearly(text: str) -> None:
    ind = _before_decisions(text, 6, "2023-06-01")
    assert (ind.period.start, ind.period.end, ind.period.recurring) == (2023, 2028, None)


@pytest.mark.parametrize(("text", "kind"), [
    # a term reviewed in its last year reports results; the term opening that year sets goals
    ("Nhiệm kỳ 2018 - 2023, Công đoàn ngành Giao thông kết nạp 214 đoàn viên.", "achieved"),
    ("Trong nhiệm kỳ 2018 - 2023, các công đoàn cơ sở giới thiệu 214 đoàn viên ưu tú cho "
     "Đảng.", "achieved"),
    ("Nhiệm kỳ 2023 - 2028, Công đoàn ngành Giao thông kết nạp 214 đoàn viên.", "target"),
])
def test_the_rules_read_a_term_ending_this_year_as_reviewed(text: str, kind: str) -> None:
    assert _before_decisions(text, 214, "2023-04-19").kind == kind


def test_a_goal_rate_in_a_list_does_not_turn_the_list_into_results() -> None:
    text = ("LĐLĐ tỉnh Quảng Trị triển khai nhiệm vụ tài chính năm 2025\n"
            "Năm 2025, LĐLĐ tỉnh Quảng Trị đề ra các chỉ tiêu:\n"
            "- Thu kinh phí công đoàn đạt từ 100% dự toán trở lên;\n"
            "- Giảm số doanh nghiệp nợ kinh phí xuống dưới 90 doanh nghiệp.")
    found = {i.value: i for i in extract(text, "2025-01-10").indicators}
    assert found[100].kind == "target"
    assert (found[90].kind, found[90].period.start) == ("target", 2025)


def test_a_completion_rate_opening_a_sentence_is_that_sentences() -> None:
    text = ("Năm 2024, LĐLĐ tỉnh Sơn La thu 40 tỷ đồng. LĐLĐ huyện Mộc Châu thu kinh phí "
            "đạt 112% dự toán.")
    ind = _only(text, 112, "2025-01-10")
    assert ind.org == "Liên đoàn Lao động huyện Mộc Châu"


# --- spec §6: what a figure is besides its value (each on sentences of two sources' styles) --

@pytest.mark.parametrize(("text", "value", "top"), [
    ("Năm 2025, LĐLĐ tỉnh Gia Lai phấn đấu kết nạp từ 2.000 đến 2.500 đoàn viên.", 2000, 2500),
    ("Công đoàn xã Tân Phú vận động giảm giá 10 - 30% cho đoàn viên dịp Tết năm 2025.", 10, 30),
    ("Mỗi căn nhà được hỗ trợ từ 50 đến 70 triệu đồng.", 50e6, 70e6),
])
def test_a_range_is_one_figure_with_its_top(text: str, value: float, top: float) -> None:
    ind = _only(text, value)
    assert (ind.qualifier, ind.range_max) == ("at_least", top)


@pytest.mark.parametrize(("text", "value", "per"), [
    ("LĐLĐ huyện Mê Linh hỗ trợ xây 5 nhà, mức 50 triệu đồng/căn.", 50e6, "căn"),
    ("Công đoàn các KCN tỉnh Bắc Ninh trao 800 suất quà, mỗi suất 500.000 đồng.", 5e5, "suất"),
    ("Năm 2024, LĐLĐ tỉnh Cà Mau trợ cấp 3 triệu đồng/người cho 40 đoàn viên.", 3e6, "người"),
])
def test_a_per_unit_amount_names_what_it_is_per(text: str, value: float, per: str) -> None:
    assert _only(text, value).per == per


def test_decreases_and_increases_are_results_with_their_direction() -> None:
    down = _only("Năm 2024, số đoàn viên của LĐLĐ thành phố Vinh giảm 1.446 đoàn viên.", 1446)
    assert (down.kind, down.change) == ("achieved", "decrease")
    up = _only("Đến hết năm 2022, có 98 doanh nghiệp ký thỏa ước, tăng 06 doanh nghiệp so với "
               "năm 2021.", 6, "2023-01-10")
    assert up.change == "increase"
    level = _only("LĐLĐ quận nâng tổng số bản thỏa ước lên 131 bản trong năm 2024.", 131)
    assert level.change is None  # "lên 131 bản" states the new level


@pytest.mark.parametrize("text", [
    "Đại hội đã bầu Ban Chấp hành Công đoàn xã Yên Phong khóa I gồm 15 đồng chí.",
    "Ban Chấp hành LĐLĐ tỉnh Phú Thọ nhiệm kỳ 2025 - 2030 có 41 đồng chí.",
    "Dự Đại hội có 278 đại biểu đại diện cho hơn 20.000 đoàn viên của quận.",
    # the size right after the committee's name
    "Theo cơ cấu mới, Ban Chấp hành có 41 đồng chí, Ban Thường vụ 15 người.",
    "Công đoàn ngành Y tế kiện toàn bộ máy: Thường trực 15 người, Ủy ban Kiểm tra 41 người.",
    # its members, however long its full name (set v), elected into it (sets h, sy), and a
    # delegation written with a capital (set j)
    "Đại hội bầu Ban Chấp hành Công đoàn Công ty Cổ phần Xây dựng và Kết cấu thép Đại Tín nhiệm "
    "kỳ 2023 - 2028 gồm 15 đồng chí.",
    "Đại hội đã bầu 41 đồng chí vào Ban Chấp hành khóa VIII.",
    "Đại hội dự kiến bầu 15 đồng chí vào Ban Chấp hành và 7 người vào Ban Thường vụ.",
    "Đoàn đại biểu tỉnh Bến Tre gồm 41 đồng chí, do Chủ tịch LĐLĐ tỉnh dẫn đầu.",
    # a meeting's vote (sets r, s, m)
    "Hội nghị đã tổng kết năm 2024. 41% đại biểu nhất trí thông qua nghị quyết hội nghị.",
    "Thỏa ước năm 2023 được 15% đại biểu người lao động biểu quyết tán thành.",
    "Đại hội thống nhất các tiêu chí với sự đồng ý của 41% đại biểu.",
])
def test_committees_and_delegates_are_not_indicators(text: str) -> None:
    assert not [i for i in extract(text, "2025-06-10").indicators
                if i.value in (15, 41, 278)]


def test_a_headline_repeat_is_one_figure_with_extra_mentions() -> None:
    text = ("LĐLĐ huyện Đông Anh: 12 nhà “Mái ấm Công đoàn” đến với đoàn viên\n\n"
            "(LĐTĐ) Năm 2022, LĐLĐ huyện Đông Anh bàn giao 12 nhà “Mái ấm Công đoàn”.\n\n"
            "Trong năm 2022, LĐLĐ huyện Đông Anh đã hỗ trợ xây mới 12 nhà “Mái ấm Công đoàn” "
            "cho đoàn viên khó khăn.")
    result = extract(text, "2023-01-11")
    (house,) = [i for i in result.indicators if i.value == 12]
    assert house.start > text.index("Trong năm 2022")  # the body's occurrence
    assert [m["start"] for m in house.mentions] == [text.index("12 nhà"),
                                                    text.index("12 nhà", text.index("(LĐTĐ)"))]


@pytest.mark.parametrize(("text", "value", "annual"), [
    # "hằng năm" governs its own ";" clause, not the clauses before or after it
    ("Nhiệm kỳ 2025 - 2030, Công đoàn phường Hoàn Kiếm phấn đấu thành lập mới 25 CĐCS; hằng "
     "năm có từ 80% CĐCS trở lên hoàn thành tốt nhiệm vụ; giới thiệu 300 đoàn viên ưu tú.",
     25, False),
    ("Nhiệm kỳ 2025 - 2030, Công đoàn phường Hoàn Kiếm phấn đấu thành lập mới 25 CĐCS; hằng "
     "năm có từ 80% CĐCS trở lên hoàn thành tốt nhiệm vụ; giới thiệu 300 đoàn viên ưu tú.",
     80, True),
    ("Nhiệm kỳ 2023 - 2028, LĐLĐ tỉnh Hà Tĩnh phấn đấu mỗi CĐCS giới thiệu ít nhất 1 đoàn "
     "viên ưu tú cho Đảng mỗi năm.", 1, True),
    ("Giai đoạn 2024 - 2028, LĐLĐ tỉnh Nghệ An phấn đấu thu kinh phí công đoàn tăng 5% mỗi "
     "năm.", 5, True),
    # a stage ("giai đoạn"), like a term, recurs yearly under "hằng năm"
    ("Giai đoạn 2020 - 2025, Công đoàn Trường Cao đẳng Tiền Giang phấn đấu hằng năm có ít nhất "
     "90% đoàn viên đạt danh hiệu lao động tiên tiến.", 90, True),
    ("Trong giai đoạn 2017 - 2020, Công đoàn Công ty Donasand phấn đấu 100% người lao động là "
     "đoàn viên; hằng năm giới thiệu ít nhất 2 đoàn viên ưu tú cho chi bộ.", 2, True),
    # a recurrence after "và" is the next conjunct's
    ("Nhiệm kỳ 2023 - 2028, Công đoàn Công ty phấn đấu nâng tiền ăn ca lên 40.000 đồng/bữa và "
     "mỗi năm tổ chức 2 chuyến tham quan cho đoàn viên.", 40000, False),
])
def test_annual_recurrence_stays_in_its_clause(text: str, value: float, annual: bool) -> None:
    period = _only(text, value, "2025-06-10").period
    assert (period.recurring == "annual") is annual


@pytest.mark.parametrize("text,primary", [
    # the lead states the figure first when the body does not repeat it
    ("Bắc Ninh: Hơn 12.000 công nhân được khám sức khỏe nhờ thỏa ước\n"
     "Theo Công đoàn các Khu công nghiệp tỉnh Bắc Ninh, 7 tháng năm 2024 có hơn 12.000 công nhân "
     "được khám sức khỏe định kỳ.\n\nCác doanh nghiệp đã ký thỏa ước với nhiều điều khoản mới.",
     "hơn 12.000 công nhân"),
    # a section label above the title, and the title again as image text below the body
    ("Công đoàn\nLĐLĐ tỉnh Bình Dương: Hơn 36 tỷ đồng chăm lo Tết cho đoàn viên\n"
     "Tết Nguyên đán 2025, các cấp công đoàn tỉnh dành hơn 36 tỷ đồng chăm lo cho đoàn viên.\n\n"
     "Nhiều doanh nghiệp cũng thưởng Tết cao hơn năm trước.\n\n"
     "LĐLĐ tỉnh Bình Dương: Hơn 36 tỷ đồng chăm lo Tết cho đoàn viên\n"
     "Lãnh đạo LĐLĐ tỉnh trao quà cho công nhân. Ảnh: T.H", "hơn 36 tỷ đồng"),
])
def test_a_figure_only_the_title_lead_and_image_text_give_is_the_leads(text: str,
                                                                       primary: str) -> None:
    result = extract(text, "2024-08-01")
    (figure,) = [i for i in result.indicators if i.text.lower() == primary]
    assert figure.start == text.index(primary)
    assert len(figure.mentions) >= 1


@pytest.mark.parametrize(("text", "value"), [
    ("Nghị quyết đề ra: hằng năm 85% CĐCS hoàn thành tốt nhiệm vụ.", 85),
    ("- Hàng năm 100% cơ quan, đơn vị tổ chức hội nghị cán bộ, công chức, viên chức.", 100),
    ("Công đoàn ngành Giáo dục phấn đấu mỗi năm 90% đoàn viên được tập huấn.", 90),
])
def test_a_yearly_share_after_hang_nam_is_a_figure(text: str, value: float) -> None:
    ind = _only(text, value)
    assert (ind.unit, ind.period.recurring) == ("%", "annual")


@pytest.mark.parametrize(("text", "value"), [
    ("Nhân dịp 8/3, Công đoàn Trường tổ chức hội thi cắm hoa và tặng quà cho 48 nữ đoàn "
     "viên, mỗi phần trị giá 250.000 đồng.", 48),
    ("Nhân dịp 8/3, Công đoàn Trường tổ chức hội thi cắm hoa và tặng quà cho 48 nữ đoàn "
     "viên, mỗi phần trị giá 250.000 đồng.", 250000),
])
def test_gifts_for_women_and_on_womens_days_are_womens_work(text: str, value: float) -> None:
    assert _only(text, value, "2024-03-09").metric == "women"


def test_the_rules_read_a_womens_day_as_the_occasion_of_its_gifts() -> None:
    # the rules' metric, one feature of the learned decision (which weighs it against the rest)
    from nlp.components import configured
    from nlp.pipeline import analyse

    rules = configured().without("decide")
    doc = analyse("Dịp 20/10, Công đoàn phường Tân Định trao 80 suất quà, mỗi suất 400.000 "
                  "đồng.", None, None, rules)
    assert [i.metric for i in doc.indicators] == ["women", "women"]


@pytest.mark.parametrize(("text", "metric"), [
    # charity beyond the members is other union work; care for members is welfare (section 3)
    ("Đoàn viên Công đoàn khoa đã quyên góp 15 triệu đồng ủng hộ đồng bào vùng lũ lụt.",
     "other"),
    ("Công đoàn Công ty trích quỹ tặng 60 suất quà cho hộ nghèo trên địa bàn xã.", "other"),
    ("Công đoàn Công ty hỗ trợ 60 đoàn viên có nhà bị hư hỏng sau bão, mỗi người 2 triệu "
     "đồng.", "welfare"),
    # masks and disinfectant protect health
    ("Công đoàn trường trao 2.000 chiếc khẩu trang cho giáo viên.", "health_safety"),
    ("Công đoàn ngành trao 300 chai dung dịch sát khuẩn cho các trường.", "health_safety"),
])
def test_the_rules_read_what_is_given_and_to_whom(text: str, metric: str) -> None:
    from nlp.components import configured
    from nlp.pipeline import analyse

    doc = analyse(text, None, None, configured().without("decide"))
    assert doc.indicators[0].metric == metric


def test_a_period_pattern_with_groups_names_a_year_in_every_match() -> None:
    # the year-less prefilter of nlp/periods.py tries only the patterns with no groups
    from corpus.build import load_gold
    from nlp.periods import _PATTERNS, _YEAR

    undated = [line for rec in load_gold() for line in rec["text"].split("\n")
               if line and not _YEAR.search(line)]
    undated += ["Từ đầu nhiệm kỳ đến nay, LĐLĐ huyện kết nạp 900 đoàn viên.",
                "Hằng năm, Công đoàn ngành tổ chức 12 lớp tập huấn; Tết Ất Tỵ trao 300 suất quà."]
    assert len(undated) > 1000
    dated_patterns = [p for _, p, _ in _PATTERNS if p.groups]
    assert not [p.pattern for p in dated_patterns if any(p.search(line) for line in undated)]


@pytest.mark.parametrize(("text", "published", "value", "period"), [
    # the term before the one the congress opens (sets i, v, r)
    ("Đại hội Công đoàn xã Tân Lập nhiệm kỳ 2023 - 2028\nTrong nhiệm kỳ qua, Công đoàn xã kết "
     "nạp 52 đoàn viên.", "2023-03-23", 52, (2018, 2023)),
    ("Đại hội Công đoàn Công ty nhiệm kỳ 2017 - 2022 thành công tốt đẹp\nNhiệm kỳ vừa qua, "
     "Công đoàn Công ty giới thiệu 215 đoàn viên ưu tú cho Đảng.", "2017-08-02", 215,
     (2012, 2017)),
    # a term the article names that ended before the latest one (sets t, u), on an undated page
    ("Tổng kết nhiệm kỳ 2018 - 2023, hướng tới nhiệm kỳ 2023 - 2028\nTrong nhiệm kỳ qua, các "
     "cấp công đoàn kết nạp 78.500 đoàn viên.", None, 78500, (2018, 2023)),
    # the only term named had ended by publication: the one under review
    ("Công đoàn Trường tổng kết nhiệm kỳ 2018 - 2023\nTrong nhiệm kỳ qua, công đoàn kết nạp "
     "12 đoàn viên.", "2023-12-01", 12, (2018, 2023)),
])
def test_the_past_term_is_the_one_before_the_articles(text: str, published: str | None,
                                                      value: float, period: tuple) -> None:
    ind = _only(text, value, published)
    assert (ind.period.start, ind.period.end) == period


@pytest.mark.parametrize(("text", "value", "period"), [
    # a provincial federation's term review (sets H, SY): the term opens the paragraph
    ("Công đoàn tỉnh Sóc Trăng tổng kết chương trình Mái ấm\nNhiệm kỳ 2020 - 2025, LĐLĐ tỉnh "
     "Sóc Trăng vận động các nguồn quỹ. Chương trình đã xây mới, sửa chữa 268 căn nhà cho đoàn "
     "viên khó khăn.", 268, (2020, 2025)),
    # a school year heads a school union's paragraph (sets O, SY)
    ("Công đoàn trường tổng kết năm học\nNăm học 2010 - 2011, Công đoàn Trường Đại học Sài Gòn "
     "phát động nhiều phong trào. Công đoàn đã trao 45 suất học bổng cho con đoàn viên.", 45,
     (2010, 2011)),
    # a new paragraph ends it
    ("Công đoàn trường tổng kết năm học\nNăm học 2010 - 2011, Công đoàn Trường Đại học Sài Gòn "
     "phát động nhiều phong trào.\n\nCông đoàn đã trao 45 suất học bổng cho con đoàn viên.", 45,
     None),
    # a count of what there is now is of a moment the undated page does not give
    ("Đại hội Công đoàn tỉnh\nNhiệm kỳ 2018 - 2023, LĐLĐ tỉnh Lào Cai làm tốt công tác phát "
     "triển đoàn viên. Toàn tỉnh hiện có 1.023 công đoàn cơ sở.", 1023, None),
    # "from Y until now": now is what the undated page does not say (guide 4, spec §6)
    ("Kết quả nổi bật\nTừ năm 2018 đến nay, các cấp công đoàn trong tỉnh Phú Thọ đã kết nạp "
     "38.000 đoàn viên.", 38000, None),
    ("Quỹ Trợ vốn CNLĐ nghèo tỉnh Hà Giang\nTừ năm 2019 đến nay, Quỹ đã cho 420 hộ đoàn viên "
     "vay vốn.", 420, None),
])
def test_on_an_undated_page_a_term_dates_the_rest_of_its_paragraph(
        text: str, value: float, period: tuple | None) -> None:
    ind = _before_decisions(text, value, None)
    assert (ind.period and (ind.period.start, ind.period.end)) == period


@pytest.mark.parametrize(("text", "value", "period"), [
    # a province's congress targets after a head naming the term; one clause's own month does
    # not reach the clauses after it (guide 4: a head scopes over its ";" clauses)
    ("Theo khung chỉ tiêu nhiệm kỳ 2025 - 2030 của công đoàn xã, phường: mỗi công đoàn phát "
     "triển ít nhất 40 đoàn viên; 95/95 công đoàn hoàn thành đại hội trong tháng 11/2025; 85% "
     "CĐCS hoàn thành tốt nhiệm vụ.", 85, (2025, 2030)),
    # a company union's results: the year of the first clause is that clause's
    ("Trong nhiệm kỳ 2023 - 2028, Công đoàn Công ty đã kết nạp 210 đoàn viên; năm 2024 tổ chức "
     "12 lớp tập huấn; 98% đoàn viên được khám sức khỏe định kỳ.", 98, (2023, 2028)),
])
def test_a_time_phrase_inside_one_clause_does_not_date_the_next(
        text: str, value: float, period: tuple) -> None:
    ind = _before_decisions(text, value, "2025-12-01")
    assert (ind.period.start, ind.period.end) == period


def test_until_a_union_terms_last_year_is_that_term_on_an_undated_page() -> None:
    # "đến năm 2028" is the goal of the 2023 - 2028 congress term, dated or not
    text = ("Nghị quyết Đại hội Công đoàn tỉnh\nTheo Nghị quyết Đại hội XVII Công đoàn tỉnh, đến "
            "năm 2028 toàn tỉnh phấn đấu có 60.000 đoàn viên trở lên.")
    ind = _before_decisions(text, 60000, None)
    assert (ind.period.start, ind.period.end) == (2023, 2028)


@pytest.mark.parametrize(("text", "value"), [
    # a district federation's review conference in January: its awards are given that day
    ("Tổng kết phong trào công nhân viên chức năm 2023\nNgày 12/1, LĐLĐ thị xã tổng kết công "
     "tác năm 2023. Dịp này, Thị ủy và UBND thị xã tặng Bằng khen cho 07 tập thể.", 7),
    # an industry union's meeting: the members a delegate stands for are counted that day
    ("Hội nghị tổng kết năm 2013 của Công đoàn Bưu điện\nCông đoàn Bưu điện tổng kết công tác "
     "năm 2013. Dự hội nghị có 40 đại biểu đại diện cho hơn 4.000 đoàn viên công đoàn.", 4000),
])
def test_what_the_reported_event_itself_does_is_of_its_day(text: str, value: float) -> None:
    ind = _before_decisions(text, value, "2024-01-16")
    assert (ind.period.start, ind.period.end) == (2024, 2024)


@pytest.mark.parametrize(("text", "value", "period"), [
    # a province's term review: the rating's own year closes the figure's clause
    ("Giai đoạn 2018 - 2022, 290 doanh nghiệp ký thỏa ước lao động tập thể; 88,4% công đoàn cơ "
     "sở hoàn thành tốt nhiệm vụ năm 2021.", 88.4, (2021, 2021)),
    # a city's ten-year review: the same in its last clause
    ("Giai đoạn 2010 - 2019 đã giới thiệu 6.850 đoàn viên ưu tú; 86% công đoàn cơ sở được xếp "
     "loại hoàn thành nhiệm vụ năm 2019.", 86, (2019, 2019)),
    # a year after a comparison is the base's, not the figure's
    ("Năm 2025, chương trình hỗ trợ 1.350 vé, tăng 320 vé so với Tết Giáp Thìn 2024.", 320,
     (2025, 2025)),
])
def test_a_year_later_in_the_figures_clause_is_its_year(text: str, value: float,
                                                         period: tuple) -> None:
    ind = _before_decisions(text, value, "2025-12-01")
    assert (ind.period.start, ind.period.end) == period


def test_a_sectors_congress_is_a_congress() -> None:
    # "Đại hội Công đoàn Điện lực Việt Nam …, nhiệm kỳ 2023 - 2028": its delegates' members are
    # counted the year it is held (guide 4)
    from nlp.periods import find_periods
    text = "Đại hội Công đoàn Điện lực Việt Nam lần thứ VI, nhiệm kỳ 2023 - 2028 khai mạc."
    assert [m.kind for m in find_periods(text)] == ["congress"]


@pytest.mark.parametrize(("text", "value"), [
    # a province's yearly goals and a district's results: the budget rate in a clause of its own
    ("Năm 2022, LĐLĐ tỉnh phấn đấu kết nạp 3.000 đoàn viên; 70% doanh nghiệp có tổ chức công "
     "đoàn ký thỏa ước lao động tập thể; thu kinh phí công đoàn đạt 100% dự toán.", 100),
    ("Năm 2024, các cấp công đoàn tổ chức 37 cuộc đối thoại; thu kinh phí công đoàn đạt 126% "
     "dự toán.", 126),
])
def test_a_completion_rate_in_a_clause_of_its_own_has_that_clauses_topic(
        text: str, value: float) -> None:
    assert _only(text, value, "2024-12-20").metric == "finance"
    # in the completed figure's clause it keeps that figure's topic
    same = _only("Năm 2024, LĐLĐ quận kết nạp 1.560/1.200 đoàn viên (đạt 130%).", 130,
                 "2024-12-20")
    assert same.metric == "members_new"


def test_a_completion_rate_opening_its_sentence_completes_nothing_before_it() -> None:
    # a district's half-year report: the budget rate follows a sentence about party referrals
    text = ("Sáu tháng đầu năm, LĐLĐ quận giới thiệu 45 đoàn viên ưu tú cho Đảng. Tổng thu kinh "
            "phí, đoàn phí công đoàn 6 tháng đạt 61,5% dự toán năm.")
    assert _only(text, 61.5, "2024-07-16").metric == "finance"


@pytest.mark.parametrize(("text", "published", "period"), [
    # a commune union's congress story and a province's goals: "hiện có" is now
    ("Công đoàn xã Tây Sơn hiện có 3.225 đoàn viên và phấn đấu đến hết nhiệm kỳ 2025 - 2030 có "
     "3.500 đoàn viên.", "2025-11-03", (2025, 2025)),
    ("Đến cuối nhiệm kỳ 2023 - 2028 toàn tỉnh có 400.000 đoàn viên (hiện nay có trên 280.000 "
     "đoàn viên).", "2024-03-01", (2024, 2024)),
    # undated, what there is now is of no known year
    ("Công đoàn xã Tây Sơn hiện có 3.225 đoàn viên và phấn đấu đến hết nhiệm kỳ 2025 - 2030 có "
     "3.500 đoàn viên.", None, None),
])
def test_what_there_is_now_is_of_the_publication_year(text: str, published: str | None,
                                                       period: tuple | None) -> None:
    value = 280000 if "280.000" in text else 3225
    ind = _before_decisions(text, value, published)
    assert (ind.period and (ind.period.start, ind.period.end)) == period


@pytest.mark.parametrize(("text", "name", "gives"), [
    ("Công ty TNHH Vận tải An Phát đã hỗ trợ 120 vé xe cho công nhân.",
     "Công ty TNHH Vận tải An Phát", True),
    ("Dịp này, Ngân hàng Nông nghiệp chi nhánh Bình Sơn tài trợ 150 triệu đồng.",
     "Ngân hàng Nông nghiệp chi nhánh Bình Sơn", True),
    # an award the body confers is the awarded body's figure
    ("Công đoàn Dầu khí Việt Nam tặng 02 Cờ thi đua cho công đoàn cơ sở.",
     "Công đoàn Dầu khí Việt Nam", False),
])
def test_a_body_right_before_a_giving_verb_is_marked_as_giving_the_figure(
        text: str, name: str, gives: bool) -> None:
    from nlp.indicators import gives_figure

    fig_start = next(i for i, ch in enumerate(text) if ch.isdigit())
    assert gives_figure(text, text.index(name) + len(name), fig_start) is gives
