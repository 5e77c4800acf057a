"""Learned kind and metric over the rules' features: fit, stored as JSON, applied."""

from __future__ import annotations

import pytest

from nlp.context import ArticleContext
from nlp.decisions import DecisionModels, decide, figure_features, fit_decisions, fit_linear
from nlp.model import Indicator, Period
from nlp.pipeline import extract


def _indicator(text: str, start: int, features: dict[str, float], **fields) -> Indicator:
    base = dict(text=text, start=start, end=start + len(text), value=1.0, unit="%",
                qualifier="exact", kind="achieved", metric="other", org=None,
                period=Period(2024, 2024), sentence="", score=0.0, features=features)
    return Indicator(**{**base, **fields})


def test_the_words_before_a_figure_are_features() -> None:
    text = "Năm 2025, LĐLĐ tỉnh phấn đấu kết nạp 3.000 đoàn viên; hằng năm 90% CĐCS vững mạnh."
    start = text.index("3.000")
    features = figure_features(text, start, start + 15, 0, len(text), {"rule_kind": "target",
                                                                        "kind_conf": 0.85})
    assert {"rule_kind=target", "b:phấn", "bb:kết_nạp", "a:hằng", "c:kết"} <= set(features)
    assert features["kind_conf"] == 0.85
    assert "c:vững" not in features  # the next ";" clause is another clause


@pytest.mark.parametrize(("text", "figure", "name_word"), [
    ("Xếp sau là LĐLĐ tỉnh Thái Bình với 7.100 sáng kiến.", "7.100", "B:bình"),
    ("Năm 2025, số vụ tranh chấp ở tỉnh Phú Thọ giảm từ 21 vụ xuống 9 vụ.", "21", "B:thọ"),
])
def test_the_keep_decision_reads_no_names_around_a_figure(text: str, figure: str,
                                                          name_word: str) -> None:
    # a place's or a body's word says where, not whether the figure is union work
    from nlp.decisions import keep_features

    start = text.index(figure)
    features = figure_features(text, start, start + len(figure), 0, len(text), {})
    assert name_word in features  # the kind and metric still read it
    assert name_word not in keep_features(features)
    assert any(k.startswith("b:") for k in keep_features(features))


def test_a_linear_model_learns_and_round_trips_through_json() -> None:
    rows = [{"b:phấn": 1.0}, {"b:đã": 1.0}] * 20
    labels = ["target", "achieved"] * 20
    model = fit_linear(rows, labels)
    assert model.probabilities({"b:phấn": 1.0})["target"] > 0.8
    again = type(model).from_json(model.to_json())
    assert again.probabilities({"b:đã": 1.0}) == model.probabilities({"b:đã": 1.0})


def test_decide_overrules_the_rules_and_keeps_completions_with_their_figure() -> None:
    pairs = []
    for n in range(30):
        pairs.append((_indicator("x", 0, {"c:thỏa": 1.0, "rule_metric=other": 1.0}),
                      {"kind": "achieved", "metric": "cba"}))
        pairs.append((_indicator("x", 0, {"c:quà": 1.0, "rule_metric=other": 1.0}),
                      {"kind": "target" if n % 3 else "achieved", "metric": "welfare"}))
    models = fit_decisions(pairs, {"records": 1})
    again = DecisionModels.from_json(models.to_json())
    text = "ký 12 bản thỏa ước (đạt 120%)"
    signed = _indicator("12 bản", 3, {"c:thỏa": 1.0})
    rate = _indicator("120%", 24, {"c:quà": 1.0}, evidence={"completion": 1.0})
    decide([signed, rate], text, again)
    assert signed.metric == "cba" and signed.evidence["metric_prob"] > 0.5
    assert rate.metric == "cba"  # the completion rate follows the figure it completes


def test_a_figure_the_annotators_leave_out_is_learned_and_dropped() -> None:
    judged = []
    for _ in range(30):
        judged.append((_indicator("1.200 công nhân", 0, {"b:hiện": 1.0, "b:có": 1.0}), None))
        judged.append((_indicator("35 đoàn viên", 0, {"b:kết": 1.0, "b:nạp": 1.0}),
                       {"kind": "achieved", "metric": "members_new"}))
    models = DecisionModels.from_json(fit_decisions(judged, {"records": 1}).to_json())
    workforce = _indicator("1.200 công nhân", 0, {"b:hiện": 1.0, "b:có": 1.0})
    recruits = _indicator("35 đoàn viên", 40, {"b:kết": 1.0, "b:nạp": 1.0})
    kept = decide([workforce, recruits], "Công ty hiện có 1.200 công nhân; đã kết nạp 35 "
                  "đoàn viên.", models)
    assert kept == [recruits]
    assert workforce.evidence["keep_prob"] < 0.5 < recruits.evidence["keep_prob"]


