"""The pipeline's components: run in the configured order, replaceable by name."""

from __future__ import annotations

import json

from click.testing import CliRunner

from nlp.components import PIPELINE_SETTING, configured
from unionnews.cli import cli
from unionnews.context import extract_article

TEXT = ("LĐLĐ quận Hoàng Mai kết nạp 1.200 đoàn viên\n\n"
        "Năm 2024, LĐLĐ quận Hoàng Mai kết nạp 1.200 đoàn viên, thành lập mới 15 CĐCS.")


def test_leaving_a_component_out_changes_what_comes_out(monkeypatch) -> None:
    with_repeats = extract_article(TEXT, "2024-12-20")
    assert [i.value for i in with_repeats.indicators] == [1200, 15]
    names = ",".join(n for n in configured().names if n != "repeats")
    monkeypatch.setenv(PIPELINE_SETTING, names)
    without = extract_article(TEXT, "2024-12-20")
    assert [i.value for i in without.indicators] == [1200, 1200, 15]
    assert "repeats" not in without.extractor_version.split("/")[-1]


def test_a_component_is_replaced_by_name_from_the_command_line(tmp_path, monkeypatch) -> None:
    (tmp_path / "my_scoring.py").write_text(
        "def publish_all(doc, run):\n"
        "    for ind in doc.indicators:\n"
        "        ind.score, ind.status = 1.0, 'publish'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract-text", str(article), "--backend", "rules",
                                      "--published", "2024-12-20",
                                      "--component", "score=my_scoring:publish_all"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {i["status"] for i in out["indicators"]} == {"publish"}
    assert out["extractor_version"].endswith("score=my_scoring:publish_all")


def test_bad_component_settings_fail_in_one_line(tmp_path, monkeypatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    for option, words in (("scorer=x:y", "no component called 'scorer'"),
                          ("score=no_such_module:f", "cannot load component"),
                          ("score", "NAME=MODULE:FUNCTION")):
        result = runner.invoke(cli, ["extract-text", str(article), "--backend", "rules",
                                     "--component", option])
        assert result.exit_code == 2 and words in result.output
        assert len(result.output.strip().splitlines()) == 1
    monkeypatch.setenv(PIPELINE_SETTING, "zones,segment,figurez")
    result = runner.invoke(cli, ["extract-text", str(article), "--backend", "rules"])
    assert result.exit_code == 2 and "figurez" in result.output


def test_a_fresh_process_knows_every_component(tmp_path) -> None:
    # the CLI checks the pipeline before anything else has loaded the components
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "unionnews.cli", "extract-text", str(article),
                           "--backend", "rules", "--published", "2024-12-20"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [i["value"] for i in json.loads(done.stdout)["indicators"]] == [1200, 15]
