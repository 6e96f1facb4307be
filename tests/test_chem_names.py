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
