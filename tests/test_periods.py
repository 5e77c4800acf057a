"""Period patterns (nlp/periods.py): the piece a pattern names as held by every match of it
lets a sentence without that piece skip the pattern, so it must really be in every match."""

from __future__ import annotations

from nlp.periods import _PATTERNS, find_periods

SENTENCES = [
    "Ngày 8/6/2019, Công đoàn Công ty ký thỏa ước với 12 điều khoản.",
    "Quyết định số 737/QĐ-LĐLĐ ngày 10/7/2025 giao 300 đoàn viên.",
    "Tính đến ngày 30/9/2024, toàn tỉnh có 1.200 công đoàn cơ sở.",
    "Quý II/2024, LĐLĐ huyện kết nạp 150 đoàn viên.",
    "Nhiệm kỳ 2023 - 2028, Công đoàn phấn đấu kết nạp 5.000 đoàn viên.",
    "Từ đầu nhiệm kỳ đến hết tháng 6/2025, đã thành lập 40 CĐCS.",
    "Chào mừng Đại hội Đảng bộ tỉnh nhiệm kỳ 2025 - 2030, LĐLĐ tặng 100 suất quà.",
    "So với cùng kỳ năm 2023, số đoàn viên tăng 12%.",
    "Từ năm 2021 đến nay, Quỹ đã giải ngân 2 tỷ đồng.",
    "Kỷ niệm 20 năm thành lập công ty (2004 - 2024), công đoàn tặng 300 suất quà.",
    "Hằng năm có 90% đoàn viên đạt lao động giỏi; đến hết năm 2025 có 500 sáng kiến.",
    "Luật Công đoàn năm 2024 có 6 chương.",
]


def test_every_pattern_with_a_piece_holds_it_in_every_match() -> None:
    hinted = [(kind, pattern, needs) for kind, pattern, needs in _PATTERNS if needs]
    assert len(hinted) >= 10
    seen = set()
    for kind, pattern, needs in hinted:
        assert needs in pattern.pattern.lower(), (kind, needs)
        for sentence in SENTENCES:
            for m in pattern.finditer(sentence):
                assert needs in m.group().lower(), (kind, m.group())
                seen.add(needs)
    assert seen == {needs for _, _, needs in hinted}  # every piece met in a match here


def test_sentences_without_the_piece_find_no_such_period() -> None:
    kinds = {p.kind for p in find_periods("Năm 2024 LĐLĐ huyện kết nạp 150 đoàn viên.")}
    assert kinds == {"year"}
    dated = find_periods("Ngày 8/6/2019, Công đoàn Công ty ký thỏa ước với 12 điều khoản.")
    assert [(p.kind, p.years) for p in dated] == [("dated", (2019,))]
