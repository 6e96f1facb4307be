"""Encoders and the AlignmentModel folder: shapes, normalisation, determinism, invalid SMILES, save/load."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from discovery.encoders.featurize import ATOM_VOCAB, collate, featurize, mol_to_data
from discovery.encoders.model import AlignmentModel, folder_fingerprint, load_model
from discovery.encoders.text import Lexicon, tokenize_words
from discovery.errors import ModelError

SMILES = ["CCO", "CC(=O)O", "c1ccccc1O", "CC(=O)Nc1ccc(O)cc1", "C[N+](C)(C)C", "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O"]
TEXTS = ["The molecule is a primary alcohol.", "The molecule is a monocarboxylic acid.",
         "The molecule is a member of phenols.", "an aromatic amide used as an analgesic"]

TINY = {"dim": 32, "gnn_hidden": 16, "gnn_layers": 2, "fp_hidden": 64, "mol_hidden": 64, "text_hidden": 64}


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    lex = Lexicon.fit(TEXTS * 3, min_df=1).to_dict()
    return AlignmentModel({**TINY, "lexical": lex}).eval()


def test_featurize_graph_and_invalid():
    data = mol_to_data("c1ccccc1O")
    assert data.x.shape == (7, len(ATOM_VOCAB)) and data.edge_index.shape == (2, 14)
    assert mol_to_data("not a smiles") is None
    with pytest.warns(UserWarning, match="index 1"):
        f = featurize(["CCO", "C1CC", "CCN"])
    assert f.valid.tolist() == [True, False, True]
    x, ei, ea, batch = collate([f.graphs[0], f.graphs[2]])
    assert x.shape[0] == 6 and int(ei.max()) == 5 and batch.tolist() == [0, 0, 0, 1, 1, 1]


def test_molecule_embeddings_shape_norm_determinism(model):
    a = model.encode_molecules(SMILES)
    b = model.encode_molecules(SMILES[::-1])[::-1]
    assert a.shape == (len(SMILES), model.dim) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    # batching/order does not change a molecule's vector
    assert np.allclose(a, b, atol=1e-5)
    assert not np.allclose(a[0], a[1])


def test_invalid_smiles_gives_zero_row_and_warning(model):
    with pytest.warns(UserWarning, match="index 1"):
        v = model.encode_molecules(["CCO", "C1CC(", "CCN"])
    assert np.all(v[1] == 0) and np.allclose(np.linalg.norm(v[[0, 2]], axis=1), 1.0, atol=1e-5)


def test_text_embeddings_shape_norm_determinism(model):
    a = model.encode_text(TEXTS, batch_size=2)
    b = model.encode_text(TEXTS[::-1], batch_size=3)[::-1]
    assert a.shape == (len(TEXTS), model.dim) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.allclose(a, b, atol=1e-4)


def test_measurement_embeddings_use_value(model):
    base = {"property": "aqueous solubility", "unit": "log mol/L", "assay": "ESOL", "description": "",
            "smiles": "CCO"}
    rows = [dict(base, value=-5.0, z=-2.0, quantile=0.02), dict(base, value=1.0, z=1.5, quantile=0.95),
            dict(base, value=None, z=None, quantile=None, smiles="not-a-smiles")]
    v = model.encode_measurements(rows)
    assert v.shape == (3, model.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(v[0], v[1])


def test_save_load_roundtrip_and_fingerprint(model, tmp_path):
    model.save(tmp_path / "m", card="# tiny\n")
    assert {p.name for p in (tmp_path / "m").iterdir()} == {"config.json", "model.safetensors", "card.md"}
    cfg = json.loads((tmp_path / "m" / "config.json").read_text())
    assert cfg["dim"] == model.dim and cfg["text_encoder"]
    loaded = load_model(tmp_path / "m")
    assert loaded.dim == model.dim and loaded.fingerprint == folder_fingerprint(tmp_path / "m") == model.fingerprint
    assert len(loaded.fingerprint) == 64
    # weights are stored fp16: vectors agree to fp16 precision
    assert np.allclose(loaded.encode_molecules(SMILES), model.encode_molecules(SMILES), atol=2e-2)
    assert np.allclose(loaded.encode_text(TEXTS), model.encode_text(TEXTS), atol=2e-2)
    # a changed weight file changes the fingerprint
    loaded.mol_encoder.head[1].bias.data += 1.0
    loaded.save(tmp_path / "m2")
    assert load_model(tmp_path / "m2").fingerprint != model.fingerprint


def test_missing_folder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="missing config.json"):
        load_model(tmp_path / "nothing")


def test_bad_text_encoder_folder_is_a_model_error(tmp_path):
    m = AlignmentModel(TINY, text_encoder=str(tmp_path))
    with pytest.raises(ModelError, match="config.json"):
        m.encode_text(["x"])


def test_tokenize_words_keeps_chemical_hyphens():
    assert "beta-d-glucoside" in tokenize_words("It is a beta-D-glucoside.")
    assert "carboxylic acid" in tokenize_words("a monocarboxylic acid and a carboxylic acid")


@pytest.mark.skipif(not (os.path.exists(os.path.join(os.path.dirname(__file__), "..", "data", "models", "align", "config.json"))),
                    reason="no committed model")
def test_committed_model_loads_by_default():
    m = load_model()
    v = m.encode_molecules(["CCO"])
    assert v.shape == (1, m.dim) and abs(float(np.linalg.norm(v)) - 1) < 1e-4


def test_ensemble_cosine_is_the_mean_of_member_cosines(model, tmp_path):
    torch.manual_seed(1)
    other = AlignmentModel(dict(model.config)).eval()
    ens = AlignmentModel.ensemble([model, other])
    assert ens.dim == 2 * model.dim and ens.n_members == 2
    parts = [m.encode_molecules(SMILES) for m in (model, other)]
    e = ens.encode_molecules(SMILES)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)
    assert np.allclose(e @ e.T, np.mean([p @ p.T for p in parts], axis=0), atol=1e-5)
    t = ens.encode_text(TEXTS)
    assert np.allclose(t @ e.T, np.mean([m.encode_text(TEXTS) @ p.T for m, p in zip((model, other), parts)], axis=0),
                       atol=1e-4)
    rows = [{"property": "aqueous solubility", "unit": "log mol/L", "assay": "ESOL", "description": "",
             "smiles": "CCO", "value": -1.0, "z": -0.5, "quantile": 0.3}]
    assert np.allclose(np.linalg.norm(ens.encode_measurements(rows), axis=1), 1.0, atol=1e-5)
    # one folder, loaded like any model
    ens.save(tmp_path / "ens")
    loaded = load_model(tmp_path / "ens")
    assert loaded.n_members == 2 and np.allclose(loaded.encode_molecules(SMILES), e, atol=2e-2)
    # an ensemble plus one more model is a flat ensemble of three (how members are added later)
    torch.manual_seed(2)
    third = AlignmentModel(dict(model.config)).eval()
    three = AlignmentModel.ensemble([loaded, third])
    assert three.n_members == 3 and three.dim == 3 * model.dim
    e3 = three.encode_molecules(SMILES)
    assert np.allclose(e3 @ e3.T, (2 * (e @ e.T) + third.encode_molecules(SMILES) @ third.encode_molecules(SMILES).T) / 3,
                       atol=3e-2)


def test_ensemble_refuses_different_members(model):
    other = AlignmentModel({**model.config, "dim": 16}).eval()
    with pytest.raises(ModelError, match="differ"):
        AlignmentModel.ensemble([model, other])
    with pytest.raises(ModelError, match="at least two"):
        AlignmentModel.ensemble([model])


def test_train_ensemble_cli_combines_model_folders(model, tmp_path, monkeypatch, capsys):
    from typer.testing import CliRunner

    from discovery.cli import app

    torch.manual_seed(3)
    model.save(tmp_path / "a", card="# member a\n- member 0 (seed 0)\n")
    AlignmentModel(dict(model.config)).eval().save(tmp_path / "b", card="# member b\n")
    res = CliRunner().invoke(app, ["train", "ensemble", str(tmp_path / "a"), str(tmp_path / "b"),
                                   "--output", str(tmp_path / "ens"), "--no-evaluate"])
    assert res.exit_code == 0, res.output
    assert "2 members, D = 64" in res.output
    ens = load_model(tmp_path / "ens")
    assert ens.n_members == 2 and ens.dim == 2 * model.dim
    card = (tmp_path / "ens" / "card.md").read_text()
    assert "member a" in card and "Not evaluated here" in card
    # members from different training data (another vocabulary) are refused in one line
    import sys

    from discovery.cli import main

    other = AlignmentModel({**model.config, "lexical": Lexicon.fit(["other words entirely"] * 3, min_df=1).to_dict()})
    other.save(tmp_path / "c")
    monkeypatch.setattr(sys, "argv", ["discovery", "train", "ensemble", str(tmp_path / "a"), str(tmp_path / "c"),
                                      "--output", str(tmp_path / "bad"), "--no-evaluate"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 1 and "differ" in err and "Traceback" not in err
    assert not (tmp_path / "bad").exists()


def test_packed_weights_roundtrip_within_half_a_quantisation_step():
    from discovery.encoders.model import _INT4_MIN_SIZE, _pack, _unpack

    gen = torch.Generator().manual_seed(0)
    big = torch.randn(-(-_INT4_MIN_SIZE // 256), 256, generator=gen)  # at the 4-bit threshold
    mid = torch.randn(512, 256, generator=gen)                        # int8
    small = torch.randn(8, 4, generator=gen)                          # fp16
    packed = _pack({"big": big, "mid": mid, "small": small, "steps": torch.tensor(3)})
    assert packed["big"].dtype == torch.uint8 and packed["big"].shape == (big.shape[0], 128)
    assert packed["mid"].dtype == torch.int8 and packed["small"].dtype == torch.float16
    back = _unpack(packed)
    assert set(back) == {"big", "mid", "small", "steps"} and int(back["steps"]) == 3
    for key, orig, levels in (("big", big, 7.0), ("mid", mid, 127.0)):
        step = orig.abs().amax(dim=1, keepdim=True) / levels
        assert torch.all((back[key] - orig).abs() <= 0.5 * step * 1.01 + 1e-3)
    # a sign flip must survive the nibble packing (values on both sides of zero)
    assert torch.equal(torch.sign(back["big"][back["big"].abs() > 0]), torch.sign(big[back["big"].abs() > 0]))


def test_ensemble_without_dev_data_writes_nothing(model, tmp_path):
    from discovery.errors import InputError
    from discovery.train.align import run_ensemble

    model.save(tmp_path / "a")
    AlignmentModel(dict(model.config)).eval().save(tmp_path / "b")
    with pytest.raises(InputError, match="no ChEBI-20 data"):
        run_ensemble([tmp_path / "a", tmp_path / "b"], tmp_path / "ens", datasets=tmp_path / "empty")
    assert not (tmp_path / "ens").exists()
