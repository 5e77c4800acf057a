"""The PhoBERT path end to end on a tiny RoBERTa built here: a PhoBERT-style BPE vocabulary
learned from the records, random weights, a few training steps through `unionnews train`,
then reloading through `load_tagger("phobert", dir)` — the code the real model runs."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build import build_record
from nlp.model import Indicator
from nlp.taggers import ModelMissing, entity_spans, load_tagger, tag_scores
from nlp.taggers.data import labelled_sentences
from unionnews.cli import cli

sys.path.insert(0, str(Path(__file__).parent))
from tiny_phobert import build_tiny_phobert, corpus_words  # noqa: E402


def _figure(text: str, value: float, unit: str, kind: str, metric: str, org: str | None):
    return {"text": text, "value": value, "unit": unit, "qualifier": "exact", "kind": kind,
            "metric": metric, "org": org, "period": 2024}


FIGURES = {
    "p1": [_figure("250 đoàn viên", 250, "đoàn viên", "achieved", "members_new",
                   "Liên đoàn Lao động quận Đống Đa")],
    "p2": [_figure("8 CĐCS", 8, "CĐCS", "achieved", "unions_new",
                   "Công đoàn ngành Giáo dục Hà Nội")],
    "p4": [_figure("500 suất quà", 500, "suất", "achieved", "welfare", None)],
    "p7": [_figure("300 đoàn viên", 300, "đoàn viên", "target", "members_new",
                   "Liên đoàn Lao động quận Hoàng Mai")],
}

ROWS = [
    ("p1", "Liên đoàn Lao động quận Đống Đa đã kết nạp 250 đoàn viên mới.",
     [["Liên đoàn Lao động quận Đống Đa", "Liên đoàn Lao động quận Đống Đa"]]),
    ("p2", "Công đoàn ngành Giáo dục Hà Nội thành lập mới 8 CĐCS trong năm.",
     [["Công đoàn ngành Giáo dục Hà Nội", "Công đoàn ngành Giáo dục Hà Nội"]]),
    ("p7", "Liên đoàn Lao động quận Hoàng Mai phấn đấu kết nạp 300 đoàn viên.",
     [["Liên đoàn Lao động quận Hoàng Mai", "Liên đoàn Lao động quận Hoàng Mai"]]),
    ("p3", "UBND huyện Đông Anh và Công ty TNHH Canon Việt Nam ký kết thỏa thuận.",
     [["UBND huyện Đông Anh", "Ủy ban nhân dân huyện Đông Anh"],
      ["Công ty TNHH Canon Việt Nam", "Công ty TNHH Canon Việt Nam"]]),
    ("p4", "Các cấp công đoàn đã tặng 500 suất quà cho người lao động.", []),
    ("p5", "Thành ủy Hà Nội biểu dương 40 cán bộ công đoàn tiêu biểu.",
     [["Thành ủy Hà Nội", "Thành ủy Hà Nội"]]),
    # A name with no head word: the pipeline's rules miss it, only a tagger can find it.
    ("p6", "Vinamilk tặng 500 suất quà cho công nhân.", [["Vinamilk", "Vinamilk"]]),
]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [build_record({"id": i, "text": t, "orgs": o, "split": "train",
                          "published": "2024-06-01", "indicators": FIGURES.get(i, [])},
                         "written", "t")
            for i, t, o in ROWS]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory, records) -> Path:
    return build_tiny_phobert(corpus_words(records), tmp_path_factory.mktemp("tiny") / "base")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_base, records) -> Path:
    work = tmp_path_factory.mktemp("phobert")
    gold = work / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    out = work / "model"
    result = CliRunner().invoke(cli, [
        "train", "--backend", "phobert", "--base", str(tiny_base), "--out", str(out),
        "--max-steps", "200", "--learning-rate", "3e-3", "--batch-size", "8",
        "--patience", "1000", "--train-file", str(gold), "--dev-file", str(gold)])
    assert result.exit_code == 0, result.output
    return out


def test_tiny_base_loads_as_a_phobert_tokenizer(tiny_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    assert type(tokenizer).__name__ == "PhobertTokenizer"
    pieces = tokenizer.tokenize("Liên_đoàn Lao_động")
    assert "<unk>" not in pieces and tokenizer.convert_tokens_to_string(pieces) == (
        "Liên_đoàn Lao_động")


def test_windows_cover_long_sentences_with_overlap(tiny_base, records):
    from transformers import AutoTokenizer

    from nlp.taggers.phobert import windows, word_pieces

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    words = [w for s in labelled_sentences(records) for w in s.words]  # one long "sentence"
    pieces = word_pieces(tokenizer, words)
    found = windows(tokenizer, 0, words, window=24, overlap=8)
    assert len(found) > 3
    covered: set[int] = set()
    for prev, nxt in zip(found, found[1:], strict=False):
        assert nxt.first_word > prev.first_word
        assert nxt.first_word < prev.first_word + len(prev.first_pieces)  # they overlap
    for w in found:
        assert len(w.input_ids) <= 24
        assert w.input_ids[0] == tokenizer.cls_token_id
        assert w.input_ids[-1] == tokenizer.sep_token_id
        for k, pos in enumerate(w.first_pieces):
            assert w.input_ids[pos] == pieces[w.first_word + k][0]
            covered.add(w.first_word + k)
    assert covered == set(range(len(words)))


def test_train_writes_weights_and_card(trained):
    assert (trained / "config.json").is_file()
    assert (trained / "vocab.txt").is_file() and (trained / "bpe.codes").is_file()
    card = (trained / "README.md").read_text(encoding="utf-8")
    assert "Dev scores" in card and "f1" in card
    config = json.loads((trained / "config.json").read_text(encoding="utf-8"))
    assert set(config["label2id"]) == {"O", "B-ORG", "I-ORG"}


def test_reloaded_model_tags_words(trained, records, monkeypatch):
    tagger = load_tagger("phobert", trained)
    assert tagger.name == "phobert"
    assert tag_scores(tagger, records)["f1"] >= 0.8
    sentences = labelled_sentences(records)
    predicted = tagger.tag([s.words for s in sentences])
    found = {" ".join(s.words[a:b]) for s, p in zip(sentences, predicted, strict=True)
             for a, b, _ in entity_spans(p)}
    assert "UBND huyện Đông Anh" in found or "Thành ủy Hà Nội" in found
    # The environment variable names the model when no directory is given.
    monkeypatch.setenv("UNIONNEWS_MODEL", str(trained))
    assert load_tagger("phobert").tag([sentences[0].words]) == [predicted[0]]


def test_small_windows_still_label_every_word(trained, records):
    tagger = load_tagger("phobert", trained)
    tagger.window, tagger.overlap = 12, 4
    words = [w for s in labelled_sentences(records) for w in s.words]
    (labels,) = tagger.tag([words])
    assert len(labels) == len(words) and set(labels) <= {"O", "B-ORG", "I-ORG"}
    assert tagger.tag([[]]) == [[]]


def test_missing_weights_say_how_to_get_them(tmp_path):
    (tmp_path / "empty").mkdir()
    for source in (tmp_path / "empty", tmp_path / "absent", "nobody/no-such-model"):
        with pytest.raises(ModelMissing) as missing:
            load_tagger("phobert", source)
        message = str(missing.value)
        assert "\n" not in message and "unionnews train --backend phobert" in message
    gold = tmp_path / "g.jsonl"
    gold.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "train", "--backend", "phobert", "--base", str(tmp_path / "empty"),
        "--out", str(tmp_path / "o"), "--train-file", str(gold), "--dev-file", str(gold)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_predictions_reach_the_pipeline_records(trained):
    pipeline = pytest.importorskip("nlp.pipeline")
    text = ("Vinamilk tặng 500 suất quà cho công nhân.\n"
            "Liên đoàn Lao động quận Đống Đa đã kết nạp 250 đoàn viên mới.")
    tagger = load_tagger("phobert", trained)
    (labels,) = tagger.tag([["Vinamilk", "tặng", "500", "suất", "quà"]])
    assert labels[0] == "B-ORG"
    from nlp.context import ArticleContext

    context = ArticleContext(published=date(2024, 5, 1))
    with_model = pipeline.extract(text, context, tagger)
    rules_only = pipeline.extract(text, context)
    mention = [o for o in with_model.organisations if o.text == "Vinamilk"]
    assert mention and text[mention[0].start:mention[0].end] == "Vinamilk"
    assert not [o for o in rules_only.organisations if o.text == "Vinamilk"]
    assert {i.text for i in with_model.indicators} >= {"500 suất", "250 đoàn viên"}
    assert "phobert" in with_model.extractor_version


def test_phobert_decides_the_figures_too(trained):
    # `train --backend phobert` fine-tunes kind and metric classifiers beside the tagger, and
    # the pipeline's decide component uses them when the phobert backend is chosen
    pipeline = pytest.importorskip("nlp.pipeline")
    from nlp.context import ArticleContext

    assert (trained / "figures" / "kind" / "config.json").is_file()
    assert (trained / "figures" / "metric" / "config.json").is_file()
    tagger = load_tagger("phobert", trained)
    assert tagger.figure_decider is not None
    text = "Liên đoàn Lao động quận Đống Đa đã kết nạp 250 đoàn viên mới."
    result = pipeline.extract(text, ArticleContext(published=date(2024, 6, 1)), tagger)
    (figure,) = result.indicators
    assert 0.0 < figure.evidence["kind_prob"] <= 1.0
    assert figure.kind in ("target", "achieved")
    from nlp.model import METRICS

    assert figure.metric in METRICS


@pytest.fixture(scope="module")
def train_pairs(records) -> list:
    """The figures the rules find in the training records, each with its gold record: what
    `train --backend phobert` fine-tuned the figure decisions on."""
    from nlp.evaluate import extract_records, matched_pairs
    from unionnews.context import build_context

    results = extract_records(records, None, build_context)
    return [pair for rec, result in zip(records, results, strict=True)
            for pair in matched_pairs(rec, result)]


def test_phobert_owner_ranking_is_written_reloads_and_ranks(trained, train_pairs):
    # `train --backend phobert` fine-tunes the owner pair classifier beside kind and metric;
    # reloaded, it scores every candidate and ranks each training figure's gold owner first
    from nlp.owners import NO_OWNER
    from nlp.taggers.phobert_figures import PhobertOwnerRanker

    assert (trained / "figures" / "owner" / "config.json").is_file()
    decider = load_tagger("phobert", trained).figure_decider
    assert isinstance(decider.owner, PhobertOwnerRanker)
    assert "owner" not in decider.decisions  # a ranking, not a class of the figure
    ranked = contested = 0
    for ind, gold in train_pairs:
        truth = gold["org"] or NO_OWNER
        probs = decider.owner.candidate_probabilities(ind, ind.sentence)
        assert set(probs) == set(ind.owner_features)
        assert all(0.0 < p < 1.0 for p in probs.values())
        if truth in probs:
            assert max(probs, key=probs.__getitem__) == truth, (ind.text, probs)
            ranked += 1
            contested += len(probs) > 1
    assert ranked >= 3 and contested >= 2  # the gold owner beat other candidates, not alone


def test_rank_owners_follows_the_phobert_ranking_not_the_linear_one(trained, train_pairs):
    # The same figure with its candidates' marks swapped: the shipped linear ranking reads the
    # marks and picks the wrong body, the PhoBERT head reads the sentence and picks the right
    # one. Fails if rank_owners ignores the scorer it is given.
    import dataclasses

    from nlp.decisions import load_decisions, rank_owners

    shipped = load_decisions()
    assert shipped is not None and shipped.owner is not None
    ranker = load_tagger("phobert", trained).figure_decider.owner
    ind, gold = next((i, g) for i, g in train_pairs
                     if g["org"] and len(i.owner_features) > 2)
    # no "heads_clause" / "with_figure" marks: the rules' overrides stay out of the way
    own = tuple(m for m in ind.owner_features[gold["org"]]
                if m not in ("heads_clause", "with_figure"))
    decoy = next(n for n in ind.owner_features if n not in (gold["org"], ""))
    swapped = {gold["org"]: ind.owner_features[decoy], decoy: own,
               "": ind.owner_features[""]}

    def ranked(scorer) -> Indicator:
        copy = dataclasses.replace(ind, evidence={}, owner_features=swapped)
        rank_owners([copy], copy.sentence, scorer)
        return copy

    assert ranked(shipped.owner).org == decoy
    by_head = ranked(ranker)
    probs = ranker.candidate_probabilities(by_head, by_head.sentence)
    assert by_head.org == gold["org"]
    assert by_head.evidence["owner_prob"] == round(probs[gold["org"]], 4)
    assert by_head.evidence["owner_agrees"] == 0.0  # "rule" went with the decoy's marks


def test_the_phobert_owner_reaches_the_pipeline_records(trained):
    pipeline = pytest.importorskip("nlp.pipeline")
    from nlp.context import ArticleContext

    text = "Liên đoàn Lao động quận Đống Đa đã kết nạp 250 đoàn viên mới."
    context = ArticleContext(published=date(2024, 6, 1))
    tagger = load_tagger("phobert", trained)
    (figure,) = pipeline.extract(text, context, tagger, keep_features=True).indicators
    probs = tagger.figure_decider.owner.candidate_probabilities(figure, text)
    assert figure.org == "Liên đoàn Lao động quận Đống Đa"
    assert figure.evidence["owner_prob"] == round(probs[figure.org], 4)
    assert figure.evidence["owner_share"] == round(probs[figure.org] / sum(probs.values()), 4)
    # without the head the shipped linear ranking decides, with its own probabilities
    tagger.figure_decider.owner = None
    (linear,) = pipeline.extract(text, context, tagger).indicators
    assert linear.evidence["owner_prob"] != figure.evidence["owner_prob"]


def test_evaluate_scores_and_calibrates_the_phobert_decisions(trained, tmp_path, records):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, [
        "evaluate", "--data", str(gold), "--backend", "phobert", "--model", str(trained),
        "--out", str(report)])
    assert result.exit_code == 0, result.output
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert "phobert" in scores["extractor_version"]
    assert scores["matched_indicators"] == sum(len(v) for v in FIGURES.values())
    assert scores["accuracy_on_matched"]["org"] == 1.0  # memorised: the training figures
    assert 0.0 <= scores["ece"] <= 1.0 and scores["reliability"]
