"""The shipped default tagger: a linear-chain CRF (python-crfsuite) over rich word features.

Training is deterministic (L-BFGS, fixed parameters, sentences in corpus order), so
`unionnews train --backend crf` on the committed corpus regenerates models/org_crf.crfsuite
byte for byte.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from nlp.taggers.data import LabelledSentence
from nlp.taggers.features import WordViews, sentence_features, word_views

# Chosen on the dev split; fixed so a retrain reproduces the shipped file exactly.
CRF_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.3,
    "c2": 0.3,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def train_crf(
    sentences: Iterable[LabelledSentence], out: str | Path,
    params: dict[str, float | int | bool] | None = None,
) -> Path:
    """Train on labelled sentences and write the model to `out` (atomically)."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**CRF_PARAMS, **(params or {})})
    n = 0
    for sentence in sentences:
        trainer.append(sentence_features(sentence.words), sentence.labels)
        n += 1
    if n == 0:
        raise ValueError("no training sentences: build the corpus first (python -m corpus.build)")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: an interrupted run never leaves half a model.
    fd, tmp = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        trainer.train(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model is a shared file
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


class CrfTagger:
    name = "crf"

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite

        self.path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(self.path))
        self._known = frozenset(attr for attr, _ in self._tagger.info().state_features)
        self._views = lru_cache(maxsize=200_000)(self._known_views)

    def _known_views(self, word: str, marks: tuple[str, ...]) -> WordViews:
        # UTF-8 bytes: crfsuite reads a feature's name as bytes, and a str would be encoded
        # again on every sentence the word is in, five times (itself and as four neighbours)
        return tuple(tuple(f.encode() for f in view if f in self._known)
                     for view in word_views(word, marks))

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        return [
            list(self._tagger.tag(sentence_features(words, self._views, self._known)))
            if words else []
            for words in sentences
        ]
