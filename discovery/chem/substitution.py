"""Substituted rings named the way chemists write them, read into SMARTS.

"4-fluorophenyl", "2,4-dichlorophenyl", "3,5-bis(trifluoromethyl)phenyl", "p-tolyl",
"ortho-fluoro benzamide", "4-substituted phenyl", "1,4-disubstituted benzene", "3-pyridyl",
"5-chloropyridin-2-yl", "2-methylthiazol-4-yl", "4,4-difluoropiperidine", "3,3-difluorocyclobutyl".

The name fixes the whole substitution pattern of the ring, so the pattern does too: the named
positions carry the named substituents (bonded by a non-ring bond, so a fused ring is not a
substituent), and every other ring carbon carries a hydrogen ("4-fluorophenyl" is not
"2,4-difluorophenyl"). Position 1 of a benzene parent is where it is attached ("phenyl": to
anything; "benzamide": to the amide carbon), so ortho / meta / para are positions 2 / 3 / 4.
Heteroaryl rings keep their own numbering ("pyridin-3-yl": attached at C3, N is 1). A saturated
ring fixes only the named positions: its carbons are sp3 (but a "-one") and may carry two
substituents ("4,4-difluoro"), "N-" is its first nitrogen, and its other atoms may carry anything.

:func:`substituted_ring` returns a :class:`~discovery.chem.groups.FunctionalGroup` (name, SMARTS,
an example SMILES), so :func:`discovery.chem.groups.lookup_group` can fall back to it and every
caller of named groups (search filters, the goal parser, the checker) reads these names too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdkit import Chem

__all__ = ["SUBSTITUTED_RING", "substituted_ring", "ring_with_smarts", "remember_ring", "substituent_key", "SUBSTITUENT_WORDS"]

_BUILT: dict = {}  # SMARTS -> the FunctionalGroup built for it (see ring_with_smarts)

# prefix -> (SMARTS of the substituent, from the atom bonded to the ring; SMILES of the same). Rings
# inside a substituent close with 9, so they never pair with the parent ring's 1.
SUBSTITUENTS: dict[str, tuple[str, str]] = {
    "fluoro": ("F", "F"),
    "chloro": ("Cl", "Cl"),
    "bromo": ("Br", "Br"),
    "iodo": ("I", "I"),
    "methyl": ("[CH3]", "C"),
    "ethyl": ("[CH2][CH3]", "CC"),
    "isopropyl": ("[CH1]([CH3])[CH3]", "C(C)C"),
    "tert-butyl": ("[CX4]([CH3])([CH3])[CH3]", "C(C)(C)C"),
    "t-butyl": ("[CX4]([CH3])([CH3])[CH3]", "C(C)(C)C"),
    "cyclopropyl": ("[CH1]9[CH2][CH2]9", "C9CC9"),
    "trifluoromethyl": ("[CX4](F)(F)F", "C(F)(F)F"),
    "difluoromethyl": ("[CH1](F)F", "C(F)F"),
    "methoxy": ("[OX2][CH3]", "OC"),
    "ethoxy": ("[OX2][CH2][CH3]", "OCC"),
    "trifluoromethoxy": ("[OX2][CX4](F)(F)F", "OC(F)(F)F"),
    "difluoromethoxy": ("[OX2][CH1](F)F", "OC(F)F"),
    "hydroxy": ("[OX2H]", "O"),
    "amino": ("[NX3H2]", "N"),
    "methylamino": ("[NX3H1][CH3]", "NC"),
    "dimethylamino": ("[NX3]([CH3])[CH3]", "N(C)C"),
    "nitro": ("[N+](=O)[O-]", "[N+](=O)[O-]"),
    "cyano": ("C#N", "C#N"),
    "acetyl": ("[CX3](=O)[CH3]", "C(C)=O"),
    "acetamido": ("[NX3H1][CX3](=O)[CH3]", "NC(C)=O"),
    "acylamino": ("[NX3H1][CX3](=O)[#6]", "NC(C)=O"),
    "acylaminomethyl": ("[CH2][NX3H1][CX3](=O)[#6]", "CNC(C)=O"),
    "carboxy": ("[CX3](=O)[OX2H1,OX1-]", "C(=O)O"),
    "methoxycarbonyl": ("[CX3](=O)[OX2][CH3]", "C(=O)OC"),
    "carbamoyl": ("[CX3](=O)[NX3H2]", "C(N)=O"),
    "methylthio": ("[SX2][CH3]", "SC"),
    "methylsulfanyl": ("[SX2][CH3]", "SC"),
    "methylsulfonyl": ("[SX4](=O)(=O)[CH3]", "S(C)(=O)=O"),
    "methanesulfonyl": ("[SX4](=O)(=O)[CH3]", "S(C)(=O)=O"),
    "sulfamoyl": ("[SX4](=O)(=O)[NX3H2]", "S(N)(=O)=O"),
    "morpholino": ("[NX3]9CCOCC9", "N9CCOCC9"),
    "phenyl": ("c9ccccc9", "c9ccccc9"),
    "phenoxy": ("[OX2]c9ccccc9", "Oc9ccccc9"),
    "benzyloxy": ("[OX2][CH2]c9ccccc9", "OCc9ccccc9"),
    "aryl": ("a", "c9ccccc9"),
    # what "N-" prefixes put on a saturated ring ("N-sulfonylpyrrolidine", "N-acetylpiperidine")
    "sulfonyl": ("[SX4](=O)(=O)", "S(C)(=O)=O"),
    "acetyl": ("[CX3](=O)[CH3]", "C(C)=O"),
    "acyl": ("[CX3](=O)[#6]", "C(C)=O"),
    "benzoyl": ("[CX3](=O)c9ccccc9", "C(=O)c9ccccc9"),
    "benzyl": ("[CH2]c9ccccc9", "Cc9ccccc9"),
    "heteroaryl": ("[a;!c,$(a9aaaa[!c]9),$(a9aaaaa[!c]9)]", "c9ccncc9"),
    # what "4-anilinoquinazoline", "2-arylamino", "5-halo", "6-alkoxy" put on a ring
    "anilino": ("[NX3H1]c9ccccc9", "Nc9ccccc9"),
    "arylamino": ("[NX3H1]a", "Nc9ccccc9"),
    "benzylamino": ("[NX3H1][CH2]c9ccccc9", "NCc9ccccc9"),
    "alkylamino": ("[NX3H1][CX4]", "NC"),
    "aryloxy": ("[OX2]a", "Oc9ccccc9"),
    "alkyl": ("[CX4]", "C"),
    "alkoxy": ("[OX2][CX4]", "OC"),
    "halo": ("[F,Cl,Br,I]", "Cl"),
    "hydroxymethyl": ("[CH2][OX2H]", "CO"),
    "aminomethyl": ("[CH2][NX3H2]", "CN"),
    "formyl": ("[CH1]=O", "C=O"),
    "ethynyl": ("C#[CH]", "C#C"),
    "cycloalkyl": ("[CX4;R;!$([CX4]~[!#6])]", "C9CCCC9"),
    "piperazinyl": ("[NX3]9[CH2][CH2][NX3][CH2][CH2]9", "N9CCNCC9"),
    # "4-substituted phenyl": anything but hydrogen
    "substituted": ("*", "C"),
}
_SUB_ALIASES = {"fluor": "fluoro", "chlor": "chloro", "brom": "bromo", "hydroxyl": "hydroxy",
                "cyan": "cyano", "tbutyl": "tert-butyl", "iso-propyl": "isopropyl", "i-propyl": "isopropyl",
                "sulphamoyl": "sulfamoyl", "methylsulphonyl": "methylsulfonyl",
                "methanesulphonyl": "methanesulfonyl", "methylsulfanyl": "methylthio",
                # the formulas chemists write ("para-CF3 phenyl", "4-OMe-phenyl")
                "cf3": "trifluoromethyl", "chf2": "difluoromethyl", "ome": "methoxy", "ocf3": "trifluoromethoxy",
                "oet": "ethoxy", "nh2": "amino", "nme2": "dimethylamino", "no2": "nitro", "so2me": "methylsulfonyl",
                "sme": "methylthio", "co2me": "methoxycarbonyl", "conh2": "carbamoyl", "so2nh2": "sulfamoyl",
                "tbu": "tert-butyl", "ipr": "isopropyl", "phenylamino": "anilino", "piperazino": "piperazinyl",
                "halogen": "halo"}

# Ring atoms in numbering order: (SMARTS, SMILES when unsubstituted, SMILES when substituted)
_C = ("c", "c", "c")
_N = ("n", "n", "n")
_NH = ("n", "[nH]", "n")  # pyrrole-type N: carries H in the example unless substituted
_S = ("s", "s", "s")
_O = ("o", "o", "o")
_SC = ("[CX4]", "C", "C")  # saturated ring atoms (a "-one" position is the one sp2 carbon)
_SN = ("N", "N", "N")
_SO = ("O", "O", "O")
BENZENE = (_C,) * 6

# Benzene parents: name -> (SMARTS of what sits at position 1, SMILES of it). None: a bare
# benzene whose locants are all positions ("1,4-disubstituted benzene").
BENZENE_PARENTS: dict[str, tuple[str, str] | None] = {
    "phenyl": ("*", "C"),
    "aryl": ("*", "C"),
    "benzyl": ("[CH2;!R]", "CN"),
    "phenoxy": ("[OX2;!R]", "OC"),
    "benzoyl": ("[CX3;!R](=O)", "C(=O)N"),
    "benzamide": ("[CX3](=O)[NX3]", "C(N)=O"),
    "benzoic acid": ("[CX3](=O)[OX2H1,OX1-]", "C(=O)O"),
    "phenylacetic acid": ("[CH2][CX3](=O)[OX2H1,OX1-]", "CC(=O)O"),
    "benzoate": ("[CX3](=O)[OX2H1,OX1-,OX2]", "C(=O)O"),
    "phenol": ("[OX2H]", "O"),
    "aniline": ("[NX3;!$(N=*);!$(N[#6,#16]=[O,S,N])]", "N"),
    "anilino": ("[NX3;!$(N=*);!$(N[#6,#16]=[O,S,N])]", "N"),
    "anilide": ("[NX3][CX3](=O)[#6]", "NC(C)=O"),
    "benzenesulfonamide": ("[SX4](=O)(=O)[NX3]", "S(N)(=O)=O"),
    "benzonitrile": ("C#N", "C#N"),
    "anisole": ("[OX2][CH3]", "OC"),
    "benzene": None,
}
# Heteroaryl "-yl" rings: name -> ring atoms in their own numbering
HETEROARYLS: dict[str, tuple] = {
    "pyridin": (_N, _C, _C, _C, _C, _C),
    "pyrimidin": (_N, _C, _N, _C, _C, _C),
    "pyrazin": (_N, _C, _C, _N, _C, _C),
    "pyridazin": (_N, _N, _C, _C, _C, _C),
    "thiophen": (_S, _C, _C, _C, _C),
    "furan": (_O, _C, _C, _C, _C),
    "pyrrol": (_NH, _C, _C, _C, _C),
    "thiazol": (_S, _C, _N, _C, _C),
    "oxazol": (_O, _C, _N, _C, _C),
    "isoxazol": (_O, _N, _C, _C, _C),
    "isothiazol": (_S, _N, _C, _C, _C),
    "pyrazol": (_NH, _N, _C, _C, _C),
    "imidazol": (_NH, _C, _N, _C, _C),
    # the azoles and azines whose name carries its own locants ("1,3,5-triazin-2-yl",
    # "1H-1,2,4-triazol-1-yl", "5-methyl-1,3,4-oxadiazol-2-yl", "1H-tetrazol-5-yl")
    "1,3,5-triazin": (_N, _C, _N, _C, _N, _C),
    "1,2,4-triazin": (_N, _N, _C, _N, _C, _C),
    "1,2,4-triazol": (_NH, _N, _C, _N, _C),
    "1,2,3-triazol": (_NH, _N, _N, _C, _C),
    "tetrazol": (_NH, _N, _N, _N, _C),
    "1,2,4-oxadiazol": (_O, _N, _C, _N, _C),
    "1,3,4-oxadiazol": (_O, _C, _N, _N, _C),
    "1,2,4-thiadiazol": (_S, _N, _C, _N, _C),
    "1,3,4-thiadiazol": (_S, _C, _N, _N, _C),
    # saturated rings: their other positions may carry anything
    "piperidin": (_SN, _SC, _SC, _SC, _SC, _SC),
    "piperazin": (_SN, _SC, _SC, _SN, _SC, _SC),
    "morpholin": (_SO, _SC, _SC, _SN, _SC, _SC),
    "pyrrolidin": (_SN, _SC, _SC, _SC, _SC),
    "azetidin": (_SN, _SC, _SC, _SC),
    "oxetan": (_SO, _SC, _SC, _SC),
    "tetrahydropyran": (_SO, _SC, _SC, _SC, _SC, _SC),
    "oxan": (_SO, _SC, _SC, _SC, _SC, _SC),
    "cyclopropan": (_SC,) * 3, "cyclobutan": (_SC,) * 4, "cyclopentan": (_SC,) * 5, "cyclohexan": (_SC,) * 6,
}
# Saturated rings named whole ("4,4-difluoropiperidine", "N-methylpiperazine", "3,3-difluorocyclobutyl"):
# a ring carbon may carry two substituents, "N" is the first nitrogen, other positions carry anything
SATURATED_PARENTS: dict[str, tuple] = {
    "piperidine": HETEROARYLS["piperidin"], "piperazine": HETEROARYLS["piperazin"],
    "morpholine": HETEROARYLS["morpholin"], "pyrrolidine": HETEROARYLS["pyrrolidin"],
    "azetidine": HETEROARYLS["azetidin"], "oxetane": HETEROARYLS["oxetan"],
    "tetrahydropyran": HETEROARYLS["tetrahydropyran"], "oxane": HETEROARYLS["oxan"],
    "cyclopropane": (_SC,) * 3, "cyclobutane": (_SC,) * 4, "cyclopentane": (_SC,) * 5, "cyclohexane": (_SC,) * 6,
}
CYCLOALKYLS = {"cyclopropyl": 3, "cyclobutyl": 4, "cyclopentyl": 5, "cyclohexyl": 6}
# IUPAC suffixes on a ring stem ("piperidin-4-ol", "pyrrolidin-2-one", "piperidine-4-carboxylic
# acid"): what the suffix puts on the numbered position. "=O" is double-bonded to a ring carbon.
SUFFIXES = {
    "ol": ("[OX2H]", "O"),
    # "quinolin-4-amines", "7-chloroquinolin-4-amine" (chloroquine's): the class name includes the
    # N-substituted amines; not an amide N
    "amine": ("[NX3;!$(N[#6,#16]=[O,S])]", "N"),
    "one": ("=O", "=O"),
    "carboxylic acid": ("[CX3](=O)[OX2H1,OX1-]", "C(=O)O"),
    "carboxamide": ("[CX3](=O)[NX3]", "C(N)=O"),
    "carbonitrile": ("C#N", "C#N"),
    "acetic acid": ("[CH2][CX3](=O)[OX2H1,OX1-]", "CC(=O)O"),
    "carbaldehyde": ("[CH1]=O", "C=O"),
    "sulfonamide": ("[SX4](=O)(=O)[NX3]", "S(N)(=O)=O"),
    "carboxanilide": ("[CX3](=O)[NX3H1]c9ccccc9", "C(=O)Nc9ccccc9"),
    "carbohydrazide": ("[CX3](=O)[NX3H1][NX3,NX2]", "C(=O)NN"),
}
_SATURATED_STEMS = ("piperidin", "piperazin", "morpholin", "pyrrolidin", "azetidin", "oxetan", "tetrahydropyran", "oxan",
                    "cyclopropan", "cyclobutan", "cyclopentan", "cyclohexan")
# "3-pyridyl", "2-thienyl": the older "-yl" names
_OLD_YL = {"pyridyl": "pyridin", "pyridinyl": "pyridin", "pyrimidinyl": "pyrimidin", "pyrazinyl": "pyrazin",
           "pyridazinyl": "pyridazin", "thienyl": "thiophen", "thiophenyl": "thiophen", "furyl": "furan",
           "furanyl": "furan", "pyrrolyl": "pyrrol", "thiazolyl": "thiazol", "oxazolyl": "oxazol",
           "isoxazolyl": "isoxazol", "isothiazolyl": "isothiazol", "pyrazolyl": "pyrazol", "imidazolyl": "imidazol",
           "piperidinyl": "piperidin", "piperidyl": "piperidin", "piperazinyl": "piperazin",
           "morpholinyl": "morpholin", "pyrrolidinyl": "pyrrolidin", "azetidinyl": "azetidin", "oxetanyl": "oxetan",
           "tetrahydropyranyl": "tetrahydropyran", "oxanyl": "oxan"}

# Aromatic ring systems named whole and numbered the IUPAC way ("5-fluoroindole", "4-aminoquinolines",
# "2,4-disubstituted pyrimidines", "8-substituted xanthines", "indol-3-yl", "quinoline-4-carboxylic
# acid"). A template is one SMILES that is also a SMARTS; "{k:atom}" is the substitutable ring atom
# numbered k, "{k:SMARTS|SMILES|SMILES when substituted}" one whose H goes with a substituent (the
# pyrrole-type N). Unlike the phenyl names, the positions a name leaves out may carry anything: a
# chemist asking for "5-substituted indoles" does not forbid an N-methyl. The ring N of the
# NH-tautomer rings is written "n", so "4-substituted imidazole" also matches its 5-tautomer.
_PYRROLE_N = "n|[nH]|n"
NUMBERED_RINGS: dict[str, str] = {
    "indole": f"{{1:{_PYRROLE_N}}}1{{2:c}}{{3:c}}c2{{4:c}}{{5:c}}{{6:c}}{{7:c}}c21",
    "indazole": f"{{1:{_PYRROLE_N}}}1n{{3:c}}c2{{4:c}}{{5:c}}{{6:c}}{{7:c}}c21",
    "benzimidazole": f"{{1:{_PYRROLE_N}}}1{{2:c}}nc2{{4:c}}{{5:c}}{{6:c}}{{7:c}}c21",
    "benzofuran": "o1{2:c}{3:c}c2{4:c}{5:c}{6:c}{7:c}c21",
    "benzothiophene": "s1{2:c}{3:c}c2{4:c}{5:c}{6:c}{7:c}c21",
    "benzoxazole": "o1{2:c}nc2{4:c}{5:c}{6:c}{7:c}c21",
    "benzothiazole": "s1{2:c}nc2{4:c}{5:c}{6:c}{7:c}c21",
    "quinoline": "n1{2:c}{3:c}{4:c}c2{5:c}{6:c}{7:c}{8:c}c21",
    "isoquinoline": "{1:c}1n{3:c}{4:c}c2{5:c}{6:c}{7:c}{8:c}c21",
    "quinazoline": "n1{2:c}n{4:c}c2{5:c}{6:c}{7:c}{8:c}c21",
    "quinoxaline": "n1{2:c}{3:c}nc2{5:c}{6:c}{7:c}{8:c}c21",
    "naphthalene": "{1:c}1{2:c}{3:c}{4:c}c2{5:c}{6:c}{7:c}{8:c}c21",
    "purine": f"{{6:c}}1n{{2:c}}nc2c1n{{8:c}}{{9:{_PYRROLE_N}}}2",
    "xanthine": f"O=c1{{1:{_PYRROLE_N}}}c(=O){{3:{_PYRROLE_N}}}c2c1{{7:{_PYRROLE_N}}}{{8:c}}n2",
    "coumarin": "O=c1{3:c}{4:c}c2{5:c}{6:c}{7:c}{8:c}c2o1",
    "chromone": "o1{2:c}{3:c}c(=O)c2{5:c}{6:c}{7:c}{8:c}c21",
    "quinolone": f"{{1:{_PYRROLE_N}}}1{{2:c}}{{3:c}}c(=O)c2{{5:c}}{{6:c}}{{7:c}}{{8:c}}c21",
    "pyridine": "n1{2:c}{3:c}{4:c}{5:c}{6:c}1",
    "pyrimidine": "n1{2:c}n{4:c}{5:c}{6:c}1",
    "pyrazine": "n1{2:c}{3:c}n{5:c}{6:c}1",
    "pyridazine": "n1n{3:c}{4:c}{5:c}{6:c}1",
    "thiophene": "s1{2:c}{3:c}{4:c}{5:c}1",
    "furan": "o1{2:c}{3:c}{4:c}{5:c}1",
    "pyrrole": f"{{1:{_PYRROLE_N}}}1{{2:c}}{{3:c}}{{4:c}}{{5:c}}1",
    "thiazole": "s1{2:c}n{4:c}{5:c}1",
    "oxazole": "o1{2:c}n{4:c}{5:c}1",
    "isoxazole": "o1n{3:c}{4:c}{5:c}1",
    "isothiazole": "s1n{3:c}{4:c}{5:c}1",
    "imidazole": f"{{1:{_PYRROLE_N}}}1{{2:c}}n{{4:c}}{{5:c}}1",
    "pyrazole": f"{{1:{_PYRROLE_N}}}1n{{3:c}}{{4:c}}{{5:c}}1",
    # the fused hinge binders of kinase chemistry ("pyrrolo[2,3-d]pyrimidin-4-amines", "7-azaindole")
    "pyrrolo[2,3-d]pyrimidine": f"n1{{2:c}}n{{4:c}}c2{{5:c}}{{6:c}}{{7:{_PYRROLE_N}}}c21",
    "pyrazolo[3,4-d]pyrimidine": f"n1{{6:c}}n{{4:c}}c2{{3:c}}n{{1:{_PYRROLE_N}}}c21",
    "pyrrolo[2,3-b]pyridine": f"{{1:{_PYRROLE_N}}}1{{2:c}}{{3:c}}c2{{4:c}}{{5:c}}{{6:c}}nc21",
    "thieno[2,3-d]pyrimidine": "n1{2:c}n{4:c}c2{5:c}{6:c}sc21",
    "imidazo[1,2-a]pyridine": "n1{2:c}{3:c}n2{5:c}{6:c}{7:c}{8:c}c12",
    "pyrazolo[1,5-a]pyrimidine": "n1n2{7:c}{6:c}{5:c}nc2{3:c}{2:c}1",
    # the benzodiazepines' lactam ("5-aryl-1,4-benzodiazepin-2-ones", "7-chloro-...")
    "1,4-benzodiazepin-2-one": "{1:N}1C(=O){3:C}N={5:C}c2{6:c}{7:c}{8:c}{9:c}c21",
}
_NUMBERED_ALIASES = {"7-azaindole": "pyrrolo[2,3-b]pyridine", "7-deazapurine": "pyrrolo[2,3-d]pyrimidine",
                     "benzo[b]thiophene": "benzothiophene", "4-quinolone": "quinolone", "quinolin-4-one": "quinolone",
                     "4-quinolinone": "quinolone", "4-oxo-1,4-dihydroquinoline": "quinolone", "quinolin-4(1h)-one": "quinolone", "chromen-4-one": "chromone", "2h-chromen-2-one": "coumarin"}
# fused stems of the "-yl" and suffix names ("indol-3-yl", "quinoline-4-carboxamide") and the older
# "-yl" names ("3-indolyl", "2-naphthyl"); the monocyclic ones are HETEROARYLS (other positions H)
_FUSED = ("indole", "indazole", "benzimidazole", "benzofuran", "benzothiophene", "benzoxazole", "benzothiazole",
          "quinoline", "isoquinoline", "quinazoline", "quinoxaline", "naphthalene", "purine", "pyrrolo[2,3-d]pyrimidine",
          "pyrazolo[3,4-d]pyrimidine", "pyrrolo[2,3-b]pyridine", "thieno[2,3-d]pyrimidine", "imidazo[1,2-a]pyridine",
          "pyrazolo[1,5-a]pyrimidine")
_FUSED_STEMS = {(n[:-1] if n.endswith("e") else n): n for n in _FUSED} | {
    "benzo[b]thiophen": "benzothiophene", "quinolon": "quinolone", "4-quinolon": "quinolone",
    "4-oxo-1,4-dihydroquinolin": "quinolone"}
_FUSED_OLD_YL = {"indolyl": "indole", "indazolyl": "indazole", "benzimidazolyl": "benzimidazole",
                 "benzofuranyl": "benzofuran", "benzofuryl": "benzofuran", "benzothienyl": "benzothiophene",
                 "benzothiophenyl": "benzothiophene", "benzoxazolyl": "benzoxazole", "benzothiazolyl": "benzothiazole",
                 "quinolyl": "quinoline", "quinolinyl": "quinoline", "isoquinolyl": "isoquinoline",
                 "isoquinolinyl": "isoquinoline", "quinazolinyl": "quinazoline", "quinoxalinyl": "quinoxaline",
                 "naphthyl": "naphthalene", "purinyl": "purine"}
# what joins a "-yl" ring to the rest: "morpholin-4-ylmethyl", "4-methylpiperazin-1-ylsulfonyl",
# "piperidin-1-ylcarbonyl", "pyridin-3-yloxy" (SMARTS, SMILES written from the ring's side)
LINKS = {"methyl": ("[CH2;!R]", "C"), "sulfonyl": ("[SX4](=O)(=O)", "S(=O)(=O)"), "carbonyl": ("[CX3;!R](=O)", "C(=O)"),
         "oxy": ("[OX2;!R]", "O"), "amino": ("[NX3H1;!R]", "N"), "ethyl": ("[CH2;!R][CH2;!R]", "CC")}
_LINK = "|".join(LINKS)
_CLASS_AMINO = ("[NX3;!$(N[#6,#16]=[O,S])]", "N")
_TEMPLATE_ATOM = re.compile(r"\{(\d):([^}]+)\}(\d*)")

_MULT = {"": 1, "mono": 1, "di": 2, "tri": 3, "tetra": 4, "penta": 5, "bis": 2, "tris": 3}
_OMP = {"o": 2, "ortho": 2, "m": 3, "meta": 3, "p": 4, "para": 4}


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]").replace(r"\-", r"-?") for w in sorted(words, key=len, reverse=True))


_LOC = r"(?:\d(?:\s?,\s?\d)*|ortho|meta|para|o|m|p|N\d?)"
_SUB = _alt(list(SUBSTITUENTS) + list(_SUB_ALIASES))
# a piece: "4-fluoro", "3,5-bis(trifluoromethyl)", or a nested substituted-ring name in parentheses
# ("1-(2-methoxyphenyl)", "4-(3-chloro-4-fluoroanilino)"), checked by _as_branch when read
_PIECE = rf"{_LOC}-(?:\([^()]+\)|(?:mono|di|tri|tetra|penta|bis|tris)?\(?(?:{_SUB})\)?)"
_HET = _alt(HETEROARYLS)
_OLD = _alt(_OLD_YL)
_BENZ = _alt(BENZENE_PARENTS)
_SAT = _alt(SATURATED_PARENTS)
_STEM = _alt(HETEROARYLS)
_SUFFIX = _alt(SUFFIXES)
_CYC = _alt(CYCLOALKYLS)
_NUMBERED = _alt(list(NUMBERED_RINGS) + list(_NUMBERED_ALIASES))
_FSTEM = _alt(_FUSED_STEMS)
_FOLD = _alt(_FUSED_OLD_YL)
# "2-chloro-4-fluorophenyl", "ortho-fluoro benzamide", "p-tolyl", "pyridin-3-yl", "3-pyridyl",
# "5-chloropyridin-2-yl", "1-methyl-1H-pyrazol-4-yl", "mono-substituted phenyl"
SUBSTITUTED_RING = re.compile(
    rf"(?<![\w,-])(?P<body>"
    rf"(?P<pieces>(?:{_PIECE}-?)+)\s?(?P<benz>{_BENZ})"
    rf"|(?P<tloc>{_LOC})-tolyl"
    rf"|(?P<mono>mono-?substituted|unsubstituted)\s(?P<mbenz>phenyl|benzene)"
    # "dichlorophenyl", "trifluorobenzene", "methoxyphenyl": how many, not where
    rf"|(?P<cmult>di|tri|bis|tris)?\(?(?P<csub>{_SUB})\)?\s?(?P<cbenz>phenyl|benzene)"
    rf"|(?P<hpieces>(?:{_PIECE}[-\s]?)*)(?:\d?H-)?(?P<het>{_HET})-(?P<hloc>\d)-yl(?P<link>{_LINK})?"
    rf"|(?P<oloc>\d)-(?P<old>{_OLD})"
    rf"|(?P<spieces>(?:{_PIECE}[-\s]?)+)(?P<sat>{_SAT})"
    rf"|(?P<cpieces>(?:{_PIECE}-?)+)(?P<cyc>{_CYC})"
    rf"|(?P<xpieces>(?:{_PIECE}-?)*)(?P<xstem>{_STEM})e?-(?P<xloc>\d(?:,\d)*)-(?P<xmult>di|tri)?(?P<suffix>{_SUFFIX})"
    # numbered aromatic systems: "5-fluoroindole", "2,4-disubstituted pyrimidine", "1-methylindol-3-yl",
    # "3-indolyl", "5-substituted indole-3-acetic acid"
    rf"|(?P<npieces>(?:{_PIECE}-?)+)\s?(?:\d?H-)?(?P<nring>{_NUMBERED})"
    rf"|(?P<ypieces>(?:{_PIECE}-?)*)(?:\d?H-)?(?P<ystem>{_FSTEM})-(?P<yloc>\d)-yl"
    rf"|(?P<foloc>\d)-(?P<fold>{_FOLD})"
    rf"|(?P<fpieces>(?:{_PIECE}[-\s]?)*)(?:\d?H-)?(?P<fstem>{_FSTEM})e?-(?P<floc>\d)-(?P<fsuffix>{_SUFFIX})"
    rf")(?:e?s)?(?![\w-])",
    re.I,
)


#: every word :func:`substituent_key` reads ("methoxy", "OMe", "CF3", "tert-butyl" ...)
SUBSTITUENT_WORDS = tuple(sorted({*SUBSTITUENTS, *_SUB_ALIASES}, key=len, reverse=True))


def substituent_key(word: str) -> str | None:
    """The :data:`SUBSTITUENTS` key a prefix stands for ("CF3", "fluor", "tert butyl"); None when none."""
    key = re.sub(r"\s+", "-", word.strip().lower())
    key = _SUB_ALIASES.get(key, key)
    return key if key in SUBSTITUENTS else None


def _pieces(text: str) -> list[tuple[list[int | str], tuple[str, str]]] | None:
    """'2-chloro-4-fluoro' -> [([2], chloro), ([4], fluoro)], each substituent as its (SMARTS, SMILES)
    branch; '1-(2-methoxyphenyl)' -> [([1], the 2-methoxyphenyl branch)]. None when the locants do
    not match the multiplier ('2,4-chloro', '4-dichloro') or a nested name is not one."""
    out = []
    # a name ends where the word does: "7-trifluoromethyl" is not "7-tri" + "fluor"
    for m in re.finditer(rf"(?P<loc>{_LOC})-(?:\((?P<nested>[^()]+)\)|"
                         rf"(?P<mult>mono|di|tri|tetra|penta|bis|tris)?\(?(?P<sub>{_SUB})\)?(?![a-z]))", text, re.I):
        locs = [int(x) if x.strip().isdigit() else x.strip().lower() for x in m["loc"].split(",")]
        if m["nested"] is not None:
            key = substituent_key(m["nested"])  # "4-(trifluoromethyl)": a plain substituent in brackets
            branch = SUBSTITUENTS[key] if key else _as_branch(m["nested"])
            if branch is None or len(locs) != 1:
                return None
            out.append((locs, branch))
            continue
        sub = substituent_key(m["sub"])
        if sub is None:
            return None
        mult = _MULT[(m["mult"] or "").lower()]
        if len(locs) != mult and not (mult == 2 and len(locs) == 1 and locs[0] in _OMP):
            return None
        out.append((locs, SUBSTITUENTS[sub]))
    return out


def _build(atoms: tuple, subs: dict[int, list[tuple[str, str]]], ring_closure: str = "1") -> tuple[str, str]:
    """SMARTS and example SMILES of a ring (atoms in numbering order) with substituents at positions
    (an empty list: the position is bonded to what the ring is written inside of)."""
    smarts, smiles = [], []
    n = len(atoms)
    for i, (a_smarts, a_smiles, a_smiles_sub) in enumerate(atoms, start=1):
        closure = ring_closure if i in (1, n) else ""
        if i in subs:
            if any(sub.startswith("=") for sub, _ in subs[i]):  # "pyrrolidin-2-one": C=O, not sp3
                a_smarts = "C"
            smarts.append(a_smarts + closure + "".join(f"({'' if s.startswith('=') else '-!@'}{s})" for s, _ in subs[i]))
            smiles.append(a_smiles_sub + closure + "".join(f"({s})" for _, s in subs[i]))
        else:
            smarts.append(("[cH]" if a_smarts == "c" else a_smarts) + closure)
            smiles.append(a_smiles + closure)
    return "".join(smarts), "".join(smiles)


def _layout(m) -> tuple | None:
    """How a :data:`SUBSTITUTED_RING` match is built: the finished (SMARTS, SMILES) of a counted or
    numbered name, or (atoms, subs, attach, parent): the ring atoms in numbering order, the
    substituents by position (the attachment's among them), the position bonded to the rest of the
    molecule (None for a whole ring: "1,4-disubstituted benzene", "4,4-difluoropiperidine") and the
    benzene parent's or the linker's name ("benzyl", "sulfonyl"). None for an impossible pattern."""
    subs: dict[int, list[tuple[str, str]]] = {}
    atoms: tuple = BENZENE

    subs: dict[int, list[tuple[str, str]]] = {}
    atoms: tuple = BENZENE

    def place(pos, sub: tuple[str, str]) -> bool:
        """Put a substituent on a ring position: one per aromatic atom or N, two per ring carbon."""
        if pos == "n":  # "N-methylpiperazine": the first nitrogen
            pos = next((k for k, a in enumerate(atoms, start=1) if a is _SN), None)
        if not isinstance(pos, int) or not 1 <= pos <= len(atoms):
            return False
        if len(subs.get(pos, ())) >= (2 if atoms[pos - 1] is _SC else 1):
            return False
        subs.setdefault(pos, []).append(sub)
        return True

    attach, parent = None, None
    if m["csub"]:
        return _counted_on_benzene(m)
    elif m["nring"] or m["ystem"] or m["fold"] or m["fstem"]:
        return _numbered_ring(m)
    elif m["benz"] or m["tloc"] or m["mono"]:
        parent_key = re.sub(r"[\s-]+", " ", (m["benz"] or m["mbenz"] or "phenyl").lower())
        parent_key = next((k for k in BENZENE_PARENTS if re.sub(r"[\s-]+", " ", k) == parent_key), "phenyl")
        principal = BENZENE_PARENTS[parent_key]
        if m["tloc"]:
            pieces = [([m["tloc"].lower()], SUBSTITUENTS["methyl"])]
        elif m["mono"]:
            pieces = []
        else:
            pieces = _pieces(m["pieces"])
            if not pieces:
                return None
        if principal is not None:
            subs[1], attach, parent = [principal], 1, parent_key
        for locs, sub in pieces:
            if principal is None and len(locs) == 1 and locs[0] in _OMP:
                # "para-disubstituted benzene": positions 1 and 4
                locs = [1, _OMP[locs[0]]]
            for loc in locs:
                pos = _OMP.get(loc, loc) if isinstance(loc, str) else loc
                if not place(pos, sub):
                    return None
        if m["mono"] and principal is None:  # "monosubstituted benzene": one substituent
            subs[1] = [SUBSTITUENTS["substituted"]]
    elif m["xstem"]:
        # "4-aryl-piperidin-4-ol", "pyrrolidin-2-one", "piperidine-2,6-dione", "pyridine-3-carboxamide"
        stem = m["xstem"].lower()
        atoms = HETEROARYLS[stem]
        suffix = re.sub(r"\s+", " ", m["suffix"].lower())
        locs = [int(x) for x in m["xloc"].split(",")]
        if len(locs) != _MULT[(m["xmult"] or "").lower()] or (suffix == "one" and stem not in _SATURATED_STEMS):
            return None
        for loc in locs:
            if not 1 <= loc <= len(atoms) or atoms[loc - 1] not in (_C, _SC) and not (atoms[loc - 1] is _SN and suffix != "one"):
                return None
            subs.setdefault(loc, []).append(SUFFIXES[suffix])
        pieces = _pieces(m["xpieces"]) if m["xpieces"] else []
        if pieces is None:
            return None
        for piece_locs, sub in pieces:
            for loc in piece_locs:
                if (loc != "n" and not isinstance(loc, int)) or not place(loc, sub):
                    return None
    elif m["sat"] or m["cyc"]:
        if m["sat"]:
            atoms = SATURATED_PARENTS[m["sat"].lower()]
        else:  # "3,3-difluorocyclobutyl": attached at C1
            atoms = (_SC,) * CYCLOALKYLS[m["cyc"].lower()]
            subs[1], attach = [("*", "C")], 1
        pieces = _pieces(m["spieces"] or m["cpieces"])
        if not pieces:
            return None
        for locs, sub in pieces:
            for loc in locs:
                if (loc != "n" and not isinstance(loc, int)) or not place(loc, sub):
                    return None
    else:
        het = m["het"] or _OLD_YL[m["old"].lower()]
        atoms = HETEROARYLS[het.lower()]
        pos = int(m["hloc"] or m["oloc"])
        if not 1 <= pos <= len(atoms):
            return None
        link = LINKS.get((m["link"] or "").lower())
        subs[pos], attach = [(link[0], link[1] + "C") if link else ("*", "C")], pos
        parent = m["link"].lower() if link else None
        pieces = _pieces(m["hpieces"]) if m["hpieces"] else []
        if pieces is None:
            return None
        for locs, sub in pieces:
            for loc in locs:
                if not isinstance(loc, int) or not place(loc, sub):
                    return None
        # nothing hangs on a pyridine-type N (pyridin-1-yl), an O or an S
        if atoms[pos - 1] in (_N, _S, _O, _SO):
            return None
    return atoms, subs, attach, parent


# what a nested benzene name puts between its ring and the ring it hangs on ("1-(4-fluorobenzyl)")
_BRANCH_PREFIX = {"phenyl": ("", ""), "aryl": ("", ""), "benzyl": ("[CH2]", "C"), "phenoxy": ("[OX2]", "O"),
                  "benzoyl": ("[CX3](=O)", "C(=O)"), "anilino": ("[NX3H1]", "N")}


@lru_cache(maxsize=512)
def _as_branch(text: str) -> tuple[str, str] | None:
    """A substituted-ring name as a substituent of another ring ("1-(2-methoxyphenyl)piperazine",
    "4-(3-ethynylanilino)quinazoline"): its (SMARTS, SMILES) written from the atom bonded to the outer
    ring, its own ring closed with 8. None when the name is no substituent (a whole ring, a
    numbered fused system)."""
    m = SUBSTITUTED_RING.fullmatch(re.sub(r"\s+", " ", text.strip()))
    layout = _layout(m) if m else None
    if layout is None or len(layout) == 2 or layout[2] is None:
        return None
    atoms, subs, attach, parent = layout
    prefix = _BRANCH_PREFIX.get(parent) if parent else ("", "")
    if prefix is None and parent in LINKS:  # "(4-methylpiperazin-1-ylsulfonyl)": the link bonds to the outer ring
        prefix = LINKS[parent]
    if prefix is None:
        return None
    n = len(atoms)
    # the same ring written from the attached atom: old position p is new position (p - attach) % n + 1
    rotated = tuple(atoms[(attach - 1 + k) % n] for k in range(n))
    moved = {(p - attach) % n + 1: branches for p, branches in subs.items() if p != attach}
    moved[1] = []
    smarts, smiles = _build(rotated, moved, ring_closure="8")
    return prefix[0] + smarts, prefix[1] + smiles


@lru_cache(maxsize=512)
def substituted_ring(text: str):
    """The :class:`~discovery.chem.groups.FunctionalGroup` a substituted-ring name stands for.

    Parameters
    ----------
    text : str
        E.g. ``"2,4-dichlorophenyl"``, ``"p-tolyl"``, ``"ortho-fluoro benzamides"``,
        ``"pyridin-3-yl"``, ``"1,4-disubstituted benzene"``.

    Returns
    -------
    FunctionalGroup or None
        None when the text is not such a name, or names an impossible pattern (a locant past
        the ring, two substituents on one position, a substituent on the attachment point).
    """
    from .groups import RING, FunctionalGroup

    if not isinstance(text, str):
        return None
    name = re.sub(r"\s+", " ", text.strip())
    name = re.sub(r"(?:\s(?:groups?|moiet(?:y|ies)|rings?|substituents?|units?|motifs?))+$", "", name, flags=re.I)
    m = SUBSTITUTED_RING.fullmatch(name)
    if m is None:
        return None
    layout = _layout(m)
    if layout is None:
        return None
    smarts, smiles = layout if len(layout) == 2 else _build(*layout[:2])
    example = Chem.MolFromSmiles(smiles)
    if example is None or Chem.MolFromSmarts(smarts) is None:
        return None
    group = FunctionalGroup(m["body"].lower(), smarts, category=RING, example=Chem.MolToSmiles(example))
    _BUILT.setdefault(smarts, group)
    return group


def _counted_on_benzene(m) -> tuple[str, str] | None:
    """SMARTS and example of "dichlorophenyl" / "trifluorobenzene" / "methoxyphenyl": that many of the substituent on
    one benzene ring, at any positions (each arrangement one recursive alternative); a phenyl is
    also bonded to something at position 1. Other positions may carry anything."""
    from itertools import combinations

    sub = substituent_key(m["csub"])
    if sub is None:
        return None
    n, phenyl = _MULT[(m["cmult"] or "").lower()], m["cbenz"].lower() == "phenyl"
    sub_smarts, sub_smiles = SUBSTITUENTS[sub]
    # a phenyl's position 1 is its attachment; a benzene's arrangements, up to rotation, start at 1
    arrangements = list(combinations(range(2, 7), n)) if phenyl else [p for p in combinations(range(1, 7), n) if p[0] == 1]

    def ring(places, branch: str) -> str:
        return "".join(f"c{'1' if i in (1, 6) else ''}" + (branch if i in places else "") for i in range(1, 7))

    alternatives = [ring(p, f"(-!@{sub_smarts})") for p in arrangements]
    if phenyl:
        alternatives = ["c1(-!@*)" + a[2:] for a in alternatives]
    example = ("C" if phenyl else "") + ring(arrangements[0], f"({sub_smiles})")
    return "[" + ",".join(f"$({a})" for a in alternatives) + "]", example


def _numbered_ring(m) -> tuple[str, str] | None:
    """SMARTS and example SMILES of a numbered aromatic system read by SUBSTITUTED_RING (its n*, y*,
    fo*, f* groups); None for a position the ring does not have or that cannot carry the substituent."""
    if m["nring"]:
        key = re.sub(r"\s+", " ", m["nring"].lower())
        ring, pieces, attached = _NUMBERED_ALIASES.get(key, key), _pieces(m["npieces"]), None
    elif m["ystem"] or m["fstem"]:
        stem = (m["ystem"] or m["fstem"]).lower()
        ring = _FUSED_STEMS[stem]
        pieces = _pieces(m["ypieces"] or m["fpieces"] or "")
        attached = (int(m["yloc"] or m["floc"]), ("*", "C") if m["ystem"] else SUFFIXES[re.sub(r"\s+", " ", m["fsuffix"].lower())])
    else:
        ring, pieces, attached = _FUSED_OLD_YL[m["fold"].lower()], [], (int(m["foloc"]), ("*", "C"))
    if pieces is None:
        return None
    template = NUMBERED_RINGS[ring]
    positions = {int(k): atom for k, atom, _ in _TEMPLATE_ATOM.findall(template)}
    nitrogens = [k for k, atom in positions.items() if atom.startswith("n")]
    subs: dict[int, tuple[str, str]] = {}
    for locs, sub in pieces:
        for loc in locs:
            if isinstance(loc, str) and loc.startswith("n"):  # "N-methylindole", "N1-benzyl"
                loc = int(loc[1:]) if loc[1:] else (nitrogens[0] if len(nitrogens) == 1 else None)
                if loc not in nitrogens:
                    return None
            if not isinstance(loc, int) or loc not in positions or loc in subs:
                return None
            # a ring system's class name ("4-aminoquinolines", "2-aminopyrimidines") includes its
            # N-substituted amines (chloroquine, imatinib's anilinopyrimidine), not the amides
            subs[loc] = _CLASS_AMINO if sub == SUBSTITUENTS["amino"] else sub
    if attached is not None:
        # "benzimidazol-1-yl" hangs on the pyrrole-type N; a suffix group does not
        if attached[0] not in positions or attached[0] in subs or (attached[0] in nitrogens and not m["ystem"]):
            return None
        subs[attached[0]] = attached[1]

    def atom(match, smiles: bool) -> str:
        k, forms, closure = int(match[1]), match[2].split("|"), match[3]
        smarts_atom, bare, with_sub = forms * 3 if len(forms) == 1 else forms
        if k not in subs:
            return (bare if smiles else smarts_atom) + closure
        sub_smarts, sub_smiles = subs[k]
        return (with_sub + closure + f"({sub_smiles})") if smiles else (smarts_atom + closure + f"(-!@{sub_smarts})")

    return (_TEMPLATE_ATOM.sub(lambda x: atom(x, False), template),
            _TEMPLATE_ATOM.sub(lambda x: atom(x, True), template))


def remember_ring(group) -> None:
    """Keep a ring group built elsewhere (the goal reader's "five-membered ring containing sulfur") so
    :func:`ring_with_smarts` finds its example from its SMARTS."""
    _BUILT.setdefault(group.smarts, group)


def ring_with_smarts(smarts: str):
    """The substituted ring this process built with ``smarts`` (None when it built none): the
    goal constraints hold SMARTS, and seed builders need the ring's example molecule."""
    return _BUILT.get(smarts)
