"""A tiny real training run, the InfoNCE loss, the dev split and the retrieval metrics."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import torch

from discovery.encoders.model import load_model
from discovery.train.metrics import ranks, summarise
from discovery.train.pairs import PairSet, TrainingData, lpm_sentence
from discovery.train.pseudo import pseudo_caption
from discovery.train.splits import chebi20_dev_cids
from discovery.train.trainer import TrainConfig, info_nce, train_alignment

TINY = {"dim": 32, "gnn_hidden": 16, "gnn_layers": 2, "fp_hidden": 64, "mol_hidden": 64, "text_hidden": 64,
        "dropout": 0.0}


def _fixture_pairs() -> PairSet:
    """64 distinct molecules (chains, rings, functional groups) with structure-derived captions."""
    tails = ["O", "C(=O)O", "N", "Cl", "C(=O)OC", "C#N", "S", "Br"]
    heads = ["C", "CC", "CCC", "CCCC", "c1ccccc1", "C1CCCCC1", "c1ccncc1", "CC(C)"]
    smiles = [h + t for h in heads for t in tails]
    texts = [f"{pseudo_caption(s)} Fragment {h} bearing group {t}." for s, (h, t) in
             zip(smiles, [(h, t) for h in heads for t in tails])]
    return PairSet("fixture", smiles, texts)


def test_info_nce_prefers_aligned_pairs_and_masks_duplicates():
    a = torch.nn.functional.normalize(torch.randn(8, 16), dim=1)
    scale = torch.tensor(10.0)
    assert info_nce(a, a, scale) < info_nce(a, a.roll(1, 0), scale)
    # two identical texts (group 0) are not negatives of each other: masking lowers the loss
    b = a.clone()
    b[1] = b[0]
    groups = np.array([0, 0, 1, 2, 3, 4, 5, 6])
    assert info_nce(b, a, scale, ga=groups) < info_nce(b, a, scale)


def test_tiny_training_run_reduces_loss_and_saves(tmp_path):
    torch.set_num_threads(1)  # one thread is faster than two on a shared, oversubscribed CPU
    data = TrainingData(pairs=[_fixture_pairs()])
    cfg = TrainConfig(steps=60, batch_size=32, lr=3e-3, lexical=True, lexical_size=500, model=TINY)
    model, hist = train_alignment(data, cfg, cache_dir=tmp_path / "cache", progress=False)
    losses = [s["loss"] for s in hist["steps"]]
    assert np.mean(losses[-10:]) < 0.6 * np.mean(losses[:5])
    # retrieval on the training pairs is far better than chance (64 candidates: chance MRR ~0.07)
    ps = data.pairs[0]
    t = model.encode_text(ps.texts)
    m = model.encode_molecules(ps.smiles)
    res = summarise(ranks(t, m, np.arange(len(ps.smiles))))
    assert res["mrr"] > 0.3
    model.save(tmp_path / "model")
    again = load_model(tmp_path / "model")
    assert np.allclose(again.encode_molecules(ps.smiles[:4]), m[:4], atol=2e-2)
    assert list((tmp_path / "cache").glob("textcache_*.npz"))


def test_metrics_ranks():
    q = np.eye(3, dtype=np.float32)
    c = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
    r = ranks(q, c, np.array([0, 1, 2]))
    assert r.tolist() == [1, 2, 2]
    s = summarise(r)
    assert s["hits@1"] == pytest.approx(1 / 3) and s["mrr"] == pytest.approx((1 + 0.5 + 0.5) / 3)


def test_lpm_sentence_is_deterministic():
    a = lpm_sentence(["anti viral", "kinase inhibitor"], "CCO")
    assert a == lpm_sentence(["kinase inhibitor", "anti viral"], "CCO")
    assert "kinase inhibitor" in a and "anti viral" in a


def test_pseudo_caption_names_classes():
    cap = pseudo_caption("CC(=O)O")
    assert "monocarboxylic acid" in cap
    assert "anion" in pseudo_caption("CC(=O)[O-]")
    assert pseudo_caption("C1CC(") is None


DATASETS = os.environ.get("DISCOVERY_DATASETS")


@pytest.mark.skipif(not DATASETS, reason="needs DISCOVERY_DATASETS")
def test_dev_split_is_deterministic_and_1000():
    path = Path(DATASETS) / "chebi20" / "val.tsv"
    a = chebi20_dev_cids(path)
    assert len(a) == 1000 and a == chebi20_dev_cids(path.parent)
