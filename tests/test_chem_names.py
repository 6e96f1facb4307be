"""Chemical names -> structures with OPSIN (a real JVM run; skipped where no Java runtime is installed)."""

from __future__ import annotations

import pytest
from rdkit import Chem

from discovery.chem import names
from discovery.chem.names import NameParserUnavailable, name_parser_available, structures_from_names

needs_opsin = pytest.mark.skipif(not name_parser_available(), reason="OPSIN needs a Java runtime")


@needs_opsin
def test_systematic_and_common_names_are_read_in_one_run():
    got = structures_from_names(["4-hydroxybenzoic acid", "(2S)-2-aminopropanoic acid", "cholesterol",
                                 "hexadecanoyl-CoA", "certainly not a chemical"])
    assert got["4-hydroxybenzoic acid"] == "O=C(O)c1ccc(O)cc1"
    assert got["(2S)-2-aminopropanoic acid"] == "C[C@H](N)C(=O)O"  # stereo descriptors are kept
    assert len(Chem.FindMolChiralCenters(Chem.MolFromSmiles(got["cholesterol"]))) == 8
    assert "SCCNC(=O)CCNC(=O)" in got["hexadecanoyl-CoA"]  # the pantetheine arm of coenzyme A
    assert got["certainly not a chemical"] is None


@needs_opsin
def test_answers_are_cached_per_name(monkeypatch):
    structures_from_names(["propan-2-ol"])

    def no_jvm():
        raise AssertionError("a cached name started OPSIN again")

    monkeypatch.setattr(names, "_java", no_jvm)
    assert structures_from_names(["propan-2-ol"]) == {"propan-2-ol": "CC(C)O"}


def test_empty_multiline_and_overlong_strings_are_not_names(monkeypatch):
    monkeypatch.setattr(names, "_java", lambda: None)  # no run is needed for these
    text = "x" * (names.MAX_NAME_LENGTH + 1)
    assert structures_from_names(["", "ethanol\nmethanol", text]) == {"": None, "ethanol\nmethanol": None, text: None}


def test_without_java_the_error_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(names, "_java", lambda: None)
    assert not name_parser_available()
    with pytest.raises(NameParserUnavailable, match="Java runtime"):
        structures_from_names(["2-methylbutane-1,4-diol (never asked before)"])


@pytest.mark.parametrize("name, written", [
    ("(5Z,8Z,11Z)-14,15-dihydroxyicosatrienoic acid", "(5Z,8Z,11Z)-14,15-dihydroxyicosa-5,8,11-trienoic acid"),
    ("(9Z)-octadecenoyl-CoA", "(9Z)-octadec-9-enoyl-CoA"),
    ("(7S,14S)-dihydroxy-(4Z,8E,10E,12Z,16Z,19Z)-docosahexaenoic acid",
     "(7S,14S)-7,14-dihydroxy-(4Z,8E,10E,12Z,16Z,19Z)-docosa-4,8,10,12,16,19-hexaenoic acid"),
    ("(12S)-hydroperoxy-(14S,15R)-epoxy-(5Z,8Z,10E)-icosatrienoic acid",
     "(12S)-12-hydroperoxy-(14S,15R)-14,15-epoxy-(5Z,8Z,10E)-icosa-5,8,10-trienoic acid"),
    ("(2S)-2-aminopropanoic acid", None),      # locants already written
    ("(9Z,12Z)-octadecenoic acid", None),      # two descriptors, one double bond: left alone
    ("benzoic acid", None),
])
def test_locants_implied_by_stereo_descriptors_are_written_out(name, written):
    assert names.with_implied_locants(name) == written


@needs_opsin
def test_chebi_style_unsaturated_chains_are_read_with_their_double_bonds_in_place():
    got = structures_from_names(["(5Z,8Z,11Z,14Z)-icosatetraenoic acid"])["(5Z,8Z,11Z,14Z)-icosatetraenoic acid"]
    assert got == "CCCCC/C=C\\C/C=C\\C/C=C\\C/C=C\\CCCC(=O)O"  # arachidonic acid
