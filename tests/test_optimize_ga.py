"""Graph GA: operators give valid molecules, runs are reproducible, budget holds, it optimises."""

import numpy as np
import pytest
from rdkit import Chem, DataStructs
from rdkit.Chem import QED, rdFingerprintGenerator

from discovery.generate.mutations import attach, mutate_mol, kekulized
from discovery.generate.optimize import crossover, mutate, optimize

SEEDS = [
    "CC(=O)Oc1ccccc1C(=O)O",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
    "CN1C=NC2=C1C(=O)N(C(=O)N2C)C",
    "c1ccc2c(c1)cc[nH]2",
    "CCN(CC)CCNC(=O)c1ccc(N)cc1",
    "OC(=O)CCc1ccccc1",
    "CCOC(=O)c1ccccc1N",
    "Cc1ccc(S(N)(=O)=O)cc1",
    "C1CCN(CC1)C(=O)c1ccco1",
    "COc1ccc(CCN)cc1OC",
    "CC(C)NCC(O)COc1cccc2ccccc12",
    "O=C(O)c1ccncc1",
]


def qed_score(smiles):
    return [QED.qed(Chem.MolFromSmiles(s)) for s in smiles]


def test_mutate_and_crossover_give_valid_canonical_smiles():
    rng = np.random.default_rng(0)
    made = 0
    for s in SEEDS:
        child = mutate(s, rng)
        if child is not None:
            made += 1
            mol = Chem.MolFromSmiles(child)
            assert mol is not None
            assert Chem.MolToSmiles(mol) == child
    assert made >= len(SEEDS) - 2
    children = [crossover(a, b, rng) for a, b in zip(SEEDS, SEEDS[1:] + SEEDS[:1])]
    valid = [c for c in children if c is not None]
    assert len(valid) >= len(SEEDS) // 2
    assert all(Chem.MolFromSmiles(c) is not None for c in valid)


def test_operators_return_none_on_garbage():
    rng = np.random.default_rng(0)
    assert mutate("not a smiles", rng) is None
    assert crossover("C1CC", "CCO", rng) is None
    assert kekulized("xx") is None


def test_mutation_rate_zero_keeps_the_molecule():
    mol = kekulized("CCOc1ccccc1")
    assert mutate_mol(mol, np.random.default_rng(0), mutation_rate=0.0) is mol


def test_optimize_is_deterministic_and_respects_budget():
    calls = []

    def score(smiles):
        calls.append(list(smiles))
        return qed_score(smiles)

    a = optimize(score, SEEDS, budget=200, seed=3, population=20, offspring=30)
    scored = [s for batch in calls for s in batch]
    assert len(scored) <= 200
    assert len(scored) == len(set(scored)), "a molecule was scored twice (cache miss)"
    b = optimize(qed_score, SEEDS, budget=200, seed=3, population=20, offspring=30)
    assert a == b
    c = optimize(qed_score, SEEDS, budget=200, seed=4, population=20, offspring=30)
    assert c != a
    # unique canonical SMILES, best first
    smiles = [s for s, _ in a]
    assert len(smiles) == len(set(smiles))
    assert all(Chem.MolToSmiles(Chem.MolFromSmiles(s)) == s for s in smiles)
    values = [v for _, v in a]
    assert values == sorted(values, reverse=True)


def test_optimize_improves_similarity_to_a_target():
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    target = gen.GetFingerprint(Chem.MolFromSmiles("CC(C)Cc1ccc(C(C)C(=O)N2CCOCC2)cc1"))

    def sim(smiles):
        fps = [gen.GetFingerprint(Chem.MolFromSmiles(s)) for s in smiles]
        return DataStructs.BulkTanimotoSimilarity(target, fps)

    seeds = [s for s in SEEDS if "CC(C)Cc1ccc" not in s]
    start = max(sim(seeds))
    done = []
    best = optimize(sim, seeds, budget=1200, seed=0, population=30, offspring=60,
                    mutation_rate=0.2, progress=lambda d, t: done.append((d, t)))
    assert best[0][1] > start + 0.1
    assert done and done[-1][1] == 1200 and all(d <= t for d, t in done)


def test_local_moves_climb_from_a_single_seed_without_crossover():
    """local_rate=1: every child is 1-3 mutations of one parent. From one seed (where crossover
    with itself only reshuffles it) the run still moves towards the target, reproducibly."""
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    target = gen.GetFingerprint(Chem.MolFromSmiles("CCOc1ccc(CCN)cc1OC"))

    def sim(smiles):
        return DataStructs.BulkTanimotoSimilarity(target, [gen.GetFingerprint(Chem.MolFromSmiles(s)) for s in smiles])

    seed = "COc1ccc(CCN)cc1OC"
    start = sim([seed])[0]
    runs = [optimize(sim, [seed], budget=400, seed=5, population=20, offspring=40, local_rate=1.0, local_steps=3)
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0][0][1] > start
    assert len(runs[0]) > 50       # the mutations kept making new molecules
    plain = optimize(sim, [seed], budget=400, seed=5, population=20, offspring=40)
    assert plain != runs[0]


def test_constraints_filter_and_bad_scores():
    def score(smiles):  # NaN for some molecules must not break the run
        return [float("nan") if "N" in s else len(s) / 100 for s in smiles]

    no_oxygen = lambda s: "O" not in s and "o" not in s
    out = optimize(score, SEEDS + ["CCCCc1ccccc1", "CCCC(C)CC"], budget=200, seed=0,
                   population=10, offspring=20, constraints_filter=no_oxygen)
    assert out
    assert all(no_oxygen(s) for s, _ in out)
    assert optimize(score, ["nonsense"], budget=10) == []


@pytest.mark.parametrize("budget", [0, 1, 5])
def test_tiny_budgets(budget):
    out = optimize(qed_score, SEEDS, budget=budget, seed=0)
    assert len(out) == min(budget, len(SEEDS))


def test_attach_keeps_the_core_and_adds_the_fragment():
    rng = np.random.default_rng(0)
    core = Chem.MolFromSmiles("c1ccc2[nH]cnc2c1")
    for _ in range(20):
        child = attach("c1ccc2[nH]cnc2c1", "C1CCNCC1", rng)
        mol = Chem.MolFromSmiles(child)
        assert mol is not None and Chem.MolToSmiles(mol) == child
        assert mol.HasSubstructMatch(Chem.MolFromSmarts("c1nc2ccccc2n1"))
        assert mol.GetNumHeavyAtoms() == core.GetNumHeavyAtoms() + 6
    assert attach("not a smiles", "C", rng) is None
    assert attach("[Na+].[Cl-]", "C", rng) is None  # no hydrogen to replace