def test_the_shipped_decisions_are_regenerated_bit_for_bit(tmp_path) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from corpus.build import GOLD_DIR
    from nlp.decisions import DEFAULT_DECISIONS_MODEL
    from unionnews.cli import cli

    out = tmp_path / "decisions.json"
    result = CliRunner().invoke(cli, ["train", "--backend", "decisions", "--out", str(out),
                                      "--train-file", str(GOLD_DIR / "train.jsonl")])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == Path(DEFAULT_DECISIONS_MODEL).read_bytes()


def test_owner_candidates_describe_each_body_a_reader_would_weigh() -> None:
    from nlp.pipeline import extract
    from unionnews.context import build_context

    text = ("LĐLĐ tỉnh Gia Lai tổng kết năm 2024\n\nNăm 2024, Công đoàn xã Ia Hrú kết nạp 45 "
            "đoàn viên, phối hợp với Ủy ban nhân dân xã trao 120 suất quà.")
    result = extract(text, build_context("2025-01-10", None), keep_features=True)
    members = next(i for i in result.indicators if i.value == 45)
    candidates = members.owner_features
    assert "" in candidates and "no_owner" in candidates[""]
    commune = candidates["Công đoàn xã Ia Hrú"]
    assert "nearest_union_before" in commune and "here_before" in commune
    assert "rule" in commune  # the rules chose it too
    province = candidates["Liên đoàn Lao động tỉnh Gia Lai"]
    assert "title" in province and "here_before" not in province


def test_the_owner_ranking_learns_whose_figure_it_is_and_falls_back_to_the_rules() -> None:
    from nlp.decisions import rank_owners

    def figure(rule_picks_subject: bool) -> Indicator:
        near = ("nearest_before", "here_before", "level=commune")
        subject = ("subject", "title", "level=province")
        if rule_picks_subject:
            subject += ("rule",)
        else:
            near += ("rule",)
        return _indicator("x", 0, {}, org="LĐLĐ" if rule_picks_subject else "CĐ xã",
                          owner_features={"CĐ xã": near, "LĐLĐ": subject, "": ("no_owner",)})

    # the gold owner is the body named just before the figure, whatever the rules said
    pairs = [(figure(n % 2 == 0), {"kind": "achieved", "metric": "other", "org": "CĐ xã"})
             for n in range(40)]
    models = DecisionModels.from_json(fit_decisions(pairs, {"records": 1}).to_json())
    assert models.owner is not None and "owner" not in models.decisions
    ind = figure(rule_picks_subject=True)
    rank_owners([ind], "x", models.owner)
    assert ind.org == "CĐ xã" and ind.evidence["owner_agrees"] == 0.0
    assert 0.5 < ind.evidence["owner_share"] <= 1.0
    untouched = figure(rule_picks_subject=True)
    rank_owners([untouched], "x", None)  # no model shipped: the rules' owner stands
    assert untouched.org == "LĐLĐ"


def test_the_kind_model_sees_whether_a_term_is_closing_or_opening() -> None:
    from datetime import date

    from nlp.context import ArticleContext
    from nlp.pipeline import extract

    text = "Trong nhiệm kỳ 2018 - 2023, LĐLĐ tỉnh Lào Cai kết nạp 14.820 đoàn viên."

    def when(published: date) -> str:
        ind = next(i for i in extract(text, ArticleContext(published=published),
                                      keep_features=True).indicators if i.value == 14820)
        return next(k for k in ind.features if k.startswith("when="))

    assert when(date(2023, 9, 1)) == "when=term_ending"  # a congress reviews its term
    assert when(date(2018, 9, 1)) == "when=term_opening"  # a congress sets its goals
    assert when(date(2020, 9, 1)) == "when=term"
    assert when(date(2025, 9, 1)) == "when=past"


@pytest.mark.parametrize(("title", "when"), [
    ("Đại hội Công đoàn tỉnh Lào Cai lần thứ XVII, nhiệm kỳ 2023 - 2028", "when=term_ending"),
    ("Công đoàn tỉnh Lào Cai tổng kết phong trào", "when=unknown"),
])
def test_an_undated_congress_article_tells_the_kind_model_where_a_term_lies(
        title: str, when: str) -> None:
    # the congress is held in its term's first year: a term ending then reports results
    text = f"{title}\nNhiệm kỳ 2018 - 2023, các cấp công đoàn kết nạp 14.820 đoàn viên."
    (ind,) = extract(text, ArticleContext(), keep_features=True).indicators
    assert ind.features.get(when) == 1.0


def test_the_keep_threshold_is_the_most_precise_of_those_within_one_figure_of_the_best_f1(
        ) -> None:
    from nlp.decisions import choose_keep

    true, total = 900, 1000  # one figure moves F1 by 2 / (900 + 1000) ≈ 0.00105
    scored = [(0.9769, 0.960, 0.30, 1.0), (0.9768, 0.975, 0.65, 1.0), (0.9700, 0.990, 0.90, 1.0)]
    assert choose_keep(scored, true, total) == (0.65, 1.0)
    # two figures below the best F1 is a real loss, however precise
    assert choose_keep([(0.9769, 0.96, 0.30, 1.0), (0.9748, 0.99, 0.70, 1.0)], true, total) == (
        0.30, 1.0)
