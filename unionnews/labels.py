"""Vietnamese words and number formatting for what readers see (pages, charts, the UI).

Codes (`members_new`, `achieved`) stay in the data and the JSON; people read these labels.
Vietnamese writes 10.493 for ten thousand four hundred and ninety-three and 66,68 % for a
decimal, so every page formats numbers here and nowhere else.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

METRIC_LABELS: dict[str, str] = {
    "members_new": "Phát triển đoàn viên",
    "members_total": "Đoàn viên đang quản lý",
    "unions_new": "Thành lập CĐCS mới",
    "unions_total": "CĐCS đang quản lý",
    "cba": "Thỏa ước lao động tập thể",
    "dialogue_democracy": "Đối thoại, dân chủ cơ sở",
    "party_referrals": "Giới thiệu đoàn viên ưu tú cho Đảng",
    "training": "Đào tạo, bồi dưỡng",
    "outreach": "Tuyên truyền, phổ biến pháp luật",
    "welfare": "Chăm lo, hỗ trợ đoàn viên",
    "union_quality": "Xếp loại công đoàn",
    "finance": "Tài chính công đoàn",
    "women": "Nữ công",
    "emulation": "Thi đua, khen thưởng",
    "health_safety": "An toàn, sức khỏe",
    "digital": "Chuyển đổi số",
    "other": "Khác",
}

KIND_LABELS: dict[str, str] = {"target": "Chỉ tiêu", "achieved": "Kết quả"}

# The words the text used, so "hơn 18 nghìn" stays "hơn 18.000" and never becomes "18.000".
QUALIFIER_WORDS: dict[str, str] = {
    "exact": "", "at_least": "ít nhất", "more_than": "hơn", "about": "khoảng",
    "at_most": "tối đa",
}

STATUS_LABELS: dict[str, str] = {"publish": "đã xác nhận", "check": "cần kiểm tra"}

REVIEW_LABELS: dict[str, str] = {"ok": "đúng", "rejected": "sai", "corrected": "đã sửa"}


def metric_label(code: str | None) -> str:
    return METRIC_LABELS.get(code or "", code or "")


def kind_label(code: str | None) -> str:
    return KIND_LABELS.get(code or "", code or "")


def format_number(value: float | None, decimals: int = 2) -> str:
    """10493 → "10.493"; 66.68 → "66,68"; 1234.5 → "1.234,5"; None → ""."""
    if value is None:
        return ""
    # Half up, as readers round (97,25 → 97,3), from the shortest repr of the float.
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{exact:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_money(value: float) -> str:
    """Amounts in đồng the way the papers write them: "6,4 tỷ", "240 triệu", "25.000"."""
    for size, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= size:
            return f"{format_number(value / size)} {word}"
    return format_number(value)


def format_figure(value: float | None, unit: str | None, qualifier: str | None = None,
                  per: str | None = None) -> str:
    """A figure as the text would say it: "hơn 18.000 đoàn viên", "6,4 tỷ đồng/suất"."""
    if value is None:
        return ""
    unit = unit or ""
    number = format_money(value) if unit == "đồng" else format_number(value)
    if unit.startswith("%"):
        text = f"{number} {unit}"  # Vietnamese style puts a space before %
    else:
        text = f"{number} {unit}".strip()
    if per:
        text += f"/{per}"
    word = QUALIFIER_WORDS.get(qualifier or "exact", "")
    return f"{word} {text}".strip()


def format_percent(ratio: float | None) -> str:
    """A completion ratio as a percentage: 0.9734 → "97,3 %"."""
    if ratio is None:
        return ""
    return f"{format_number(ratio * 100, 1)} %"


def format_period(start: int | None, end: int | None, recurring: str | None = None) -> str:
    if start is None:
        return "không rõ kỳ"
    text = f"{start}" if start == end or end is None else f"{start}–{end}"
    return f"hằng năm {text}" if recurring == "annual" else text
