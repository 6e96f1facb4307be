"""AlignmentModel: the three encoders + projection heads of the shared space, saved as a folder.

A model folder holds ``config.json`` (dimension, architecture, base text encoder name, lexical
vocabulary), ``model.safetensors`` (the trainable heads: large matrices as int8 or int4 with one fp16
scale per row, everything else fp16; see ``_pack``) and ``card.md``. The frozen
base text encoder is never copied: ``config["text_encoder"]`` names it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
from torch import nn

from discovery.errors import ModelError

from .featurize import collate, featurize
from .graph import MoleculeEncoder
from .table import MeasurementHead, row_text, value_features
from .text import DEFAULT_TEXT_ENCODER, BaseTextEncoder, Lexicon, TextHead, resolve_text_encoder
from .tuned_text import TUNING_FILE, TunedTextTower

log = logging.getLogger(__name__)

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"

DEFAULT_CONFIG = {
    "format": "discovery-align/1",
    "dim": 256,
    "text_encoder": DEFAULT_TEXT_ENCODER,
    "text_base_dim": 384,
    "text_hidden": 768,
    "use_gnn": True,
    "gnn_hidden": 64,
    "gnn_layers": 3,
    "fp_hidden": 1024,
    "mol_hidden": 768,
    "dropout": 0.1,
    "lexical": None,          # {"vocab": [...], "idf": [...]} or None
    "members": 1,             # >1: an ensemble of independently trained heads (see AlignmentModel.ensemble)
    "text_tuning": None,      # {"layers", "rank", "alpha", "weight"}: a fine-tuned text tower (tuned_text.py)
}


def _normalise(x: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.normalize(x, dim=-1)


class AlignmentModel(nn.Module):
    """Text, molecule and experiment-row encoders into one L2-normalised D-dim space.

    Parameters
    ----------
    config:
        Architecture dict (see ``DEFAULT_CONFIG``); saved as ``config.json``.
    text_encoder:
        Overrides ``config["text_encoder"]`` (a local Hugging Face encoder folder); its hidden size
        must match the one the heads were trained on.
    """

    def __init__(self, config: dict | None = None, text_encoder: str | None = None):
        super().__init__()
        cfg = dict(DEFAULT_CONFIG)
        cfg.update(config or {})
        self.config = cfg
        self.dim = int(cfg["dim"])
        self._text_encoder_name = text_encoder or cfg["text_encoder"]
        self._base: BaseTextEncoder | None = None
        self.lexicon = Lexicon.from_dict(cfg["lexical"]) if cfg.get("lexical") else None
        self.logit_scale = nn.Parameter(torch.tensor(float(np.log(1 / 0.07))))
        self.fingerprint = ""
        self.molecule_fingerprint = ""   # the same without the text tower: molecule vectors depend on this only
        self.folder: Path | None = None  # where it was loaded from
        self.n_members = int(cfg.get("members") or 1)
        # The fine-tuned text tower, if any, belongs to the whole model (never to a member): its
        # stored weights are set by load() or set_tuning(); the tower is built on first text.
        self._tuning_state: dict[str, torch.Tensor] | None = None
        self._tower: TunedTextTower | None | bool = None   # False: not usable with the loaded encoder
        if self.n_members > 1:
            # An ensemble: M complete single models side by side. Each member's vector is
            # normalised on its own and the concatenation is scaled by 1/sqrt(M), so the cosine
            # of two ensemble vectors is the mean of the members' cosines (what FAISS ranks by).
            if self.dim % self.n_members:
                raise ModelError(f"ensemble dimension {self.dim} is not a multiple of its {self.n_members} members")
            member_cfg = {**cfg, "members": 1, "dim": self.dim // self.n_members, "text_tuning": None}
            self.members = nn.ModuleList(AlignmentModel(member_cfg, text_encoder) for _ in range(self.n_members))
            for m in self.members:
                m.lexicon = self.lexicon  # one vocabulary (and one tokenisation memo) for all members
            return
        self.members = None
        self.text_head = TextHead(cfg["text_base_dim"], self.dim, cfg["text_hidden"],
                                  len(self.lexicon) if self.lexicon else 0, cfg["dropout"])
        self.mol_encoder = MoleculeEncoder(self.dim, cfg["use_gnn"], cfg["gnn_hidden"], cfg["gnn_layers"],
                                           cfg["fp_hidden"], cfg["mol_hidden"], cfg["dropout"])
        self.row_head = MeasurementHead(self.dim, dropout=cfg["dropout"])

    @classmethod
    def ensemble(cls, models: Sequence["AlignmentModel"]) -> "AlignmentModel":
        """One model folder from several single models trained the same way (different seeds).

        The members must share the base text encoder, the architecture and the lexical vocabulary
        (``Lexicon.fit`` is deterministic, so the same training data gives the same vocabulary).
        An ensemble among ``models`` contributes its members (ensembles of ensembles are flat).
        """
        models = [single for m in models for single in (m.members if m.members is not None else [m])]
        if len(models) < 2:
            raise ModelError("an ensemble needs at least two models")
        first = models[0].config
        if any(m.config != first for m in models[1:]):
            raise ModelError("ensemble members differ in architecture, text encoder or vocabulary")
        ens = cls({**first, "members": len(models), "dim": len(models) * int(first["dim"]), "text_tuning": None},
                  text_encoder=models[0]._text_encoder_name)
        for target, source in zip(ens.members, models):
            target.load_state_dict(source.state_dict())
        ens._base = models[0]._base
        return ens.eval()

    @property
    def temperature(self) -> float:
        """The trained softmax scale of cosines (an ensemble's own is unused: its members' mean)."""
        return float(np.mean([float(m.logit_scale.detach().exp()) for m in (self.members or [self])]))

    def _member_chunks(self, vec: torch.Tensor) -> list[torch.Tensor]:
        """Split an ensemble vector into the members' own (unit-norm) vectors."""
        return [c * self.n_members ** 0.5 for c in vec.split(self.dim // self.n_members, dim=-1)]

    def _join(self, parts: list[torch.Tensor]) -> torch.Tensor:
        return torch.cat(parts, dim=-1) / self.n_members ** 0.5

    # ------------------------------------------------------------------ base text encoder
    @property
    def base_text(self) -> BaseTextEncoder:
        """The frozen transformers encoder (loaded on first use)."""
        if self._base is None:
            base = BaseTextEncoder(self._text_encoder_name)
            if base.dim != self.config["text_base_dim"]:
                raise ModelError(
                    f"text encoder {base.path} has hidden size {base.dim} but this model's heads were trained "
                    f"on {self.config['text_base_dim']}-d features of {self.config['text_encoder']}: retrain with "
                    "`discovery train align --text-encoder PATH`")
            self._base = base
        return self._base

    # ------------------------------------------------------------------ fine-tuned text tower
    def set_tuning(self, state: dict[str, torch.Tensor], layers: int, rank: int, alpha: float, weight: float) -> None:
        """Attach a trained :class:`TunedTextTower` (its LoRA factors + a head onto this model's D).

        A text's vector becomes ``normalise(own + weight * tower)``: cosines with molecules are the
        weighted sum of both branches' (the molecule side is shared and unchanged).
        """
        self.config["text_tuning"] = {"layers": int(layers), "rank": int(rank), "alpha": float(alpha),
                                      "weight": float(weight)}
        self._tuning_state = {k: v.detach().float().cpu() for k, v in state.items()}
        object.__setattr__(self, "_tower", None)

    @property
    def text_tower(self) -> TunedTextTower | None:
        """The fine-tuned text tower over this model's base encoder, or None (built once, on first use)."""
        tc = self.config.get("text_tuning")
        if not tc or self._tuning_state is None:
            return None
        if self._tower is None:
            base = self.base_text
            if base.path != resolve_text_encoder(self.config["text_encoder"]):
                # LoRA factors are deltas of one encoder's weights: meaningless on another one
                log.warning("text encoder %s overrides %s: the fine-tuned text tower is not used",
                            self._text_encoder_name, self.config["text_encoder"])
                tower = False
            else:
                tower = TunedTextTower(base.model.state_dict(), base.model.config.to_dict(), tc["layers"],
                                       tc["rank"], tc["alpha"], out_dim=self.dim, dropout=0.0)
                tower.load_state_dict(self._tuning_state)
                tower = tower.merged()
            # not registered as a submodule: its weights live in TUNING_FILE, never in this state_dict
            object.__setattr__(self, "_tower", tower)
        return self._tower or None

    # ------------------------------------------------------------------ differentiable pieces (training)
    def text_from_base(self, base: torch.Tensor, texts: Sequence[str]) -> torch.Tensor:
        if self.members is not None:
            return self._join([m.text_from_base(base, texts) for m in self.members])
        lex = self.lexicon.transform(texts) if self.lexicon is not None else None
        return _normalise(self.text_head(base, lex))

    def molecules_from_features(self, fps, desc, graph) -> torch.Tensor:
        if self.members is not None:
            return self._join([m.molecules_from_features(fps, desc, graph) for m in self.members])
        return _normalise(self.mol_encoder(fps, desc, graph if self.config["use_gnn"] else None))

    def rows_from_parts(self, text_vec, mol_vec, values) -> torch.Tensor:
        if self.members is not None:
            return self._join([m.rows_from_parts(t, v, values) for m, t, v in
                               zip(self.members, self._member_chunks(text_vec), self._member_chunks(mol_vec))])
        return _normalise(self.row_head(text_vec, mol_vec, values))

    # ------------------------------------------------------------------ public encoders
    @torch.inference_mode()
    def encode_text(self, texts: list[str], batch_size: int = 64, progress: bool = False,
                    tuned: bool = True) -> np.ndarray:
        """(n, D) float32 L2-normalised embeddings of ``texts``.

        ``tuned=False`` leaves out the fine-tuned text tower (experiment rows: their head was
        trained on the model's own text vectors).
        """
        self.eval()
        texts = [t if isinstance(t, str) else "" for t in texts]
        tower = self.text_tower if tuned else None
        if tower is None:
            base = self.base_text.encode(texts, batch_size=batch_size, progress=progress)
        else:
            base, extra = self.base_text.encode(texts, batch_size=batch_size, progress=progress, tower=tower)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), 1024):
            out[i:i + 1024] = self.text_from_base(torch.from_numpy(base[i:i + 1024]), texts[i:i + 1024]).numpy()
        if tower is not None:
            out = _normalise(torch.from_numpy(out + self.config["text_tuning"]["weight"] * extra)).numpy()
        return out

    @torch.inference_mode()
    def encode_molecules(self, smiles: list[str], batch_size: int = 256, progress: bool = False) -> np.ndarray:
        """(n, D) float32 L2-normalised; an invalid SMILES gives a zero row and a warning naming its index."""
        self.eval()
        feats = featurize(list(smiles), progress=progress)
        return self._encode_featurized(feats, batch_size, progress)

    def _encode_featurized(self, feats, batch_size: int = 256, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(feats.valid), self.dim), dtype=np.float32)
        idx = np.flatnonzero(feats.valid)
        batches = range(0, len(idx), batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="molecules", unit="batch")
        with torch.inference_mode():
            for start in batches:
                b = idx[start:start + batch_size]
                graph = collate([feats.graphs[i] for i in b]) if self.config["use_gnn"] else None
                out[b] = self.molecules_from_features(torch.from_numpy(feats.fps[b]), torch.from_numpy(feats.desc[b]),
                                                      graph).numpy()
        return out

    @torch.inference_mode()
    def encode_measurements(self, rows: list[dict], batch_size: int = 256, progress: bool = False) -> np.ndarray:
        """(n, D) embeddings of experiment rows.

        Each row: ``{"property", "unit", "assay", "description", "value", "smiles", "z", "quantile"}``;
        ``z`` (value standardised within its property) and ``quantile`` (0..1) may be None. A row
        without a valid molecule uses a zero molecule vector.
        """
        self.eval()
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [row_text(r) for r in rows]
        uniq = sorted(set(texts))
        tvec = dict(zip(uniq, self.encode_text(uniq, batch_size=64, tuned=False)))
        smiles = [r.get("smiles") or "" for r in rows]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rows without a structure are normal here
            mvec = self.encode_molecules(smiles, batch_size=batch_size, progress=progress)
        values = value_features(rows)
        out = np.zeros((len(rows), self.dim), dtype=np.float32)
        for i in range(0, len(rows), batch_size):
            t = torch.from_numpy(np.stack([tvec[x] for x in texts[i:i + batch_size]]))
            out[i:i + batch_size] = self.rows_from_parts(t, torch.from_numpy(mvec[i:i + batch_size]),
                                                         torch.from_numpy(values[i:i + batch_size])).numpy()
        return out

    # ------------------------------------------------------------------ persistence
    def save(self, folder: str | Path, card: str | None = None) -> Path:
        """Write ``config.json`` + ``model.safetensors`` (packed heads) [+ ``card.md``]; sets ``fingerprint``."""
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        cfg = dict(self.config)
        cfg["lexical"] = self.lexicon.to_dict() if self.lexicon is not None else None
        if not cfg.get("text_tuning"):
            cfg.pop("text_tuning", None)   # folders without a tower keep the bytes (and fingerprint) they had
        (folder / CONFIG_FILE).write_text(json.dumps(cfg, indent=1, sort_keys=True))
        save_file(_pack(self.state_dict()), str(folder / WEIGHTS_FILE), metadata={"format": cfg["format"]})
        if self._tuning_state is not None and cfg.get("text_tuning"):
            save_file(_pack(self._tuning_state), str(folder / TUNING_FILE), metadata={"format": cfg["format"]})
        elif (folder / TUNING_FILE).exists():
            (folder / TUNING_FILE).unlink()   # a stale tower would change the fingerprint, not the model
        if card is not None:
            (folder / "card.md").write_text(card)
        self.fingerprint = folder_fingerprint(folder)
        self.molecule_fingerprint = folder_fingerprint(folder, text_tower=False)
        return folder

    @classmethod
    def load(cls, folder: str | Path, text_encoder: str | None = None) -> "AlignmentModel":
        """Load a model folder (the base text encoder itself loads lazily on first text)."""
        from safetensors.torch import load_file

        folder = Path(folder)
        cfg_path, w_path = folder / CONFIG_FILE, folder / WEIGHTS_FILE
        if not cfg_path.exists() or not w_path.exists():
            raise ModelError(f"model folder {folder} is missing {CONFIG_FILE} or {WEIGHTS_FILE}: train one with "
                             "`discovery train align` or set DISCOVERY_MODEL to a model folder")
        try:
            cfg = json.loads(cfg_path.read_text())
            model = cls(cfg, text_encoder=text_encoder)
            model.load_state_dict(_unpack(load_file(str(w_path))))
            if cfg.get("text_tuning"):
                if not (folder / TUNING_FILE).exists():
                    raise ModelError(f"model folder {folder} names a fine-tuned text tower but has no {TUNING_FILE}")
                model._tuning_state = _unpack(load_file(str(folder / TUNING_FILE)))
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"cannot load model from {folder}: {exc}") from exc
        model.eval()
        model.folder = folder
        model.fingerprint = folder_fingerprint(folder)
        model.molecule_fingerprint = folder_fingerprint(folder, text_tower=False)
        return model


