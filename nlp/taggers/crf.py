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
from nlp.taggers.features import (
    BIAS,
    EDGE,
    sentence_features,
    sentence_windows,
    word_views,
)

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


Scores = tuple[float, ...]  # one per label


class CrfTagger:
    """Tags with the weights of a crfsuite model, read once.

    crfsuite's own tagger looks every feature name of every word up again in every sentence;
    here a word's features are summed into one score per label once (cached per word) and
    each word's window adds five such sums. The best path is crfsuite's Viterbi, ties
    included (a test compares both taggers' labels on the corpus)."""

    name = "crf"

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite

        self.path = Path(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(self.path))
        info = tagger.info()
        tagger.close()
        self.labels = sorted(info.labels, key=lambda label: int(info.labels[label]))
        at = {label: i for i, label in enumerate(self.labels)}
        weights: dict[str, list[float]] = {}
        for (attribute, label), weight in info.state_features.items():
            weights.setdefault(attribute, [0.0] * len(self.labels))[at[label]] += weight
        self._weights = {attribute: tuple(w) for attribute, w in weights.items()}
        # _transitions[i][j]: from label i to label j
        self._transitions = [[float(info.transitions.get((a, b), 0.0)) for b in self.labels]
                             for a in self.labels]
        self._zero: Scores = (0.0,) * len(self.labels)
        self._bias = self._scores((BIAS,))
        self._edge = tuple(self._scores(view) for view in EDGE)
        self._views = lru_cache(maxsize=200_000)(self._view_scores)

    def _scores(self, features: Iterable[str]) -> Scores:
        total = self._zero
        for feature in features:
            weight = self._weights.get(feature)
            if weight is not None:
                total = tuple(t + w for t, w in zip(total, weight, strict=True))
        return total

    def _view_scores(self, word: str, marks: tuple[str, ...]) -> tuple[Scores, ...]:
        return tuple(self._scores(view) for view in word_views(word, marks))

    def _emissions(self, words: list[str]) -> list[Scores]:
        zero, weights = self._zero, self._weights
        return [tuple(map(sum, zip(self._bias, w.own, w.far_left, w.near_left, w.near_right,
                                   w.far_right, weights.get(w.pair_before, zero),
                                   weights.get(w.pair_after, zero), strict=True)))
                for w in sentence_windows(words, self._views, self._edge)]

    def _viterbi(self, emissions: list[Scores]) -> list[str]:
        """The best label path; on a tie the lower label id wins, as in crfsuite."""
        transitions, n = self._transitions, len(self.labels)
        score = list(emissions[0])
        back: list[list[int]] = []
        for state in emissions[1:]:
            pointers, current = [], []
            for j in range(n):
                best, arg = score[0] + transitions[0][j], 0
                for i in range(1, n):
                    value = score[i] + transitions[i][j]
                    if value > best:
                        best, arg = value, i
                pointers.append(arg)
                current.append(best + state[j])
            back.append(pointers)
            score = current
        label = max(range(n), key=score.__getitem__)  # the first of equal maxima
        path = [label]
        for pointers in reversed(back):
            label = pointers[label]
            path.append(label)
        return [self.labels[i] for i in reversed(path)]

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self._viterbi(self._emissions(words)) if words else [] for words in sentences]
