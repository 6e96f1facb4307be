"""Fast descriptor paths give exactly RDKit's reference values (discovery.chem.descriptors).

The ingest path computes cLogP without the hydrogen-added copy, screens QED alerts by the
SMILES text and computes descriptors batch by batch; each shortcut is compared here with the
plain RDKit function, with ``==`` (bit-identical floats), not a tolerance.
"""

import csv
import gzip
import os
from pathlib import Path

import pytest
from rdkit import Chem
from rdkit.Chem import QED, Crippen
from rdkit.Contrib.SA_Score import sascorer
from rdkit.rdBase import BlockLogs

from discovery.chem import descriptors as D
from discovery.chem import prepare, prepare_many, standardize

# Chosen to reach every hydrogen type and alert screen: hydroxyls on sp3/aromatic/sp2 carbon,
# N, O, S, P, B, Si and halogen; [nH], [NH3+], carboxylic/sulfonic/phosphonic acids, enols,
# cyanohydrins, oximes, peroxides, charged and isotopic atoms, triple bonds, metals, QED alerts.
SMILES = [
    "CC(=O)Oc1ccccc1C(=O)O",
    "CCO",
    "O",
    "Oc1ccccc1",
    "OC=C",
    "OC#N",
    "OC(=O)C=C",
    "ON",
    "OO",
    "OS",
    "OSC",
    "OP(=O)(O)c1ccccc1",
    "OB(O)c1ccccc1",
    "O[Si](C)(C)C",
    "OCl",
    "OC=S",
    "OC=P",
    "On1ccccc1=O",
    "O=c1cccc[nH]1",
    "c1cc[nH]c1",
    "C[NH3+]",
    "CC(=O)[O-]",
    "CS(=O)(=O)O",
    "C[S+]([O-])C",
    "O=[N+]([O-])c1ccccc1",
    "[N-]=[N+]=NCC",
    "C#CC(=O)C",
    "N#CC(O)c1ccccc1",
    "CC(C)=NO",
    "C1CCOC1OO",
    "ClC(Cl)(Cl)Cl",
    "FC(F)(F)c1ccc(I)cc1",
    "[13CH3]C(=O)O",
    "[2H]C([2H])([2H])O",
    "C[Se]C",
    "CC[Sn](CC)(CC)CC",
    "[Na+].[Cl-]",
    "CCCCCCCCCCCCCCCC(=O)OC[C@H](COP(=O)(O)OCC[N+](C)(C)C)OC(=O)CCCCCCC",
    "O=C1c2ccccc2C(=O)c2c(O)ccc(O)c21",
    "C=CC(=O)Nc1ccc2ncnc(Nc3ccc(F)c(Cl)c3)c2c1",
    "C1CC2CCC1C2",
    "C1CCCCCCCCCCC1",
    "c1ccc2c(c1)Cc1ccccc1-2",
    "O=C(O)C1=CC=CC=C1",  # kekulé input
    "C[C@H](N)C(=O)O",
    "OC1=CC(=O)C=CC1=O",
    "S=C=S",
    "CC(=O)OO",
    "c1ccc2c(c1)ccc1ccccc12",
]


def _mol(smiles):
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None, smiles
    return mol


@pytest.mark.parametrize("smiles", SMILES)
def test_crippen_logp_bit_identical_and_cache_clean(smiles):
    mol = _mol(smiles)
    ref = Crippen.MolLogP(_mol(smiles))
    assert D.crippen_logp(mol) == ref
    # the hydrogen-free values RDKit caches on the way must not leak into a later MolLogP
    assert Crippen.MolLogP(mol) == ref


@pytest.mark.parametrize("smiles", SMILES)
def test_screened_alert_count_equals_qed(smiles):
    mol = _mol(smiles)
    mol = Chem.RemoveHs(mol)
    expected = sum(mol.HasSubstructMatch(alert) for alert in QED.StructuralAlerts)
    assert D._count_alerts(mol) == expected
    assert D._count_alerts(mol, Chem.MolToSmiles(mol)) == expected


