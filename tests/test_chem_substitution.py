"""Substituted rings read from their names: "4-fluorophenyl", "2,4-dichlorophenyl", "pyridin-3-yl"."""

import pytest
from rdkit import Chem

from discovery.chem.groups import has_substructure, lookup_group
from discovery.chem.substitution import substituted_ring


@pytest.mark.parametrize(
    "name, matches, not_matches",
    [
        ("4-fluorophenyl", ["CC(=O)Nc1ccc(F)cc1", "Fc1ccc(-c2ccccn2)cc1"],
         ["CC(=O)Nc1ccccc1F", "CC(=O)Nc1ccc(F)cc1F", "Fc1ccc2[nH]ccc2c1"]),  # ortho; 2,4-difluoro; fused
        ("para-chlorophenyl", ["OC(=O)Cc1ccc(Cl)cc1"], ["OC(=O)Cc1cccc(Cl)c1"]),
        ("2,4-dichlorophenyl", ["NC(=O)Nc1ccc(Cl)cc1Cl"], ["NC(=O)Nc1ccc(Cl)c(Cl)c1", "NC(=O)Nc1ccc(Cl)cc1"]),
        ("3,4-dichlorophenyl", ["NC(=O)Nc1ccc(Cl)c(Cl)c1"], ["NC(=O)Nc1ccc(Cl)cc1Cl"]),
        ("3,5-bis(trifluoromethyl)phenyl", ["OCc1cc(C(F)(F)F)cc(C(F)(F)F)c1"], ["OCc1ccc(C(F)(F)F)cc1"]),
        ("4-(trifluoromethyl)phenyl", ["OCc1ccc(C(F)(F)F)cc1"], ["OCc1cccc(C(F)(F)F)c1"]),
        ("2-chloro-4-fluorophenyl", ["OCc1ccc(F)cc1Cl"], ["OCc1ccc(Cl)cc1F"]),
        ("3,4,5-trimethoxyphenyl", ["COc1cc(C=O)cc(OC)c1OC"], ["COc1cc(C=O)cc(OC)c1"]),
        ("p-tolyl", ["Cc1ccc(S(N)(=O)=O)cc1"], ["Cc1cccc(S(N)(=O)=O)c1"]),
        ("ortho-fluoro benzamide", ["CNC(=O)c1ccccc1F"], ["CNC(=O)c1ccc(F)cc1", "Fc1ccccc1NC(C)=O"]),
        ("meta-substituted benzoic acid", ["OC(=O)c1cccc(Cl)c1"], ["OC(=O)c1ccc(Cl)cc1", "OC(=O)c1ccccc1"]),
        ("1,4-disubstituted benzene", ["Cc1ccc(O)cc1"], ["Cc1ccc(O)c(C)c1", "Cc1cccc(O)c1"]),
        ("monosubstituted phenyl", ["OCc1ccccc1"], ["OCc1ccccc1C"]),
        ("4-methoxybenzyl", ["COc1ccc(CN)cc1"], ["COc1ccc(C(C)N)cc1"]),
        ("3-pyridyl", ["O=C(N)c1cccnc1"], ["O=C(N)c1ccncc1", "O=C(N)c1ccccn1"]),
        ("pyridin-4-yl", ["O=C(N)c1ccncc1"], ["O=C(N)c1cccnc1"]),
        ("5-chloropyridin-2-yl", ["NC(=O)c1ccc(Cl)cn1"], ["NC(=O)c1cc(Cl)ccn1"]),
        ("2-thienyl", ["OCc1cccs1"], ["OCc1ccsc1"]),
        ("2-methylthiazol-4-yl", ["Cc1nc(CO)cs1"], ["Cc1ncc(CO)s1"]),
        ("1-methyl-1H-pyrazol-4-yl", ["Cn1cc(C(N)=O)cn1"], ["Cn1ccc(C(N)=O)n1"]),
        ("piperidin-4-yl", ["O=C(NC1CCNCC1)c1ccccc1"], ["O=C(NC1CCCNC1)c1ccccc1"]),
        ("4-morpholinyl", ["c1ccc(N2CCOCC2)cc1"], ["c1ccc(C2CNCCO2)cc1"]),
        ("oxetan-3-yl", ["CC1(c2ccccc2)COC1"], ["CC1CCO1"]),
        ("4,4-difluoropiperidine", ["O=C(c1ccccc1)N1CCC(F)(F)CC1"], ["O=C(c1ccccc1)N1CCC(F)CC1"]),
        ("3,3-difluorocyclobutyl", ["O=C(N)C1CC(F)(F)C1"], ["O=C(N)C1C(F)(F)CC1"]),
        ("N-methylpiperazine", ["CN1CCN(c2ccccc2)CC1"], ["CC1CN(c2ccccc2)CCN1"]),
        ("4-morpholinophenyl", ["O=C(N)c1ccc(N2CCOCC2)cc1"], ["O=C(N)c1cccc(N2CCOCC2)c1"]),  # a ring in a substituent
        ("4-aryl-piperidin-4-ol", ["OC1(c2ccc(Cl)cc2)CCN(C)CC1"], ["OC1CCN(c2ccccc2)CC1"]),
        ("pyrrolidin-2-one", ["CN1CCCC1=O"], ["O=C1CCNC1", "O=C1CCCCN1"]),
        ("piperidine-4-carboxylic acid", ["OC(=O)C1CCN(C)CC1"], ["OC(=O)C1CCCNC1"]),
        ("pyridine-3-carboxamide", ["NC(=O)c1cccnc1"], ["NC(=O)c1ccncc1"]),
        # numbered aromatic systems: the named positions fixed, the others free
        ("5-fluoroindole", ["Fc1ccc2[nH]ccc2c1", "Cn1ccc2cc(F)ccc21", "Fc1ccc2[nH]cc(CC(=O)O)c2c1"],
         ["Fc1ccc2cc[nH]c2c1", "c1ccc2[nH]ccc2c1"]),
        ("2,4-disubstituted pyrimidines", ["Nc1nccc(-c2ccccc2)n1", "CNc1ncc(F)c(Nc2ccccc2)n1"], ["Nc1ncc(C)cn1"]),
        ("8-substituted xanthines", ["Cn1c(=O)c2[nH]c(-c3ccccc3)nc2n(C)c1=O", "Cn1c(=O)c2c(nc(C3CCCC3)n2C)n(C)c1=O"],
         ["Cn1c(=O)c2c(ncn2C)n(C)c1=O"]),
        ("6-fluoroquinolones", ["O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O"], ["O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)ccc2c1=O"]),
        ("4-anilinoquinazolines", ["COc1cc2ncnc(Nc3ccc(F)c(Cl)c3)c2cc1OC"], ["c1ccc(Nc2nc3ccccc3cn2)cc1"]),
        ("indol-3-yl", ["NCCc1c[nH]c2ccccc12"], ["NCCc1cc2ccccc2[nH]1"]),
        ("3-indolyl", ["NCCc1c[nH]c2ccccc12"], ["NCCc1cc2ccccc2[nH]1"]),
        ("benzimidazol-1-yl", ["CCn1cnc2ccccc21"], ["Cc1nc2ccccc2[nH]1"]),
        ("2-naphthyl", ["OCc1ccc2ccccc2c1"], ["OCc1cccc2ccccc12"]),
        ("5-substituted indole-3-acetic acids", ["COc1ccc2[nH]cc(CC(=O)O)c2c1"], ["OC(=O)Cc1c[nH]c2ccccc12"]),
        ("4-substituted imidazole", ["Cc1c[nH]cn1", "Cc1cnc[nH]1"], ["Cc1ncc[nH]1"]),  # either tautomer
        ("3-substituted coumarins", ["O=c1oc2ccccc2cc1C(C)=O"], ["O=c1ccc2ccccc2o1"]),
        ("N-methylindole", ["Cn1ccc2ccccc21"], ["Cc1cc2ccccc2[nH]1"]),
        ("quinolin-4-amine", ["Nc1ccnc2ccc(Cl)cc12"], ["Nc1ccc2ccccc2n1"]),
        # how many, not where: "methoxyphenyl" is a phenyl with a methoxy at any position
        ("methoxyphenyl", ["COc1ccc(CN)cc1", "COc1ccccc1CN"], ["COc1ccc2ccccc2c1", "CN(C)c1ccc(CN)cc1"]),
        ("dichlorophenyl", ["NC(=O)c1ccc(Cl)c(Cl)c1"], ["NC(=O)c1ccc(Cl)cc1"]),
        # a substituted ring named inside another's name
        ("1-(2-methoxyphenyl)piperazine", ["COc1ccccc1N1CCN(CCCCN2C(=O)CCC2=O)CC1"],
         ["COc1ccc(N2CCNCC2)cc1", "COc1ccccc1CN1CCNCC1"]),  # para; a benzyl
        ("1-(2,3-dichlorophenyl)piperazines", ["Clc1cccc(N2CCN(CCCCO)CC2)c1Cl"], ["Clc1ccc(N2CCNCC2)cc1Cl"]),
        ("4-(3-ethynylanilino)quinazoline", ["C#Cc1cccc(Nc2ncnc3cc(OC)c(OC)cc23)c1"],
         ["Clc1cccc(Nc2ncnc3ccccc23)c1", "C#Cc1cccc(Nc2nc3ccccc3cn2)c1"]),
        ("4-(4-fluorophenyl)piperidine", ["O=C(C)N1CCC(c2ccc(F)cc2)CC1"], ["O=C(C)N1CCC(c2ccccc2F)CC1"]),
        ("1-(pyridin-2-yl)piperazine", ["c1ccc(N2CCNCC2)nc1"], ["c1cc(N2CCNCC2)ccn1"]),
        ("1-(4-fluorobenzyl)piperidine", ["Fc1ccc(CN2CCC(N)CC2)cc1"], ["Fc1ccc(N2CCC(N)CC2)cc1"]),
        # a ring system's class name includes its N-substituted amines (chloroquine is a 4-aminoquinoline)
        ("7-chloro-4-aminoquinolines", ["CCN(CC)CCCC(C)Nc1ccnc2cc(Cl)ccc12", "Nc1ccnc2cc(Cl)ccc12"],
         ["CC(=O)Nc1ccnc2cc(Cl)ccc12"]),
        ("2-(arylamino)phenylacetic acid", ["OC(=O)Cc1ccccc1Nc1c(Cl)cccc1Cl"], ["OC(=O)Cc1ccccc1Oc1ccccc1"]),
        ("4-oxo-1,4-dihydroquinoline-3-carboxylic acid", ["O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O"],
         ["O=C(O)c1ccc2ccccc2n1"]),
        # a "-yl" ring joined through a linker
        ("4-methylpiperazin-1-ylsulfonyl", ["CCCc1nn(C)c2c(=O)[nH]c(-c3cc(S(=O)(=O)N4CCN(C)CC4)ccc3OCC)nc12"],
         ["CCCc1nn(C)c2c(=O)[nH]c(-c3cc(C(=O)N4CCN(C)CC4)ccc3OCC)nc12"]),
        ("3-(morpholin-4-ylmethyl)phenyl", ["O=C(N)c1cccc(CN2CCOCC2)c1"], ["O=C(N)c1cccc(N2CCOCC2)c1"]),
        ("pyridin-3-yloxy", ["CC(=O)Nc1ccc(Oc2cccnc2)cc1"], ["CC(=O)Nc1ccc(Oc2ccccn2)cc1"]),
        # fused hinge binders and the benzodiazepinone, numbered the IUPAC way
        ("pyrrolo[2,3-d]pyrimidin-4-amines", ["C[C@@H]1CCN(C(=O)CC#N)C[C@@H]1N(C)c1ncnc2[nH]ccc12"],
         ["c1ncnc2[nH]ccc12", "CC(=O)Nc1ncnc2[nH]ccc12"]),  # no 4-amine; an amide N
        ("pyrazolo[3,4-d]pyrimidin-4-amine", ["C=CC(=O)N1CCC[C@@H](n2nc(-c3ccc(Oc4ccccc4)cc3)c3c(N)ncnc32)C1"],
         ["Nc1ncnc2[nH]ccc12"]),
        ("5-bromo-7-azaindole", ["Brc1cnc2[nH]ccc2c1"], ["Brc1ccc2[nH]ccc2n1"]),
        ("5-aryl-1,4-benzodiazepin-2-ones", ["CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21"], ["CN1C(=O)CN=C(C)c2cc(Cl)ccc21"]),
        ("7-chloroquinolin-4-amine", ["CCN(CC)CCCC(C)Nc1ccnc2cc(Cl)ccc12"], ["CC(=O)Nc1ccnc2cc(Cl)ccc12"]),
        ("pyridine-4-carbohydrazides", ["NNC(=O)c1ccncc1", "CC(C)=NNC(=O)c1ccncc1"], ["NC(=O)c1ccncc1"]),
        # azoles and azines whose name carries its own locants
        ("1,3,5-triazin-2-yl", ["CNc1ncncn1"], ["CNc1ccncn1", "CNc1nncnc1"]),
        ("4,6-dimethoxy-1,3,5-triazin-2-yl", ["COc1nc(OC)nc(NC(=O)N)n1"], ["COc1ncnc(NC(=O)N)n1"]),
        ("1H-1,2,4-triazol-1-yl", ["OC(Cn1cncn1)(c1ccccc1)c1ccccc1"], ["OC(Cn1ccnn1)(c1ccccc1)c1ccccc1",
                                                                       "Cc1nc[nH]n1"]),
        ("5-methyl-1,3,4-oxadiazol-2-yl", ["Cc1nnc(-c2ccccc2)o1"], ["Cc1nc(-c2ccccc2)no1"]),
        ("1H-tetrazol-5-yl", ["c1ccc(-c2nnn[nH]2)cc1", "c1ccc(-c2nn[nH]n2)cc1"], ["c1ccc(-n2cnnn2)cc1"]),
        # a multiplier-like start is part of the name ("tri" of trifluoromethyl is no "tri-")
        ("4-trifluoromethylphenyl", ["OCc1ccc(C(F)(F)F)cc1"], ["OCc1cccc(C(F)(F)F)c1"]),
        ("6-methoxy-7-trifluoromethyl quinoline", ["COc1cc2cccnc2cc1C(F)(F)F"], ["COc1cc2cccnc2cc1"]),
    ],
)
def test_a_named_substitution_pattern_matches_exactly_that_pattern(name, matches, not_matches):
    group = substituted_ring(name)
    assert group is not None and Chem.MolFromSmiles(group.example) is not None
    assert group.matches(group.example), f"{name}: its own example {group.example}"
    for smi in matches:
        assert group.matches(smi), f"{name} should match {smi}"
    for smi in not_matches:
        assert not group.matches(smi), f"{name} should not match {smi}"


@pytest.mark.parametrize("name", ["4-dichlorophenyl", "7-fluorophenyl", "4-fluoro-4-chlorophenyl", "pyridin-1-yl", "oxetan-1-yl",
                                  "phenyl", "4-fluoro", "2,4-dichloro",
                                  "pyridin-2-one", "piperidin-7-ol", "piperidine-2-dione",
                                  "9-fluoroindole", "3-methylbenzofuran-1-yl", "N-methylquinoline", "indole-1-carboxylic acid"])
def test_impossible_or_incomplete_patterns_are_not_read(name):
    assert substituted_ring(name) is None


def test_group_lookup_and_filters_read_substituted_rings():
    group = lookup_group("2,4-Dichlorophenyl groups")
    assert group is not None and group.name == "2,4-dichlorophenyl"
    assert has_substructure("NC(=O)Nc1ccc(Cl)cc1Cl", "2,4-dichlorophenyl")
    assert not has_substructure("NC(=O)Nc1ccc(Cl)cc1", "2,4-dichlorophenyl")
    assert lookup_group("fluorophenyl").name == "fluorophenyl"  # the listed group: F anywhere on the ring
