"""Metrics of the decoder benchmarks (text2mol MolT5 protocol, distribution) and the GuacaMol hookup."""

import numpy as np
import pytest

from discovery.bench.distribution import distribution_metrics, internal_diversity
from discovery.bench.text2mol import TextToMolecule, pair_metrics, summarize


def test_pair_metrics_exact_and_fts():
    same = pair_metrics("OC(=O)c1ccccc1", "c1ccccc1C(O)=O")
    assert same["valid"] and same["exact"]
    assert same["morgan"] == pytest.approx(1.0) and same["maccs"] == pytest.approx(1.0)
    near = pair_metrics("OC(=O)c1ccccc1C", "OC(=O)c1ccccc1")
    assert near["valid"] and not near["exact"] and 0.2 < near["morgan"] < 1.0
    bad = pair_metrics("C1CC", "CCO")
    assert not bad["valid"] and bad["morgan"] is None
    s = summarize([same, near, bad])
    assert s["n"] == 3 and s["validity"] == pytest.approx(2 / 3) and s["exact"] == pytest.approx(1 / 3)
    # FTS over valid proposals only (MolT5)
    assert s["morgan_fts"] == pytest.approx((1.0 + near["morgan"]) / 2)


def test_distribution_metrics():
    samples = ["CCO", "CCO", "c1ccccc1", None, "CCN"]
    m = distribution_metrics(samples, reference={"CCO"}, n_requested=5)
    assert m["validity"] == pytest.approx(0.8)
    assert m["uniqueness"] == pytest.approx(3 / 4)
    assert m["novelty"] == pytest.approx(2 / 3)
    assert 0.0 < m["internal_diversity"] <= 1.0
    assert internal_diversity(["CCO"]) == 0.0


class _FingerprintSpace:
    """A stand-in 'alignment model' for the test: text and molecules share a fingerprint space."""

    dim = 64

    def encode_molecules(self, smiles):
        from rdkit import Chem
        from rdkit.Chem import rdFingerprintGenerator

        gen = rdFingerprintGenerator.GetMorganGenerator(radius=1, fpSize=self.dim)
        out = np.stack([gen.GetFingerprintAsNumPy(Chem.MolFromSmiles(s)).astype(np.float32) for s in smiles])
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    def encode_text(self, texts):  # a "description" is a SMILES here
        return self.encode_molecules(texts)


def test_text_to_molecule_ranks_by_shared_space_similarity():
    model = _FingerprintSpace()
    library = ["CCO", "CCCCO", "c1ccccc1", "Oc1ccccc1", "CC(=O)O", "CCN", "c1ccncc1", "OCC(O)CO"]
    t2m = TextToMolecule(model, library, model.encode_molecules(library), decoder=None, budget=0)
    best = t2m.rank("Oc1ccccc1C", n=3)
    assert best[0][0] == "Oc1ccccc1" and best[0][2] == "library"
    assert [b[1] for b in best] == sorted((b[1] for b in best), reverse=True)
    refined = TextToMolecule(model, library, model.encode_molecules(library), budget=150).rank("Oc1ccccc1C", n=1)
    assert refined[0][1] >= best[0][1]


def test_consensus_pick_prefers_the_molecule_central_to_the_plausible_set():
    model = _FingerprintSpace()
    # phenol is the nearest; under a flat posterior the para-alkylphenols, most like one another, win
    library = ["Oc1ccccc1", "Oc1ccc(C)cc1", "Oc1ccc(CC)cc1", "Oc1ccc(CCC)cc1", "CCCCCCCC"]
    vectors = model.encode_molecules(library)
    flat = TextToMolecule(model, library, vectors, budget=0, consensus_k=5, consensus_scale=1.0).rank("Oc1ccccc1", n=5)
    assert sorted(s for s, _, _ in flat) == sorted(library)  # a re-ordering, nothing lost
    assert flat[0][0] in ("Oc1ccc(CC)cc1", "Oc1ccc(CCC)cc1") and flat[-1][0] == "CCCCCCCC"
    # a sharp posterior falls back to the nearest molecule
    sharp = TextToMolecule(model, library, vectors, budget=0, consensus_k=5, consensus_scale=1000.0)
    assert sharp.rank("Oc1ccccc1", n=1)[0][0] == "Oc1ccccc1"


