"""Conditional SELFIES decoder: trains, samples valid molecules, saves and loads."""

import numpy as np
import pytest
import torch
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator

from discovery.errors import ModelError
from discovery.generate.decoder import (Decoder, Vocab, load_decoder, selfies_tokens_to_smiles,
                                        smiles_to_selfies_tokens, train_decoder)

SMILES = [
    "CCO", "CCN", "CCC", "CC(C)O", "CC(=O)O", "CC(=O)N", "c1ccccc1", "c1ccccc1O", "c1ccccc1N", "c1ccncc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "CC(=O)Oc1ccccc1C(=O)O", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "OC(=O)CCc1ccccc1",
    "CCOC(=O)c1ccccc1N", "Cc1ccc(S(N)(=O)=O)cc1", "C1CCN(CC1)C(=O)c1ccco1", "COc1ccc(CCN)cc1OC", "O=C(O)c1ccncc1",
    "CCCCCCCC(=O)O", "CCCCO", "OCC(O)CO", "NCC(=O)O", "CC(N)C(=O)O", "CSCCC(N)C(=O)O", "c1ccc2ccccc2c1",
    "Clc1ccccc1", "Brc1ccccc1", "Fc1ccccc1F", "CC#N", "C=CC(=O)OC", "CCOCC", "C1CCCCC1", "C1CCOC1", "C1CCNCC1",
    "CC(C)(C)O", "CCCl", "CN(C)C", "OC1CCCCC1", "O=C1CCCCC1", "CC(=O)C", "CCS", "c1cc[nH]c1", "c1ccsc1",
    "c1ccoc1", "Nc1ccccc1C(=O)O", "CC1=CC(=O)C=CC1=O", "OCCN", "CCCCN", "CCCCCC",
]


def fp_vectors(smiles, dim=32):
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=dim)
    out = np.stack([gen.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)).astype(np.float32) for s in smiles])
    return out / np.linalg.norm(out, axis=1, keepdims=True)


TINY = {"emb_dim": 16, "cond_hidden": 16, "hidden": 64, "layers": 1, "dropout": 0.0, "max_len": 40}


@pytest.fixture(scope="module")
def trained():
    torch.set_num_threads(1)
    vecs = fp_vectors(SMILES)
    dec, hist = train_decoder(SMILES, vecs, config=TINY, epochs=60, batch_size=16, lr=1e-2, noise=0.0,
                              val_fraction=0.0, seed=0)
    return dec, hist, vecs


def test_selfies_roundtrip_helpers():
    toks = smiles_to_selfies_tokens("c1ccccc1O")
    assert toks and all(t.startswith("[") for t in toks)
    assert selfies_tokens_to_smiles(toks) == Chem.MolToSmiles(Chem.MolFromSmiles("Oc1ccccc1"))
    assert smiles_to_selfies_tokens("not smiles") is None
    assert smiles_to_selfies_tokens("CCCCCCCCCC", max_len=3) is None
    assert selfies_tokens_to_smiles([]) is None


def test_training_reduces_loss(trained):
    _, hist, _ = trained
    first, last = hist.steps[0][1], hist.steps[-1][1]
    assert last < 0.6 * first, hist.steps


def test_samples_are_valid_canonical_and_seeded(trained):
    dec, _, vecs = trained
    out = dec.sample(vecs[:5], n_per=8, temperature=1.0, seed=1)
    assert len(out) == 5
    assert sum(len(o) for o in out) >= 5
    for group in out:
        assert len(group) == len(set(group))
        for smi in group:
            mol = Chem.MolFromSmiles(smi)
            assert mol is not None and Chem.MolToSmiles(mol) == smi
    assert dec.sample(vecs[:5], n_per=8, seed=1) == out
    greedy = dec.sample(vecs, n_per=5, temperature=0.0)
    assert all(len(g) <= 1 for g in greedy)
    # the condition steers: greedy decodes of the training vectors reproduce several molecules
    hits = sum(1 for s, g in zip(SMILES, greedy) if g and g[0] == Chem.MolToSmiles(Chem.MolFromSmiles(s)))
    assert hits >= 5
    with pytest.raises(ModelError):
        dec.sample(np.zeros((1, 7), np.float32))


def test_save_load_roundtrip(trained, tmp_path):
    dec, _, vecs = trained
    dec.save(tmp_path / "dec", card="# test decoder\n")
    assert {p.name for p in (tmp_path / "dec").iterdir()} == {"config.json", "model.safetensors", "card.md"}
    again = load_decoder(tmp_path / "dec")
    assert isinstance(again, Decoder) and again.dim == dec.dim
    assert again.sample(vecs[:3], n_per=4, seed=2) == dec.sample(vecs[:3], n_per=4, seed=2)
    ll_a = dec.log_likelihood(SMILES[:4], vecs[:4])
    ll_b = again.log_likelihood(SMILES[:4], vecs[:4])
    assert np.allclose(ll_a, ll_b, atol=1e-5) and np.all(np.isfinite(ll_a))


def test_load_decoder_missing_folder_returns_none(tmp_path):
    assert load_decoder(tmp_path / "nothing") is None
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}")
    (tmp_path / "broken" / "model.safetensors").write_bytes(b"xx")
    assert load_decoder(tmp_path / "broken") is None


def test_vocab_unknown_token():
    v = Vocab.build([["[C]", "[O]"]])
    assert v.encode(["[C]", "[N]"]) is None
    assert v.encode(["[C]"]) == [1, v.index["[C]"], 2]
