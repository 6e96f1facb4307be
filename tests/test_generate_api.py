"""generate / runs / CLI on a tiny real library (SQLite in tmp_path, real RDKit, real GA)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from rdkit import Chem

from discovery.chem.names import name_parser_available
from discovery.errors import DiscoveryError, GoalError
from discovery.generate.scoring import GoalScorer, check
from discovery.generate.goals import parse_goal
from discovery.library import Library
from foundation_support import library_of

MOLECULES = [
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "CC(=O)Nc1ccc(O)cc1", "CC(=O)Oc1ccccc1C(=O)O", "Cc1ccc(S(N)(=O)=O)cc1",
    "NS(=O)(=O)c1ccc(N)cc1", "CN1CCN(c2ccccc2)CC1", "O=C(Nc1ccccc1)c1ccccn1", "COc1ccc(CCN)cc1",
    "Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1", "CN1CCCC1c1cccnc1", "Cn1c(=O)c2c(ncn2C)n(C)c1=O",
    "O=C(O)c1ccccc1O", "c1ccc2[nH]ccc2c1", "CC(C)NCC(O)COc1cccc2ccccc12", "Clc1ccc(cc1)C(=O)N",
    "CCOC(=O)c1ccc(N)cc1", "O=C1CCCN1", "CC1=CC(=O)NC(=O)N1", "c1ccc(Oc2ccccc2)cc1", "OC1CCCCC1",
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = library_of(tmp_path_factory.mktemp("genlib"), MOLECULES)
    yield library
    library.close()


def test_generate_returns_checked_novel_candidates(lib):
    res = lib.generate("sulfonamides under 300 Da with at most one H-bond donor", n=5, seed=1, budget=300)
    assert res.run_id is not None and res.candidates
    assert len({c.smiles for c in res.candidates}) == len(res.candidates)
    for c in res.candidates:
        mol = Chem.MolFromSmiles(c.smiles)
        assert mol is not None
        assert {ch.constraint for ch in c.checks} == {"MW <= 300", "HBD <= 1", "has sulfonamide"}
        assert set(c.properties) >= {"mw", "clogp", "tpsa", "hbd", "qed", "sa_score"}
        if c.passed:  # the checklist says what RDKit says
            assert mol.HasSubstructMatch(Chem.MolFromSmarts("S(=O)(=O)N"))
            assert c.properties["mw"] <= 300 and c.properties["hbd"] <= 1
    assert any(c.passed for c in res.candidates)
    assert all(c.novel == (c.library_id is None) for c in res.candidates)


def test_same_seed_same_candidates(lib):
    a = lib.generate("phenols with cLogP between 1 and 3", n=3, seed=7, budget=150)
    b = lib.generate("phenols with cLogP between 1 and 3", n=3, seed=7, budget=150)
    assert [c.smiles for c in a.candidates] == [c.smiles for c in b.candidates]


def test_runs_are_saved_and_reopened(lib):
    res = lib.generate("analogues of ibuprofen that are less lipophilic", n=3, seed=0, budget=200)
    again = lib.get_run(res.run_id)
    assert again.goal == res.goal and again.spec == res.spec
    assert [c.to_dict() for c in again.candidates] == [c.to_dict() for c in res.candidates]
    listed = {r["id"]: r for r in lib.runs()}
    assert listed[res.run_id]["n_candidates"] == len(res.candidates)
    with pytest.raises(DiscoveryError):
        lib.get_run(10**6)


@pytest.mark.parametrize("goal", ["", "x" * 10000, "MW < 100 and MW > 500"])
def test_bad_goals_raise_clear_errors(lib, goal):
    with pytest.raises(GoalError):
        lib.generate(goal, n=2, budget=50)


def test_unknown_drug_name_gives_empty_result_with_reason(lib):
    res = lib.generate("analogues of blorpitamab", n=3, budget=50)
    assert res.candidates == [] and "blorpitamab" in res.message


def test_checker_matches_rdkit_and_sees_a_wrong_window():
    spec = parse_goal("MW under 200 without halogens")
    checks = {c.constraint: c for c in check("Clc1ccc(cc1)C(=O)N", spec)}
    assert checks["MW <= 200"].passed and abs(checks["MW <= 200"].value - 155.58) < 0.01
    assert not checks["no halogen"].passed
    scorer = GoalScorer(spec)
    good, bad = scorer(["NC(=O)c1ccccc1", "Clc1ccc(cc1)C(=O)N"])
    assert good > bad


def test_cli_json_shapes(lib, tmp_path):
    from typer.testing import CliRunner

    from discovery.cli import app

    runner = CliRunner()
    home = str(lib.settings.home)
    out = runner.invoke(app, ["generate", "phenols under 250 Da", "--n", "2", "--budget", "100", "--json", "--home", home])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"run_id", "goal", "spec", "candidates", "message", "seconds"} <= set(data)
    assert {"smiles", "properties", "checks", "score", "scores", "novel", "nearest"} <= set(data["candidates"][0])

    goals = tmp_path / "goals.jsonl"
    goals.write_text('{"id": "a", "goal": "phenols under 250 Da"}\n{"id": "b", "goal": ""}\nnot json\n'
                     '{"id": "c", "goal": "The molecule is an amino-acid anion. It is a conjugate base of a glycine."}\n')
    res_file = tmp_path / "out.jsonl"
    out = runner.invoke(app, ["generate", "--goals-file", str(goals), "--output", str(res_file), "--n", "2",
                              "--budget", "80", "--home", home])
    assert out.exit_code == 0, out.output
    rows = [json.loads(x) for x in res_file.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", 3, "c"]
    assert rows[0]["candidates"] and "smiles" in rows[0]["candidates"][0]
    assert rows[1]["candidates"] == [] and "empty goal" in rows[1]["error"]
    if name_parser_available():  # the description's names were read (in one OPSIN run for the file)
        assert rows[3]["candidates"][0]["smiles"] == "NCC(=O)[O-]" and "names read by OPSIN" in rows[3]["message"]

    inputs = tmp_path / "in.txt"
    inputs.write_text("CC(=O)Nc1ccc(O)cc1\nnot_a_smiles\nCC(C)Cc1ccc(C(C)C(=O)O)cc1\n")
    out = runner.invoke(app, ["edit", "--input", str(inputs), "This molecule is soluble in water.", "--json", "--home", home])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["input"] for x in lines] == ["CC(=O)Nc1ccc(O)cc1", "not_a_smiles", "CC(C)Cc1ccc(C(C)C(=O)O)cc1"]
    assert lines[0]["smiles"] and lines[1]["smiles"] is None and "error" in lines[1]


def test_edited_spec_is_validated_and_used(lib):
    spec = lib.parse_goal("phenols under 250 Da")
    d = spec.to_dict()
    d["constraints"][0]["value"] = 200.0  # the user tightens MW in the app's table
    res = lib.generate(d, n=2, seed=0, budget=100)
    assert any(ch.constraint == "MW <= 200" for ch in res.candidates[0].checks)
    d["constraints"].append({"kind": "property", "name": "mw", "op": ">=", "value": 400.0, "hard": True, "text": ""})
    with pytest.raises(GoalError):
        lib.generate(d, n=2, budget=50)
    d["constraints"][-1]["op"] = "=~"
    with pytest.raises(GoalError):
        lib.generate(d, n=2, budget=50)
    d["constraints"][-1] = {"kind": "group_count", "name": "blorpane", "op": ">=", "value": 2, "hard": True}
    with pytest.raises(GoalError, match="blorpane.*unknown group"):
        lib.generate(d, n=2, budget=50)
    d["constraints"][-1].update(name="hydroxyl", op="present")
    with pytest.raises(GoalError, match="group count needs"):
        lib.generate(d, n=2, budget=50)
    d["constraints"][-1].update(op="<=", value=1)  # at most one OH: the app's table can add counts too
    res = lib.generate(d, n=2, seed=0, budget=100)
    assert any(ch.constraint == "hydroxyl count <= 1" for ch in res.candidates[0].checks)


def test_semantic_text_is_scored_in_the_shared_space(lib):
    import torch

    from discovery.encoders.model import AlignmentModel

    other = Library.open(lib.settings.home, progress=False)
    torch.manual_seed(0)
    other._model = AlignmentModel({"dim": 32, "gnn_hidden": 16, "gnn_layers": 2, "fp_hidden": 64,
                                   "mol_hidden": 64, "text_hidden": 64}).eval()
    res = other.generate("kinase inhibitors under 400 Da", n=2, seed=0, budget=80)
    assert res.spec.semantic_text == "kinase inhibitors"
    assert res.candidates and all("semantic" in c.scores for c in res.candidates)
    assert all(-1.0 <= c.scores["semantic"] <= 1.0 for c in res.candidates)
    other.close()


def test_required_ring_is_grown_into_drug_sized_seeds():
    from discovery.generate.api import _group_seeds
    from discovery.generate.goals import parse_goal

    spec = parse_goal("benzimidazoles with MW between 250 and 400")
    seeds = _group_seeds(spec, np.random.default_rng(0))
    ring = Chem.MolFromSmarts("c1nc2ccccc2n1")
    grown = [Chem.MolFromSmiles(s) for s in seeds]
    assert all(m is not None and m.HasSubstructMatch(ring) for m in grown)
    assert sum(1 for m in grown if m.GetNumHeavyAtoms() >= 15) >= 5  # not only the 9-atom example


def test_group_counts_are_checked_and_scored():
    spec = parse_goal("at least 3 nitrogen atoms and exactly two amide bonds")
    checks = {c.constraint: c for c in check("CC(=O)NCCNC(C)=O", spec)}  # 2 N, 2 amides
    assert not checks["nitrogen count >= 3"].passed and checks["nitrogen count >= 3"].value == 2
    assert checks["amide count = 2"].passed
    assert all(c.passed for c in check("CC(=O)NCCN(C)CCNC(C)=O", spec))
    scorer = GoalScorer(spec)
    good, close, far = scorer(["CC(=O)NCCN(C)CCNC(C)=O", "CC(=O)NCCNC(C)=O", "CCO"])
    assert good > close > far


def test_attachment_points_and_radicals_are_not_molecules():
    # RDKit parses "*", but a candidate with an attachment point is not a compound anyone can make
    scorer = GoalScorer(parse_goal("a quinolone core"))
    assert scorer.evaluate("*C(=O)c1cn(CCC)c2ccccc2c1=O") is None
    assert scorer.evaluate("OC(=O)c1cn(C2[CH]C2)c2ccccc2c1=O") is None  # a radical
    assert scorer.evaluate("OC(=O)c1cn(CCC)c2ccccc2c1=O").passed
    assert scorer.evaluate("CC(=O)c1ccc(OBr)cc1") is None  # a hypobromite: a valence trick, not a proposal
    # a molecule that exists is checked as it is (ChEBI has radicals and perchlorates)
    assert GoalScorer(parse_goal("MW under 200"), proposals=False).evaluate("[O-]Cl(=O)(=O)=O").passed
    assert check("[CH2]C(=O)O", parse_goal("MW under 200"))[0].passed


def test_a_reference_is_changed_the_way_the_goal_asks_before_the_search():
    from discovery.generate.api import _reference_seeds

    seeds = _reference_seeds(parse_goal("replace the carboxylic acid of ibuprofen with a tetrazole"),
                             np.random.default_rng(0))
    assert "CC(C)Cc1ccc(C(C)c2nn[nH]n2)cc1" in seeds  # the bioisostere swap, in one step
    assert "CCc1ccc(CC(C)C)cc1" in seeds  # the acid cut out
    seeds = _reference_seeds(parse_goal("analogues of aspirin with a morpholine"), np.random.default_rng(0))
    morpholine = Chem.MolFromSmarts("C1COCCN1")
    assert seeds and all(Chem.MolFromSmiles(s).HasSubstructMatch(morpholine) for s in seeds)
    assert _reference_seeds(parse_goal("MW under 300"), np.random.default_rng(0)) == []


def test_a_substituent_on_a_ring_is_built_into_the_seeds():
    from discovery.generate.api import _attached_cores
    from discovery.generate.scoring import attached

    spec = parse_goal("a trifluoromethyl group on a pyridine ring")
    cores = _attached_cores(spec, np.random.default_rng(0))
    cf3, pyridine = Chem.MolFromSmarts("[CX4](F)(F)F"), Chem.MolFromSmarts("[nX2]1ccccc1")
    assert cores and all(attached(Chem.MolFromSmiles(s), cf3, pyridine) for s in cores)


@pytest.mark.parametrize("goal", ["a fluorine ortho to the amide", "a methoxy group and a chlorine para to each other",
                                  "a primary amine and a carboxylic acid on the same carbon"])
def test_groups_placed_relative_to_each_other_are_built_into_the_seeds(goal):
    from discovery.generate.api import _attached_cores
    from discovery.generate.scoring import _pair_patterns, related

    spec = parse_goal(goal)
    relation = next(c for c in spec.hard if c.kind == "group_attached")
    cores = _attached_cores(spec, np.random.default_rng(0))
    assert cores and all(related(Chem.MolFromSmiles(s), *_pair_patterns(relation)) for s in cores)


def test_a_linker_between_two_rings_is_built_into_the_seeds():
    from discovery.generate.api import _linked_cores
    from discovery.generate.scoring import links_rings

    cores = _linked_cores(parse_goal("two aromatic rings connected by a urea"), np.random.default_rng(0))
    urea = Chem.MolFromSmarts("[NX3][CX3](=O)[NX3]")
    assert cores and all(links_rings(Chem.MolFromSmiles(s), urea) for s in cores)


def test_combined_seeds_hold_every_required_group_in_one_molecule():
    """'an N-Boc piperidine with a free acid': the examples of each group joined, largest-covering first,
    a join kept only when no group is lost (the GA seldom crosses two seeds into one within its budget)."""
    import numpy as np
    from rdkit import Chem

    from discovery.generate.api import _combined_seeds

    starts = [("CC(C)(C)OC(=O)NCc1ccccc1", "[CH3][CX4]([CH3])([CH3])[OX2][CX3](=[OX1])[NX3]"),
              ("C1CCNCC1", "[CX4]1[CX4][CX4]N[CX4][CX4]1"), ("CC(C)(C)OC(=O)N1CCCCC1", ""),
              ("CC(=O)O", "[CX3;$(C-[#6])](=O)[OX2H1,OX1-]")]
    seeds = _combined_seeds(starts, np.random.default_rng(0))
    acid, boc_piperidine = Chem.MolFromSmarts("[CX3;$(C-[#6])](=O)[OX2H1]"), Chem.MolFromSmarts("CC(C)(C)OC(=O)N1CCCCC1")
    both = [s for s in seeds if Chem.MolFromSmiles(s).HasSubstructMatch(acid) and Chem.MolFromSmiles(s).HasSubstructMatch(boc_piperidine)]
    assert both, seeds
    assert _combined_seeds(starts[:1], np.random.default_rng(0)) == []  # one group: nothing to combine


def test_a_sulfonyl_fluoride_is_proposed_only_when_the_goal_asks_for_one():
    from rdkit import Chem

    from discovery.generate.goals import parse_goal
    from discovery.generate.scoring import GoalScorer, plausible

    warhead = Chem.MolFromSmiles("C#Cc1ccc(S(=O)(=O)F)cc1")
    assert not plausible(warhead) and plausible(warhead, sulfonyl_fluoride=True)
    assert not plausible(Chem.MolFromSmiles("CS(=O)(=O)Cl"), sulfonyl_fluoride=True)  # only the fluoride
    assert GoalScorer(parse_goal("Aryl-SO2F + terminal alkyne")).sulfonyl_fluoride
    assert not GoalScorer(parse_goal("fluorinated benzamides")).sulfonyl_fluoride


def test_a_soft_reference_ranks_but_does_not_filter():
    spec = parse_goal("4-phenylpiperidines like loperamide")
    scorer = GoalScorer(spec)
    close = scorer.evaluate("CN(C)C(=O)C(CCN1CCC(O)(c2ccc(Cl)cc2)CC1)(c1ccccc1)c1ccccc1")  # loperamide
    far = scorer.evaluate("CC(=O)N1CCC(c2ccccc2)CC1")
    assert close.passed and far.passed  # both are 4-phenylpiperidines; Tanimoto is no filter here
    assert close.scores["soft"] > far.scores["soft"]


def test_a_group_that_names_its_anchor_sits_on_a_ring_through_it():
    spec = parse_goal("primary sulfonamides on an aromatic ring")

    def on_ring(smiles: str) -> bool:
        return {c.constraint: c.passed for c in check(smiles, spec)}["has primary sulfonamide on aromatic ring"]

    assert on_ring("NS(=O)(=O)c1ccccc1") and on_ring("NS(=O)(=O)c1cccs1")
    assert not on_ring("NS(=O)(=O)Cc1ccccc1")  # a benzylic CH2 between them


def test_a_swap_replaces_every_copy_of_the_group_on_the_reference():
    from discovery.generate.api import _reference_seeds

    spec = parse_goal("Sertraline analogues in which the two chlorine atoms are replaced by fluorines.")
    seeds = _reference_seeds(spec, np.random.default_rng(0))
    assert "CN[C@H]1CC[C@@H](c2ccc(F)c(F)c2)c2ccccc21" in seeds  # both Cl -> F, in place