def test_guacamol_imports_and_lists_v2():
    pytest.importorskip("guacamol")
    from discovery.bench.guacamol import import_guacamol

    suites, _ = import_guacamol()
    names = [b.name for b in suites.goal_directed_benchmark_suite("v2")]
    assert len(names) == 20 and "Celecoxib rediscovery" in names


def test_guacamol_screening_pools(tmp_path):
    """`zinc` screens ZINC250k only; `all` adds every other structure source; both are seeded."""
    import gzip

    from discovery.bench.guacamol import screening_pool
    from discovery.errors import InputError

    (tmp_path / "zinc250k").mkdir()
    with gzip.open(tmp_path / "zinc250k" / "zinc250k.csv.gz", "wt") as f:
        f.write("smiles,logP\nCCO,0\nCCN,0\nC[C@H](N)O,0\n")
    (tmp_path / "chebi20").mkdir()
    (tmp_path / "chebi20" / "molecules_trainval.tsv").write_text("CID\tSMILES\n1\tc1ccccc1\n2\tnot-a-smiles\n")
    (tmp_path / "lpm24").mkdir()
    with gzip.open(tmp_path / "lpm24" / "train_props.tsv.gz", "wt") as f:
        f.write("SMILES\tproperties\nCCCCCCCC(=O)O\t{'x'}\n")
    assert sorted(screening_pool(tmp_path, 10)) == ["CC(N)O", "CCN", "CCO"]          # stereo removed
    everything = screening_pool(tmp_path, 10, pool="all")
    assert sorted(everything) == ["CC(N)O", "CCCCCCCC(=O)O", "CCN", "CCO", "c1ccccc1"]  # bad SMILES dropped
    assert screening_pool(tmp_path, 3, seed=1, pool="all") == screening_pool(tmp_path, 3, seed=1, pool="all")
    with pytest.raises(InputError, match="unknown pool"):
        screening_pool(tmp_path, 3, pool="chembl")


def test_guacamol_run_writes_a_report_and_resumes(tmp_path):
    """One real task at a tiny budget through guacamol's assess_model, local offspring on."""
    pytest.importorskip("guacamol")
    import gzip

    from discovery.bench.guacamol import GASettings, format_report, run_guacamol

    (tmp_path / "zinc250k").mkdir()
    with gzip.open(tmp_path / "zinc250k" / "zinc250k.csv.gz", "wt") as f:
        f.write("smiles\n" + "\n".join(SCREEN) + "\n")
    settings = GASettings(budget=150, screen=len(SCREEN), population=10, offspring=20, local_rate=0.5, seed=0)
    out = tmp_path / "g.json"
    report = run_guacamol(out, tmp_path, settings, tasks=["albuterol similarity"], progress=False)
    task = report["tasks"]["Albuterol similarity"]
    assert 0.0 < task["score"] <= 1.0 and task["scoring_calls"] <= 150
    assert report["settings"]["local_rate"] == 0.5 and report["n_tasks"] == 1
    assert "Albuterol similarity" in format_report(report)
    again = run_guacamol(out, tmp_path, settings, tasks=["Albuterol similarity"], progress=False)
    assert again["tasks"] == report["tasks"]          # resumed from the file, not rerun


SCREEN = ["CC(C)NCC(O)c1ccc(O)c(CO)c1O", "CC(C)(C)NCC(O)c1ccc(O)cc1", "OCc1ccccc1O", "CCOc1ccc(CCN)cc1",
          "CC(=O)Nc1ccc(O)cc1", "NCC(O)c1ccccc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "Oc1ccc(CCNC)cc1"]


def test_goal_checker_counts_smarts_matches():
    from discovery.bench.goals import meets

    three_n = [{"smarts": ["[#7]"], "min_count": 3}]
    assert meets("NCCNCCN", three_n)[0]
    ok, failed = meets("NCCN", three_n)
    assert not ok and "2 x" in failed[0]
    assert not meets("NCCNCCN", [{"smarts": ["[#7]"], "max_count": 2}])[0]
