"""Conditional SELFIES decoder: a vector of the shared space -> molecules.

A GRU language model over SELFIES tokens whose initial hidden state and every input step are
conditioned on a D-dim vector. It is trained to reconstruct molecules from their own molecule
embeddings (the alignment model's ``encode_molecules``); because text and molecules share the
space, a goal's text embedding then steers what it writes. Every SELFIES string decodes to a
valid molecule, so samples are valid by construction (empty or disconnected outputs are
dropped / reduced to the largest fragment).

A decoder on disk is a folder: ``config.json`` (architecture + SELFIES vocabulary),
``model.safetensors`` and ``card.md``.

Examples
--------
>>> dec = load_decoder()                       # data/models/decoder, or None when absent
>>> dec.sample(model.encode_text(["an aromatic sulfonamide"]), n_per=5)   # doctest: +SKIP
[['Cc1ccc(S(N)(=O)=O)cc1', ...]]
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from discovery.errors import ModelError

log = logging.getLogger(__name__)

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
FORMAT = "discovery-selfies-decoder/1"


# ----------------------------------------------------------------------------- SELFIES helpers
def smiles_to_selfies_tokens(smiles: str, max_len: int | None = None) -> list[str] | None:
    """SELFIES tokens of a SMILES (``None`` when it cannot be encoded or is longer than ``max_len``)."""
    import selfies as sf

    try:
        tokens = list(sf.split_selfies(sf.encoder(smiles)))
    except Exception:
        return None
    if not tokens or (max_len is not None and len(tokens) > max_len):
        return None
    return tokens


def selfies_tokens_to_smiles(tokens: Sequence[str]) -> str | None:
    """Canonical SMILES of the largest fragment of a decoded token list, or ``None`` when empty."""
    import selfies as sf
    from rdkit import Chem

    try:
        smi = sf.decoder("".join(tokens))
    except Exception:
        return None
    if not smi:
        return None
    mol = Chem.MolFromSmiles(smi)
    if mol is None:
        return None
    frags = Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=False)
    if len(frags) > 1:
        mol = max(frags, key=lambda m: m.GetNumHeavyAtoms())
    if mol.GetNumHeavyAtoms() == 0:
        return None
    try:
        out = Chem.MolToSmiles(mol)
        return out if Chem.MolFromSmiles(out) is not None else None
    except Exception:
        return None


@dataclass
class Vocab:
    """SELFIES token vocabulary; index 0 is padding, 1 begin, 2 end."""

    tokens: list[str]

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.tokens)}

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]]) -> "Vocab":
        seen = sorted({t for toks in token_lists for t in toks})
        return cls([PAD, BOS, EOS] + seen)

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, tokens: Sequence[str]) -> list[int] | None:
        """``[BOS] + ids + [EOS]``, or ``None`` when a token is unknown."""
        try:
            return [1] + [self.index[t] for t in tokens] + [2]
        except KeyError:
            return None


# ----------------------------------------------------------------------------------- network
DEFAULT_CONFIG = {
    "format": FORMAT,
    "cond_dim": 256,      # D of the shared space
    "emb_dim": 64,
    "cond_hidden": 128,   # the condition, projected, is fed at every step
    "hidden": 256,
    "layers": 1,
    "dropout": 0.1,
    "max_len": 128,       # SELFIES tokens (molecules longer than this are not trained on)
}


class DecoderNet(nn.Module):
    """GRU over SELFIES tokens; the condition sets h0 (all layers) and is fed at every step."""

    def __init__(self, vocab_size: int, cond_dim: int, emb_dim: int, hidden: int, layers: int, dropout: float,
                 cond_hidden: int = 128):
        super().__init__()
        self.layers, self.hidden = layers, hidden
        self.embed = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.cond_in = nn.Sequential(nn.Linear(cond_dim, cond_hidden), nn.GELU())
        self.to_h0 = nn.Linear(cond_hidden, hidden * layers)
        self.gru = nn.GRU(emb_dim + cond_hidden, hidden, num_layers=layers, batch_first=True,
                          dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, vocab_size)

    def init_state(self, cond: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        c = self.cond_in(cond)
        h0 = torch.tanh(self.to_h0(c)).view(cond.shape[0], self.layers, self.hidden).transpose(0, 1).contiguous()
        return c, h0

    def forward(self, tokens: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        """Logits (B, T, V) for next-token prediction of ``tokens`` (B, T)."""
        c, h0 = self.init_state(cond)
        x = self.embed(tokens)
        x = torch.cat([x, c.unsqueeze(1).expand(-1, x.shape[1], -1)], dim=-1)
        y, _ = self.gru(self.drop(x), h0)
        return self.out(self.drop(y))

    def step(self, token: torch.Tensor, c: torch.Tensor, h: torch.Tensor):
        x = torch.cat([self.embed(token), c], dim=-1).unsqueeze(1)
        y, h = self.gru(x, h)
        return self.out(y[:, 0]), h


# ----------------------------------------------------------------------------------- decoder
class Decoder:
    """A trained conditional SELFIES decoder.

    Parameters
    ----------
    net:
        The :class:`DecoderNet`.
    vocab:
        SELFIES vocabulary the network was trained with.
    config:
        Architecture and training metadata (saved as ``config.json``).
    """

    def __init__(self, net: DecoderNet, vocab: Vocab, config: dict):
        self.net = net.eval()
        self.vocab = vocab
        self.config = dict(config)

    def matches(self, model) -> bool:
        """Was this decoder trained on molecule embeddings of ``model``?

        The decoder was trained on molecule vectors only, so it matches the model's molecule
        fingerprint (unchanged by a fine-tuned text tower) or its full fingerprint (decoders
        recorded before the two were told apart). A decoder trained in another model's space
        still writes valid molecules, but the conditioning no longer steers them; retrain with
        ``discovery train decoder``.
        """
        want = self.config.get("align_fingerprint")
        have = {str(getattr(model, "fingerprint", "")), str(getattr(model, "molecule_fingerprint", ""))} - {""}
        return bool(want) and want in have

    @property
    def dim(self) -> int:
        """Dimension D of the conditioning vectors."""
        return int(self.config["cond_dim"])

    @classmethod
    def new(cls, vocab: Vocab, config: dict | None = None) -> "Decoder":
        cfg = dict(DEFAULT_CONFIG, **(config or {}))
        net = DecoderNet(len(vocab), cfg["cond_dim"], cfg["emb_dim"], cfg["hidden"], cfg["layers"], cfg["dropout"],
                         cfg.get("cond_hidden", 128))
        return cls(net, vocab, cfg)

    # ------------------------------------------------------------------------------ sampling
    @torch.inference_mode()
    def sample_tokens(self, vectors: np.ndarray, temperature: float = 1.0, seed: int = 0,
                      max_len: int | None = None) -> list[list[str]]:
        """One SELFIES token list per row of ``vectors`` (ancestral sampling, or greedy at temperature 0)."""
        self.net.eval()
        gen = torch.Generator().manual_seed(int(seed))
        cond = torch.as_tensor(np.asarray(vectors, dtype=np.float32))
        n = cond.shape[0]
        max_len = int(max_len or self.config["max_len"]) + 1
        c, h = self.net.init_state(cond)
        token = torch.full((n,), 1, dtype=torch.long)
        done = torch.zeros(n, dtype=torch.bool)
        out = torch.zeros((n, max_len), dtype=torch.long)
        for t in range(max_len):
            logits, h = self.net.step(token, c, h)
            logits[:, 0] = -math.inf  # never padding
            logits[:, 1] = -math.inf  # never begin
            if temperature <= 0:
                token = logits.argmax(-1)
            else:
                probs = torch.softmax(logits / temperature, dim=-1)
                token = torch.multinomial(probs, 1, generator=gen)[:, 0]
            token = torch.where(done, torch.zeros_like(token), token)
            out[:, t] = token
            done |= token == 2
            if bool(done.all()):
                break
        result = []
        for row in out.tolist():
            toks = []
            for i in row:
                if i in (0, 2):
                    break
                toks.append(self.vocab.tokens[i])
            result.append(toks)
        return result

    def sample(self, vectors: np.ndarray, n_per: int = 10, temperature: float = 1.0, seed: int = 0,
               batch_size: int = 512) -> list[list[str]]:
        """Sample molecules for each conditioning vector.

        Parameters
        ----------
        vectors:
            (m, D) float32 vectors of the shared space (text or molecule embeddings); a single
            (D,) vector is accepted too.
        n_per:
            Samples drawn per vector.
        temperature:
            Softmax temperature (0 = greedy, one molecule per vector).
        seed:
            Seed of the sampler; same inputs and seed give the same molecules.

        Returns
        -------
        list of lists of str
            For each vector, the distinct valid canonical SMILES among its ``n_per`` samples,
            in sampling order (duplicates and empty decodes are dropped, so lists can be shorter).
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim == 1:
            vectors = vectors[None, :]
        if vectors.shape[1] != self.dim:
            raise ModelError(f"decoder expects {self.dim}-d vectors, got {vectors.shape[1]}-d "
                             "(was it trained with another alignment model?)")
        m = vectors.shape[0]
        reps = 1 if temperature <= 0 else int(n_per)
        flat = np.repeat(vectors, reps, axis=0)
        tokens: list[list[str]] = []
        for i in range(0, len(flat), batch_size):
            tokens.extend(self.sample_tokens(flat[i:i + batch_size], temperature, seed=seed + i))
        out: list[list[str]] = []
        for j in range(m):
            seen: dict[str, None] = {}
            for toks in tokens[j * reps:(j + 1) * reps]:
                smi = selfies_tokens_to_smiles(toks)
                if smi is not None:
                    seen.setdefault(smi, None)
            out.append(list(seen))
        return out

    @torch.inference_mode()
    def log_likelihood(self, smiles: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """Mean per-token log-likelihood of each SMILES given its vector (``-inf`` when not encodable)."""
        self.net.eval()
        out = np.full(len(smiles), -np.inf, dtype=np.float32)
        batch = _encode_batch(self.vocab, smiles, self.config["max_len"])
        idx = [i for i, ids in enumerate(batch) if ids is not None]
        if not idx:
            return out
        tokens = _pad([batch[i] for i in idx])
        cond = torch.as_tensor(np.asarray(vectors, dtype=np.float32)[idx])
        logits = self.net(tokens[:, :-1], cond)
        target = tokens[:, 1:]
        lp = -nn.functional.cross_entropy(logits.transpose(1, 2), target, ignore_index=0, reduction="none")
        mask = (target != 0).float()
        out[idx] = ((lp * mask).sum(1) / mask.sum(1)).numpy()
        return out

    # ---------------------------------------------------------------------------- persistence
    def save(self, folder: str | Path, card: str | None = None) -> Path:
        """Write ``config.json`` (with vocabulary), ``model.safetensors`` and optionally ``card.md``."""
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        cfg = dict(self.config, vocab=self.vocab.tokens)
        (folder / CONFIG_FILE).write_text(json.dumps(cfg, indent=1))
        state = {k: v.detach().contiguous().clone() for k, v in self.net.state_dict().items()}
        save_file(state, str(folder / WEIGHTS_FILE), metadata={"format": FORMAT})
        if card is not None:
            (folder / "card.md").write_text(card)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> "Decoder":
        """Load a decoder folder (raises :class:`~discovery.errors.ModelError` when incomplete)."""
        from safetensors.torch import load_file

        folder = Path(folder)
        if not (folder / CONFIG_FILE).exists() or not (folder / WEIGHTS_FILE).exists():
            raise ModelError(f"decoder folder {folder} is missing {CONFIG_FILE} or {WEIGHTS_FILE}: "
                             "train one with `discovery train decoder`")
        try:
            cfg = json.loads((folder / CONFIG_FILE).read_text())
            vocab = Vocab(list(cfg.pop("vocab")))
            dec = cls.new(vocab, cfg)
            dec.net.load_state_dict(load_file(str(folder / WEIGHTS_FILE)))
        except Exception as exc:
            raise ModelError(f"cannot load decoder from {folder}: {exc}") from exc
        dec.net.eval()
        return dec


def load_decoder(folder: str | Path | None = None) -> Decoder | None:
    """The decoder in ``folder`` (default ``discovery.config.MODELS_DIR / "decoder"``), or ``None``.

    ``None`` (with the reason logged) when the folder is absent or cannot be loaded, so the
    generator can fall back to library molecules.
    """
    from discovery.config import MODELS_DIR

    folder = Path(folder) if folder else MODELS_DIR / "decoder"
    try:
        return Decoder.load(folder)
    except ModelError as exc:
        log.warning("no conditional decoder: %s", exc)
        return None


# ---------------------------------------------------------------------------------- training
def _encode_batch(vocab: Vocab, smiles: Sequence[str], max_len: int) -> list[list[int] | None]:
    out = []
    for s in smiles:
        toks = smiles_to_selfies_tokens(s, max_len)
        out.append(vocab.encode(toks) if toks is not None else None)
    return out


def _pad(seqs: Sequence[Sequence[int]]) -> torch.Tensor:
    t = torch.zeros((len(seqs), max(len(s) for s in seqs)), dtype=torch.long)
    for i, s in enumerate(seqs):
        t[i, :len(s)] = torch.as_tensor(s)
    return t


@dataclass
class TrainHistory:
    """Losses (mean token cross-entropy) per logged step and per epoch on held-out molecules."""

    steps: list[tuple[int, float]] = field(default_factory=list)
    val: list[tuple[int, float]] = field(default_factory=list)
    seconds: float = 0.0
    n_train: int = 0
    n_val: int = 0
    val_index: list[int] = field(default_factory=list)   # positions in the input of held-out molecules


def tokenize_corpus(smiles: Sequence[str], max_len: int = DEFAULT_CONFIG["max_len"],
                    progress: bool = False) -> tuple[list[int], list[list[str]]]:
    """Indices of the encodable SMILES and their SELFIES tokens (others skipped)."""
    it = enumerate(smiles)
    if progress:
        from tqdm import tqdm

        it = tqdm(it, total=len(smiles), desc="selfies", unit="mol")
    keep, tokens = [], []
    for i, s in it:
        toks = smiles_to_selfies_tokens(s, max_len)
        if toks is not None:
            keep.append(i)
            tokens.append(toks)
    return keep, tokens


def train_decoder(
    smiles: Sequence[str],
    vectors: np.ndarray,
    config: dict | None = None,
    epochs: int = 10,
    batch_size: int = 128,
    lr: float = 2e-3,
    noise: float = 0.3,
    val_fraction: float = 0.02,
    max_minutes: float | None = None,
    seed: int = 0,
    progress: bool = False,
    checkpoint: Callable[["Decoder", TrainHistory], None] | None = None,
    vocab: Vocab | None = None,
    checkpoint_every: int | None = 500,
) -> tuple[Decoder, TrainHistory]:
    """Train a decoder to reconstruct ``smiles`` from ``vectors`` (teacher forcing, cross-entropy).

    Parameters
    ----------
    smiles, vectors:
        Training molecules and their (n, D) conditioning vectors (their own embeddings).
    noise:
        Up to this relative norm of Gaussian noise is added to each conditioning vector (then
        re-normalised), so that nearby vectors (e.g. text embeddings) decode to similar molecules.
    max_minutes:
        Stop after this much wall time (checked every step).
    checkpoint:
        Called with the decoder and history after every epoch and every ``checkpoint_every``
        steps (e.g. to save it).
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    cfg = dict(DEFAULT_CONFIG, **(config or {}))
    vectors = np.asarray(vectors, dtype=np.float32)
    cfg["cond_dim"] = int(vectors.shape[1])
    keep, tokens = tokenize_corpus(smiles, cfg["max_len"], progress=progress)
    if len(keep) < 2:
        raise ModelError("too few encodable molecules to train a decoder")
    vocab = vocab or Vocab.build(tokens)
    ids = [vocab.encode(t) for t in tokens]
    ok = [k for k, v in enumerate(ids) if v is not None]
    ids = [ids[k] for k in ok]
    vecs = vectors[[keep[k] for k in ok]]
    order = rng.permutation(len(ids))
    n_val = min(max(1, int(len(ids) * val_fraction)), 2000) if len(ids) >= 50 else 0
    val_idx, train_idx = order[:n_val], order[n_val:]

    dec = Decoder.new(vocab, cfg)
    net = dec.net
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-5)
    steps_per_epoch = max(1, math.ceil(len(train_idx) / batch_size))
    total = steps_per_epoch * epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=total, pct_start=0.05)
    hist = TrainHistory(n_train=len(train_idx), n_val=len(val_idx),
                        val_index=[int(keep[ok[i]]) for i in val_idx])
    started = time.monotonic()
    step = 0

    def batch_tensors(index: np.ndarray, noisy: bool):
        toks = _pad([ids[i] for i in index])
        cond = torch.as_tensor(vecs[index])
        if noisy and noise > 0:
            scale = torch.rand(len(index), 1) * noise
            eps = torch.randn_like(cond)
            cond = cond + scale * eps / eps.norm(dim=1, keepdim=True) * cond.norm(dim=1, keepdim=True).clamp_min(1e-6)
            cond = nn.functional.normalize(cond, dim=1)
        return toks, cond

    def loss_of(toks, cond):
        logits = net(toks[:, :-1], cond)
        return nn.functional.cross_entropy(logits.transpose(1, 2), toks[:, 1:], ignore_index=0)

    stop = False
    for epoch in range(epochs):
        net.train()
        # length-bucketed batches: sort a shuffled epoch by length in chunks (less padding)
        perm = train_idx[rng.permutation(len(train_idx))]
        chunks = [perm[i:i + batch_size * 50] for i in range(0, len(perm), batch_size * 50)]
        batches = []
        for ch in chunks:
            ch = ch[np.argsort([len(ids[i]) for i in ch], kind="stable")]
            batches.extend(ch[i:i + batch_size] for i in range(0, len(ch), batch_size))
        batches = [batches[i] for i in rng.permutation(len(batches))]
        it = batches
        if progress:
            from tqdm import tqdm

            it = tqdm(batches, desc=f"decoder epoch {epoch + 1}/{epochs}", unit="batch")
        running = []
        for b in it:
            toks, cond = batch_tensors(b, noisy=True)
            loss = loss_of(toks, cond)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            if step < total - 1:
                sched.step()
            step += 1
            running.append(loss.item())
            if step % 50 == 0 or step == 1:
                hist.steps.append((step, float(np.mean(running[-50:]))))
                if progress:
                    it.set_postfix(loss=f"{np.mean(running[-50:]):.3f}")
            if checkpoint is not None and checkpoint_every and step % checkpoint_every == 0:
                net.eval()
                hist.seconds = time.monotonic() - started
                dec.config.update(trained_steps=step, epochs_done=epoch)
                checkpoint(dec, hist)
                net.train()
            if max_minutes is not None and time.monotonic() - started > max_minutes * 60:
                stop = True
                break
        if len(val_idx):
            net.eval()
            with torch.no_grad():
                vals = [float(loss_of(*batch_tensors(val_idx[i:i + 256], noisy=False)))
                        for i in range(0, len(val_idx), 256)]
            hist.val.append((step, float(np.mean(vals))))
            log.info("decoder epoch %d: train %.3f val %.3f", epoch + 1, np.mean(running), np.mean(vals))
        hist.seconds = time.monotonic() - started
        net.eval()
        dec.config.update(trained_steps=step, epochs_done=epoch + 1)
        if checkpoint is not None:
            checkpoint(dec, hist)
        if stop:
            break
    net.eval()
    hist.seconds = time.monotonic() - started
    return dec, hist


def reconstruction_rate(decoder: Decoder, smiles: Sequence[str], vectors: np.ndarray) -> float:
    """Fraction of molecules whose greedy decode from their own vector is the same molecule."""
    from rdkit import Chem

    outs = decoder.sample(vectors, n_per=1, temperature=0.0)
    hits = 0
    for s, o in zip(smiles, outs):
        m = Chem.MolFromSmiles(s)
        if m is not None and o and Chem.MolToSmiles(m) == o[0]:
            hits += 1
    return hits / max(1, len(smiles))


# ------------------------------------------------------------------------------ training data
def heldout_keys(datasets: Path) -> set[str]:
    """InChIKey first blocks (connectivity) of the ChEBI-20 dev-split molecules (never trained on)."""
    from rdkit import Chem

    from discovery.train.splits import chebi20_dev_cids, read_chebi20

    path = Path(datasets) / "chebi20" / "val.tsv"
    if not path.exists():
        return set()
    dev = chebi20_dev_cids(path)
    keys = set()
    for cid, smi, _ in read_chebi20(path):
        if cid in dev:
            mol = Chem.MolFromSmiles(smi)
            if mol is not None:
                keys.add(Chem.MolToInchiKey(mol).split("-")[0])
    return keys


def decoder_corpus(datasets: str | Path, n_zinc: int = 30000, n_chebi: int | None = None, n_lpm: int = 15000,
                   max_len: int = DEFAULT_CONFIG["max_len"], seed: int = 0, progress: bool = False) -> dict[str, list[str]]:
    """Training molecules per source, canonical, deduplicated, without the ChEBI-20 dev split.

    Sources (under ``datasets``): ZINC250k (random ``n_zinc``), ChEBI-20 train+val structures
    (``molecules_trainval.tsv``, all or ``n_chebi``), L+M-24 molecules (random ``n_lpm``).
    Molecules whose SELFIES is longer than ``max_len`` tokens are left out, and so is every
    molecule with the connectivity of a dev-split molecule (the text->molecule benchmark's
    held-out answers).
    """
    import pandas as pd
    from rdkit import Chem

    datasets = Path(datasets)
    rng = np.random.default_rng(seed)
    raw: dict[str, list[str]] = {}
    zinc = datasets / "zinc250k" / "zinc250k.csv.gz"
    if zinc.exists() and n_zinc:
        s = pd.read_csv(zinc, usecols=["smiles"])["smiles"].astype(str).str.strip().tolist()
        raw["zinc250k"] = [s[i] for i in rng.permutation(len(s))[: n_zinc]]
    chebi = datasets / "chebi20" / "molecules_trainval.tsv"
    if chebi.exists():
        s = pd.read_csv(chebi, sep="\t", usecols=["SMILES"], dtype=str)["SMILES"].dropna().tolist()
        order = rng.permutation(len(s))
        raw["chebi20"] = [s[i] for i in (order if n_chebi is None else order[:n_chebi])]
    lpm = datasets / "lpm24" / "train_props.tsv.gz"
    if lpm.exists() and n_lpm:
        s = pd.read_csv(lpm, sep="\t", usecols=["SMILES"], dtype=str)["SMILES"].dropna().tolist()
        # over-sample, the long lipids are dropped by max_len below
        raw["lpm24"] = [s[i] for i in rng.permutation(len(s))[: n_lpm * 2]]
    held = heldout_keys(datasets)
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for name, smiles in raw.items():
        kept = []
        cap = n_lpm if name == "lpm24" else None
        it = smiles
        if progress:
            from tqdm import tqdm

            it = tqdm(smiles, desc=f"corpus {name}", unit="mol")
        for smi in it:
            mol = Chem.MolFromSmiles(smi)
            if mol is None or mol.GetNumHeavyAtoms() < 2:
                continue
            can = Chem.MolToSmiles(mol)
            if can in seen or "." in can:
                continue
            if Chem.MolToInchiKey(mol).split("-")[0] in held:
                continue
            if smiles_to_selfies_tokens(can, max_len) is None:
                continue
            seen.add(can)
            kept.append(can)
            if cap is not None and len(kept) >= cap:
                break
        out[name] = kept
    return out


def embed_cached(model, smiles: Sequence[str], cache_dir: str | Path | None, name: str,
                 progress: bool = False) -> np.ndarray:
    """``model.encode_molecules(smiles)`` with a per-molecule cache on disk.

    Vectors are stored in ``cache_dir/<name>-<model fingerprint>.npz`` (SMILES + vectors); every
    cache file of the same model is reused, so corpora that overlap are embedded once.
    """
    smiles = list(smiles)
    # molecule vectors depend on the molecule side only (a fine-tuned text tower does not change them)
    fp = str(getattr(model, "molecule_fingerprint", "") or getattr(model, "fingerprint", "nofp"))[:16]
    if not cache_dir:
        return np.asarray(model.encode_molecules(smiles, progress=progress), dtype=np.float32)
    cache_dir = Path(cache_dir)
    known: dict[str, np.ndarray] = {}
    for f in sorted(cache_dir.glob(f"*-{fp}.npz")):
        try:
            with np.load(f, allow_pickle=False) as z:
                known.update(zip(z["smiles"].tolist(), z["vectors"]))
        except Exception as exc:  # a broken cache file is only a cache miss
            log.warning("ignoring embedding cache %s: %s", f, exc)
    missing = [s for s in dict.fromkeys(smiles) if s not in known]
    if missing:
        vecs = np.asarray(model.encode_molecules(missing, progress=progress), dtype=np.float32)
        known.update(zip(missing, vecs))
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / f"{name}-{fp}.npz"
        old: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as z:
                old = dict(zip(z["smiles"].tolist(), z["vectors"]))
        old.update(zip(missing, vecs))
        np.savez(path, smiles=np.array(list(old)), vectors=np.stack(list(old.values())).astype(np.float32))
    dim = next(iter(known.values())).shape[0] if known else int(getattr(model, "dim", 0))
    return np.stack([known[s] for s in smiles]).astype(np.float32) if smiles else np.zeros((0, dim), np.float32)


CARD_TEMPLATE = """# Conditional SELFIES decoder

A GRU over SELFIES tokens conditioned on a {dim}-d vector of the shared space (the alignment
model's molecule embedding). Trained to reconstruct molecules from their own embeddings, so
that a text embedding of the same space steers what it writes. Samples are valid by
construction (SELFIES).

- Alignment model: `{model_dir}` (fingerprint `{fingerprint}`)
- Architecture: {arch}
- Vocabulary: {vocab} SELFIES tokens, max length {max_len}
- Training molecules: {sources} (ChEBI-20 dev-split connectivities excluded)
- Conditioning noise: up to {noise} relative norm
- Training: {steps} steps, {epochs} epoch(s), batch {batch}, {minutes:.1f} min on a 2-core shared CPU, no GPU, {date}
- Held-out loss (token cross-entropy, {n_val} molecules): {val_loss}
- Greedy reconstruction from own embedding (held-out molecules): {recon}

Reproduce: `{command}`
"""


def build_decoder(model, datasets: str | Path, out: str | Path, cache_dir: str | Path | None = None,
                  n_zinc: int = 30000, n_chebi: int | None = None, n_lpm: int = 15000, epochs: int = 3,
                  batch_size: int = 128, max_minutes: float | None = 40.0, config: dict | None = None,
                  seed: int = 0, progress: bool = True, command: str = "discovery train decoder") -> tuple[Decoder, TrainHistory]:
    """Corpus -> molecule embeddings (cached) -> :func:`train_decoder` -> ``out`` folder with card.

    The folder is rewritten after every epoch (and at the end), so an interrupted run leaves a
    usable checkpoint.
    """
    import datetime

    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    cfg = dict(DEFAULT_CONFIG, **(config or {}))
    # the decoder only makes sense in the molecule space of this alignment model: record which one
    cfg["align_fingerprint"] = str(getattr(model, "molecule_fingerprint", "") or getattr(model, "fingerprint", ""))
    corpus_file = (Path(cache_dir) / f"corpus-{n_zinc}-{n_chebi}-{n_lpm}-{cfg['max_len']}-{seed}.json"
                   if cache_dir else None)
    if corpus_file is not None and corpus_file.exists():
        corpus = json.loads(corpus_file.read_text())
    else:
        corpus = decoder_corpus(datasets, n_zinc=n_zinc, n_chebi=n_chebi, n_lpm=n_lpm, max_len=cfg["max_len"],
                                seed=seed, progress=progress)
        if corpus_file is not None:
            corpus_file.parent.mkdir(parents=True, exist_ok=True)
            corpus_file.write_text(json.dumps(corpus))
    smiles = [s for v in corpus.values() for s in v]
    if not smiles:
        raise ModelError(f"no training molecules found under {datasets} (zinc250k, chebi20, lpm24)")
    vectors = embed_cached(model, smiles, cache_dir, "decoder-corpus", progress=progress)
    ok = np.linalg.norm(vectors, axis=1) > 0
    smiles = [s for s, k in zip(smiles, ok) if k]
    vectors = vectors[ok]
    sources = ", ".join(f"{k} {len(v):,}" for k, v in corpus.items())
    started = time.monotonic()

    def card(dec: Decoder, hist: TrainHistory, recon: str = "not measured") -> str:
        return CARD_TEMPLATE.format(
            dim=dec.dim, model_dir=getattr(model, "folder", "data/models/align"),
            fingerprint=str(getattr(model, "fingerprint", "?"))[:16],
            arch=f"GRU {cfg['layers']}x{cfg['hidden']}, token embedding {cfg['emb_dim']}, condition "
                 f"{dec.config['cond_dim']}->{dec.config['cond_hidden']} (initial state + every step), "
                 f"{sum(p.numel() for p in dec.net.parameters()):,} parameters",
            vocab=len(dec.vocab), max_len=cfg["max_len"], sources=sources, noise=0.3,
            steps=dec.config.get("trained_steps", 0), epochs=dec.config.get("epochs_done", 0), batch=batch_size,
            minutes=(time.monotonic() - started) / 60, date=datetime.date.today().isoformat(), n_val=hist.n_val,
            val_loss=", ".join(f"step {s}: {v:.3f}" for s, v in hist.val) or "n/a", recon=recon, command=command)

    def checkpoint(dec: Decoder, hist: TrainHistory) -> None:
        dec.save(out, card=card(dec, hist))

    dec, hist = train_decoder(smiles, vectors, config=cfg, epochs=epochs, batch_size=batch_size,
                              max_minutes=max_minutes, seed=seed, progress=progress, checkpoint=checkpoint)
    # greedy reconstruction on 300 molecules the optimiser never saw (the validation split)
    val = hist.val_index[:300]
    recon = reconstruction_rate(dec, [smiles[i] for i in val], vectors[val]) if val else float("nan")
    dec.config["reconstruction"] = recon
    dec.save(out, card=card(dec, hist, recon=f"{recon:.3f} exact (canonical SMILES) on {len(val)} molecules"))
    return dec, hist
