"""Organisation taggers: BIO conversion, the CRF's train → save → load → tag, and the shipped
model's bit-for-bit regeneration from the committed corpus."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build import GOLD_DIR, build_record
from nlp.taggers import (
    DEFAULT_CRF_MODEL,
    ModelMissing,
    RulesTagger,
    entity_spans,
    load_tagger,
    seqeval_report,
    tag_scores,
)
from nlp.taggers.data import bio_labels, record_sentences
from nlp.taggers.features import gazetteer_marks, sentence_features
from unionnews.cli import cli


def _record(rid: str, text: str, orgs: list[list[str]]) -> dict:
    return build_record({"id": rid, "text": text, "orgs": orgs, "split": "train"}, "written", "t")


TINY = [
    ("t1", "Liên đoàn Lao động quận Cầu Giấy đã kết nạp 120 đoàn viên.",
     [["Liên đoàn Lao động quận Cầu Giấy", "Liên đoàn Lao động quận Cầu Giấy"]]),
    ("t2", "Năm 2024, Công đoàn ngành Xây dựng Hà Nội thành lập mới 12 CĐCS.",
     [["Công đoàn ngành Xây dựng Hà Nội", "Công đoàn ngành Xây dựng Hà Nội"]]),
    ("t3", "UBND quận Thanh Xuân phối hợp với Công ty TNHH Lixil Việt Nam tổ chức hội nghị.",
     [["UBND quận Thanh Xuân", "Ủy ban nhân dân quận Thanh Xuân"],
      ["Công ty TNHH Lixil Việt Nam", "Công ty TNHH Lixil Việt Nam"]]),
    ("t4", "Các cấp công đoàn đã thăm hỏi 300 người lao động.", []),
    ("t5", "Liên đoàn Lao động huyện Gia Lâm khen thưởng 15 cán bộ.",
     [["Liên đoàn Lao động huyện Gia Lâm", "Liên đoàn Lao động huyện Gia Lâm"]]),
]


@pytest.fixture(scope="module")
def tiny_records() -> list[dict]:
    return [_record(*row) for row in TINY]


def test_bio_labels_whole_words_and_boundaries_inside_words():
    words = [(0, 4), (5, 9), (10, 14), (15, 19)]
    assert bio_labels(words, [(5, 14)]) == ["O", "B-ORG", "I-ORG", "O"]
    # A boundary inside a word labels the whole word.
    assert bio_labels(words, [(2, 7)]) == ["B-ORG", "I-ORG", "O", "O"]
    # Two entities side by side stay two entities.
    assert bio_labels(words, [(0, 4), (5, 19)]) == ["B-ORG", "B-ORG", "I-ORG", "I-ORG"]
    assert bio_labels(words, []) == ["O"] * 4


def test_entity_spans_reads_bio_back():
    assert entity_spans(["B-ORG", "I-ORG", "O", "B-ORG", "B-ORG", "I-ORG"]) == [
        (0, 2, "ORG"), (3, 4, "ORG"), (4, 6, "ORG")]
    assert entity_spans(["O", "I-ORG", "I-ORG"]) == [(1, 3, "ORG")]
    assert entity_spans(["O", "O"]) == []


def test_record_sentences_label_underthesea_words(tiny_records):
    sentences = record_sentences(tiny_records[2])
    assert len(sentences) == 1
    s = sentences[0]
    orgs = [" ".join(s.words[a:b]) for a, b, _ in entity_spans(s.labels)]
    assert orgs == ["UBND quận Thanh Xuân", "Công ty TNHH Lixil Việt Nam"]
    text = tiny_records[2]["text"]
    # Word spans index the original text.
    assert all(text[a:b].replace(" ", "") == w.replace(" ", "")
               for w, (a, b) in zip(s.words, s.spans, strict=True))


def test_record_sentences_map_decomposed_input_back_to_original_offsets():
    text = unicodedata.normalize("NFD", "Hôm nay Liên đoàn Lao động quận Cầu Giấy họp.")
    surface = unicodedata.normalize("NFD", "Liên đoàn Lao động quận Cầu Giấy")
    rec = _record("nfd", text, [[surface, "x"]])
    (s,) = record_sentences(rec)
    (span,) = entity_spans(s.labels)
    assert " ".join(s.words[span[0]:span[1]]) == "Liên đoàn Lao động quận Cầu Giấy"
    assert text[s.spans[span[0]][0]:s.spans[span[1] - 1][1]] == surface


def test_gazetteer_matches_whole_words_only():
    marks = gazetteer_marks(["Công đoàn", "cơ sở", "Sở", "quận", "Cầu Giấy"])
    assert "head:B" in marks[0]
    assert marks[1] == ()  # "sở" inside "cơ sở" is not the head word "Sở"
    assert "head:B" in marks[2]
    assert "placetype:B" in marks[3] and "place:B" in marks[4]
    feats = sentence_features(["UBND", "quận"])
    assert "abbr=True" in feats[0] and "+1:g=placetype:B" in feats[0]


def test_crf_train_save_load_tag(tmp_path, tiny_records):
    from nlp.taggers.crf import train_crf
    from nlp.taggers.data import labelled_sentences

    sentences = labelled_sentences(tiny_records)
    path = train_crf(sentences, tmp_path / "m.crfsuite")
    tagger = load_tagger("crf", path)
    assert tagger.name == "crf"
    predicted = tagger.tag([s.words for s in sentences])
    assert predicted == [s.labels for s in sentences]
    assert tag_scores(tagger, tiny_records)["f1"] == 1.0
    assert tagger.tag([[]]) == [[]]
    # A directory holding the default file name loads too.
    (tmp_path / DEFAULT_CRF_MODEL.name).write_bytes(path.read_bytes())
    assert load_tagger("crf", tmp_path).tag([sentences[0].words]) == [sentences[0].labels]


def test_crf_tags_as_crfsuite_does_on_the_whole_corpus():
    """The tagger sums the model's weights itself; crfsuite's own tagger, given every feature
    of every word, must choose the same labels on every sentence of the corpus."""
    import pycrfsuite

    from corpus.build import load_gold
    from nlp.taggers.crf import CrfTagger
    from nlp.taggers.data import labelled_sentences

    tagger = CrfTagger(DEFAULT_CRF_MODEL)
    raw = pycrfsuite.Tagger()
    raw.open(str(DEFAULT_CRF_MODEL))
    sentences = [s.words for s in labelled_sentences(load_gold()) if s.words]
    assert len(sentences) > 5000
    ours = tagger.tag(sentences)
    assert ours == [list(raw.tag(sentence_features(words))) for words in sentences]
    assert sum(labels.count("B-ORG") for labels in ours) > 5000


def test_seqeval_report_scores_a_tagger(tmp_path, tiny_records):
    report = seqeval_report(RulesTagger(), tiny_records)
    assert "ORG" in report and "0.000" in report
    assert tag_scores(RulesTagger(), tiny_records)["recall"] == 0.0


def test_load_tagger_backends_and_missing_weights(tmp_path, monkeypatch):
    assert load_tagger("rules").tag([["a", "b"], []]) == [["O", "O"], []]
    with pytest.raises(ModelMissing) as missing:
        load_tagger("crf", tmp_path / "nope.crfsuite")
    assert "unionnews train --backend crf" in str(missing.value)
    monkeypatch.delenv("UNIONNEWS_MODEL", raising=False)
    with pytest.raises(ModelMissing) as missing:
        load_tagger("phobert")
    assert "\n" not in str(missing.value) and "unionnews train --backend phobert" in str(
        missing.value)
    with pytest.raises(ModelMissing):
        load_tagger("phobert", tmp_path / "no-weights-here")
    with pytest.raises(ValueError):
        load_tagger("bert")


def test_train_command_needs_gold_data(tmp_path):
    result = CliRunner().invoke(
        cli, ["train", "--backend", "crf", "--train-file", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", "--train-file", str(empty),
                                      "--out", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 2 and "no training sentences" in result.output
    assert not (tmp_path / "m.crfsuite").exists()


def test_train_command_writes_a_working_model(tmp_path, tiny_records):
    gold = tmp_path / "train.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in tiny_records),
                    encoding="utf-8")
    out = tmp_path / "cli.crfsuite"
    result = CliRunner().invoke(cli, ["train", "--backend", "crf", "--train-file", str(gold),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert tag_scores(load_tagger("crf", out), tiny_records)["f1"] == 1.0


def test_shipped_crf_model_is_regenerated_bit_for_bit(tmp_path):
    assert DEFAULT_CRF_MODEL.is_file(), "models/org_crf.crfsuite is not shipped"
    assert DEFAULT_CRF_MODEL.stat().st_size < 20 * 1024 * 1024
    out = tmp_path / "regen.crfsuite"
    result = CliRunner().invoke(cli, ["train", "--backend", "crf", "--out", str(out),
                                      "--train-file", str(GOLD_DIR / "train.jsonl")])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == Path(DEFAULT_CRF_MODEL).read_bytes()
