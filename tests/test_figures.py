"""The number grammar: render → parse round trips, and numbers that are not indicators."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.figures import find_figures, parse_amount, parse_number, render_amount, render_number


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_with_thousand_dots(n: int) -> None:
    printed = render_number(n)
    assert parse_number(printed) == n
    assert "," not in printed


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=3),
       st.integers(min_value=0, max_value=999))
def test_decimals_round_trip_with_comma(whole: int, decimals: int, frac: int) -> None:
    value = whole + (frac % 10**decimals) / 10**decimals
    printed = render_number(value, decimals)
    assert "," in printed
    assert parse_number(printed) == pytest.approx(value)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["nghìn", "triệu", "tỷ"]))
def test_scaled_amounts_round_trip(n: int, scale: str) -> None:
    factor = {"nghìn": 1e3, "triệu": 1e6, "tỷ": 1e9}[scale]
    printed = render_amount(n * factor, scale)
    assert printed.endswith(scale)
    assert parse_amount(printed) == pytest.approx(n * factor)


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=10**6),
       st.sampled_from(["đoàn viên", "CĐCS", "doanh nghiệp", "người", "lượt"]),
       st.sampled_from([("", "exact"), ("ít nhất ", "at_least"), ("hơn ", "more_than"),
                        ("gần ", "about"), ("khoảng ", "about"), ("không quá ", "at_most")]))
def test_figure_in_a_sentence_keeps_value_unit_and_qualifier(n, unit, qual) -> None:
    word, qualifier = qual
    text = f"Năm 2024, LĐLĐ quận đã kết nạp {word}{render_number(n)} {unit} mới."
    figs = find_figures(text)
    assert len(figs) == 1
    fig = figs[0]
    assert fig.value == n
    assert fig.qualifier == qualifier
    assert text[fig.start:fig.end] == f"{word}{render_number(n)} {unit}"


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "target"),
    [
        ("kết nạp được 2134/1800 đoàn viên", 2134, "đoàn viên", "exact", 1800),
        ("đạt 128,56%", 128.56, "%", "exact", None),
        ("thành lập 30/20 CĐCS (đạt 150% kế hoạch)", 30, "CĐCS", "exact", 20),
        ("số tiền 6,4 tỷ đồng", 6.4e9, "đồng", "exact", None),
        ("với hơn 18 nghìn đoàn viên", 18000, "đoàn viên", "more_than", None),
        ("kiểm tra 05 đơn vị", 5, "đơn vị", "exact", None),
        ("160 công đoàn cơ sở", 160, "CĐCS", "exact", None),
        ("có từ 50.000 đoàn viên trở lên cài đặt", 50000, "đoàn viên", "at_least", None),
        ("hỗ trợ hơn 1,1 triệu đoàn viên", 1.1e6, "đoàn viên", "more_than", None),
        ("giảm giá 5 - 30% cho đoàn viên", 5, "%", "at_least", None),
        # one unit per thing counted, as the guide spells it (7.1): a gift is a "suất"
        # whatever it is called, a union member a "đoàn viên", a trip keeps its vehicle
        ("trao 3.500 phần quà cho công nhân", 3500, "suất", "exact", None),
        ("tặng 20 món quà", 20, "suất", "exact", None),
        ("100% công đoàn viên được tham quan", 100, "%", "exact", None),
        ("có 35 công đoàn viên", 35, "đoàn viên", "exact", None),
        ("quản lý 26 công đoàn bộ phận", 26, "công đoàn bộ phận", "exact", None),
        ("tổ chức 15 chuyến xe đưa công nhân về quê", 15, "chuyến xe", "exact", None),
        ("thực hiện 02 chuyến bay", 2, "chuyến bay", "exact", None),
        ("hỗ trợ 120 lao động", 120, "người lao động", "exact", None),
        ("tư vấn cho 300 NLĐ", 300, "người lao động", "exact", None),
        ("thăm 45 CNLĐ", 45, "người lao động", "exact", None),
        # contests, sport and recognition count too: prizes, teams, players, entries
        ("Ban tổ chức trao 3 giải Ba và 06 giải khuyến khích", 3, "giải", "exact", None),
        ("giải bóng đá thu hút 24 đội tham gia", 24, "đội", "exact", None),
        ("hội thao quy tụ hơn 1.500 vận động viên", 1500, "vận động viên", "more_than", None),
        ("cuộc thi nhận được 46 tác phẩm dự thi", 46, "tác phẩm", "exact", None),
        ("đã 2 lần được tặng Cờ thi đua xuất sắc", 2, "lần", "exact", None),
        ("biểu dương 16 gương điển hình tiên tiến", 16, "gương điển hình", "exact", None),
        ("khen thưởng 11 nữ công đoàn viên", 11, "đoàn viên", "exact", None),
        ("xây thêm tối thiểu 10 phòng vắt sữa", 10, "phòng", "at_least", None),
        ("được công nhận 596 giải pháp", 596, "giải pháp", "exact", None),
        # money with the đồng's sign glued to it (set v, and the price tags of gift drives)
        ("Công ty tài trợ 20.000.000đ cho cô giáo", 2e7, "đồng", "exact", None),
        ("mỗi suất quà trị giá 500.000đ", 500000, "đồng", "exact", None),
        # awards named with capitals (sets k, t, z3, ow): a flag, a certificate
        ("trao 06 Cờ thi đua chuyên đề cho 7 công đoàn cơ sở", 6, "cờ", "exact", None),
        ("đã tặng 1.580 Bằng Lao động sáng tạo", 1580, "bằng", "exact", None),
        ("Hội thi an toàn vệ sinh viên giỏi với 45 thí sinh", 45, "thí sinh", "exact", None),
        ("phối hợp tổ chức 2.150 diễn đàn đối thoại", 2150, "diễn đàn", "exact", None),
        # people by their trade or post, party cells and work teams (sets b, m, x, i, l, z2)
        ("khám sức khỏe định kỳ cho 3.150 thợ mỏ", 3150, "người lao động", "exact", None),
        ("đối thoại định kỳ với 612 thợ lò", 612, "người lao động", "exact", None),
        ("tặng quà cho 180 nữ nhân viên", 180, "người lao động", "exact", None),
        ("320 tổ trưởng sản xuất được tập huấn", 320, "tổ trưởng", "exact", None),
        ("thành lập mới 3 chi bộ tại doanh nghiệp", 3, "chi bộ", "exact", None),
        ("57 tổ, đội sản xuất đã ký giao ước thi đua", 57, "tổ", "exact", None),
        # things handed out, by what they are
        ("trao 1.800 túi an sinh cho công nhân", 1800, "túi", "exact", None),
        ("phát hơn 20.000 tờ rơi tuyên truyền", 20000, "tờ rơi", "more_than", None),
        ("tặng 15 bộ áo dài cho nữ đoàn viên", 15, "bộ", "exact", None),
        ("tổ chức 1.350 chương trình Tết Sum vầy", 1350, "chương trình", "exact", None),
    ],
)
def test_examples_of_the_grammar(text, value, unit, qualifier, target) -> None:
    fig = find_figures(text)[0]
    assert fig.value == pytest.approx(value)
    assert fig.unit == unit
    assert fig.qualifier == qualifier
    assert fig.target_value == target


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 18/7/2024, tại Hà Nội",  # a date
        "lúc 13:15 chiều nay",  # a time
        "Đại hội lần thứ IV, nhiệm kỳ 2023 - 2028",  # ordinal, term
        "Nghị quyết số 02-NQ/TW của Bộ Chính trị",  # document number
        "theo Điều 17 Điều lệ Công đoàn Việt Nam",  # article of a charter
        "Kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam",  # anniversary
        "đề ra 10 nhóm chỉ tiêu, 08 nhiệm vụ trọng tâm và 2 khâu đột phá",  # plan parts
        "làm lợi cho doanh nghiệp hàng trăm tỉ đồng",  # vague amount, no numeral
        "1. Chỉ đạo đại hội công đoàn các cấp",  # list enumerator
        "(2) Chăm lo đời sống đoàn viên",  # bracketed enumerator
        "người lao động từ 18 đến 60 tuổi",  # ages
        "đường dây nóng 0225.3842.555 hoạt động 24/7",  # phone number, hours
        "tại các doanh nghiệp có từ 20 người lao động trở lên",  # a condition, not a figure
        "Chương trình “01 triệu sáng kiến” trong công nhân",  # a programme's name
        "Cụm thi đua số 7 của thành phố",  # a number as a name
        "Đại hội Công đoàn Trường Tiểu học Vĩnh Bình Bắc 4 lần thứ VII",  # a name, an ordinal
    ],
)
def test_numbers_that_are_not_indicators(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(("text", "value", "unit", "top"), [
    # a range whose ends each carry their unit
    ("mỗi suất từ 500.000 đồng đến 1 triệu đồng tùy hoàn cảnh", 500000, "đồng", 1e6),
    ("hỗ trợ từ 200 nghìn đồng đến 2 triệu đồng mỗi trường hợp", 200000, "đồng", 2e6),
    # vạn is ten thousand
    ("đại diện cho hơn 20 vạn đoàn viên, người lao động", 200000, "đoàn viên", None),
    # a month's or a day's pay as a unit
    ("công ty cam kết thưởng Tết ít nhất 1 tháng lương", 1, "tháng lương", None),
    ("mỗi người góp ít nhất 01 ngày lương", 1, "ngày lương", None),
])
def test_ranges_scales_and_pay_units(text: str, value: float, unit: str, top) -> None:
    found = find_figures(text)
    assert [(f.value, f.unit, f.range_max) for f in found] == [(value, unit, top)]


def test_a_change_of_value_is_no_range() -> None:
    # "nâng … từ 25.000 đồng đến 35.000 đồng": the old value is no figure
    found = find_figures("214 doanh nghiệp nâng bữa ăn ca từ 25.000 đồng đến 35.000 đồng/suất")
    assert [f.value for f in found] == [214, 35000]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    # sets r and w: what is counted named first, "(tổng) số …", the number after "là"
    ("Tổng số sáng kiến, đề tài được công nhận cấp cơ sở trong năm là 356.", 356,
     "sáng kiến", "exact"),
    ("Tổng số sáng kiến đăng ký năm 2022 là 412, đạt 137% chỉ tiêu được giao.", 412,
     "sáng kiến", "exact"),
    ("Số đoàn viên mới kết nạp trong năm là hơn 1.250.", 1250, "đoàn viên", "more_than"),
])
def test_a_count_named_before_its_number(text: str, value: float, unit: str,
                                         qualifier: str) -> None:
    found = find_figures(text)[0]
    assert (found.value, found.unit, found.qualifier) == (value, unit, qualifier)
    assert text[found.start:found.end].endswith(text[found.num_start:found.num_end])


@pytest.mark.parametrize("text", [
    "Số lượng hội nghị đã tổ chức là 5.",  # "số lượng" names no unit
    "Tổng số sáng kiến được công nhận tăng, riêng Tổ 3 có nhiều nhất.",  # no "là"
    "Số đoàn viên tăng mạnh; kết quả xếp loại là 3.",  # "là" in another clause
])
def test_a_bare_number_without_its_count_named_is_no_figure(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    # sets sw, t, g, m: "tổng số N …", "trong số N …" count; "số N" alone numbers a document
    ("Nữ chiếm 68% trong tổng số 142 đoàn viên của công đoàn Trung tâm.", 142, "đoàn viên"),
    ("100% trong số 1.015 CĐCS trực thuộc phải hoàn thành đại hội.", 1015, "CĐCS"),
    ("Công đoàn ngành quản lý 348 CĐCS với tổng số 96.850 đoàn viên.", 96850, "đoàn viên"),
])
def test_a_total_after_so_is_a_count(text: str, value: float, unit: str) -> None:
    assert (value, unit) in [(f.value, f.unit) for f in find_figures(text)]


def test_a_number_after_so_without_a_count_is_a_documents() -> None:
    assert find_figures("Thực hiện Kế hoạch số 35 và Nghị quyết số 02 của Tổng Liên đoàn.") == []
