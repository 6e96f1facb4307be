"""Parsing, standardisation, identity, descriptors and fingerprints (discovery.chem)."""

import math
import os

import numpy as np
import pytest
from rdkit import Chem
from rdkit.Chem import QED, Descriptors
from rdkit.Contrib.SA_Score import sascorer

from discovery.chem import (
    DESCRIPTOR_LABELS,
    DESCRIPTORS,
    PreparedMolecule,
    bulk_tanimoto,
    canonical_smiles,
    compute_descriptors,
    formula,
    inchikey,
    looks_like_smiles,
    maccs_fp,
    morgan_counts,
    morgan_fp,
    prepare,
    prepare_many,
    rdk_fp,
    standardize,
    tanimoto,
    to_mol,
)
from discovery.errors import ChemError, DiscoveryError

ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"
ASPIRIN_KEY = "BSYNRYMUTXBXSQ-UHFFFAOYSA-N"


def test_to_mol_never_raises(capfd):
    assert to_mol(ASPIRIN).GetNumAtoms() == 13
    mol = Chem.MolFromSmiles("CCO")
    assert to_mol(mol) is mol
    for bad in ["", "   ", None, 42, "C1CC", "C(C)(C)(C)(C)C", "not a smiles", "CCO ethanol", "[Xx]"]:
        assert to_mol(bad) is None
    # RDKit's parse errors must not reach stderr.
    assert "SMILES Parse Error" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "given, expected",
    [
        ("CC(=O)Oc1ccccc1C(=O)O.[Na+]", ASPIRIN),  # counter-ion stripped
        ("CC(=O)Oc1ccccc1C(=O)[O-].[Na+]", ASPIRIN),  # salt: fragment + neutralised
        ("[NH3+]CCc1ccccc1.[Cl-]", "NCCc1ccccc1"),  # hydrochloride
        ("CC(=O)O[Na]", "CC(=O)O"),  # covalent metal bond disconnected
        ("C[NH+](C)C", "CN(C)C"),  # protonated amine
        ("OC(=O)c1ccccc1.O.O", "O=C(O)c1ccccc1"),  # hydrate
    ],
)
def test_standardize_salts_and_charges(given, expected):
    assert canonical_smiles(standardize(given)) == canonical_smiles(expected)


@pytest.mark.parametrize(
    "a, b",
    [
        ("C[S+](C)[O-]", "CS(C)=O"),  # charge-separated vs double-bonded sulfoxide
        ("C[N+](=O)[O-]", "CN(=O)=O"),  # nitro written both ways
        ("[O-][n+]1ccccc1", "O=n1ccccc1"),  # pyridine N-oxide
        ("CN=[N+]=[N-]", "CN=N#N"),  # azide
    ],
)
def test_charge_separated_forms_share_identity(a, b):
    assert prepare(a).inchikey == prepare(b).inchikey


TRICKY_CHARGED = [
    "C[S+](C)[O-]", "CC[S@+](C)[O-]", "CN=[N+]=[N-]", "[O-][n+]1ccccc1", "C[N+](=O)[O-]",
    "CN(C)C=[N+](C)C", "[O-]c1cccc[nH+]1", "NC(=[NH2+])c1ccccc1", "[NH3+]CC(=O)[O-]",
    "C[NH+](C)CCc1ccc([O-])cc1", "O=C([O-])C[N+](C)(C)C", "C[n+]1ccccc1.[I-]", "[Na+].[O-]S(=O)(=O)c1ccccc1",
    "CC(=O)O[Na]", "[Cl-].[NH3+]C[C@@H](O)c1ccccc1", "C=[N+]=[N-]", "CC(C)=[N+]=[N-]",
    "O=[N+]([O-])c1ccc(C[NH3+])cc1", "CP(=O)([O-])[O-].[Ca+2]", "[NH3+]c1ccccc1",
    "CC(C)=NNc1cc([N+](=O)[O-])cc2c1C(=O)N(C)S2=O",  # Normalize makes this ring aromatic [s+]
]  # fmt: skip


@pytest.mark.parametrize("smiles", TRICKY_CHARGED)
def test_standardize_shortcuts_equal_full_pipeline(smiles):
    import discovery.chem.mol as molmod

    mol = Chem.MolFromSmiles(smiles)
    assert canonical_smiles(standardize(mol)) == canonical_smiles(molmod._standardize_full(mol))


@pytest.mark.parametrize(
    "smiles",
    ["CCO", "C[C@@H](N)O", "[2H]C", "c1cc[nH]c1", "[se]1cccc1", "CC(=O)O[Na]", "CC[Sn](C)C", "[Na+].[Cl-]",
     "c1cc[n+](C)cc1", "CC.O", "[C-]#[O+]", "[NH4+]", "C[N+](=O)[O-]", "[Cu]"],
)
def test_text_shortcut_never_skips_needed_standardisation(smiles):
    import discovery.chem.mol as molmod

    mol = Chem.MolFromSmiles(smiles)
    if molmod._smiles_text_is_simple(smiles):
        assert molmod._is_simple(mol)
        assert canonical_smiles(standardize(mol)) == canonical_smiles(mol)


