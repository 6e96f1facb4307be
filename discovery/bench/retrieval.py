"""Text2Mol-style retrieval benchmark on the ChEBI-20 dev split.

Each of the 1,000 dev descriptions is ranked against all 29,710 ChEBI-20 train+val structures
(text -> molecule); each dev molecule is ranked against the 1,000 dev descriptions
(molecule -> text). Models are used only through their public encoders, so any
``AlignmentModel`` folder can be benchmarked.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import numpy as np

from discovery.encoders.model import AlignmentModel, load_model
from discovery.errors import InputError
from discovery.train.align import dev_pairs, read_corpus
from discovery.train.metrics import ranks, summarise

BASELINE_DIR_NAME = "align_fp_baseline"


def _datasets(datasets) -> Path:
    root = Path(datasets or os.environ.get("DISCOVERY_DATASETS") or "")
    if not (root / "chebi20" / "molecules_trainval.tsv").exists():
        raise InputError(f"ChEBI-20 files not found under '{root}': set DISCOVERY_DATASETS to the shared data folder")
    return root


def evaluate_model(model: AlignmentModel, datasets=None, progress: bool = False, featurized=None,
                   text_base: np.ndarray | None = None) -> dict:
    """Retrieval metrics of one model on the dev split (see module docstring).

    ``featurized``: the corpus already featurised (``discovery.encoders.featurize.featurize``), shared
    between models so that two models cost one featurisation.
    """
    root = _datasets(datasets)
    dev = dev_pairs(root)
    cids, smiles = read_corpus(root)
    pos = {c: i for i, c in enumerate(cids)}
    truth = np.asarray([pos[r[0]] for r in dev])
    t0 = time.time()
    texts = [r[2] for r in dev]
    if text_base is None:
        text = model.encode_text(texts, progress=progress)
    else:  # base features shared between models with the same frozen base encoder
        import torch

        with torch.inference_mode():
            model.eval()
            text = model.text_from_base(torch.from_numpy(text_base), texts).numpy()
    t_text = time.time() - t0
    t0 = time.time()
    if featurized is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus_vectors = model.encode_molecules(smiles, progress=progress)
    else:
        corpus_vectors = model._encode_featurized(featurized, progress=progress)
    t_mol = time.time() - t0
    return {
        "text_to_molecule": summarise(ranks(text, corpus_vectors, truth)),
        "molecule_to_text": summarise(ranks(corpus_vectors[truth], text, np.arange(len(truth)))),
        "candidates": {"text_to_molecule": len(smiles), "molecule_to_text": len(dev)},
        "seconds": {"encode_text": round(t_text, 1), "encode_molecules": round(t_mol, 1)},
        "fingerprint": model.fingerprint,
    }


def run_retrieval(model_dir=None, baseline_dir=None, datasets=None, progress: bool = False,
                  text_encoder: str | None = None) -> dict:
    """Benchmark the default (or given) model and the fingerprint-only baseline the same way."""
    from discovery.config import MODELS_DIR

    out = {"protocol": "ChEBI-20 dev split (1,000 val descriptions, sha1(CID) order); text->molecule against "
                       "all 29,710 ChEBI-20 train+val structures, molecule->text against the 1,000 dev descriptions",
           "models": {}}
    model_dir = Path(model_dir) if model_dir else MODELS_DIR / "align"
    baseline_dir = Path(baseline_dir) if baseline_dir else MODELS_DIR / BASELINE_DIR_NAME
    models = [("model", load_model(model_dir, text_encoder=text_encoder), model_dir),
              ("fingerprint_baseline", load_model(baseline_dir, text_encoder=text_encoder), baseline_dir)]
    from discovery.encoders.featurize import featurize

    t0 = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        feats = featurize(read_corpus(_datasets(datasets))[1], progress=progress)
    out["featurize_seconds"] = round(time.time() - t0, 1)
    base = None
    if models[0][1].config["text_encoder"] == models[1][1].config["text_encoder"] and not text_encoder:
        models[1][1]._base = models[0][1].base_text
        t0 = time.time()
        base = models[0][1].base_text.encode([r[2] for r in dev_pairs(_datasets(datasets))], progress=progress)
        out["text_base_seconds"] = round(time.time() - t0, 1)
    for name, model, folder in models:
        # shared frozen-base features serve a model without a fine-tuned tower; one with a tower
        # encodes its texts itself (the tower branches off inside the encoder)
        res = evaluate_model(model, datasets, progress=progress, featurized=feats,
                             text_base=None if model.config.get("text_tuning") else base)
        res["folder"] = str(folder)
        out["models"][name] = res
    return out


def format_table(result: dict) -> str:
    """Markdown table of a :func:`run_retrieval` result."""
    lines = ["| model | direction | MRR | Hits@1 | Hits@10 | mean rank |", "|---|---|---|---|---|---|"]
    for name, res in result["models"].items():
        for d in ("text_to_molecule", "molecule_to_text"):
            m = res[d]
            lines.append(f"| {name} | {d.replace('_', ' ')} | {m['mrr']:.3f} | {m['hits@1']:.1%} | {m['hits@10']:.1%} | {m['mean_rank']:.0f} |")
    return "\n".join(lines)