def test_alert_requirements_are_read_from_the_queries():
    req = dict(zip(QED.StructuralAlertSmarts, D._ALERT_REQUIREMENTS))
    assert frozenset({"#"}) in req["C#C"]
    assert frozenset({"+"}) in req["[N+](=O)[O-]"] and frozenset({"-"}) in req["[N+](=O)[O-]"]
    assert frozenset({"I", "i"}) in req["I"]
    assert frozenset({"[15"}) in req["[15N]"]
    # an alternative without requirement makes the whole atom unconstrained
    assert req["a21aa3a(aa1aaaa2)aaaa3"] == frozenset()
    # an alert that matches a molecule is never screened out
    mol = _mol("C#CC")
    assert D._count_alerts(mol, "C#CC") == D._count_alerts(mol) >= 1


@pytest.mark.parametrize("smiles", SMILES)
def test_descriptors_equal_rdkit_reference(smiles):
    mol = standardize(smiles)
    ref = Chem.RemoveHs(Chem.Mol(mol))
    d = D.compute_descriptors(mol, Chem.MolToSmiles(mol))
    assert d["clogp"] == Crippen.MolLogP(Chem.Mol(ref))
    assert d["qed"] == QED.qed(Chem.Mol(ref))
    assert d["sa_score"] == sascorer.calculateScore(Chem.Mol(ref))
    assert d == D.compute_descriptors(Chem.Mol(mol))  # the SMILES only saves work


def test_batch_equals_one_by_one_and_isolates_failures():
    mols = [standardize(s) for s in SMILES]
    one_by_one = [D.compute_descriptors(Chem.Mol(m)) for m in mols]
    batch = D.compute_descriptors_many([Chem.Mol(m) for m in mols], [Chem.MolToSmiles(m) for m in mols])
    assert batch == one_by_one
    # a molecule RDKit cannot describe fails alone; its neighbours keep their values
    broken = Chem.MolFromSmiles("c1ccccc1O", sanitize=False)  # no valences: RDKit raises
    with BlockLogs():
        out = D.compute_descriptors_many([Chem.Mol(mols[0]), broken, Chem.Mol(mols[1])])
    assert out[0] == one_by_one[0] and out[2] == one_by_one[1]
    assert isinstance(out[1], Exception)


def test_prepare_batch_equals_single_prepare():
    inputs = SMILES + ["bad(", "", "C1CC", "[Na+].[Cl-]"]
    batch = prepare_many(inputs, processes=1)
    for text, got in zip(inputs, batch):
        try:
            single = prepare(text)
        except Exception as err:  # noqa: BLE001
            assert type(got) is type(err) and str(got) == str(err)
        else:
            assert got == single


@pytest.mark.skipif(not os.environ.get("DISCOVERY_DATASETS"), reason="needs DISCOVERY_DATASETS (ZINC250k)")
def test_fast_paths_on_zinc_sample():
    path = Path(os.environ["DISCOVERY_DATASETS"]) / "zinc250k" / "zinc250k.csv.gz"
    with gzip.open(path, "rt", newline="") as fh:
        smiles = [row["smiles"].strip() for _, row in zip(range(400), csv.DictReader(fh))]
    prepared = prepare_many(smiles, processes=1)
    for text, p in zip(smiles, prepared):
        mol = standardize(text)
        ref = Chem.RemoveHs(mol)
        assert p.descriptors["clogp"] == Crippen.MolLogP(Chem.Mol(ref)), text
        assert p.descriptors["qed"] == QED.qed(Chem.Mol(ref)), text
        assert p.descriptors["sa_score"] == sascorer.calculateScore(Chem.Mol(ref)), text
        assert p.inchikey == Chem.MolToInchiKey(mol) and p.smiles == Chem.MolToSmiles(mol)


def test_single_descriptor_functions_match_the_full_set():
    from discovery.chem.descriptors import DESCRIPTOR_FUNCTIONS

    for smi in ["CC(=O)Oc1ccccc1C(=O)O", "OC(=O)CCc1ccc(O)cc1", "C[N+](C)(C)CCO", "N#Cc1ccncc1N",
                "O=[N+]([O-])c1ccc(S(=O)(=O)N)cc1", "C[C@H](N)C(=O)O"]:
        mol = Chem.MolFromSmiles(smi)
        full = D.compute_descriptors(mol)
        for name, fn in DESCRIPTOR_FUNCTIONS.items():
            assert fn(mol) == full[name], (smi, name)