def test_sulfoxides_written_s_double_bond_o():
    assert canonical_smiles(standardize("C[S+](C)[O-]")) == "CS(C)=O"
    assert canonical_smiles(standardize("CC[S@+](C)[O-].[Na+].[Cl-]")) == canonical_smiles("CC[S@](C)=O")
    assert prepare("C[S+](C)[O-]").descriptors == prepare("CS(C)=O").descriptors


@pytest.mark.skipif(not os.environ.get("DISCOVERY_DATASETS"), reason="needs DISCOVERY_DATASETS (ZINC250k)")
def test_standardize_shortcuts_on_zinc_charged_molecules():
    import discovery.chem.mol as molmod
    from discovery.chem.bench import load_zinc_smiles

    charged = [s for s in load_zinc_smiles(3000) if "+" in s or "-]" in s][:600]
    assert len(charged) > 300
    for smiles in charged:
        mol = Chem.MolFromSmiles(smiles)
        fast, full = standardize(mol), molmod._standardize_full(mol)
        assert canonical_smiles(fast) == canonical_smiles(full), smiles
        d_fast, d_full = compute_descriptors(fast), compute_descriptors(full)
        assert d_fast == pytest.approx(d_full, abs=1e-9), smiles


def test_standardize_keeps_stereo_and_quaternary():
    assert canonical_smiles(standardize("C[C@H](N)C(=O)O.Cl")) == "C[C@H](N)C(=O)O"
    assert canonical_smiles(standardize("F/C=C/F")) == "F/C=C/F"
    # A quaternary ammonium cannot be neutralised; it stays a cation.
    assert Chem.GetFormalCharge(standardize("C[N+](C)(C)C.[Cl-]")) == 1
    assert standardize("not a smiles") is None


def test_equivalent_inputs_share_identity():
    forms = [ASPIRIN, "OC(=O)c1ccccc1OC(C)=O", "CC(=O)Oc1ccccc1C([O-])=O.[K+]", "O=C(O)c1c(OC(C)=O)cccc1"]
    keys = {prepare(s).inchikey for s in forms}
    smiles = {prepare(s).smiles for s in forms}
    assert keys == {ASPIRIN_KEY}
    assert len(smiles) == 1
    assert inchikey(ASPIRIN) == ASPIRIN_KEY
    assert formula(ASPIRIN) == "C9H8O4"
    assert canonical_smiles("OC(=O)c1ccccc1OC(C)=O") == ASPIRIN


def test_prepare_fields():
    prep = prepare("  CC(=O)Oc1ccccc1C(=O)O.[Na+] ")
    assert isinstance(prep, PreparedMolecule)
    assert prep.smiles == ASPIRIN
    assert prep.inchikey == ASPIRIN_KEY
    assert prep.formula == "C9H8O4"
    assert prep.input_smiles == "CC(=O)Oc1ccccc1C(=O)O.[Na+]"
    assert list(prep.descriptors) == list(DESCRIPTORS)


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("C1CC", "unparsable SMILES"),
        ("C((", "unparsable SMILES"),
        ("CCO ethanol", "unparsable SMILES"),
        ("C(C)(C)(C)(C)C", "Explicit valence"),  # RDKit's sanitisation message
        ("c1cccc1", "invalid structure"),  # cannot be kekulised
    ],
)
def test_prepare_errors_have_reasons(bad, reason):
    with pytest.raises(ChemError) as info:
        prepare(bad)
    assert reason in str(info.value)
    assert isinstance(info.value, DiscoveryError)
    assert info.value.reason == str(info.value)


def test_prepare_many_order_and_errors_in_place():
    inputs = ["CCO", "C1CC", ASPIRIN, "", "c1ccccc1", "CC(=O)[O-].[Na+]"]
    for processes in (1, 2):
        out = prepare_many(inputs, processes=processes)
        assert len(out) == len(inputs)
        assert [isinstance(r, ChemError) for r in out] == [False, True, False, True, False, False]
        assert out[0].smiles == "CCO" and out[2].smiles == ASPIRIN and out[5].smiles == "CC(=O)O"
        assert "unparsable" in str(out[1])


def test_prepare_many_pool_matches_serial(monkeypatch):
    import discovery.chem.mol as molmod

    monkeypatch.setattr(molmod, "SERIAL_THRESHOLD", 10)  # force the pool on a small batch
    inputs = ["C" * (i % 7 + 1) + "O" for i in range(60)] + ["bad(", "CC[NH3+]"]
    pooled = prepare_many(inputs, processes=2, chunksize=7)
    serial = prepare_many(inputs, processes=1)
    assert [getattr(r, "smiles", None) for r in pooled] == [getattr(r, "smiles", None) for r in serial]
    assert isinstance(pooled[60], ChemError) and pooled[61].smiles == "CCN"
    assert [r.input_smiles for r in pooled[:60]] == inputs[:60]


