"""SMARTS group library, name lookup, substructure helpers and SVG depiction."""

import xml.dom.minidom

import pytest
from rdkit import Chem

from discovery.chem import (
    GROUPS,
    FunctionalGroup,
    compile_smarts,
    count_matches,
    find_group_mentions,
    find_groups,
    has_substructure,
    lookup_group,
    mol_to_svg,
)
from discovery.chem.groups import GROUP_CATEGORIES, _normalise
from discovery.errors import ChemError

REQUIRED = [
    "sulfonamide", "piperazine", "piperidine", "morpholine", "beta-lactam", "steroid core",
    "alpha-amino acid", "trifluoromethyl", "halogen", "carboxylic acid", "ester", "amide",
    "primary amine", "secondary amine", "tertiary amine", "nitro", "nitrile", "ketone", "aldehyde",
    "alcohol", "phenol", "ether", "thiol", "thioether", "urea", "carbamate", "sulfone", "sulfoxide",
    "phosphate", "aminopyrimidine", "pyridine", "pyrimidine", "indole", "quinoline", "imidazole",
    "benzimidazole", "thiazole", "oxazole", "furan", "thiophene", "pyrrole", "purine", "coumarin",
    "flavonoid core", "glycoside", "sugar", "catechol", "biphenyl", "benzene ring", "aromatic ring",
    "epoxide", "azide", "hydrazine", "imine", "michael acceptor", "acyl halide", "anhydride",
    "lactone", "lactam", "quaternary ammonium", "boronic acid", "fluorine", "chlorine", "bromine",
    "iodine",
]  # fmt: skip


def test_library_size_names_and_categories():
    assert len(GROUPS) > 100
    names = [g.name for g in GROUPS]
    assert len(names) == len(set(names))
    assert set(REQUIRED) <= set(names)
    assert {g.category for g in GROUPS} == set(GROUP_CATEGORIES)
    assert all(g.name == g.name.lower() for g in GROUPS)


def test_no_synonym_points_to_two_groups():
    owner = {}
    for g in GROUPS:
        for term in (g.name, *g.synonyms):
            key = _normalise(term)
            assert owner.setdefault(key, g.name) == g.name, f"{term!r}: {owner[key]} and {g.name}"


@pytest.mark.parametrize("group", GROUPS, ids=[g.name for g in GROUPS])
def test_every_smarts_compiles_and_matches_its_example(group):
    pattern = compile_smarts(group.smarts)
    example = Chem.MolFromSmiles(group.example)
    assert example is not None, f"example SMILES of {group.name} does not parse"
    assert example.HasSubstructMatch(pattern), f"{group.name} does not match {group.example}"
    for negative in group.negatives:
        mol = Chem.MolFromSmiles(negative)
        assert mol is not None, negative
        assert not mol.HasSubstructMatch(pattern), f"{group.name} wrongly matches {negative}"
    assert group.matches(group.example)
    if group.excludes:  # what "no <group>" rules out covers the group itself
        assert example.HasSubstructMatch(compile_smarts(group.excludes))


@pytest.mark.parametrize(
    "text, name",
    [
        ("sulfonamides", "sulfonamide"), ("Sulphonamide", "sulfonamide"), ("piperazines", "piperazine"),
        ("beta lactam", "beta-lactam"), ("β-lactam", "beta-lactam"), ("beta-lactams", "beta-lactam"),
        ("betalactam", "beta-lactam"), ("CF3", "trifluoromethyl"), ("CF3 groups", "trifluoromethyl"),
        ("halogens", "halogen"), ("Halogen atoms", "halogen"), ("esters", "ester"), ("ureas", "urea"),
        ("α-amino acids", "alpha-amino acid"), ("amino acid", "alpha-amino acid"),
        ("steroid core", "steroid core"), ("steroids", "steroid core"), ("pyridine ring", "pyridine"),
        ("benzene rings", "benzene ring"), ("phenyl", "benzene ring"), ("nitro groups", "nitro"),
        ("boronic acids", "boronic acid"), ("Michael acceptors", "michael acceptor"),
        ("fluorines", "fluorine"), ("fluoro", "fluorine"), ("carboxylic acids", "carboxylic acid"),
        ("morpholino", "morpholine"), ("flavonoids", "flavonoid core"), ("sugars", "sugar"),
        ("quaternary ammonium salts", "quaternary ammonium"), ("acid chloride", "acyl halide"),
        ("  Thiophene  ", "thiophene"), ("sulphur", "sulfur"), ("imidazoles", "imidazole"),
        ("acids", "acidic group"), ("BCP", "bicyclo[1.1.1]pentane"), ("7-membered ring", "ring of seven atoms"),
    ],
)  # fmt: skip
def test_lookup_variants(text, name):
    group = lookup_group(text)
    assert isinstance(group, FunctionalGroup)
    assert group.name == name


