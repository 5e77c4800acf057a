"""Build a tiny PhoBERT-shaped base model for tests and benchmarks (not a test module).

The real path loads `vinai/phobert-base-v2`: a RoBERTa checkpoint with a PhobertTokenizer
(fastBPE files vocab.txt + bpe.codes over "_"-joined words). This builds the same kind of
directory from the corpus: a BPE learned on its words and a randomly initialised RoBERTa with
32 hidden units, 2 layers and 2 heads, so everything downstream runs the real code path.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any


def _merge(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def learn_bpe(words: Counter[str], n_merges: int) -> tuple[list[tuple[str, str, int]], Counter]:
    """fastBPE-style merges over words (last symbol marked "</w>"), most frequent pair first."""
    vocab = Counter({tuple(w[:-1]) + (w[-1] + "</w>",): c for w, c in words.items() if w})
    merges = []
    for _ in range(n_merges):
        pairs: Counter[tuple[str, str]] = Counter()
        for word, count in vocab.items():
            for pair in zip(word, word[1:], strict=False):
                pairs[pair] += count
        if not pairs:
            break
        pair, count = min(pairs.items(), key=lambda item: (-item[1], item[0]))
        merges.append((pair[0], pair[1], count))
        vocab = Counter({_merge(w, pair): c for w, c in vocab.items()})
    return merges, vocab


def build_tiny_phobert(words: list[str], out: Path, n_merges: int = 300, seed: int = 0) -> Path:
    """Write tokenizer files and random tiny RoBERTa weights for `words` into `out`."""
    import torch
    from transformers import PhobertTokenizer, RobertaConfig, RobertaForMaskedLM

    out.mkdir(parents=True, exist_ok=True)
    counts = Counter("_".join(w.split()) for w in words)
    merges, segmented = learn_bpe(counts, n_merges)
    tokens: Counter[str] = Counter()
    for word, count in segmented.items():
        for i, sym in enumerate(word):
            tokens[sym[:-4] if i == len(word) - 1 else sym + "@@"] += count
    for ch in sorted({c for w in counts for c in w}):  # every character, so nothing is <unk>
        tokens[ch] += 1
        tokens[ch + "@@"] += 1
    (out / "bpe.codes").write_text("".join(f"{a} {b} {c}\n" for a, b, c in merges),
                                   encoding="utf-8")
    (out / "vocab.txt").write_text(
        "".join(f"{t} {c}\n" for t, c in sorted(tokens.items(), key=lambda x: (-x[1], x[0]))),
        encoding="utf-8")
    tokenizer = PhobertTokenizer(str(out / "vocab.txt"), str(out / "bpe.codes"))
    tokenizer.save_pretrained(str(out))
    torch.manual_seed(seed)
    config = RobertaConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=258, type_vocab_size=1,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,  # tiny: fit in few steps
        pad_token_id=tokenizer.pad_token_id, bos_token_id=0, eos_token_id=2,
        tokenizer_class="PhobertTokenizer",
    )
    RobertaForMaskedLM(config).save_pretrained(str(out))
    return out


def corpus_words(records: list[dict[str, Any]]) -> list[str]:
    from nlp.taggers.data import labelled_sentences

    return [w for s in labelled_sentences(records) for w in s.words]