def test_iter_prepared_streams_in_order():
    from discovery.chem import iter_prepared

    inputs = (s for s in ["CCO", "bad(", "c1ccccc1", "CC(=O)[O-].[Na+]"] * 5)  # a generator
    for processes in (1, 2):
        out = list(iter_prepared(inputs if processes == 1 else iter(["CCO", "bad(", "c1ccccc1"] * 5),
                                 processes=processes, chunksize=2))
        expected = 20 if processes == 1 else 15
        assert len(out) == expected
        assert isinstance(out[1], ChemError) and out[0].smiles == "CCO" and out[2].smiles == "c1ccccc1"


def test_descriptors_aspirin_known_values():
    d = compute_descriptors(to_mol(ASPIRIN))
    assert d["mw"] == pytest.approx(180.16, abs=0.01)
    assert d["clogp"] == pytest.approx(1.31, abs=0.01)
    assert d["tpsa"] == pytest.approx(63.6, abs=0.01)
    assert (d["hbd"], d["hba"], d["rotatable_bonds"]) == (1, 3, 2)
    assert (d["rings"], d["aromatic_rings"], d["heavy_atoms"]) == (1, 1, 13)
    assert d["formal_charge"] == 0 and d["stereocentres"] == 0
    assert d["qed"] == pytest.approx(0.55, abs=0.01)
    assert 1.0 <= d["sa_score"] <= 2.0
    assert d["fraction_csp3"] == pytest.approx(1 / 9)
    assert set(DESCRIPTOR_LABELS) == set(DESCRIPTORS)


@pytest.mark.parametrize(
    "smiles",
    [
        "CC(C)Cc1ccc(C(C)C(=O)O)cc1",  # ibuprofen: 1 stereocentre (unspecified)
        "C[C@H](N)C(=O)O",
        "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",
        "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21",
        "C1CC2CCC1C2",  # bridged: SA bridgehead penalty
        "O=S(=O)(N)c1ccc(N)cc1",
        "C1CCCCCCCCCCC1",  # macrocycle
        "[2H]C([2H])([2H])O",  # explicit isotopic hydrogens
    ],
)
def test_qed_sa_and_counts_match_rdkit_reference(smiles):
    mol = to_mol(smiles)
    d = compute_descriptors(mol)
    ref = Chem.RemoveHs(mol)
    assert d["qed"] == pytest.approx(QED.qed(ref), abs=1e-12)
    assert d["sa_score"] == pytest.approx(sascorer.calculateScore(ref), abs=1e-12)
    assert d["hbd"] == Descriptors.NumHDonors(ref) and d["hba"] == Descriptors.NumHAcceptors(ref)
    assert d["rotatable_bonds"] == Descriptors.NumRotatableBonds(ref)
    assert d["stereocentres"] == len(Chem.FindMolChiralCenters(ref, includeUnassigned=True))


def test_descriptors_on_molecule_not_from_smiles():
    # A molecule built by editing has no perceived stereo yet; the count must still be right.
    rw = Chem.RWMol(Chem.MolFromSmiles("CC(N)CC"))
    rw.GetAtomWithIdx(4).SetAtomicNum(8)
    mol = rw.GetMol()
    Chem.SanitizeMol(mol)
    assert compute_descriptors(mol)["stereocentres"] == 1
    assert all(not math.isnan(float(v)) for v in compute_descriptors(mol).values())


@pytest.mark.parametrize(
    "text",
    ["CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", "CCO", "CCCCCC", "CCCC", "COC", "ClCCCl", "ClCCl", "C-C", "C=O", "N#N", "[Na+].[Cl-]",
     "C[C@H](N)C(=O)O", "O=C1CCCN1", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"],
)
def test_looks_like_smiles_true(text):
    assert looks_like_smiles(text)


@pytest.mark.parametrize(
    "text",
    ["kinase inhibitor", "aspirin", "water", "CNS", "CO", "NO", "Cocaine", "caffeine", "ibuprofen",
     "COX-2", "IL6", "5-HT", "H2O", "CO2", "", "   ", "drug-like sulfonamides under 350 Da", "Br", "C",
     "SCC", "BCC", "N-acetyl", "NaCl", "Aspirin", "penicillin", "BBB", "CYP3A4", "123", None],
)
def test_looks_like_smiles_false(text):
    assert not looks_like_smiles(text)


def test_fingerprints():
    counts = morgan_counts(ASPIRIN)
    assert counts.dtype == np.float32 and counts.shape == (2048,) and counts.sum() > 10
    assert morgan_counts("CCO", radius=1, n_bits=512).shape == (512,)
    a, b = morgan_fp(ASPIRIN), morgan_fp("OC(=O)c1ccccc1O")
    assert tanimoto(a, a) == 1.0 and 0.0 < tanimoto(a, b) < 1.0
    sims = bulk_tanimoto(a, [a, b, morgan_fp("CCCCCCCC")])
    assert sims.shape == (3,) and sims[0] == 1.0 and sims[2] < sims[1]
    assert maccs_fp(ASPIRIN).GetNumBits() == 167
    assert rdk_fp(ASPIRIN).GetNumBits() == 2048
    assert bulk_tanimoto(a, []).shape == (0,)
    with pytest.raises(ChemError):
        morgan_fp("C1CC")