@pytest.mark.parametrize("text", ["kinase", "aspirin", "water", "ring", "", "   ", None, "CNS"])
def test_lookup_unknown(text):
    assert lookup_group(text) is None


def test_find_groups_and_has_substructure():
    sulfamethoxazole = "Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1"
    found = find_groups(sulfamethoxazole)
    for name in ["sulfonamide", "isoxazole", "aniline", "primary amine", "benzene ring"]:
        assert name in found
    assert "carboxylic acid" not in found and "halogen" not in found
    assert find_groups(sulfamethoxazole, categories=("ring system",)) == [
        n for n in found if lookup_group(n).category == "ring system"
    ]
    assert find_groups("C1CC") == []
    assert has_substructure(sulfamethoxazole, "sulfonamides")
    assert has_substructure(sulfamethoxazole, "S(=O)(=O)N")  # raw SMARTS
    assert not has_substructure(sulfamethoxazole, "halogen")
    assert has_substructure("Clc1ccccc1", lookup_group("halogen"))
    assert not has_substructure("not a smiles", "C")
    assert count_matches("Clc1ccc(Cl)cc1Cl", "chlorine") == 3
    with pytest.raises(ChemError, match="neither a known group name nor valid SMARTS"):
        has_substructure("CCO", "C((")


def test_steroid_flavonoid_sugar_real_molecules():
    estradiol = "C[C@]12CC[C@H]3c4ccc(O)cc4CC[C@@H]3[C@@H]1CC[C@@H]2O"
    assert has_substructure(estradiol, "steroid core") and has_substructure(estradiol, "phenol")
    genistein = "O=c1c(-c2ccc(O)cc2)coc2cc(O)cc(O)c12"  # an isoflavone
    assert has_substructure(genistein, "flavonoid core")
    sucrose = "OC[C@H]1O[C@@](CO)(O[C@H]2O[C@H](CO)[C@@H](O)[C@H](O)[C@H]2O)[C@@H](O)[C@@H]1O"
    assert has_substructure(sucrose, "sugar") and has_substructure(sucrose, "glycoside")
    penicillin_g = "CC1(C)S[C@@H]2[C@H](NC(=O)Cc3ccccc3)C(=O)N2[C@H]1C(=O)O"
    assert {"beta-lactam", "penam", "carboxylic acid", "secondary amide"} <= set(find_groups(penicillin_g))
    imatinib = "Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1"
    assert {"aminopyrimidine", "piperazine", "pyridine", "diarylamine"} <= set(find_groups(imatinib))


def test_amine_classes_exclude_amides_and_sulfonamides():
    assert find_groups("CC(=O)NC", categories=("functional group",)).count("amine") == 0
    assert not has_substructure("NS(=O)(=O)c1ccccc1", "primary amine")
    assert has_substructure("CCN(CC)CC", "tertiary amine")
    assert has_substructure("Nc1ccccc1", "aniline") and not has_substructure("Nc1ccccc1", "aliphatic amine")


def test_compile_smarts_errors_and_cache():
    assert compile_smarts("[OX2H]") is compile_smarts("[OX2H]")
    for bad in ["", "   ", "C((", "[C", "c1ccc", None]:
        with pytest.raises(ChemError, match="invalid SMARTS"):
            compile_smarts(bad)


def test_find_group_mentions_in_a_goal():
    text = "drug-like sulfonamides with no halogens, without ester groups, and a piperazine ring"
    found = [(g.name, text[s:e]) for g, s, e in find_group_mentions(text)]
    assert found == [
        ("sulfonamide", "sulfonamides"),
        ("halogen", "halogens"),
        ("ester", "ester groups"),
        ("piperazine", "piperazine ring"),
    ]
    assert find_group_mentions("") == []


def test_svg_depiction():
    svg = mol_to_svg("NS(=O)(=O)c1ccccc1", width=320, height=200, highlight_smarts="sulfonamide", legend="sulfa")
    doc = xml.dom.minidom.parseString(svg)  # well-formed XML, no declaration needed
    root = doc.documentElement
    assert root.tagName == "svg" and root.getAttribute("width") in ("320", "320px")
    plain = mol_to_svg("NS(=O)(=O)c1ccccc1", width=320, height=200)
    assert plain != svg and "<path" in plain
    # The highlight colour appears only in the highlighted drawing.
    assert "#FF8C33" in svg.upper() and "#FF8C33" not in plain.upper()
    bad = mol_to_svg("C1CC")
    assert "invalid structure" in bad and xml.dom.minidom.parseString(bad)
    assert "invalid structure" in mol_to_svg(None)
    # An unparsable highlight pattern is ignored, the molecule is still drawn.
    assert "<path" in mol_to_svg("CCO", highlight_smarts="C((")
    assert "<path" in mol_to_svg(Chem.MolFromSmiles("c1ccccc1O"))
