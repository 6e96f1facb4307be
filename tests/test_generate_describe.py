"""Text -> molecule: charge forms, description detection, the consensus pick and the describe route.

Real RDKit, a real SQLite library with a real FAISS index, the committed alignment model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from rdkit import Chem

from discovery.chem.charges import charge_variants
from discovery.chem.names import name_parser_available
from discovery.errors import GoalError
from discovery.generate.describe import is_description, rank_by_consensus
from discovery.library import Library
from foundation_support import library_of

ROOT = Path(__file__).resolve().parents[1]

# small acids, bases, amino acids and sugars (ChEBI-like), stored as the library stores them: neutral
MOLECULES = [
    "NCC(=O)O", "CC(N)C(=O)O", "CC(C)C(N)C(=O)O", "NC(CO)C(=O)O", "NC(CCC(=O)O)C(=O)O", "OC(=O)CC(O)(CC(=O)O)C(=O)O",
    "CC(O)C(=O)O", "OC(=O)CCC(=O)O", "OC(=O)C(=O)CCC(=O)O", "CCCCCCCCCCCCCCCC(=O)O", "CCCCCCCCCCCCCCCCCC(=O)O",
    "NCCc1ccc(O)cc1", "NCCc1c[nH]c2ccccc12", "CN(C)CCc1c[nH]c2ccccc12", "OCC1OC(O)C(O)C(O)C1O",
    "Nc1ncnc2c1ncn2C1OC(COP(=O)(O)O)C(O)C1O", "Cc1ccccc1", "c1ccc2ccccc2c1", "CC(=O)Nc1ccc(O)cc1",
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "Cn1c(=O)c2c(ncn2C)n(C)c1=O", "O=C(O)c1ccccc1O", "C1CCNCC1", "OCCN",
    "C/C=C/C(=O)O", "C/C=C\\C(=O)O",  # stereoisomers: one fingerprint, one reading
]

GLYCINATE = ("The molecule is an alpha-amino-acid anion that is the conjugate base of glycine, obtained by "
             "deprotonation of the carboxy group. It is a conjugate base of a glycine.")
# the same kind of text without a name OPSIN could read: answered by the library evidence alone
AMINO_ACID_ANION = ("The molecule is an alpha-amino-acid anion obtained by deprotonation of the carboxy group of "
                    "the simplest proteinogenic amino acid. It has a role as a human metabolite.")
needs_opsin = pytest.mark.skipif(not name_parser_available(), reason="OPSIN needs a Java runtime")


def charges(mol: Chem.Mol) -> int:
    return sum(a.GetFormalCharge() for a in mol.GetAtoms())


# ------------------------------------------------------------------------------ charge forms
def test_amino_acid_has_all_four_forms():
    forms = charge_variants(Chem.MolFromSmiles("NCC(=O)O"))
    got = {k: Chem.MolToSmiles(m) for k, m in forms.items()}
    assert got == {"neutral": "NCC(=O)O", "anion": "NCC(=O)[O-]", "cation": "[NH3+]CC(=O)O",
                   "zwitterion": "[NH3+]CC(=O)[O-]"}
    assert [charges(forms[k]) for k in ("neutral", "anion", "cation", "zwitterion")] == [0, -1, 1, 0]


@pytest.mark.parametrize("smiles", ["CC(=O)Nc1ccccc1", "c1ccncc1", "NC(=O)C", "CS(=O)(=O)NC", "Nc1ccccc1",
                                    "CC(=O)OC", "C/C=C/N(C)C", "NO", "FC(F)(F)N"])
def test_groups_without_textbook_pka_stay_neutral(smiles):
    assert list(charge_variants(Chem.MolFromSmiles(smiles))) == ["neutral"]


def test_phosphates_sulfonates_amidines_and_charged_inputs():
    nucleotide = charge_variants(Chem.MolFromSmiles("Nc1ncnc2c1ncn2C1OC(COP(=O)(O)O)C(O)C1O"))
    assert charges(nucleotide["anion"]) == -2 and "cation" not in nucleotide  # aromatic N is not protonated
    assert charges(charge_variants(Chem.MolFromSmiles("OS(=O)(=O)c1ccccc1"))["anion"]) == -1
    arginine = charge_variants(Chem.MolFromSmiles("NC(=N)NCCCC(N)C(=O)O"))
    assert charges(arginine["cation"]) == 2 and charges(arginine["zwitterion"]) == 1
    given = Chem.MolFromSmiles("CC(=O)[O-]")
    assert list(charge_variants(given)) == ["neutral"]  # a charged input's state was given
    assert charge_variants(None) == {}


# ------------------------------------------------------------------------- description or goal
def test_chebi_and_pubchem_definitions_are_descriptions():
    assert is_description(GLYCINATE)
    assert is_description("This compound is a member of the class of benzamides.")
    assert is_description("The molecule is quinoline substituted by hydroxy groups at the 4- and 6-positions.")
    assert not is_description("The molecule is soluble in water.")
    assert is_description("The molecule is a branched tetrasaccharide that is beta-D-Galp-(1->4)-beta-D-GlcpNAc.")
    assert is_description("The molecule is a carboxylic ester obtained by formal condensation between "
                          "2-(4-chlorophenyl)-3-methylbutanoic acid and an alcohol.")


def test_property_windows_ask_for_designs_however_the_sentence_opens():
    assert not is_description("This molecule is a sulfonamide under 350 Da with at most one H-bond donor.")
    assert not is_description("The molecule is a drug-like kinase inhibitor with cLogP between 1 and 3 and no halogens.")
    assert not is_description("This compound is an amide with TPSA <= 90 that is a member of the piperidines.")
    assert is_description("Aspirin is a member of the class of benzoic acids that is salicylic acid in which the "
                          "hydroxy hydrogen is replaced by an acetoxy group. It has a role as an anti-inflammatory agent.")


def test_no_design_goal_of_the_dev_set_is_read_as_a_description():
    goals = [json.loads(line)["goal"] for line in (ROOT / "docs" / "goals" / "dev_goals.jsonl").read_text().splitlines()
             if line.strip()]
    assert len(goals) >= 40
    assert [g for g in goals if is_description(g)] == []
    assert not is_description("This molecule is soluble in water.")  # an edit prompt, not a definition
    assert not is_description("")


# ---------------------------------------------------------------------------- consensus pick
def test_consensus_prefers_the_molecule_central_to_the_evidence():
    smiles = ["CCCCCCO", "CCCCCCCO", "CCCCCCCCO", "c1ccc2ccccc2c1"]
    # equal posterior: the heptanol sits between the two other alcohols, naphthalene is alone
    ranked = rank_by_consensus(smiles, np.zeros(4), temperature=20.0)
    assert smiles[ranked[0][0]] == "CCCCCCCO" and smiles[ranked[-1][0]] == "c1ccc2ccccc2c1"
    assert sum(w for *_, w in ranked) == pytest.approx(1.0)
    assert [e for _, e, _ in ranked] == sorted((e for _, e, _ in ranked), reverse=True)
    # a confident model: the molecule it is sure of wins
    ranked = rank_by_consensus(smiles, np.array([0.0, 0.0, 0.0, 1.0]), temperature=50.0)
    assert smiles[ranked[0][0]] == "c1ccc2ccccc2c1"


# ------------------------------------------------------------------------ the describe route
@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = library_of(tmp_path_factory.mktemp("describelib"), MOLECULES)
    library.build_index(["molecules"], progress=False)
    yield library
    library.close()


def test_a_description_is_answered_by_readings_best_first(lib):
    res = lib.generate(AMINO_ACID_ANION, n=5, seed=0)
    assert res.params["route"] == "describe" and res.run_id is not None
    assert len(res.candidates) == 5 and "read as a description" in res.message
    expected = [c.scores["expected_similarity"] for c in res.candidates]
    assert expected == sorted(expected, reverse=True)
    assert [c.score for c in res.candidates] == expected
    for c in res.candidates:
        assert Chem.MolFromSmiles(c.smiles) is not None
        assert -1.0 <= c.scores["semantic"] <= 1.0 and 0.0 <= c.scores["posterior"] <= 1.0
    # the readings come from the library's structures (in some charge form)
    parents = {Chem.MolToSmiles(Chem.MolFromSmiles(s)) for s in MOLECULES}
    assert all(_uncharged(c.smiles) in parents for c in res.candidates)
    assert all(not c.novel and c.library_id is not None for c in res.candidates)  # read from library parents
    reopened = lib.get_run(res.run_id)
    assert [c.smiles for c in reopened.candidates] == [c.smiles for c in res.candidates]


def _uncharged(smiles: str) -> str:
    from rdkit.Chem.MolStandardize import rdMolStandardize

    return Chem.MolToSmiles(rdMolStandardize.Uncharger().uncharge(Chem.MolFromSmiles(smiles)))


def test_every_reading_is_a_distinct_structure(lib):
    from discovery.generate.describe import read_description

    readings = read_description(lib, AMINO_ACID_ANION, n=100, k=100)
    flat = [Chem.MolToSmiles(Chem.MolFromSmiles(r.smiles), isomericSmiles=False) for r in readings]
    assert len(flat) == len(set(flat)) == len(MOLECULES) - 1  # the two crotonic acids are one reading
    assert {r.form for r in readings} <= {"neutral", "anion", "cation", "zwitterion"}
    assert sum(r.posterior for r in readings) <= 1.0 + 1e-9


def test_routes_can_be_forced_and_are_checked(lib):
    design = lib.generate(GLYCINATE, n=2, seed=0, budget=60, route="design")
    assert design.params["route"] == "design"
    forced = lib.generate("small amino acids", n=2, seed=0, route="describe")
    assert forced.params["route"] == "describe" and forced.candidates
    edited = lib.generate(lib.parse_goal(GLYCINATE), n=2, route="describe")  # an edited spec: its text is read
    assert edited.params["route"] == "describe" and edited.goal == GLYCINATE
    with pytest.raises(GoalError, match="route"):
        lib.generate("small amino acids", route="translate")
    with pytest.raises(GoalError, match="empty"):
        lib.generate("   ", route="describe")


def test_without_an_index_the_decoder_answers_and_says_so(tmp_path):
    library = Library.open(tmp_path / "empty", progress=False)
    try:
        res = library.generate(GLYCINATE, n=3, seed=0)
        assert res.params["route"] == "describe"
        assert "no molecule index" in res.message
        assert all(Chem.MolFromSmiles(c.smiles) is not None for c in res.candidates)
    finally:
        library.close()


def test_the_bench_corpus_library_is_built_once_through_ingest_and_index(tmp_path, monkeypatch):
    from discovery.bench import text2mol

    monkeypatch.setattr(text2mol, "cached_library", lambda datasets, cache_dir, exclude=None: list(MOLECULES))
    corpus = text2mol.corpus_library(tmp_path / "data", tmp_path / "cache", progress=False)
    assert corpus.stats()["totals"]["molecules"] == len(MOLECULES)
    again = text2mol.corpus_library(tmp_path / "data", tmp_path / "cache", progress=False)
    assert again.settings.home == corpus.settings.home
    res = again.generate(GLYCINATE, n=1)
    assert res.params["route"] == "describe" and len(res.candidates) == 1


def test_the_bench_corpus_leaves_out_salts_of_held_out_molecules(tmp_path):
    from discovery.bench.text2mol import library_smiles

    chebi = tmp_path / "chebi20"
    chebi.mkdir()
    (chebi / "molecules_trainval.tsv").write_text(
        "CID\tSMILES\tsplit\n1\tCCNC(C)Cc1cccc(C(F)(F)F)c1.Cl\ttrain\n2\tCC(=O)Nc1ccc(O)cc1\ttrain\n")
    fenfluramine = Chem.MolToInchiKey(Chem.MolFromSmiles("CCNC(C)Cc1cccc(C(F)(F)F)c1")).split("-")[0]
    assert library_smiles(tmp_path, exclude_keys={fenfluramine}) == ["CC(=O)Nc1ccc(O)cc1"]
    assert len(library_smiles(tmp_path, exclude_keys=set())) == 2


def test_an_index_of_another_model_is_not_used_and_the_note_says_why(lib, monkeypatch):
    from discovery.errors import IndexMismatchError
    from discovery.generate import describe

    def mismatch(*args, **kwargs):
        raise IndexMismatchError("the molecules index was built by model abc, the loaded model is def")

    monkeypatch.setattr(describe, "_library_evidence", mismatch)
    notes: list[str] = []
    readings = describe.read_description(lib, AMINO_ACID_ANION, n=3, notes=notes)
    assert "was built by model abc" in notes[0] and "decoder alone" in notes[1]
    assert all(r.origin == "decoder" and r.library_id is None for r in readings)


# ------------------------------------------------------------------ relations to named molecules
def test_relations_to_named_molecules_are_found_and_cleaned():
    from discovery.generate.describe import NamedRelation, named_relations

    assert named_relations(GLYCINATE) == [NamedRelation("conjugate base", "glycine")]
    text = ("The molecule is an L-alpha-amino acid zwitterion. It is a tautomer of a L-serine and a conjugate acid "
            "of a L-serinate(1-). It is an enantiomer of a D-serine zwitterion.")
    assert named_relations(text) == [NamedRelation("enantiomer", "D-serine"),  # most decisive first
                                     NamedRelation("conjugate acid", "L-serinate"), NamedRelation("tautomer", "L-serine")]
    assert named_relations("drug-like sulfonamides under 350 Da") == []
    assert named_relations("") == []


def test_a_relation_gives_the_structure_in_the_right_form():
    from discovery.generate.describe import relation_structures

    lactic = "C[C@H](O)C(=O)O"  # (S)-lactic acid
    assert relation_structures("enantiomer", lactic, "") == [("enantiomer", "C[C@@H](O)C(=O)O")]
    assert relation_structures("conjugate base", lactic, "The molecule is a lactate anion.") == [
        ("anion", "C[C@H](O)C(=O)[O-]")]
    # the conjugate acid of an anion is the neutral acid; of an amine, its cation
    assert ("neutral", "C[C@H](O)C(=O)O") in relation_structures("conjugate acid", "C[C@H](O)C(=O)[O-]", "")
    assert relation_structures("conjugate acid", "NCCc1ccc(O)cc1", "The molecule is an ammonium ion.") == [
        ("cation", "[NH3+]CCc1ccc(O)cc1")]
    # the conjugate base of an amino acid keeps its amine neutral; its tautomer is the zwitterion
    assert relation_structures("conjugate base", "NCC(=O)O", "") == [("anion", "NCC(=O)[O-]")]
    assert relation_structures("tautomer", "NCC(=O)O", "The molecule is an amino acid zwitterion.") == [
        ("zwitterion", "[NH3+]CC(=O)[O-]")]
    assert relation_structures("conjugate base", "not a smiles", "") == []


@needs_opsin
def test_a_named_conjugate_base_answers_first_and_says_so(lib):
    res = lib.generate(GLYCINATE, n=3, seed=0)
    assert res.params["route"] == "describe" and res.params["first_reading"] == "name"
    assert res.candidates[0].smiles == "NCC(=O)[O-]"
    assert "read from names in the text: conjugate base of glycine (names read by OPSIN)" in res.message
    assert "posterior" not in res.candidates[0].scores and "expected_similarity" in res.candidates[0].scores
    skeletons = [Chem.MolToSmiles(Chem.MolFromSmiles(c.smiles), isomericSmiles=False) for c in res.candidates]
    assert len(set(skeletons)) == 3  # the library's glycinate is not repeated after it


@needs_opsin
def test_an_enantiomer_is_the_mirror_image_of_the_named_molecule(tmp_path):
    # no index and, in an empty library, no evidence: the name alone answers
    library = Library.open(tmp_path / "empty", progress=False)
    try:
        res = library.generate("The molecule is a 2-hydroxy monocarboxylic acid. It is an enantiomer of a "
                               "(R)-lactic acid.", n=1, seed=0)
        assert res.candidates[0].smiles == "C[C@H](O)C(=O)O"  # (S)-lactic acid
        assert Chem.FindMolChiralCenters(Chem.MolFromSmiles(res.candidates[0].smiles)) == [(1, "S")]
    finally:
        library.close()


def test_without_a_name_parser_the_evidence_answers_and_the_note_says_why(lib, monkeypatch):
    from discovery.chem.names import NameParserUnavailable
    from discovery.generate import describe

    def unavailable(names):
        raise NameParserUnavailable("reading chemical names needs a Java runtime")

    monkeypatch.setattr(describe, "structures_from_names", unavailable)
    notes: list[str] = []
    readings = describe.read_description(lib, GLYCINATE, n=2, notes=notes)
    assert notes == ["names in the text were not read (reading chemical names needs a Java runtime)"]
    assert [r.origin for r in readings] == ["library", "library"]


def test_substitution_phrases_become_systematic_names():
    from discovery.generate.describe import substituted_names

    xanthone = ("The molecule is a member of the class xanthones that is 9H-xanthen-9-one substituted by a chloro "
                "group at position 4, hydroxy groups at positions 1 and 3, a methoxy group at position 8 and a "
                "(2R,6R)-6-methyltetrahydropyran-2-yl group at position 2. It has a role as a metabolite.")
    assert substituted_names(xanthone) == [
        "4-chloro-1,3-dihydroxy-8-methoxy-2-((2R,6R)-6-methyltetrahydropyran-2-yl)-9H-xanthen-9-one"]
    steroid = "The molecule is a hydroxypregnenolone that is pregnenolone substituted by a alpha-hydroxy group at position 16."
    assert "16alpha-hydroxypregnenolone" in substituted_names(steroid)
    ring = ("The molecule is a 1,4-dihydropyridine substituted with acetyl groups at C-3 and C-5 and with phenyl "
            "groups at N-1 and C-4. It is a diketone.")
    assert substituted_names(ring) == ["3,5-diacetyl-1,4-diphenyl-1,4-dihydropyridine"]
    replaced = "The molecule is a pyridine that is pyridine in which the hydrogen at position 3 has been replaced by a cyano group."
    assert substituted_names(replaced)[0] == "3-cyano-pyridine"
    # a phrase that is not a list of located groups gives no name
    assert substituted_names("The molecule is a glucoside that is apigenin substituted by a sugar moiety.") == []


@needs_opsin
def test_a_substituted_parent_is_read_as_the_molecule(tmp_path):
    library = Library.open(tmp_path / "empty", progress=False)
    try:
        res = library.generate("The molecule is a diamino-1,3,5-triazine that is N,N'-diethyl-1,3,5-triazine-2,4-diamine "
                               "substituted by a chloro group at position 6. It has a role as a herbicide.", n=1)
        assert res.candidates[0].smiles == "CCNc1nc(Cl)nc(NCC)n1"  # simazine
        assert "read by OPSIN" in res.message
    finally:
        library.close()


def test_a_formal_condensation_is_found_with_its_groups():
    from discovery.generate.describe import NamedRelation, named_relations

    text = ("The molecule is an unsaturated fatty acyl-CoA that results from the formal condensation of the thiol "
            "group of coenzyme A with the carboxy group of (9Z)-octadecenoic acid. It is a fatty acyl-CoA.")
    assert named_relations(text) == [NamedRelation("condensation", "coenzyme A", "(9Z)-octadecenoic acid",
                                                   ("thiol", "carboxy"))]


@needs_opsin
def test_a_condensation_of_two_named_molecules_is_read_as_their_product(tmp_path):
    library = Library.open(tmp_path / "empty", progress=False)
    try:
        res = library.generate("The molecule is a monocarboxylic acid amide obtained by formal condensation of the "
                               "carboxy group of acetic acid with the amino group of ethanolamine. It is an "
                               "N-acylethanolamine.", n=1)
        assert res.candidates[0].smiles == "CC(=O)NCCO"
        assert "condensation of acetic acid with ethanolamine" in res.message
    finally:
        library.close()


def test_any_chebi20_format_split_can_be_scored_with_its_molecules_left_out(tmp_path):
    from discovery.bench.text2mol import cached_library, load_pairs, pair_keys
    from discovery.errors import InputError

    with pytest.raises(InputError, match="not found"):
        load_pairs(tmp_path / "test.txt")
    (tmp_path / "empty.txt").write_text("CID\tSMILES\tdescription\n")
    with pytest.raises(InputError, match="no row"):
        load_pairs(tmp_path / "empty.txt")
    split = tmp_path / "test.txt"
    split.write_text("CID\tSMILES\tdescription\n7\tCCNC(C)Cc1cccc(C(F)(F)F)c1.Cl\tThe molecule is a salt.\n")
    pairs = load_pairs(split)
    assert pairs == [("7", "CCNC(C)Cc1cccc(C(F)(F)F)c1.Cl", "The molecule is a salt.")]
    parent = Chem.MolToInchiKey(Chem.MolFromSmiles("CCNC(C)Cc1cccc(C(F)(F)F)c1")).split("-")[0]
    assert parent in pair_keys(pairs)  # the salt's parent is left out too

    data = tmp_path / "data"
    (data / "chebi20").mkdir(parents=True)
    (data / "chebi20" / "molecules_trainval.tsv").write_text(
        "CID\tSMILES\tsplit\n1\tCCNC(C)Cc1cccc(C(F)(F)F)c1\ttrain\n2\tCC(=O)Nc1ccc(O)cc1\ttrain\n")
    assert len(cached_library(data, tmp_path / "cache")) == 2
    assert cached_library(data, tmp_path / "cache", pair_keys(pairs)) == ["CC(=O)Nc1ccc(O)cc1"]


def test_substituted_at_a_position_by_a_group_is_read_too():
    from discovery.generate.describe import substituted_names

    assert substituted_names("The molecule is an N-alkylpyrrolidine that is cotinine substituted at position C-3 by a "
                             "hydroxy group (the 3R,5S-diastereomer). It is a pyrrolidine alkaloid.") == [
        "3-hydroxy-cotinine", "3-hydroxycotinine"]


@needs_opsin
def test_the_name_check_reports_coverage_and_scores_the_covered_texts(lib, tmp_path):
    from discovery.bench.text2mol import load_pairs, run_name_check

    split = tmp_path / "split.txt"
    split.write_text("CID\tSMILES\tdescription\n1\tNCC(=O)[O-]\t" + GLYCINATE + "\n2\tNCC(=O)[O-]\t" + AMINO_ACID_ANION + "\n")
    report = run_name_check(lib, load_pairs(split), progress=False)
    assert report["texts"] == 2 and report["covered"] == 0.5  # the second text names no molecule
    assert [r["pred"] for r in report["rows"]] == ["NCC(=O)[O-]"] and report["exact"] == 1.0
    assert report["by_relation"] == {"conjugate base": {"n": 1, "morgan_fts": 1.0}}


def test_acyl_groups_specified_by_name_fill_the_class_name():
    from discovery.generate.describe import acylated_names

    assert acylated_names("The molecule is a 1,2-diacyl-sn-glycero-3-phosphocholine in which the acyl groups at "
                          "positions 1 and 2 are specified as palmitoyl and oleoyl respectively. It is a lipid.") == [
        "1-palmitoyl-2-oleoyl-sn-glycero-3-phosphocholine"]
    assert acylated_names("The molecule is an N-acylglycine in which the acyl group is specified as "
                          "2-hydroxybenzoyl.") == ["N-(2-hydroxybenzoyl)glycine"]
    # the counts disagree: no name
    assert acylated_names("The molecule is a 1,2-diacyl-sn-glycerol in which the acyl group is specified as "
                          "palmitoyl.") == []