# Matrices with at least this many entries are stored as int8 rows (the head layers): half the
# bytes of fp16 at a retrieval cost below the noise of a retrain (docs/bench/retrieval.md). The
# two largest matrices of each member, the lexical bag (20,000 x 256) and the fingerprint layer
# (1,024 x 2,048), go one step further, to 4-bit rows, so that an eight-member ensemble stays
# under git's comfortable 50 MB (measured on the four-member model: dev MRR 0.227 -> 0.225).
_INT8_MIN_SIZE = 65536
_INT4_MIN_SIZE = 2_000_000
_SCALE_SUFFIX = ".int8_row_scale"
_INT4_SUFFIX = ".int4_row_scale"


def _row_quantise(v: torch.Tensor, levels: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric per-row quantisation to integers in [-levels, levels] + the fp16 row scales."""
    scale = v.abs().amax(dim=1, keepdim=True).clamp_min(1e-8) / levels
    return torch.round(v / scale).clamp(-levels, levels), scale.to(torch.float16).contiguous()


def _pack(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """State dict -> tensors to store: big float matrices as symmetric per-row int8 (int4 for the
    biggest, two values per byte) + fp16 scales."""
    out = {}
    for key, v in state.items():
        v = v.detach()
        matrix = v.is_floating_point() and v.dim() == 2
        if matrix and v.numel() >= _INT4_MIN_SIZE and v.shape[1] % 2 == 0:
            q, out[key + _INT4_SUFFIX] = _row_quantise(v, 7)
            q = (q + 8).to(torch.uint8)   # 1..15: one nibble per value, two values per byte
            out[key] = (q[:, 0::2] | (q[:, 1::2] << 4)).contiguous()
        elif matrix and v.numel() >= _INT8_MIN_SIZE:
            q, out[key + _SCALE_SUFFIX] = _row_quantise(v, 127)
            out[key] = q.to(torch.int8).contiguous()
        else:
            out[key] = v.to(torch.float16 if v.is_floating_point() else v.dtype).contiguous().clone()
    return out


def _unpack(stored: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Inverse of :func:`_pack` (also reads the older int8-only and all-fp16 files)."""
    state = {}
    for key, v in stored.items():
        if key.endswith((_SCALE_SUFFIX, _INT4_SUFFIX)):
            continue
        if key + _INT4_SUFFIX in stored:
            low, high = (v & 0x0F).float() - 8.0, (v >> 4).float() - 8.0
            q = torch.stack([low, high], dim=2).reshape(v.shape[0], 2 * v.shape[1])
            state[key] = q * stored[key + _INT4_SUFFIX].float()
        elif key + _SCALE_SUFFIX in stored:
            state[key] = v.float() * stored[key + _SCALE_SUFFIX].float()
        else:
            state[key] = v.float() if v.is_floating_point() else v
    return state


def folder_fingerprint(folder: str | Path, text_tower: bool = True) -> str:
    """sha256 over ``config.json`` + ``model.safetensors`` (+ the text tower's) bytes: ties indexes to one model.

    ``text_tower=False`` hashes the folder as if it had no fine-tuned text tower (config entry and
    file left out): the fingerprint of the molecule space, which the tower does not change. For a
    folder without a tower both are the same.
    """
    folder = Path(folder)
    h = hashlib.sha256()
    config = (folder / CONFIG_FILE).read_bytes()
    if not text_tower:
        cfg = json.loads(config)
        if cfg.pop("text_tuning", None) is not None:
            config = json.dumps(cfg, indent=1, sort_keys=True).encode()
    h.update(config)
    names = [WEIGHTS_FILE] + ([TUNING_FILE] if text_tower and (folder / TUNING_FILE).exists() else [])
    for name in names:
        with open(folder / name, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def default_model_dir() -> Path:
    from discovery.config import MODELS_DIR

    return MODELS_DIR / "align"


def load_model(folder: str | Path | None = None, text_encoder: str | None = None) -> AlignmentModel:
    """The alignment model in ``folder`` (default: the committed ``data/models/align``).

    Raises
    ------
    discovery.errors.ModelError
        When the folder is missing or incomplete.
    """
    return AlignmentModel.load(Path(folder) if folder else default_model_dir(), text_encoder=text_encoder)
