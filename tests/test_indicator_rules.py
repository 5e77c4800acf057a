"""General kind and metric rules of nlp/indicators.py, on sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.pipeline import extract


def _only(text: str, value: float, published: str = "2025-06-10"):
    found = [i for i in extract(text, published).indicators if i.value == value]
    assert len(found) == 1, [(i.text, i.value) for i in extract(text, published).indicators]
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
])
def test_metric_rules(text: str, value: float, metric: str) -> None:
    assert _only(text, value).metric == metric


def test_budget_completion_rate_is_a_rate_against_plan() -> None:
    ind = _only("Thu kinh phí công đoàn năm 2024 của LĐLĐ huyện Đông Anh đạt 4 tỷ đồng, bằng "
                "103% dự toán.", 103)
    assert (ind.unit, ind.kind) == ("% kế hoạch", "achieved")
