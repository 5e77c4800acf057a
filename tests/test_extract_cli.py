"""`unionnews extract-text`: JSON only on stdout; bad input → one line, exit code 2."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from unionnews.cli import cli

ARTICLE = (
    "LĐLĐ quận Cầu Giấy vượt chỉ tiêu phát triển đoàn viên\n"
    "Tính đến tháng 6/2024, Liên đoàn Lao động quận Cầu Giấy đã kết nạp 1.254/1.000 đoàn viên "
    "(đạt 125,4%), thành lập mới 12 CĐCS.\n"
)


def _run(args: list[str], stdin: bytes | str | None = None):
    return CliRunner().invoke(cli, ["extract-text", *args, "--backend", "rules"], input=stdin)


def test_json_only_on_stdout(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _run([str(path), "--published", "2024-07-20", "--site", "laodongthudo.vn"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"organisations", "indicators"} <= set(data)
    ind = next(i for i in data["indicators"] if i["value"] == 1254)
    assert ind["target_value"] == 1000 and ind["period"] == {"from": 2024, "to": 2024}
    assert ARTICLE[ind["start"]:ind["end"]] == ind["text"]


def test_stdin_and_unknown_site_are_accepted() -> None:
    result = _run(["-", "--site", "no-such-site.example"], ARTICLE.encode())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["indicators"]


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        (b"", [], "empty"),
        (b"   \n\t  \n", [], "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), [], "binary"),
        ("Xin chào".encode("utf-16"), [], "UTF-8"),
        (b"x" * (5 * 1024 * 1024), [], "larger"),
        (ARTICLE.encode(), ["--published", "20/07/2024"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_line_exit_2(stdin, args, message) -> None:
    result = _run(["-", *args], stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_is_one_line_exit_2(tmp_path) -> None:
    result = _run([str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_nfd_input_gives_the_nfc_result() -> None:
    nfc = _run(["-", "--published", "2024-07-20"], ARTICLE.encode())
    nfd_text = unicodedata.normalize("NFD", ARTICLE)
    nfd = _run(["-", "--published", "2024-07-20"], nfd_text.encode())
    assert nfc.exit_code == nfd.exit_code == 0
    a, b = json.loads(nfc.stdout), json.loads(nfd.stdout)
    strip = [(i["value"], i["unit"], i["metric"], i["kind"]) for i in a["indicators"]]
    assert strip == [(i["value"], i["unit"], i["metric"], i["kind"]) for i in b["indicators"]]
    for ind in b["indicators"]:
        assert nfd_text[ind["start"]:ind["end"]] == ind["text"]


def test_html_entity_input_offsets_index_the_raw_text() -> None:
    raw = ARTICLE.replace("đoàn viên", "&#273;oàn viên").replace("&", "&amp;", 0)
    result = _run(["-", "--published", "2024-07-20"], raw.encode())
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert any(i["unit"] == "đoàn viên" for i in data["indicators"])
    for item in [*data["indicators"], *data["organisations"]]:
        assert raw[item["start"]:item["end"]] == item["text"]
