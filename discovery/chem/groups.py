"""Named functional groups, ring systems, scaffolds and element classes as SMARTS.

Used by the search filters ("has a sulfonamide"), the goal parser ("no halogens", "with a
piperazine") and the goal checker. Every entry carries an example SMILES it matches (and, for
the tricky ones, SMILES it must not match); the tests check all of them.

Conventions
-----------
- Aliphatic ring systems (piperidine, morpholine ...) match the saturated ring with any
  substituents, including on nitrogen; aromatic ring systems (pyridine, indole ...) match the
  ring wherever it occurs, also inside larger fused systems (quinoline contains a pyridine ring).
- ``amine`` means an sp3 nitrogen bonded only to carbon/hydrogen and not to a carbonyl,
  thiocarbonyl or imine carbon (so amides, ureas, sulfonamides, amidines are not amines);
  anilines count as amines, ``aliphatic amine`` excludes them.
- Names are matched through :func:`lookup_group`, which is case-insensitive and accepts plurals,
  British spellings (sulph-), Greek letters (β-lactam), hyphen/space variants and suffixes such
  as "group", "moiety", "ring".
- Substituted rings with positions ("4-fluorophenyl", "3,5-dichlorophenyl", "pyridin-3-yl")
  are not listed: :mod:`discovery.chem.substitution` builds them from the name, and
  :func:`lookup_group` falls back to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdkit import Chem

from discovery.errors import ChemError

from .mol import to_mol

__all__ = [
    "FunctionalGroup",
    "GROUPS",
    "GROUP_CATEGORIES",
    "compile_smarts",
    "lookup_group",
    "find_groups",
    "has_substructure",
    "count_matches",
    "find_group_mentions",
]

GROUP_CATEGORIES = ("functional group", "ring system", "scaffold", "element class")


@dataclass(frozen=True)
class FunctionalGroup:
    """A named substructure.

    Attributes
    ----------
    name : str
        Canonical name (lower case), e.g. ``"sulfonamide"``.
    smarts : str
        SMARTS pattern.
    synonyms : tuple of str
        Other names (plurals and spelling variants are handled by :func:`lookup_group`).
    category : str
        One of :data:`GROUP_CATEGORIES`.
    example : str
        A SMILES that contains the group (checked by the tests).
    negatives : tuple of str
        SMILES that must not match (for groups that are easy to confuse).
    excludes : str
        SMARTS that "no <group>" excludes, when that is wider than the group itself: "no amide"
        also rules out ureas, carbamates and imides (empty: the group's own SMARTS).
    """

    name: str
    smarts: str
    synonyms: tuple[str, ...] = ()
    category: str = "functional group"
    example: str = ""
    negatives: tuple[str, ...] = field(default=())
    excludes: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.synonyms, str) or isinstance(self.negatives, str):
            raise TypeError(f"{self.name}: synonyms and negatives must be tuples, not strings")
        if self.category not in GROUP_CATEGORIES:
            raise ValueError(f"{self.name}: unknown category {self.category!r}")

    @property
    def pattern(self) -> Chem.Mol:
        """Compiled SMARTS (cached)."""
        return compile_smarts(self.smarts)

    def matches(self, mol: Any) -> bool:
        """True when ``mol`` (a ``Mol`` or SMILES) contains the group."""
        m = to_mol(mol)
        return m is not None and m.HasSubstructMatch(self.pattern)


FG, RING, SCAFFOLD, ELEMENT = GROUP_CATEGORIES

# Atomic numbers treated as metals (same set as the standardiser's metal disconnection).
_METAL_SMARTS = (
    "[#3,#4,#11,#12,#13,#19,#20,#21,#22,#23,#24,#25,#26,#27,#28,#29,#30,#31,#37,#38,#39,#40,#41,"
    "#42,#43,#44,#45,#46,#47,#48,#49,#50,#55,#56,#57,#58,#72,#73,#74,#75,#76,#77,#78,#79,#80,#81,"
    "#82,#83]"
)
# sp3 amine nitrogen: neighbours are C/H only and none is a C=O/C=S/C=N carbon.
_AMINE = "NX3;+0;!$(N~[!#6;!#1]);!$(N[#6]=[#7,#8,#16])"
# a spiro carbon with a nitrogen in one of its two rings (rings of 3 to 7 atoms)
_AZASPIRO = "[" + ",".join(
    "$([CX4;x4]1" + "".join("~[#7]" if i == k else "~*" for i in range(1, size)) + "~1)"
    for size in range(3, 8) for k in range(1, size // 2 + 1)) + "]"

_G = FunctionalGroup
# fmt: off
GROUPS: tuple[FunctionalGroup, ...] = (
    # ---------------------------------------------------------------- oxygen groups
    # on carbon: a carbamic acid (N-C(=O)OH) is no carboxylic acid to a chemist, though "no
    # carboxylic acid" still rules it out
    _G("carboxylic acid", "[CX3;$(C-[#6])](=O)[OX2H1,OX1-]", ("carboxyl", "carboxy", "cooh", "carboxylate",
       "carboxylic", "free acid", "free carboxylic acid", "acid group", "co2h"), FG, "CC(=O)O",
       ("CC(=O)OC", "CC(N)=O", "CNC(=O)O"), excludes="[CX3](=O)[OX2H1,OX1-]"),
    _G("ester", "[#6][CX3](=O)[OX2H0][#6]", ("carboxylic ester", "carboxylate ester"), FG,
       "CC(=O)OC", ("CC(=O)O", "COC(=O)OC", "CNC(=O)OC")),
    _G("lactone", "[#6;R](=[OX1])@[#8;R]", ("cyclic ester",), FG, "O=C1CCCO1",
       ("CC(=O)OC", "O=C1CCCN1")),
    _G("anhydride", "[CX3](=[OX1])[OX2][CX3](=[OX1])", ("acid anhydride", "carboxylic anhydride"), FG,
       "CC(=O)OC(C)=O", ("CC(=O)OC",)),
    _G("carbonate", "[#6][OX2][CX3](=O)[OX2][#6]", ("carbonate ester",), FG, "COC(=O)OC", ("CC(=O)OC",)),
    _G("aldehyde", "[CX3H1](=O)[#6]", ("formyl", "cho", "carbaldehyde"), FG, "CC=O",
       ("CC(C)=O", "NC=O", "CC(=O)O")),
    _G("ketone", "[#6][CX3](=O)[#6]", ("keto", "oxo", "carbonyl ketone"), FG, "CC(C)=O",
       ("CC=O", "CC(=O)O", "CC(=O)OC", "CC(N)=O")),
    _G("carbonyl", "[#6]=[OX1]", ("c=o", "carbonyl group"), FG, "CC(C)=O", ("CCO",)),
    _G("alcohol", "[OX2H][CX4]", ("aliphatic alcohol", "alkanol", "aliphatic hydroxyl"), FG, "CCO",
       ("Oc1ccccc1", "CC(=O)O", "COC")),
    _G("primary alcohol", "[OX2H][CX4H2,CX4H3]", (), FG, "CCO", ("CC(C)O", "CC(C)(C)O")),
    _G("secondary alcohol", "[OX2H][CX4H1]([#6])[#6]", (), FG, "CC(C)O", ("CCO", "CC(C)(C)O")),
    _G("tertiary alcohol", "[OX2H][CX4H0]([#6])([#6])[#6]", (), FG, "CC(C)(C)O", ("CCO", "CC(C)O")),
    _G("hydroxyl", "[OX2H][#6;!$([#6]=[O,S,N])]", ("hydroxy", "oh group", "hydroxyl group", "oh"), FG, "CCO",
       ("CC(=O)O", "COC")),
    _G("phenol", "[OX2H]c", ("phenolic hydroxyl", "phenolic", "aryl alcohol", "hydroxyphenyl", "phenolic oh",
       "free phenolic oh", "aromatic oh", "ar-oh", "aryl oh", "aryl hydroxyl"), FG,
       "Oc1ccccc1", ("CCO", "COc1ccccc1")),
    _G("catechol", "[OX2H]c:c[OX2H]", ("1,2-dihydroxybenzene", "pyrocatechol", "benzene-1,2-diol"), FG,
       "Oc1ccccc1O", ("Oc1cccc(O)c1", "Oc1ccccc1")),
    _G("hydroquinone", "[OX2H]c1ccc([OX2H])cc1", ("1,4-dihydroxybenzene", "benzene-1,4-diol", "quinol"), FG,
       "Oc1ccc(O)cc1", ("Oc1ccccc1O", "Oc1ccccc1")),
    _G("diol", "[OX2H][CX4][CX4][OX2H]", ("1,2-diol", "vicinal diol", "glycol"), FG, "OCCO",
       ("OCCCO",)),
    _G("enol", "[OX2H][CX3]=[CX3]", (), FG, "OC=CC", ("CCO",)),
    _G("ether", "[#6;!$([#6]=[O,S,N])][OX2][#6;!$([#6]=[O,S,N])]", ("dialkyl ether", "alkoxy"), FG,
       "CCOCC", ("CC(=O)OC", "CCO", "c1ccoc1")),
    _G("aryl ether", "c[OX2][#6;!$([#6]=[O,S,N])]", ("aromatic ether", "aryloxy", "phenoxy",
       "alkyl aryl ether", "anisole"), FG, "COc1ccccc1", ("CCOCC", "CC(=O)Oc1ccccc1")),
    _G("diaryl ether", "c[OX2]c", ("biaryl ether", "diphenyl ether", "aryloxyaryl"), FG, "c1ccc(Oc2ccccc2)cc1",
       ("COc1ccccc1", "c1ccc2occc2c1")),
    _G("methoxy", "[CH3][OX2][#6;!$([#6]=[O,S,N])]", ("ome", "methyl ether"), FG, "COc1ccccc1",
       ("CCOCC", "COC(C)=O")),
    _G("ethoxy", "[CH3][CH2][OX2][#6;!$([#6]=[O,S,N])]", ("oet", "ethyl ether"), FG, "CCOc1ccccc1",
       ("COc1ccccc1", "CCOC(C)=O")),
    _G("trifluoromethoxy", "[OX2]C(F)(F)F", ("ocf3",), FG, "FC(F)(F)Oc1ccccc1", ("FC(F)(F)c1ccccc1",)),
    _G("difluoromethoxy", "[OX2][CH1](F)F", ("ochf2", "ocf2h", "difluoromethyl ether"), FG, "FC(F)Oc1ccccc1",
       ("FC(F)c1ccccc1", "FC(F)(F)Oc1ccccc1")),
    _G("acetal", "[CX4]([OX2][#6])[OX2][#6]", ("ketal",), FG, "CC(OC)OC", ("CCOCC",)),
    _G("hemiacetal", "[CX4]([OX2H])[OX2][#6]", ("hemiketal",), FG, "CC(O)OC", ("CC(OC)OC",)),
    _G("epoxide", "C1OC1", ("oxirane", "epoxy"), FG, "CC1CO1", ("C1CCO1",)),
    _G("peroxide", "[OX2][OX2]", ("hydroperoxide", "o-o bond"), FG, "COOC", ("COC",)),
    _G("quinone", "[#6]1(=[OX1])[#6]=,:[#6][#6](=[OX1])[#6]=,:[#6]1", ("benzoquinone", "p-quinone"), FG,
       "O=C1C=CC(=O)C=C1", ("O=C1CCC(=O)CC1",)),
    # ---------------------------------------------------------------- nitrogen groups
    _G("amine", f"[{_AMINE}]", ("amino", "amines", "amino group"), FG, "CCN",
       ("CC(N)=O", "NC(N)=O", "c1cc[nH]c1", "CS(N)(=O)=O", "CC(=N)N", "C[N+](C)(C)C")),
    _G("primary amine", f"[{_AMINE};H2]", ("nh2", "primary amino", "free amine"), FG, "CCN",
       ("CCNC", "CC(N)=O")),
    _G("secondary amine", f"[{_AMINE};H1]", ("secondary amino",), FG, "CCNC", ("CCN", "CCN(C)C", "CNC=O")),
    _G("tertiary amine", f"[{_AMINE};H0]", ("tertiary amino",), FG, "CCN(C)C", ("CCNC", "CN(C)C=O")),
    # basic: not on an aromatic ring, and not an enamine (its lone pair is conjugated with the C=C)
    _G("aliphatic amine", f"[{_AMINE};!$(Na);!$(N[CX3]=[CX3])]", ("basic amine", "basic nitrogen", "basic n", "basic centre",
       "basic center", "alkylamine", "alkyl amine"), FG,
       "CCN", ("Nc1ccccc1", "CC(N)=O", "CN(C)C=CC")),
    _G("dimethylamino", f"[{_AMINE};!$(Na)]([CH3])([CH3])[#6]", ("dimethylamine", "n,n-dimethylamino", "nme2 group",
       "dimethylamino group", "dimethylaminoalkyl"), FG, "CN(C)CCOc1ccccc1", ("CNCCOc1ccccc1", "CN(C)C(=O)C")),
    _G("diethylamino", f"[{_AMINE};!$(Na)]([CH2][CH3])([CH2][CH3])[#6]", ("diethylamine", "n,n-diethylamino", "net2 group",
       "diethylamino group"), FG, "CCN(CC)CC(=O)Nc1c(C)cccc1C", ("CCNCC(=O)N", "CCN(CC)C(=O)C")),
    _G("aniline", f"[{_AMINE}]c", ("aromatic amine", "arylamine", "aryl amine", "aminophenyl",
       "aminobenzene"), FG, "Nc1ccccc1", ("CC(=O)Nc1ccccc1", "CCN")),
    _G("primary aromatic amine", f"[{_AMINE};H2]c", ("primary aniline", "arnh2", "ar-nh2", "free aniline",
       "primary arylamine", "free arnh2"), FG, "Nc1ccc(C(=O)O)cc1", ("CNc1ccccc1", "NCc1ccccc1")),
    _G("ammonium", "[NX4+;!$([N+][O-])]", ("ammonium ion", "protonated amine", "alkylammonium"), FG,
       "CC[NH3+]", ("CCN", "C[N+](=O)[O-]")),
    _G("quaternary ammonium", "[NX4+;H0]([#6])([#6])([#6])[#6]", ("quaternary amine", "quat",
       "tetraalkylammonium", "quaternary nitrogen",
       "quaternary ammonium salt"), FG, "C[N+](C)(C)C", ("C[NH+](C)C", "CN(C)C")),
    _G("amide", "[NX3][CX3](=[OX1])[#6]", ("carboxamide", "amide bond", "peptide bond"), FG, "CC(N)=O",
       ("NC(N)=O", "CNC(=O)OC", "CC(=O)OC"), excludes="[NX3][CX3]=[OX1]"),
    _G("primary amide", "[NX3H2][CX3](=[OX1])[#6]", (), FG, "CC(N)=O", ("CNC(C)=O",)),
    _G("secondary amide", "[NX3H1][CX3](=[OX1])[#6]", ("secondary carboxamide", "nh amide", "n-monosubstituted amide"), FG, "CNC(C)=O", ("CC(N)=O", "CN(C)C(C)=O")),
    _G("tertiary amide", "[NX3H0][CX3](=[OX1])[#6]", (), FG, "CN(C)C(C)=O", ("CNC(C)=O",)),
    # an amide N (three connections): a cyclic urea or a ring C(=O)-N=C (acyl imine) is not a lactam
    _G("lactam", "[#6;R]@[CX3;R](=[OX1])@[NX3;R]", ("cyclic amide",), FG, "O=C1CCCN1",
       ("CC(=O)NC", "O=C1CCCO1", "O=C1NCCN1", "O=C1CCC=N1")),
    _G("beta-lactam", "O=C1CCN1", ("azetidinone", "2-azetidinone", "penicillin core"), RING, "O=C1CCN1",
       ("O=C1CCCN1", "CC(=O)NC")),
    _G("imide", "[CX3](=[OX1])[NX3][CX3](=[OX1])", ("dicarboximide",), FG, "O=C1CCC(=O)N1",
       ("CC(N)=O", "NC(N)=O")),
    _G("urea", "[NX3][CX3](=[OX1])[NX3]", ("carbamide", "carbonyl diamide"), FG, "NC(N)=O",
       ("CC(N)=O", "CNC(=O)OC")),
    _G("thiourea", "[NX3][CX3](=[SX1])[NX3]", ("thiocarbamide",), FG, "NC(N)=S", ("NC(N)=O",)),
    _G("carbamate", "[NX3][CX3](=[OX1])[OX2][#6]", ("urethane", "carbamic ester", "cbz"), FG,
       "CNC(=O)OC", ("NC(N)=O", "CC(=O)OC")),
    _G("guanidine", "[NX3][CX3](=[NX2])[NX3]", ("guanidino", "guanidinium"), FG, "NC(N)=N",
       ("CC(=N)N", "NC(N)=O")),
    _G("amidine", "[#6][CX3](=[NX2;!$(N[#7,#8])])[NX3]", ("amidino", "carboxamidine"), FG, "CC(=N)N",
       ("NC(N)=N", "CC(N)=O")),
    _G("imine", "[#6][CX3;!$(C[#7,#8,#16])]=[NX2;!$(N[#7,#8])]", ("schiff base", "azomethine",
       "ketimine", "aldimine"), FG, "CC(C)=NC", ("CC(=N)N", "CC=NO", "c1ccncc1")),
    # an oxime (ether) carbon bears only C/H (not an amidoxime), its N=C is not in a ring (not an
    # isoxazoline) and its O carries H or an sp3 carbon (not an acyl, aryl or heteroatom)
    _G("oxime", "[CX3;!$(C-[!#6;!#1])]=[NX2;!R][OX2;H1,$(O[CX4])]", ("oxime ether", "o-alkyl oxime ether", "o-alkyl oxime", "alkyl oxime ether"), FG,
       "CC=NO", ("CC=NC", "CC(N)=NO", "C1CC(C)=NO1", "CC=NOC(C)=O", "CC=NOc1ccccc1")),
    _G("hydrazone", "[CX3]=[NX2][NX3]", (), FG, "CC=NN", ("CC=NO",)),
    _G("hydrazine", "[NX3;!$(N[#6]=[O,S])][NX3;!$(N[#6]=[O,S])]", ("diazane",), FG, "CNN",
       ("CC(=O)NN", "CC=NN")),
    _G("hydrazide", "[#6][CX3](=[OX1])[NX3][NX3]", ("acylhydrazine", "acyl hydrazide"), FG, "CC(=O)NN",
       ("CNN",)),
    _G("hydroxamic acid", "[CX3](=[OX1])[NX3][OX2H]", ("hydroxamate",), FG, "CC(=O)NO", ("CC(N)=O",)),
    # the unsubstituted amidine on a benzene ring (trypsin-like protease P1 groups), either tautomer
    # or the amidinium
    _G("benzamidine", "[NX3H2][CX3](=[NX2H1,NX3H2+])c1ccccc1", ("benzamidines", "phenylamidine",
       "benzenecarboximidamide", "unsubstituted benzamidine"), FG, "N=C(N)c1ccc(CC(=O)O)cc1",
       ("CN=C(N)c1ccccc1", "N=C(N)CC1CCCCC1")),
    # Ar-CH=CH-COOH (either geometry; its esters are not the acid)
    _G("cinnamic acid", "c[CH]=[CH][CX3](=O)[OX2H1,OX1-]", ("cinnamic acids", "cinnamate", "3-arylacrylic acid",
       "3-aryl acrylic acid", "arylacrylic acid"), FG, "OC(=O)/C=C/c1ccc(O)cc1", ("OC(=O)CCc1ccccc1", "COC(=O)C=Cc1ccccc1")),
    # the monocyclic beta-lactam with an N-sulfonic acid (aztreonam)
    _G("monobactam", "O=[C;R1]1[C;R1][C;R1][N;R1]1[SX4](=O)(=O)[OX2H1,OX1-]", ("monobactams", "n-sulfo-azetidinone",
       "n-sulfonated azetidinone", "n-sulfonyl azetidinone acid"), SCAFFOLD, "CC1C(NC(=O)C)C(=O)N1S(=O)(=O)O",
       ("CC1C(NC(=O)C)C(=O)N1", "O=C1CC2CCCN12")),
    # the sartans' biphenyl tetrazole: the acidic tetrazole ortho to the biaryl bond
    _G("biphenyl tetrazole", "c1ccccc1-!@c1ccccc1-!@c1nnnn1", ("biphenyltetrazole", "biphenylyltetrazole",
       "sartan biphenyl tetrazole", "ortho-tetrazolyl biphenyl", "2'-tetrazolylbiphenyl", "tetrazolylbiphenyl"), SCAFFOLD,
       "Cc1ccc(-c2ccccc2-c2nn[nH]n2)cc1", ("c1ccc(-c2ccc(-c3nn[nH]n3)cc2)cc1",)),
    _G("azo", "[#6][NX2]=[NX2][#6]", ("azo compound", "diazene", "n=n"), FG, "c1ccc(N=Nc2ccccc2)cc1",
       ("CNN",)),
    _G("diaryl azo", "c[NX2]=[NX2]c", ("azobenzene", "aryl azo", "azoarene", "aryl-n=n-aryl", "ar-n=n-ar",
       "azo dye", "aryl azo linkage", "diaryldiazene"), FG, "c1ccc(N=Nc2ccccc2)cc1", ("CN=Nc1ccccc1",)),
    _G("azide", "[$([NX2]=[NX2+]=[NX1-]),$([NX2-]-[NX2+]#[NX1])]", ("azido", "n3"), FG,
       "CN=[N+]=[N-]", ("CN=NC", "CC#N")),
    _G("diazo", "[CX3]=[NX2+]=[NX1-]", ("diazo compound",), FG, "C=[N+]=[N-]", ("CN=[N+]=[N-]",)),
    _G("nitro", "[$([NX3](=O)=O),$([NX3+](=O)[O-])][!#8]", ("nitro group", "no2"), FG,
       "C[N+](=O)[O-]", ("CN=O", "CON=O")),
    _G("nitroaromatic", "c[$([NX3](=O)=O),$([NX3+](=O)[O-])]", ("nitroarene", "aromatic nitro",
       "nitrobenzene", "nitrophenyl", "aryl nitro", "nitroaryl"), FG, "O=[N+]([O-])c1ccccc1", ("C[N+](=O)[O-]",)),
    _G("nitroso", "[#6,#7][NX2]=[OX1]", (), FG, "CN=O", ("C[N+](=O)[O-]",)),
    _G("n-oxide", "[#7+;!$([#7+]=O);!$([#7+]~[#8]~[#8])][OX1-]", ("amine oxide", "pyridine n-oxide",
       "n oxide"), FG, "[O-][n+]1ccccc1", ("C[N+](=O)[O-]",)),
    _G("nitrile", "[NX1]#[CX2]", ("cn", "cyano", "cyanide", "carbonitrile", "c#n", "cn group"), FG, "CC#N",
       ("C[N+]#[C-]", "CN")),
    _G("isonitrile", "[CX1-]#[NX2+]", ("isocyanide",), FG, "C[N+]#[C-]", ("CC#N",)),
    _G("isocyanate", "[NX2]=[CX2]=[OX1]", (), FG, "CN=C=O", ("CN=C=S",)),
    _G("isothiocyanate", "[NX2]=[CX2]=[SX1]", ("mustard oil",), FG, "CN=C=S", ("CN=C=O",)),
    _G("carbodiimide", "[NX2]=[CX2]=[NX2]", (), FG, "CN=C=NC", ("CN=C=O",)),
    _G("enamine", "[NX3;!$(N[#6]=[O,S])][CX3;!$(C=[O,S,N])]=[CX3]", (), FG, "CC=CN(C)C", ("CCN(C)C",)),
    # ---------------------------------------------------------------- sulfur, phosphorus, boron
    _G("thiol", "[#6][SX2H]", ("mercaptan", "sulfhydryl", "mercapto", "sh group", "thiol group"), FG,
       "CCS", ("CSC",)),
    _G("thioether", "[#6;!$([#6]=[O,S])][SX2][#6;!$([#6]=[O,S])]", ("sulfide", "dialkyl sulfide",
       "alkylthio", "methylthio"), FG, "CSC", ("CCS", "c1ccsc1", "CSSC")),
    _G("disulfide", "[#6][SX2][SX2][#6]", ("disulphide bond", "s-s bond"), FG, "CSSC", ("CSC",)),
    _G("thioester", "[#6][CX3](=[OX1])[SX2][#6]", ("thiolester",), FG, "CSC(C)=O", ("COC(C)=O",)),
    _G("thioamide", "[NX3][CX3](=[SX1])[#6]", ("thiocarboxamide",), FG, "CC(N)=S", ("CC(N)=O",)),
    _G("thioketone", "[#6][CX3](=[SX1])[#6]", ("thione", "thiocarbonyl"), FG, "CC(C)=S", ("CC(C)=O",)),
    _G("sulfonamide", "[#6][SX4](=[OX1])(=[OX1])[NX3]", ("sulfa", "sulfonamido", "sulfamoyl",
       "sulfonyl amide"), FG, "NS(=O)(=O)c1ccccc1", ("CS(C)(=O)=O", "CS(=O)(=O)O",
       "CS(=O)(=O)OC"), excludes="[SX4](=[OX1])(=[OX1])[NX3]"),
    _G("sulfonylurea", "[#6][SX4](=[OX1])(=[OX1])[NX3][CX3](=[OX1])[NX3]", ("arylsulfonylurea", "aryl sulfonylurea",
       "sulfonyl urea", "sulfonylureas"), FG,
       "Cc1ccc(S(=O)(=O)NC(=O)NC2CCCCC2)cc1", ("NS(=O)(=O)c1ccccc1",)),
    _G("sulfamide", "[NX3][SX4](=[OX1])(=[OX1])[NX3]", (), FG, "NS(N)(=O)=O", ("CS(N)(=O)=O",)),
    _G("sulfone", "[#6][SX4](=[OX1])(=[OX1])[#6]", ("sulphone", "dialkyl sulfone"),
       FG, "CS(C)(=O)=O", ("CS(N)(=O)=O", "CS(C)=O")),
    _G("sulfonyl", "[SX4](=[OX1])(=[OX1])", ("so2", "sulfonyl group", "sulphonyl"), FG, "CS(C)(=O)=O",
       ("CS(C)=O",)),
    _G("sulfoxide", "[#6][$([SX3]=[OX1]),$([SX3+]-[OX1-])][#6]", ("sulfinyl", "sulphoxide"), FG,
       "CS(C)=O", ("CS(C)(=O)=O", "CSC")),
    _G("sulfonic acid", "[#6][SX4](=[OX1])(=[OX1])[OX2H,OX1-]", ("sulfonate", "so3h"), FG,
       "CS(=O)(=O)O", ("CS(=O)(=O)OC",)),
    _G("sulfonate ester", "[#6][SX4](=[OX1])(=[OX1])[OX2][#6]", ("sulfonic ester", "mesylate", "tosylate",
       "triflate"), FG, "COS(C)(=O)=O", ("CS(=O)(=O)O",)),
    _G("sulfate", "[OX2][SX4](=[OX1])(=[OX1])[OX2,OX1-]", ("sulfate ester", "sulphate"), FG,
       "COS(=O)(=O)O", ("CS(=O)(=O)O",)),
    _G("sulfonyl halide", "[SX4](=[OX1])(=[OX1])[F,Cl,Br,I]", ("sulfonyl chloride", "sulfonyl fluoride"),
       FG, "CS(=O)(=O)Cl", ("CS(N)(=O)=O",)),
    _G("phosphate", "[PX4](=[OX1])([OX2,OX1-])([OX2,OX1-])[OX2,OX1-]", ("phosphate ester",
       "organophosphate", "phosphoester", "phospho"), FG, "COP(=O)(O)O", ("CP(=O)(O)O",)),
    _G("phosphonate", "[#6][PX4](=[OX1])([OX2,OX1-])[OX2,OX1-]", ("phosphonic acid", "phosphonate ester"),
       FG, "CP(=O)(O)O", ("COP(=O)(O)O",)),
    _G("phosphine", "[PX3]([#6])([#6])[#6]", ("organophosphine", "trialkylphosphine"), FG, "CP(C)C",
       ("CP(C)(C)=O",)),
    _G("phosphine oxide", "[PX4](=[OX1])([#6])([#6])[#6]", (), FG, "CP(C)(C)=O", ("CP(C)C",)),
    _G("boronic acid", "[#6][BX3]([OX2H])[OX2H]", ("boronate", "b(oh)2"), FG, "OB(O)c1ccccc1",
       ("CB1OC(C)(C)C(C)(C)O1",)),
    _G("boronic ester", "[#6][BX3]([OX2][#6])[OX2][#6]", ("boronate ester", "pinacol boronate", "bpin"),
       FG, "CB1OC(C)(C)C(C)(C)O1", ("OB(O)c1ccccc1",)),
    # ---------------------------------------------------------------- halogen-containing groups
    _G("acyl halide", "[CX3](=[OX1])[F,Cl,Br,I]", ("acid halide", "acyl chloride", "acid chloride",
       "carbonyl chloride"), FG, "CC(=O)Cl", ("CC(=O)C", "CCCl")),
    _G("trifluoromethyl", "[CX4](F)(F)F", ("cf3", "trifluoromethyl group"), FG, "FC(F)(F)c1ccccc1",
       ("FC(F)c1ccccc1", "FC(F)Oc1ccccc1")),
    _G("difluoromethyl", "[CX4H1](F)F", ("chf2",), FG, "FC(F)c1ccccc1", ("FC(F)(F)c1ccccc1",)),
    _G("alkyl halide", "[CX4][F,Cl,Br,I]", ("haloalkane", "alkyl chloride", "alkyl bromide",
       "halomethyl"), FG, "CCCl", ("Clc1ccccc1",)),
    _G("aryl halide", "c[F,Cl,Br,I]", ("haloarene", "halobenzene", "halophenyl", "aromatic halogen",
       "halogenated aromatic"), FG, "Clc1ccccc1", ("CCCl",)),
    _G("alpha-haloketone", "[CX4]([Cl,Br,I])[CX3](=[OX1])[#6]", ("haloketone", "alpha-halo ketone"),
       FG, "CC(=O)CCl", ("CC(=O)CCCl", "CC(=O)C(F)(F)F")),
    _G("chloroacetamide", "Cl[CH2][CX3](=[OX1])[NX3]", (), FG, "ClCC(=O)NC", ("CC(=O)NC",)),
    # ---------------------------------------------------------------- carbon groups and warheads
    _G("alkene", "[CX3]=[CX3]", ("olefin", "c=c", "double bond", "vinyl", "alkenyl"), FG, "CC=CC",
       ("c1ccccc1", "CCCC")),
    _G("allyl", "[CH2]=[CH][CH2][!#1]", ("allylic", "prop-2-enyl"), FG, "C=CCN", ("CC=CC", "C=CC")),
    _G("alkyne", "[CX2]#[CX2]", ("acetylene", "acetylenic", "triple bond", "c#c", "ethynyl",
       "alkynyl"), FG, "CC#CC", ("CC#N",)),
    _G("allene", "[CX3]=[CX2]=[CX3]", (), FG, "C=C=CC", ("C=CC=C",)),
    _G("michael acceptor", "[CX3]=[CX3][$([CX3]=[OX1]),$([CX2]#[NX1]),$([SX4](=O)=O),$([NX3+](=O)[O-])]",
       ("michael acceptors", "conjugated acceptor", "covalent warhead"), FG, "C=CC(=O)C",
       ("CCC(=O)C", "CC(=O)c1ccccc1")),
    _G("alpha,beta-unsaturated carbonyl", "[CX3]=[CX3][CX3]=[OX1]", ("enone", "enal", "unsaturated ketone",
       "conjugated carbonyl", "alpha beta unsaturated ketone"), FG, "C=CC(C)=O", ("CCC(C)=O",)),
    # the covalent warhead: an unsubstituted acryloyl on N ("no acrylamide" also rules out crotonamides)
    _G("acrylamide", "[CH2]=[CH1][CX3](=[OX1])[NX3]", ("acrylamide warhead", "propenamide", "acryloyl amide",
       "unsubstituted acryloyl", "n-acryloyl", "acryloyl on nitrogen"), FG, "C=CC(=O)NC", ("CCC(=O)NC", "C=CC(=O)OC"),
       excludes="[CX3]=[CX3][CX3](=[OX1])[NX3]"),
    _G("acrylate", "[CX3]=[CX3][CX3](=[OX1])[OX2]", ("acrylic ester", "methacrylate"), FG,
       "C=CC(=O)OC", ("C=CC(=O)NC",)),
    _G("vinyl sulfone", "[CX3]=[CX3][SX4](=[OX1])=[OX1]", (), FG, "C=CS(C)(=O)=O", ("CCS(C)(=O)=O",)),
    _G("methyl", "[CH3;!$(C[!#6])]", ("methyl group", "ch3"), FG, "Cc1ccccc1",
       ("c1ccccc1", "COc1ccccc1")),
    _G("ethyl", "[CH3][CH2;!$(C[!#6])]", (), FG, "CCc1ccccc1", ("Cc1ccccc1",)),
    _G("isopropyl", "[CH1;!R]([CH3])([CH3])[#6]", ("iso-propyl", "propan-2-yl", "ipr"), FG,
       "CC(C)c1ccccc1", ("CCCc1ccccc1", "CC(C)(C)c1ccccc1")),
    _G("tert-butyl", "[CX4H0;!R]([CH3])([CH3])([CH3])[#6]", ("t-butyl", "tbutyl", "tbu", "tert butyl"), FG,
       "CC(C)(C)c1ccccc1", ("CC(C)c1ccccc1",)),
    _G("acetyl", "[CH3][CX3](=[OX1])[#6,#7,#8]", ("acetyl group",), FG, "CC(=O)Nc1ccccc1",
       ("CCC(=O)Nc1ccccc1",)),
    _G("benzyl", "[CH2;!R]([!#1])c1ccccc1", ("benzylic",), FG, "NCc1ccccc1",
       ("Cc1ccccc1", "Nc1ccccc1")),
    # ---------------------------------------------------------------- amino acids and sugars
    _G("alpha-amino acid", "[NX3,NX4+;!$(N~[!#6;!#1])][CX4][CX3](=[OX1])[OX2H,OX1-]",
       ("amino acid", "alpha amino acid", "α-amino acid", "natural amino acid"), FG, "C[C@H](N)C(=O)O",
       ("NCCC(=O)O", "CC(N)=O")),
    _G("beta-amino acid", "[NX3,NX4+;!$(N~[!#6;!#1])][CX4][CX4][CX3](=[OX1])[OX2H,OX1-]",
       ("beta amino acid", "β-amino acid"), FG, "NCCC(=O)O", ("NCC(=O)O",)),
    _G("sugar", "[$([OX2;R]1[CX4;R]([OX2])[CX4;R][CX4;R]([OX2])[CX4;R]([OX2])[CX4;R]1),"
                "$([OX2;R]1[CX4;R]([OX2])[CX4;R][CX4;R]([OX2])[CX4;R]1)]",
       ("carbohydrate", "saccharide", "monosaccharide", "pyranose", "furanose", "sugar moiety"),
       FG, "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O", ("C1CCOCC1", "OC1CCOCC1")),
    _G("glycoside", "[$([OX2;R]1[CX4;R]([$([OX2H0;!R]),$([#7])])[CX4;R]([OX2])[CX4;R]([OX2])"
                    "[CX4;R]([OX2])[CX4;R]1),$([OX2;R]1[CX4;R]([$([OX2H0;!R]),$([#7])])[CX4;R]"
                    "[CX4;R]([OX2])[CX4;R]1)]",
       ("glycosylated", "o-glycoside", "n-glycoside", "glucoside", "glycosidic bond"), FG,
       "CO[C@@H]1O[C@H](CO)[C@@H](O)[C@H](O)[C@H]1O", ("OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O",)),
    _G("nucleoside", "[OX2;R]1[CX4;R]([#7;a])[CX4;R][CX4;R]([OX2])[CX4;R]1", ("ribonucleoside",), SCAFFOLD,
       "Nc1ncnc2c1ncn2[C@@H]1O[C@H](CO)[C@@H](O)[C@H]1O", ("Nc1ncnc2[nH]cnc12",)),
    # ---------------------------------------------------------------- aromatic rings
    _G("aromatic ring", "[a]", ("aromatic", "arene", "aryl", "aromatic system", "aromatic rings"), RING,
       "c1ccccc1", ("C1CCCCC1", "C=CC=C")),
    _G("benzene ring", "c1ccccc1", ("benzene", "phenyl", "phenyl ring", "benzenoid"), RING,
       "Cc1ccccc1", ("c1ccncc1", "C1CCCCC1")),
    _G("five-membered heteroaromatic ring", "[a;!#6;r5]", ("5-membered heteroaromatic ring", "5-membered heteroaryl",
       "five-membered heteroaryl", "5-membered heteroarene", "five-membered heteroarene"), RING,
       "c1ccoc1", ("c1ccncc1", "c1ccccc1")),
    _G("six-membered heteroaromatic ring", "[a;!#6;r6]", ("6-membered heteroaromatic ring", "6-membered heteroaryl",
       "six-membered heteroaryl"), RING, "c1ccncc1", ("c1ccoc1", "c1ccccc1")),
    # any atom of a 5- or 6-membered aromatic ring that holds a heteroatom, so "a Br on a
    # heteroaromatic ring" can sit on one of its carbons
    _G("heteroaromatic ring", "[a;$([a;!#6]),$(a1[a;!#6]aaa1),$(a1a[a;!#6]aa1),$(a1[a;!#6]aaaa1),$(a1a[a;!#6]aaa1),"
       "$(a1aa[a;!#6]aa1)]", ("heteroaryl", "heteroarene", "heteroaromatic", "aromatic heterocycle",
       "heteroaromatic heterocycle"), RING,
       "c1ccncc1", ("c1ccccc1",)),
    _G("biphenyl", "c1ccccc1-!@c1ccccc1", ("diphenyl",), SCAFFOLD, "c1ccc(-c2ccccc2)cc1",
       ("c1ccc(Cc2ccccc2)cc1", "c1ccc2ccccc2c1")),
    _G("diphenylmethane", "c1ccccc1[CX4]c1ccccc1", ("benzhydryl",), SCAFFOLD, "c1ccc(Cc2ccccc2)cc1",
       ("c1ccc(-c2ccccc2)cc1",)),
    _G("naphthalene", "c1ccc2ccccc2c1", ("naphthyl",), RING, "c1ccc2ccccc2c1", ("c1ccccc1",)),
    _G("pyridine", "[nX2]1ccccc1", ("pyridyl", "pyridine ring", "azine"), RING, "c1ccncc1",
       ("c1cncnc1", "c1ccccc1", "C1CCNCC1")),
    _G("pyridone", "[$([#8]=[#6]1[#6]=,:[#6][#6]=,:[#6][#7]1),$([#8]=[#6]1[#6]=,:[#6][#7][#6]=,:[#6]1)]",
       ("pyridinone", "2-pyridone", "4-pyridone"), RING, "O=c1cccc[nH]1", ("Oc1ccccn1", "c1ccncc1")),
    _G("pyrimidine", "n1cnccc1", ("pyrimidinyl", "pyrimidine ring"), RING, "c1cncnc1",
       ("c1ccncc1", "c1cnccn1")),
    _G("pyrazine", "n1ccncc1", ("pyrazinyl",), RING, "c1cnccn1", ("c1cncnc1",)),
    _G("pyridazine", "n1ncccc1", ("pyridazinyl",), RING, "c1ccnnc1", ("c1cncnc1",)),
    _G("triazine", "[$(n1cncnc1),$(n1ncncc1),$(n1nnccc1)]", ("1,3,5-triazine", "s-triazine",
       "triazinyl"), RING, "c1ncncn1", ("c1cncnc1",)),
    _G("pyrrole", "[nX3]1cccc1", ("pyrrolyl",), RING, "c1cc[nH]c1", ("C1CCNC1", "c1ccoc1")),
    _G("furan", "o1cccc1", ("furyl", "furanyl"), RING, "c1ccoc1", ("C1CCOC1", "c1ccsc1")),
    _G("thiophene", "s1cccc1", ("thienyl", "thiofuran"), RING, "c1ccsc1", ("c1ccoc1", "C1CCSC1")),
    _G("imidazole", "n1cncc1", ("imidazolyl",), RING, "c1c[nH]cn1", ("c1cn[nH]c1", "c1cocn1")),
    _G("pyrazole", "n1nccc1", ("pyrazolyl",), RING, "c1cn[nH]c1", ("c1c[nH]cn1",)),
    _G("oxazole", "o1cncc1", ("oxazolyl", "1,3-oxazole"), RING, "c1cocn1", ("c1conc1", "c1cscn1")),
    _G("isoxazole", "o1nccc1", ("isoxazolyl", "1,2-oxazole"), RING, "c1conc1", ("c1cocn1",)),
    _G("thiazole", "s1cncc1", ("thiazolyl", "1,3-thiazole"), RING, "c1cscn1", ("c1cocn1", "c1ccsc1")),
    _G("isothiazole", "s1nccc1", ("isothiazolyl",), RING, "c1ccsn1", ("c1cscn1",)),
    _G("triazole", "[$(n1nncc1),$(n1ncnc1)]", ("triazolyl",), RING,
       "c1c[nH]nn1", ("c1cn[nH]c1", "c1nn[nH]n1")),
    _G("1,2,3-triazole", "n1nncc1", ("1h-1,2,3-triazole", "v-triazole"), RING, "c1c[nH]nn1", ("c1nc[nH]n1",)),
    _G("1,2,4-triazole", "n1ncnc1", ("1h-1,2,4-triazole", "s-triazole"), RING, "c1nc[nH]n1", ("c1c[nH]nn1",)),
    _G("tetrazole", "n1nnnc1", ("tetrazolyl",), RING, "c1nn[nH]n1", ("c1c[nH]nn1",)),
    # the carboxylic acid bioisostere: C-linked, with its acidic N-H (or as the anion)
    _G("acidic tetrazole", "[#6]-[$(c1nn[nH]n1),$(c1nnn[nH]1),$(c1nn[n-]n1),$(c1nnn[n-]1)]",
       ("1h-tetrazol-5-yl", "tetrazol-5-yl", "5-substituted tetrazole", "5-substituted 1h-tetrazole", "nh-tetrazole",
        "nh tetrazole", "free tetrazole", "5-aryl tetrazole", "5-aryltetrazole", "tetrazole acid"), RING,
       "c1ccc(-c2nn[nH]n2)cc1", ("c1ccc(-n2cnnn2)cc1", "Cn1nnc(-c2ccccc2)n1")),
    _G("oxadiazole", "[$(o1cnnc1),$(o1ncnc1),$(o1nccn1),$(o1nncc1)]", ("oxadiazolyl",), RING, "c1nnco1",
       ("c1cocn1",)),
    # a named isomer is that isomer ("a 1,2,4-oxadiazole" is not satisfied by a 1,3,4-oxadiazole)
    _G("1,2,4-oxadiazole", "o1ncnc1", ("1,2,4-oxadiazolyl",), RING, "Cc1noc(C)n1", ("c1nnco1",)),
    _G("1,3,4-oxadiazole", "o1cnnc1", ("1,3,4-oxadiazolyl",), RING, "Cc1nnc(C)o1", ("c1ncon1",)),
    _G("thiadiazole", "[$(s1cnnc1),$(s1ncnc1),$(s1nccn1),$(s1nncc1)]", ("thiadiazolyl",), RING, "c1nncs1",
       ("c1cscn1",)),
    _G("1,3,4-thiadiazole", "s1cnnc1", ("1,3,4-thiadiazolyl",), RING, "c1nncs1", ("c1ncsn1",)),
    _G("1,2,4-thiadiazole", "s1ncnc1", ("1,2,4-thiadiazolyl",), RING, "c1ncsn1", ("c1nncs1",)),
    _G("indole", "c1ccc2[nX3]ccc2c1", ("indolyl",), RING, "c1ccc2[nH]ccc2c1",
       ("c1ccc2[nH]cnc2c1", "c1ccc2[nH]ncc2c1", "c1ccc2occc2c1")),
    _G("indazole", "c1ccc2c(c1)cnn2", ("indazolyl",), RING, "c1ccc2[nH]ncc2c1", ("c1ccc2[nH]ccc2c1",)),
    _G("benzimidazole", "c1ccc2ncnc2c1", ("benzimidazolyl",), RING, "c1ccc2[nH]cnc2c1",
       ("c1ccc2[nH]ccc2c1", "c1ccc2ocnc2c1")),
    _G("benzoxazole", "c1ccc2ocnc2c1", ("benzoxazolyl",), RING, "c1ccc2ocnc2c1", ("c1ccc2scnc2c1",)),
    _G("benzothiazole", "c1ccc2scnc2c1", ("benzothiazolyl",), RING, "c1ccc2scnc2c1", ("c1ccc2ocnc2c1",)),
    _G("benzofuran", "c1ccc2occc2c1", ("benzofuranyl",), RING, "c1ccc2occc2c1", ("c1ccc2sccc2c1",)),
    _G("benzothiophene", "c1ccc2sccc2c1", ("benzothienyl", "thianaphthene"), RING, "c1ccc2sccc2c1",
       ("c1ccc2occc2c1",)),
    _G("quinoline", "c1ccc2ncccc2c1", ("quinolinyl", "quinolyl"), RING, "c1ccc2ncccc2c1",
       ("c1ccc2cnccc2c1", "c1ccc2ccccc2c1")),
    _G("isoquinoline", "c1ccc2cnccc2c1", ("isoquinolinyl",), RING, "c1ccc2cnccc2c1", ("c1ccc2ncccc2c1",)),
    _G("quinazoline", "c1ccc2ncncc2c1", ("quinazolinyl", "quinazolinone"), RING, "c1ccc2ncncc2c1",
       ("c1ccc2nccnc2c1",)),
    _G("quinoxaline", "c1ccc2nccnc2c1", ("quinoxalinyl",), RING, "c1ccc2nccnc2c1", ("c1ccc2ncncc2c1",)),
    _G("purine", "c1ncc2ncnc2n1", ("purinyl", "purine base"), RING, "Nc1ncnc2[nH]cnc12",
       ("c1ccc2[nH]cnc2c1", "c1cncnc1")),
    _G("xanthine", "[#8]=[#6]1~[#7]~[#6](=[#8])~[#6]2~[#7]~[#6]~[#7]~[#6]~2~[#7]~1",
       ("xanthine core", "methylxanthine", "purine-2,6-dione"), SCAFFOLD, "Cn1c(=O)c2c(ncn2C)n(C)c1=O",
       ("Nc1ncnc2[nH]cnc12",)),
    _G("pteridine", "c1cnc2ncncc2n1", ("pteridinyl", "pterin core"), RING, "Nc1nc2nccnc2c(=O)[nH]1",
       ("c1ccc2nccnc2c1",)),
    _G("quinolone", "[$([#8]=[#6]1~[#6]~[#6]~[#7]~[#6]2~[#6]~[#6]~[#6]~[#6]~[#6]~1~2),"
                    "$([#8]=[#6]1~[#6]~[#6]~[#6]2~[#6]~[#6]~[#6]~[#6]~[#6]~2~[#7]~1)]",
       ("quinolinone", "4-quinolone", "quinolone core"), SCAFFOLD,
       "O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O", ("c1ccc2ncccc2c1", "Oc1ccnc2ccccc12")),
    _G("fluoroquinolone", "[#8]=[#6]1~[#6]~[#6]~[#7]~[#6]2~[#6]~[#6]~[#6](-F)~[#6]~[#6]~1~2",
       ("fluoroquinolones", "6-fluoroquinolone"), SCAFFOLD, "O=C(O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O",
       ("O=C(O)c1cn(C2CC2)c2ccccc2c1=O",)),
    _G("acridine", "c1ccc2nc3ccccc3cc2c1", ("acridinyl",), RING, "c1ccc2nc3ccccc3cc2c1",
       ("c1ccc2ncccc2c1",)),
    _G("dibenzofuran", "c1ccc2c(c1)oc1ccccc12", ("dibenzofuranyl",), RING, "c1ccc2c(c1)oc1ccccc12",
       ("c1ccc2occc2c1",)),
    _G("azaindole", "[$(c1cnc2[nX3]ccc2c1),$(c1cc2[nX3]ccc2nc1),$(c1cc2[nX3]ccc2cn1),$(c1nccc2cc[nX3]c12)]",
       ("7-azaindole", "pyrrolopyridine", "pyrrolo[2,3-b]pyridine", "azaindolyl"), RING, "c1cnc2[nH]ccc2c1",
       ("c1ccc2[nH]ccc2c1",)),
    _G("imidazopyridine", "c1cn2ccccc2n1",
       ("imidazo[1,2-a]pyridine", "imidazopyridinyl"), RING, "Cc1ccc(-c2nc3ccc(C)cn3c2CC(=O)N(C)C)cc1",
       ("c1ccc2[nH]cnc2c1",)),
    _G("carbazole", "c1ccc2c(c1)[nX3]c1ccccc12", ("carbazolyl",), SCAFFOLD, "c1ccc2c(c1)[nH]c1ccccc12",
       ("c1ccc(Nc2ccccc2)cc1",)),
    # 2- and 4-amino: the kinase hinge binder chemists mean (5-aminopyrimidine is an aniline-like amine)
    _G("aminopyrimidine", f"[{_AMINE}]-[c;$(c1ncccn1),$(c1ccncn1)]",
       ("anilinopyrimidine", "pyrimidinamine"), RING,
       "Nc1ncccn1", ("Nc1ccccn1", "CC(=O)Nc1ncccn1", "c1cncnc1", "Nc1cncnc1")),
    _G("2-aminopyrimidine", f"[{_AMINE}]-c1ncccn1", ("pyrimidin-2-amine", "2-amino-pyrimidine"), RING, "Nc1ncccn1",
       ("Nc1ccncn1", "CC(=O)Nc1ncccn1")),
    _G("4-aminopyrimidine", f"[{_AMINE}]-c1ccncn1", ("pyrimidin-4-amine", "4-amino-pyrimidine"), RING, "Nc1ccncn1",
       ("Nc1ncccn1",)),
    _G("2-anilinopyrimidine", "c1ccccc1[NX3H1]-c1ncccn1", ("2-(phenylamino)pyrimidine", "n-phenylpyrimidin-2-amine",
       "2-arylaminopyrimidine"), RING, "c1ccc(Nc2ncccn2)cc1", ("Nc1ncccn1", "CN(c1ccccc1)c1ncccn1")),
    _G("4-anilinopyrimidine", "c1ccccc1[NX3H1]-c1ccncn1", ("4-(phenylamino)pyrimidine", "n-phenylpyrimidin-4-amine",
       "4-arylaminopyrimidine"), RING, "c1ccc(Nc2ccncn2)cc1", ("Nc1ccncn1",)),
    _G("aminopyridine", f"[{_AMINE}]-[c;$(c1ccccn1),$(c1cccnc1),$(c1ccncc1);!$(c1ncccn1);!$(c1ccncn1)]",
       ("2-aminopyridine", "4-aminopyridine", "pyridinamine"), RING, "Nc1ccccn1",
       ("CC(=O)Nc1ccccn1", "c1ccncc1")),
    _G("aminothiazole", f"[{_AMINE}]-c1ncc[s]1", ("2-aminothiazole",), RING, "Nc1nccs1",
       ("c1cscn1", "CC(=O)Nc1nccs1")),
    _G("fluorophenyl", "Fc1ccccc1", ("fluorobenzene",), RING,
       "Fc1ccc(CN)cc1", ("Fc1ccncc1", "Clc1ccccc1")),
    _G("chlorophenyl", "Clc1ccccc1", ("chlorobenzene",), RING,
       "Clc1ccc(CN)cc1", ("Clc1ccncc1", "Fc1ccccc1")),
    _G("benzamide", "c1ccccc1[CX3](=[OX1])[NX3]", ("benzamides", "aryl amide"), FG, "NC(=O)c1ccccc1",
       ("CC(N)=O", "CC(=O)Nc1ccccc1")),
    _G("benzoic acid", "c1ccccc1[CX3](=O)[OX2H1,OX1-]", ("benzoate",), FG,
       "OC(=O)c1ccccc1", ("CC(=O)O", "OC(=O)Cc1ccccc1")),
    _G("salicylic acid", "[OX2H1,OX1-][CX3](=O)c1ccccc1[OX2]", ("salicylate", "2-hydroxybenzoic acid"), SCAFFOLD,
       "CC(=O)Oc1ccccc1C(=O)O", ("OC(=O)c1ccccc1", "OC(=O)c1ccc(O)cc1")),
    # ---------------------------------------------------------------- saturated rings
    _G("cyclopropane", "[CX4]1[CX4][CX4]1", ("cyclopropyl",), RING, "CC1CC1", ("C1CCC1",), excludes="C1CC1"),
    _G("cyclobutane", "[CX4]1[CX4][CX4][CX4]1", ("cyclobutyl",), RING, "CC1CCC1", ("C1CC1",), excludes="C1CCC1"),
    _G("cyclopentane", "[CX4]1[CX4][CX4][CX4][CX4]1", ("cyclopentyl",), RING, "CC1CCCC1", ("C1CCCCC1",),
       excludes="C1CCCC1"),
    _G("cyclohexane", "[CX4]1[CX4][CX4][CX4][CX4][CX4]1", ("cyclohexyl",), RING, "CC1CCCCC1", ("c1ccccc1", "C1CCCCCC1"),
       excludes="C1CCCCC1"),
    _G("aziridine", "C1NC1", ("aziridinyl",), RING, "C1CN1", ("C1CNC1",)),
    _G("azetidine", "[CX4]1[CX4]N[CX4]1", ("azetidinyl",), RING, "C1CNC1", ("C1CCNC1",), excludes="C1CNC1"),
    _G("pyrrolidine", "[CX4]1[CX4][CX4]N[CX4]1", ("pyrrolidinyl",), RING, "C1CCNC1", ("C1CCNCC1", "c1cc[nH]c1"),
       excludes="C1CCNC1"),
    _G("piperidine", "[CX4]1[CX4][CX4]N[CX4][CX4]1", ("piperidinyl", "piperidyl"), RING, "C1CCNCC1",
       ("C1CNCCN1", "C1COCCN1", "c1ccncc1"), excludes="C1CCNCC1"),
    # "a basic piperidine nitrogen": the ring N an amine (not an amide, a sulfonamide or an aniline)
    _G("basic piperidine", f"[CX4]1[CX4][CX4][{_AMINE};!$(Na)][CX4][CX4]1", ("basic piperidine nitrogen",
       "basic piperidine n", "basic piperidine amine", "piperidine amine"), RING, "CN1CCCCC1",
       ("CC(=O)N1CCCCC1", "c1ccc(N2CCCCC2)cc1")),
    _G("basic piperazine", f"[CX4]1[CX4]N[CX4][CX4][{_AMINE};!$(Na)]1", ("basic piperazine nitrogen",
       "basic piperazine n"), RING, "CN1CCN(c2ccccc2)CC1", ("CC(=O)N1CCN(C(C)=O)CC1",)),
    _G("piperazine", "[CX4]1[CX4]N[CX4][CX4]N1", ("piperazinyl",), RING, "C1CNCCN1", ("C1CCNCC1", "C1COCCN1"),
       excludes="C1CNCCN1"),
    _G("arylpiperazine", "a[NX3]1CCNCC1", ("phenylpiperazine", "aryl piperazine", "n-arylpiperazine"), RING,
       "c1ccc(N2CCNCC2)cc1", ("C1CNCCN1", "CN1CCNCC1")),
    _G("morpholine", "[CX4]1[CX4]O[CX4][CX4]N1", ("morpholinyl", "morpholino"), RING, "C1COCCN1", ("C1CNCCN1", "C1CCOCC1"),
       excludes="C1COCCN1"),
    _G("thiomorpholine", "[CX4]1[CX4]S[CX4][CX4]N1", ("thiomorpholinyl",), RING, "C1CSCCN1", ("C1COCCN1",),
       excludes="C1CSCCN1"),
    _G("azepane", "[CX4]1[CX4][CX4][CX4]N[CX4][CX4]1", ("azepanyl", "hexamethyleneimine"), RING, "C1CCCNCC1", ("C1CCNCC1",),
       excludes="C1CCCNCC1"),
    _G("oxetane", "[CX4]1[CX4]O[CX4]1", ("oxetanyl",), RING, "CC1COC1", ("C1CCOC1",), excludes="C1COC1"),
    _G("tetrahydrofuran", "[CX4]1[CX4][CX4][OX2][CX4]1", ("thf", "oxolane", "tetrahydrofuranyl"), RING, "C1CCOC1",
       ("c1ccoc1", "C1CCOCC1", "O=C1CCCO1")),
    _G("tetrahydropyran", "[CX4]1[CX4][CX4][OX2][CX4][CX4]1", ("thp", "oxane", "tetrahydropyranyl"), RING, "C1CCOCC1",
       ("C1CCOC1", "O=C1CCCCO1")),
    _G("dioxolane", "C1OCOC1", ("1,3-dioxolane",), RING, "CC1(C)OCCO1", ("C1CCOC1",)),
    _G("dioxane", "C1OCCOC1", ("1,4-dioxane",), RING, "CC1COCCO1", ("C1CCOCC1",)),
    _G("indoline", "c1ccc2c(c1)[CX4][CX4][NX3]2", ("2,3-dihydroindole", "indolinyl"), RING,
       "c1ccc2c(c1)CCN2", ("c1ccc2[nH]ccc2c1", "O=C1Cc2ccccc2N1")),
    _G("tetrahydroisoquinoline", "c1ccc2c(c1)[CX4][CX4][NX3][CX4]2", ("thiq", "1,2,3,4-tetrahydroisoquinoline"),
       RING, "c1ccc2c(c1)CCNC2", ("c1ccc2cnccc2c1", "c1ccc2c(c1)CCCN2")),
    _G("piperidinone", "[$(O=C1CCCCN1),$(O=C1CCNCC1)]", ("piperidone", "4-piperidone"), RING, "O=C1CCCCN1",
       ("C1CCNCC1", "O=C1CCCN1")),
    _G("delta-lactam", "O=C1[NX3][CX4][CX4][CX4][CX4]1", ("δ-lactam", "valerolactam", "2-piperidinone",
       "2-piperidone", "piperidin-2-one", "six-membered lactam"), RING, "O=C1CCCCN1", ("O=C1CCNCC1", "O=C1CCCN1")),
    _G("gamma-lactam", "O=C1[NX3][CX4][CX4][CX4]1", ("γ-lactam", "butyrolactam", "2-pyrrolidinone", "2-pyrrolidone",
       "pyrrolidin-2-one", "pyrrolidinone", "pyrrolidone", "five-membered lactam"), RING, "O=C1CCCN1",
       ("O=C1CCCCN1", "O=C1CCNC1")),
    _G("pyrimidinone", "[$([#8]=[#6]1~[#7]~[#6]~[#7]~[#6]~[#6]~1),$([#8]=[#6]1~[#7]~[#6]~[#6]~[#6]~[#7]~1)]",
       ("pyrimidone", "4-pyrimidinone", "2-pyrimidinone"), RING, "O=c1ccnc[nH]1", ("c1cncnc1", "O=c1cccc[nH]1")),
    _G("norbornane", "C1CC2CCC1C2", ("bicyclo[2.2.1]heptane", "norbornyl", "norbornene"), SCAFFOLD,
       "CC1CC2CCC1C2", ("C1CCCCC1",)),
    _G("spiro ring", "[x4;R2]", ("spiro", "spirocycle", "spirocyclic", "spiro center", "spiro centre",
       "spiro atom", "spiro-fused", "spiro compound", "spiro carbon", "spiro-carbon", "spirocentre",
       "spirocenter", "spiro junction"), RING, "C1CCC2(CC1)CCNCC2", ("C1CCC2CCCCC2C1",)),
    _G("fused ring system", "[R2]@[R2]", ("fused ring", "fused rings", "fused bicyclic", "ring fusion",
       "fused bicycle", "fused system"), RING, "c1ccc2ccccc2c1", ("c1ccc(-c2ccccc2)cc1", "C1CCC2(CC1)CCNCC2")),
    _G("bicyclic ring system", "[R2]", ("bicyclic", "bicycle", "bicyclic scaffold", "bicyclic core",
       "polycyclic", "bicyclic ring"), RING, "C1CCC2(CC1)CCNCC2", ("c1ccc(-c2ccccc2)cc1",)),
    _G("imidazolidine", "C1NCNC1", ("imidazolidinyl",), RING, "C1CNCN1", ("C1CCNC1",)),
    _G("dihydropyridine", "[#6]1=[#6][#7][#6]=[#6][#6]1", ("1,4-dihydropyridine",), RING,
       "CCOC(=O)C1=C(C)NC(C)=C(C(=O)OC)C1c1ccccc1[N+](=O)[O-]", ("c1ccncc1",)),
    _G("macrocycle", "[r{12-}]", ("macrocyclic", "macrocyclic ring", "large ring"), RING,
       "C1CCCCCCCCCCC1", ("C1CCCCC1",)),
    # ---------------------------------------------------------------- scaffolds
    _G("steroid core", "[#6]1~[#6]~[#6]~[#6]2~[#6](~[#6]~1)~[#6]~[#6]~[#6]1~[#6]~2~[#6]~[#6]~[#6]2~[#6]~"
       "[#6]~[#6]~[#6]~1~2", ("steroid", "steroidal", "gonane", "sterane", "cyclopentanoperhydrophenanthrene",
       "steroid scaffold", "steroid nucleus", "steroid skeleton"), SCAFFOLD,
       "C[C@]12CC[C@H]3[C@@H](CCC4=CC(=O)CC[C@@]43C)[C@@H]1CC[C@@H]2O", ("c1ccc2cc3ccccc3cc2c1",)),
    _G("flavonoid core", "[$([#6]1(-c3ccccc3)~[#6]~[#6]~[#6]2~[#6]~[#6]~[#6]~[#6]~[#6]~2~[#8]~1),"
       "$([#6]1(-c3ccccc3)~[#6]~[#8]~[#6]2~[#6]~[#6]~[#6]~[#6]~[#6]~2~[#6]~1)]",
       ("flavonoid", "isoflavone", "flavan", "flavonoid scaffold", "aglycone flavonoid"), SCAFFOLD,
       "O=c1c(O)c(-c2ccc(O)c(O)c2)oc2cc(O)cc(O)c12", ("O=c1ccc2ccccc2o1", "O=c1ccoc2ccccc12")),
    # flavone keeps C2=C3, flavanone is its 2,3-dihydro form; both carry the C4 ketone
    _G("flavone", "[#8]=[#6]1[#6]=,:[#6](-c3ccccc3)[#8]c2ccccc12", ("2-phenylchromone", "2-aryl-chromen-4-one",
       "2-arylchromen-4-one", "2-aryl-4h-chromen-4-one", "2-arylchromone", "2-phenyl-4h-chromen-4-one", "flavonol",
       "flavone aglycone"), SCAFFOLD, "O=c1cc(-c2ccccc2)oc2ccccc12", ("O=C1CC(c2ccccc2)Oc2ccccc21", "O=c1ccoc2ccccc12")),
    _G("flavanone", "[#8]=[#6]1[CX4][CX4](-c3ccccc3)[#8]c2ccccc12", ("2-aryl-chroman-4-one", "2-arylchroman-4-one",
       "2-phenylchroman-4-one", "2-aryl-chromanone", "flavanone aglycone", "dihydroflavone"), SCAFFOLD,
       "O=C1CC(c2ccccc2)Oc2ccccc21", ("O=c1cc(-c2ccccc2)oc2ccccc12", "O=C1CCOc2ccccc21")),
    # coumarin and chromone keep their C3=C4 double bond (the 3,4-dihydro compounds are chromanones)
    _G("coumarin", "[#8]=[#6]1~[#6]=,:[#6]~c2ccccc2~[#8]~1", ("chromen-2-one",
       "2h-chromen-2-one", "benzopyrone", "coumarins"), SCAFFOLD, "O=c1ccc2ccccc2o1",
       ("O=c1ccoc2ccccc12", "c1ccc2occc2c1", "O=C1CCc2ccccc2O1")),
    _G("chromone", "[#8]=[#6]1~[#6]=,:[#6]~[#8]~c2ccccc2~1", ("chromen-4-one",
       "4h-chromen-4-one"), SCAFFOLD, "O=c1ccoc2ccccc12", ("O=c1ccc2ccccc2o1", "O=C1CCOc2ccccc21")),
    _G("chromanone", "[#8]=[#6]1[CX4][CX4][#8]c2ccccc21", ("chroman-4-one", "4-chromanone", "dihydrochromone"),
       SCAFFOLD, "O=C1CCOc2ccccc21", ("O=c1ccoc2ccccc12",)),
    _G("chromane", "[#6]1~[#6]~[#6]~[#8]~[#6]2~[#6]~[#6]~[#6]~[#6]~[#6]~2~1", ("chroman", "benzopyran",
       "chromene"), SCAFFOLD, "c1ccc2c(c1)CCCO2", ("c1ccc2c(c1)CCCC2",)),
    _G("benzodiazepine", "[#6]1~[#6]~[#6]~[#6]2~[#6](~[#6]~1)~[#6]~[#7]~[#6]~[#6]~[#7]~2",
       ("1,4-benzodiazepine", "benzodiazepines"), SCAFFOLD, "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21",
       ("c1ccc2c(c1)CCCC2",)),
    _G("phenothiazine", "c1ccc2c(c1)[#7]c1ccccc1[#16]2", ("phenothiazines",), SCAFFOLD,
       "CN(C)CCCN1c2ccccc2Sc2ccc(Cl)cc21", ("c1ccc(Nc2ccccc2)cc1",)),
    _G("diarylamine", "c[NX3;!$(N[#6]=[O,S,N])]c", ("diphenylamine", "diaryl amine"), SCAFFOLD,
       "c1ccc(Nc2ccccc2)cc1", ("Nc1ccccc1",)),
    _G("phthalimide", "O=C1[#7]C(=O)c2ccccc21", ("isoindoline-1,3-dione",), SCAFFOLD, "O=C1NC(=O)c2ccccc21",
       ("O=C1CCC(=O)N1",)),
    _G("oxindole", "O=C1[#6]c2ccccc2[#7]1", ("indolin-2-one", "2-oxindole"), SCAFFOLD, "O=C1Cc2ccccc2N1",
       ("c1ccc2[nH]ccc2c1",)),
    _G("hydantoin", "O=C1[#7]C(=O)[#6][#7]1", ("imidazolidine-2,4-dione",), SCAFFOLD, "O=C1CNC(=O)N1",
       ("O=C1CCC(=O)N1",)),
    _G("thiazolidinedione", "O=C1[#7]C(=O)[#16][#6]1", ("glitazone", "thiazolidine-2,4-dione", "tzd"),
       SCAFFOLD, "O=C1CSC(=O)N1", ("O=C1CNC(=O)N1",)),
    _G("barbiturate", "O=C1[#6]C(=O)[#7]C(=O)[#7]1", ("barbituric acid",), SCAFFOLD, "O=C1CC(=O)NC(=O)N1",
       ("O=C1CNC(=O)N1",)),
    _G("adamantane", "C1C2CC3CC1CC(C2)C3", ("adamantyl",), SCAFFOLD, "NC12CC3CC(CC(C3)C1)C2",
       ("C1CCCCC1",)),
    _G("tropane", "[#6]1[#6][#6]2[#6][#6][#6]([#6]1)[#7]2", ("8-azabicyclo[3.2.1]octane",), SCAFFOLD,
       "COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C", ("C1CCNCC1",)),
    _G("penam", "O=C1CC2N1CCS2", ("penicillin", "penicillins", "penam core"), SCAFFOLD,
       "CC1(C)S[C@@H]2[C@H](NC(=O)Cc3ccccc3)C(=O)N2[C@H]1C(=O)O", ("O=C1CCN1",)),
    _G("cephem", "O=C1CC2N1C=CCS2", ("cephalosporin", "cephalosporins"), SCAFFOLD,
       "CC(=O)OCC1=C(C(=O)O)N2C(=O)[C@@H](NC(=O)Cc3cccs3)[C@H]2SC1", ("O=C1CC2N1CCS2",)),
    # ---------------------------------------------------------------- element classes
    _G("halogen", "[F,Cl,Br,I]", ("halogens", "halide", "halo", "halogen atom", "halogenated",
       "halogen substituent"), ELEMENT, "Clc1ccccc1", ("c1ccccc1", "CC(N)=O")),
    _G("fluorine", "[F]", ("fluoro", "fluoride", "fluorinated", "fluorine atom", "f", "f atom"), ELEMENT,
       "Fc1ccccc1", ("Clc1ccccc1",)),
    _G("chlorine", "[Cl]", ("chloro", "chloride", "chlorinated", "chlorine atom", "cl", "cl atom"), ELEMENT,
       "Clc1ccccc1", ("Fc1ccccc1",)),
    _G("bromine", "[Br]", ("bromo", "bromide", "brominated", "bromine atom", "br", "br atom"), ELEMENT,
       "Brc1ccccc1", ("Clc1ccccc1",)),
    _G("iodine", "[I]", ("iodo", "iodide", "iodinated", "iodine atom", "i atom"), ELEMENT, "Ic1ccccc1",
       ("Brc1ccccc1",)),
    _G("nitrogen", "[#7]", ("nitrogen atom", "nitrogen-containing", "n atom"), ELEMENT, "CCN", ("CCO",)),
    _G("oxygen", "[#8]", ("oxygen atom", "oxygen-containing", "o atom"), ELEMENT, "CCO", ("CCN",)),
    _G("sulfur", "[#16]", ("sulphur", "sulfur atom", "sulfur-containing", "thio", "s atom"), ELEMENT, "CCS", ("CCO",)),
    _G("phosphorus", "[#15]", ("phosphorous", "phosphorus atom"), ELEMENT, "CP(C)C", ("CCN",)),
    _G("boron", "[#5]", ("boron atom", "borane"), ELEMENT, "OB(O)c1ccccc1", ("CCN",)),
    _G("silicon", "[#14]", ("silyl", "organosilicon", "silane"), ELEMENT, "C[Si](C)(C)C", ("CCCC",)),
    _G("selenium", "[#34]", ("seleno", "organoselenium"), ELEMENT, "C[Se]C", ("CSC",)),
    _G("metal", _METAL_SMARTS, ("metal atom", "metal complex", "organometallic", "transition metal"),
       ELEMENT, "C[Sn](C)(C)C", ("CCCC",)),
    _G("heteroatom", "[!#6;!#1]", ("heteroatoms",), ELEMENT, "CCO", ("CCCC",)),
    _G("heterocycle", "[!#6;!#1;R]", ("heterocyclic", "heterocyclic ring", "heterocyclic system"), RING,
       "C1CCNCC1", ("C1CCCCC1", "CCN")),
    _G("nitrogen heterocycle", "[#7;R]", ("n-heterocycle", "azacycle", "nitrogen-containing ring",
       "azaheterocycle"), RING, "c1ccncc1", ("C1CCOC1",)),
    # an amine N in a saturated ring (pyrrolidine, piperidine, morpholine, azetidine ...)
    _G("cyclic amine", f"[{_AMINE};R;!$(Na)]", ("cyclic amines", "saturated cyclic amine", "saturated amine ring",
       "saturated n-heterocycle", "saturated nitrogen heterocycle", "alicyclic amine"), RING, "CC(=O)Nc1ccccc1CN1CCCC1",
       ("CCN(CC)CC(=O)Nc1c(C)cccc1C", "O=C1CCCN1C", "c1ccncc1")),
    # the indole's own N-H, free ("keep a free indole N-H")
    _G("nh-indole", "c1cc2ccccc2[nH]1", ("free indole n-h", "free indole nh", "indole n-h", "indole nh", "1h-indole nh",
       "n-unsubstituted indole", "nh indole", "unsubstituted indole nitrogen"), RING, "OC(=O)Cc1c[nH]c2ccccc12",
       ("Cn1ccc2ccccc21",)),
    # Named by medicinal chemists often enough to read exactly (eleventh session's probes)
    _G("n-methylpiperazine", "[CH3][NX3]1CC[NX3]CC1", ("methylpiperazine", "4-methylpiperazine",
       "4-methylpiperazin-1-yl", "n-methyl piperazine", "methylpiperazinyl"), RING, "CN1CCN(c2ccccc2)CC1",
       ("C1CNCCN1", "CC1CNCCN1")),
    _G("n-benzylpiperidine", "c1ccccc1[CH2][NX3]1CCCCC1", ("benzylpiperidine", "n-benzyl piperidine",
       "1-benzylpiperidine"), RING, "c1ccc(CN2CCCCC2)cc1", ("c1ccc(C2CCNCC2)cc1",)),
    _G("gem-dimethyl", "[CX4H0]([CH3])[CH3]", ("geminal dimethyl", "gem dimethyl", "dimethyl quaternary carbon"),
       FG, "CC(C)(C)CO", ("CC(C)CO",)),
    _G("boc", "[CH3][CX4]([CH3])([CH3])[OX2][CX3](=[OX1])[NX3]", ("boc group", "tert-butyl carbamate",
       "t-butyl carbamate", "boc-protected amine", "boc-protected", "boc protecting group",
       "tert-butoxycarbonyl"), FG, "CC(C)(C)OC(=O)NCc1ccccc1", ("COC(=O)NC",)),
    _G("anilide", "c[NX3][CX3](=[OX1])[#6]", ("n-aryl amide", "n-phenyl amide", "aryl amide nitrogen",
       "acetanilide", "aromatic amide n"), FG, "CC(=O)Nc1ccccc1", ("NC(=O)c1ccccc1",)),
    _G("diaryl ketone", "a[CX3](=[OX1])a", ("benzophenone", "biaryl ketone", "aryl ketone aryl"), FG,
       "O=C(c1ccccc1)c1ccccc1", ("CC(=O)c1ccccc1",)),
    _G("benzylic alcohol", "c[CX4][OX2H]", ("benzyl alcohol", "benzylic hydroxyl", "benzylic oh"), FG,
       "OCc1ccccc1", ("Oc1ccccc1", "OCCc1ccccc1")),
    _G("carboxylic acid bioisostere",
       "[$(c1nn[nH]n1),$(c1nnn[nH]1),$(c1nnnn1),$([CX3](=O)[NX3][SX4](=O)=O),$([CX3](=O)[NX3][OX2H]),"
       "$(C1(=O)NOC=C1),$(c1noc(=O)[nH]1),$(c1n[nH]c(=O)o1),$(C1(=O)SC(=O)N1),$([CX3](=O)[NX3]S(=O)(=O))]",
       ("carboxylic acid isostere", "acid bioisostere", "acid isostere", "bioisostere of a carboxylic acid",
        "carboxylic acid bioisosteres", "carboxylate bioisostere", "bioisostere of the carboxylic acid"),
       FG, "c1nn[nH]n1", ("CC(=O)O",)),
    _G("free nh", "[nH,$([NX3H1;R]);!$(N[#6]=[O,S])]", ("free n-h", "unsubstituted nh", "unsubstituted n-h",
       "ring nh", "aromatic nh", "nh-free", "free ring nh", "n-unsubstituted", "nh"), FG, "c1ccc2[nH]cnc2c1",
       ("Cn1cnc2ccccc21",)),
    _G("4-anilinoquinazoline", "c1ccccc1[NX3H1]c1ncnc2ccccc12", ("anilinoquinazoline", "4-anilino-quinazoline",
       "4-(phenylamino)quinazoline"), SCAFFOLD, "COc1cc2ncnc(Nc3cccc(Cl)c3)c2cc1OC", ("c1ccc2ncncc2c1",)),
    _G("aryl nitrile", "a[CX2]#[NX1]", ("aromatic nitrile", "aryl cyanide", "cyanoarene", "aromatic cyano",
       "cyanophenyl", "aryl nitriles"), FG, "N#Cc1ccccc1", ("CCC#N",)),
    _G("gem-difluoro", "[CX4;!$(C(F)(F)F)](F)F", ("cf2", "cf2 group", "difluoromethylene", "geminal difluoro",
       "gem difluoro", "gem-difluorinated", "difluoro carbon"), FG, "FC1(F)CCNCC1", ("FCCF", "FC(F)(F)C")),
    _G("acylhydrazone", "[CX3](=[OX1])[NX3;!R][NX2;!R]=[CX3]", ("n-acylhydrazone", "acyl hydrazone", "aroylhydrazone",
       "hydrazide-hydrazone", "n-acyl hydrazone"), FG, "O=C(NN=Cc1ccccc1)c1ccccc1", ("CC=NN", "CC(=O)NN", "CC1=NN(C)C(=O)C1")),
    _G("adenine", "[NX3;!$(N[#6]=[#8,#16])]-c1ncnc2c1ncn2", ("6-aminopurine", "adenine-like", "n6-substituted adenine",
       "adenyl"), SCAFFOLD, "Nc1ncnc2[nH]cnc12", ("O=c1[nH]cnc2[nH]cnc12",)),
    _G("benzenesulfonamide", "c1ccccc1[SX4](=[OX1])(=[OX1])[NX3]", ("phenylsulfonamide", "benzene sulfonamide",
       "benzenesulphonamide"), FG, "NS(=O)(=O)c1ccccc1", ("CS(N)(=O)=O", "NS(=O)(=O)c1ccncc1")),
    _G("aryl sulfonamide", "a[SX4](=[OX1])(=[OX1])[NX3]", ("arylsulfonamide", "aromatic sulfonamide",
       "aryl sulphonamide", "heteroaryl sulfonamide"), FG, "NS(=O)(=O)c1ccncc1", ("CS(N)(=O)=O", "CS(=O)(=O)Nc1ccccc1")),
    _G("n-cyclopropyl amide", "[#6][CX3](=[OX1])[NX3][CX4]1[CX4][CX4]1", ("cyclopropylamide", "cyclopropyl amide",
       "n-cyclopropylamide", "n-cyclopropyl carboxamide"), FG, "CC(=O)NC1CC1", ("O=C(N)C1CC1", "NC(=O)NC1CC1")),
    _G("ring nitrogen", "[#7;R]", ("ring n", "n atom in a ring", "n atoms in rings", "n in a ring", "n in rings",
       "nitrogen in a ring", "nitrogens in rings", "nitrogen atom in a ring", "nitrogen atoms in rings",
       "ring nitrogen atom", "endocyclic nitrogen", "cyclic nitrogen"), ELEMENT, "C1CCNCC1", ("CCN", "CC#N")),
    _G("ring oxygen", "[#8;R]", ("ring o", "o atom in a ring", "o atoms in rings", "o in a ring", "oxygen in a ring",
       "oxygens in rings", "oxygen atom in a ring", "ring oxygen atom", "endocyclic oxygen", "cyclic ether oxygen"),
       ELEMENT, "C1CCOCC1", ("CCO", "CC=O")),
    _G("aromatic nitrogen", "[n]", ("aromatic n", "aza-aromatic nitrogen", "heteroaromatic nitrogen",
       "aromatic nitrogen atom", "ring nitrogen in an aromatic ring"), ELEMENT, "c1ccncc1", ("C1CCNCC1",)),
    _G("1,2-amino alcohol", "[NX3;!$(N[#6]=[#7,#8,#16]);!$(N~[!#6;!#1])][CX4][CX4][OX2H]",
       ("vicinal amino alcohol", "beta-amino alcohol", "β-amino alcohol", "amino alcohol", "aminoalcohol",
        "ethanolamine", "2-amino alcohol"), FG, "NCC(O)c1ccccc1", ("NCCCO", "NC(=O)C(C)O")),
    _G("acylamino", "[CX3](=[OX1])([#6])[NX3H1;!R]", ("acylamino group", "acetamido", "acetamide group",
       "acylamido", "amido group", "acetylamino", "carboxamido"), FG, "CC(=O)Nc1ccccc1", ("CC(N)=O", "O=C1CCCN1")),
    _G("acyl", "[CX3](=[OX1])[#6]", ("acyl group", "acylated"), FG, "CC(=O)N1CCCC1", ("CC(O)C",)),
    # eleventh session, unseen set 5
    _G("thienopyrimidine", "[$(c1ncc2ccsc2n1),$(c1ncc2sccc2n1),$(c1ncc2cscc2n1)]", ("thieno[2,3-d]pyrimidine",
       "thieno[3,2-d]pyrimidine", "thieno[3,4-d]pyrimidine", "thienopyrimidinyl"), RING, "Nc1ncnc2sccc12",
       ("c1ncc2ccccc2n1",)),
    _G("1,3-benzodioxole", "c1ccc2OCOc2c1", ("benzodioxole", "methylenedioxyphenyl", "methylenedioxybenzene",
       "1,3-benzodioxol", "piperonyl", "benzo[d][1,3]dioxole"), RING, "CNCc1ccc2OCOc2c1", ("COc1ccccc1OC",)),
    _G("2-quinolinone", "[$(O=c1ccc2ccccc2[#7]1),$(O=C1C=Cc2ccccc2N1)]", ("carbostyril", "quinolin-2(1h)-one",
       "quinolin-2-one", "2-quinolone", "2(1h)-quinolinone", "quinolin-2(1h)-ones"), RING, "O=c1ccc2ccccc2[nH]1",
       ("O=c1cc[nH]c2ccccc12", "O=C1CCc2ccccc2N1")),
    _G("pyrazolo[1,5-a]pyrimidine", "c1cnc2ccnn2c1", ("pyrazolo[1,5-a]pyrimidinyl",), RING, "c1cnc2ccnn2c1",
       ("c1ncc2cn[nH]c2n1",)),
    _G("1-aryltetrazole", "a-!@n1[c;!$(c=O)]nnn1", ("1-aryl-1h-tetrazole", "1-aryl tetrazole", "n1-aryl tetrazole",
       "1-aryl-tetrazole"), RING, "Cc1nnnn1-c1ccccc1", ("Cc1nn[nH]n1",)),
    # N,N'-diaryl with both N-H, as in sorafenib (the N-alkylated ones are rare)
    _G("diaryl urea", "a[NX3H1][CX3](=[OX1])[NX3H1]a", ("diarylurea", "n,n'-diaryl urea", "bis-aryl urea", "biaryl urea"),
       FG, "O=C(Nc1ccccc1)Nc1ccccc1", ("CNC(=O)Nc1ccccc1",)),
    _G("spiro-oxindole", "O=C1[#7]c2ccccc2[CX4;R2]1", ("spirooxindole", "spiro oxindole", "3,3'-spirooxindole",
       "spiro[indoline-3"), SCAFFOLD, "O=C1Nc2ccccc2C12CCNC2", ("O=C1Cc2ccccc2N1",)),
    _G("charged atom", "[!+0]", ("charged", "ionic", "formal charge"), ELEMENT,
       "C[N+](C)(C)C", ("CCN",)),
    # twelfth session, unseen sets 6 and 7
    _G("rhodanine", "[#16X1]=[#6]1[#16][#6][#6](=[OX1])[#7]1", ("2-thioxothiazolidin-4-one", "rhodanyl"), RING,
       "O=C1CSC(=S)N1", ("O=C1CSC(=O)N1",)),
    _G("quinuclidine", "[#7]12[CX4][CX4][CX4]([CX4][CX4]1)[CX4][CX4]2", ("1-azabicyclo[2.2.2]octane",
       "quinuclidinyl"), SCAFFOLD, "OC1CN2CCC1CC2", ("C1CCNCC1", "C1CN2CCC1C2")),
    _G("bicyclo[1.1.1]pentane", "[CX4]12[CX4][CX4]([CX4]1)[CX4]2", ("bcp", "bicyclopentane", "bicyclo[1.1.1]pentyl",
       "bicyclo[1.1.1]pentan-1-yl", "bcp unit", "[1.1.1]propellane-derived"), SCAFFOLD, "NC12CC(C1)C2",
       ("C1CCC1", "C1CC2CC12")),
    _G("chalcone", "c[CX3;!R](=[OX1])[CX3;!R]=[CX3;!R]c", ("chalcones", "1,3-diarylprop-2-en-1-one",
       "1,3-diaryl-2-propen-1-one", "benzylideneacetophenone"), SCAFFOLD, "O=C(/C=C/c1ccccc1)c1ccccc1",
       ("O=C1CC(c2ccccc2)Oc2ccccc21", "CC(=O)/C=C/c1ccccc1")),
    _G("stilbene", "c[CX3;!R]=[CX3;!R]c", ("stilbenoid", "1,2-diarylethene", "1,2-diarylethylene", "stilbene c=c",
       "stilbene double bond"), SCAFFOLD, "Oc1ccc(/C=C/c2cc(O)cc(O)c2)cc1", ("O=C(/C=C/c1ccccc1)c1ccccc1",)),
    _G("primary sulfonamide", "[#6][SX4](=[OX1])(=[OX1])[NX3H2]", ("primary sulphonamide", "so2nh2",
       "unsubstituted sulfonamide", "sulfonamide nh2", "free sulfonamide"), FG, "NS(=O)(=O)c1ccccc1",
       ("CNS(=O)(=O)c1ccccc1",)),
    _G("primary aryl sulfonamide", "a[SX4](=[OX1])(=[OX1])[NX3H2]", ("ar-so2nh2", "aryl-so2nh2", "arso2nh2",
       "primary arylsulfonamide", "primary aromatic sulfonamide"), FG, "NS(=O)(=O)c1ccccc1",
       ("CS(N)(=O)=O", "CNS(=O)(=O)c1ccccc1")),
    _G("aryl bromide", "c[Br]", ("bromoarene", "aromatic bromide", "aryl bromo", "aromatic bromine"), FG,
       "Brc1ccccc1", ("BrCCc1ccccc1",)),
    _G("aryl iodide", "c[I]", ("iodoarene", "aromatic iodide", "aryl iodo", "aromatic iodine"), FG,
       "Ic1ccccc1", ("ICCc1ccccc1",)),
    _G("aryl chloride", "c[Cl]", ("chloroarene", "aromatic chloride", "aryl chloro", "aromatic chlorine"), FG,
       "Clc1ccccc1", ("ClCCc1ccccc1",)),
    # two aromatic rings joined by a single bond (biphenyl names the all-benzene case)
    _G("biaryl", "a-!@a", ("biaryls", "bi-aryl", "heterobiaryl", "aryl-aryl bond", "bi(hetero)aryl",
       "biheteroaryl", "aryl-heteroaryl"), SCAFFOLD, "c1ccc(-c2ccncc2)cc1", ("c1ccc2ccccc2c1", "c1ccc(Cc2ccccc2)cc1")),
    _G("2,4-diaminopyrimidine", f"[{_AMINE}]-c1ccnc(-[{_AMINE}])n1",
       ("pyrimidine-2,4-diamine", "2,4-diamino-pyrimidine", "n2,n4-disubstituted pyrimidine-2,4-diamine"), RING,
       "Nc1ccnc(N)n1", ("Nc1ccncn1", "Nc1cc(N)ncn1")),
    _G("1,5-diarylpyrazole", "a-!@n1nccc1-!@a", ("1,5-diaryl pyrazole", "1,5-diaryl-1h-pyrazole",
       "1,5-diarylpyrazoles"), RING, "Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1",
       ("c1ccc(-c2ccn(-c3ccccc3)n2)cc1",)),
    # the copper-catalysed click product: 1,4-disubstituted, C5-H
    _G("1,4-disubstituted 1,2,3-triazole", "[#6]-c1[cH]n(-[#6])nn1", ("click triazole", "1,4-triazole",
       "click product", "click chemistry product", "cuaac triazole", "1,4-disubstituted triazole"), RING,
       "Cc1cn(Cc2ccccc2)nn1", ("c1c[nH]nn1", "Cc1c(C)n(C)nn1")),
    _G("1,4-benzodiazepin-2-one", "[#8]=[#6]1[#6][#7]=[#6]c2ccccc2[#7]1", ("benzodiazepinone",
       "1,4-benzodiazepin-2(3h)-one", "1,3-dihydro-2h-1,4-benzodiazepin-2-one", "benzodiazepin-2-one"), SCAFFOLD,
       "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21", ("c1ccc2c(c1)CNCCN2",)),
    _G("2-arylpropanoic acid", "[CH3][CX4H1](a)[CX3](=[OX1])[OX2H1,OX1-]", ("2-arylpropionic acid",
       "arylpropionic acid", "arylpropanoic acid", "profen", "profen-type acid", "2-aryl propionic acid"), FG,
       "CC(C)Cc1ccc(C(C)C(=O)O)cc1", ("OC(=O)Cc1ccccc1",)),
    _G("azaspirocycle", _AZASPIRO, ("azaspiro", "azaspirocyclic", "aza-spirocycle",
       "azaspiro ring", "aza-spiro"), RING, "C1CC2(CCN2)C1", ("C1CCC2(CC1)CCCC2", "C1CCNCC1")),
    # an amine, not an amide or a sulfonamide, in a ring of the spiro system
    _G("spirocyclic amine", _AZASPIRO.replace("[#7]", f"[{_AMINE};!$(Na)]"), ("spirocyclic amines", "spiro amine",
       "spirocyclic secondary amine", "azaspirocyclic amine"), RING, "C1CC2(CCNC2)C1",
       ("O=C1CCC2(CCCC2)N1", "CS(=O)(=O)N1CCC2(CCCC2)C1", "C1CCNCC1")),
    _G("ring of seven atoms", "[r7]", ("seven-membered ring", "7-membered ring", "seven membered ring",
       "seven-ring", "7-ring", "seven-membered"), RING, "C1CCCNCC1", ("C1CCNCC1",)),
    _G("ring of eight atoms", "[r8]", ("eight-membered ring", "8-membered ring", "eight membered ring"), RING,
       "C1CCCNCCC1", ("C1CCCNCC1",)),
    _G("ring of three atoms", "[r3]", ("three-membered ring", "3-membered ring", "three membered ring"), RING,
       "C1CC1N", ("C1CCC1",)),
    _G("ring of four atoms", "[r4]", ("four-membered ring", "4-membered ring", "four membered ring"), RING,
       "C1CNC1", ("C1CC1",)),
    _G("zwitterion", "[+;!$(*~[-])].[-;!$(*~[+])]", ("zwitterionic", "inner salt", "internal salt",
       "zwitterions"), FG, "C[N+](C)(C)CC(=O)[O-]", ("C[N+](=O)[O-]", "CC(=O)[O-]")),
    _G("permanent cation", "[$([NX4+;H0;!$(*~[-])]),$([n+;H0;!$(*~[-])]),$([PX4+;H0]),$([NX3+;H0;!$(*~[-])]=[#6])]",
       ("permanent positive charge", "permanently charged cation", "permanent charge", "quaternary cation",
        "onium ion", "permanently charged"), FG, "C[n+]1ccccc1", ("C[NH+](C)C", "C[N+](=O)[O-]")),
    _G("pyridinium", "[n+;H0;!$(*~[-])]", ("n-alkylpyridinium", "n-alkyl pyridinium", "pyridinium salt",
       "n-alkyl-pyridinium"), RING, "C[n+]1ccccc1", ("c1cc[nH+]cc1", "[O-][n+]1ccccc1")),
    _G("phosphonium", "[PX4+;H0]", ("phosphonium salt", "quaternary phosphonium", "tetraalkylphosphonium"), FG,
       "C[P+](C)(C)C", ("CP(C)C",)),
    _G("acidic group", "[$([CX3](=O)[OX2H1,OX1-]),$([SX4](=O)(=O)[OX2H1,OX1-]),$([PX4](=O)[OX2H1,OX1-]),"
       "$(c1nn[nH]n1),$(c1nnn[nH]1),$(c1nn[n-]n1),$([CX3](=O)[NH1][SX4](=O)=O)]",
       ("acid", "acidic head group", "acidic moiety", "acidic function", "acidic functionality",
        "acidic headgroup"), FG, "CC(=O)O", ("CC(N)=O", "CCO")),
    # a nitrogen shared by two fused rings (indolizidine, pyrrolo[1,2-a]pyrazine), and a lactam whose N it is
    _G("ring-fusion nitrogen", "[#7;R2;!$([#7;x4])]", ("bridgehead nitrogen", "bridgehead n", "ring fusion nitrogen",
       "ring-junction nitrogen", "angular nitrogen", "fusion nitrogen"), ELEMENT, "C1CCN2CCCC2C1",
       ("C1CCC2(CC1)CCNC2", "c1ccc2[nH]ccc2c1")),
    _G("lactam with a ring-fusion nitrogen", "[CX3;!a;R](=[OX1])@[NX3;!a;R2]", ("bridgehead lactam",
       "n-bridgehead lactam", "indolizidinone", "quinolizidinone", "pyrrolizidinone", "pyrrolo[1,2-a]pyrazinone",
       "pyrrolo[1,2-a]pyrazin-1-one", "hexahydropyrrolo[1,2-a]pyrazinone", "ring-fusion lactam"), SCAFFOLD,
       "O=C1CCC2CCCCN12", ("O=C1CCCN1C1CCCC1", "O=C1Nc2ccccc2C1")),
    # common medicinal-chemistry names that were still missing (twelfth session)
    _G("amide bioisostere", "[$(c1ncon1),$(c1nnco1),$(c1cn(-[#6])nn1),$(n1cnnc1),$(c1nnn[nH]1),$(c1ncco1),"
       "$([CX4](C(F)(F)F)[NX3;!$(N[#6]=O)])]", ("amide isostere", "amide replacement", "amide surrogate",
       "amide bond isostere", "amide bond bioisostere", "amide bond surrogate", "amide bond replacement"), FG,
       "Cc1noc(-c2ccccc2)n1", ("CC(=O)NC",)),
    _G("phenyl bioisostere", "[$([CX4]12[CX4][CX4]([CX4]1)[CX4]2),$(C12C3C4C1C5C2C3C45),$([CX4]1[CX4][CX4]2[CX4][CX4][CX4]1"
       "[CX4][CX4]2),$([CX4]12[CX4][CX4]([CX4]1)[CX4][CX4]2)]", ("phenyl isostere", "benzene bioisostere",
       "saturated phenyl bioisostere", "phenyl replacement", "saturated bioisostere of benzene", "benzene isostere",
       "phenyl ring bioisostere", "phenyl ring isostere"), SCAFFOLD, "NC12CC(C1)C2", ("c1ccccc1", "C1CCCCC1")),
    _G("cubane", "C12C3C4C1C5C2C3C45", ("cubyl",), SCAFFOLD, "NC12C3C4C1C1C2C3C41", ("C1CC2CC1C2",)),
    _G("bicyclo[2.2.2]octane", "[CX4]1[CX4][CX4]2[CX4][CX4][CX4]1[CX4][CX4]2", ("bicyclooctane", "bco",
       "bicyclo[2.2.2]octyl"), SCAFFOLD, "OC(=O)C12CCC(CC1)CC2", ("C1CCC2CCCC2C1",)),
    _G("terminal alkyne", "[CH1]#[CX2]", ("terminal acetylene", "acetylenic ch", "terminal ethynyl"), FG, "C#Cc1ccccc1",
       ("CC#CC",)),
    _G("propargyl", "[CX2]#[CX2][CH2]", ("propargylic", "propargyl group"), FG, "C#CCN", ("CC=CCN",)),
    _G("quaternary carbon", "[CX4H0]([#6])([#6])([#6])[#6]", ("all-carbon quaternary centre", "quaternary centre",
       "quaternary center", "all-carbon quaternary center", "quaternary carbon centre"), FG, "CC(C)(C)c1ccccc1",
       ("CC(C)c1ccccc1",)),
    _G("methyl sulfone", "[CH3][SX4](=[OX1])(=[OX1])[#6]", ("methylsulfonyl", "mesyl", "methanesulfonyl", "so2me",
       "methylsulfone"), FG, "CS(=O)(=O)c1ccccc1", ("CS(N)(=O)=O",)),
    _G("acyl sulfonamide", "[CX3](=[OX1])[NX3][SX4](=[OX1])=[OX1]", ("acylsulfonamide", "n-acylsulfonamide",
       "n-acyl sulfonamide", "sulfonyl carboxamide"), FG, "CC(=O)NS(=O)(=O)c1ccccc1", ("NS(=O)(=O)c1ccccc1",)),
    _G("phenethylamine", "c[CH2][CH2][NX3;!$(N[#6]=[#7,#8,#16])]", ("2-phenylethylamine", "phenylethylamine",
       "2-arylethylamine", "arylethylamine"), FG, "NCCc1ccccc1", ("NCc1ccccc1", "CC(=O)NCCc1ccccc1")),
    _G("benzylamine", "c[CH2][NX3;!$(N[#6]=[#7,#8,#16])]", ("benzylic amine", "benzyl amine"), FG, "NCc1ccccc1",
       ("NCCc1ccccc1", "CC(=O)NCc1ccccc1")),
    _G("succinimide", "O=C1[CX4][CX4]C(=O)[NX3]1", ("pyrrolidine-2,5-dione", "2,5-pyrrolidinedione"), RING,
       "CN1C(=O)CCC1=O", ("O=C1CCCN1",)),
    _G("uracil", "[#8]=[#6]1[#6]=,:[#6][#7][#6](=[#8])[#7]1", ("pyrimidine-2,4-dione", "pyrimidine-2,4(1h,3h)-dione",
       "uracils"), RING, "O=c1cc[nH]c(=O)[nH]1", ("O=c1ccnc[nH]1",)),
    _G("tetrahydroquinoline", "c1ccc2c(c1)[CX4][CX4][CX4][NX3]2", ("1,2,3,4-tetrahydroquinoline", "thq"), RING,
       "c1ccc2c(c1)CCCN2", ("c1ccc2c(c1)CCNC2", "c1ccc2ncccc2c1")),
    _G("pyrrolopyrimidine", "[$(c1ncc2cc[nX3]c2n1),$(c1ncc2[nX3]ccc2n1)]", ("pyrrolo[2,3-d]pyrimidine",
       "7-deazapurine", "deazapurine", "pyrrolo[3,2-d]pyrimidine"), RING, "Nc1ncnc2[nH]ccc12", ("c1ncc2cn[nH]c2n1",)),
    _G("imidazothiazole", "c1cn2ccsc2n1", ("imidazo[2,1-b]thiazole", "imidazo[2,1-b][1,3]thiazole"), RING,
       "c1ccc(-c2cn3ccsc3n2)cc1", ("c1ccc2[nH]cnc2c1",)),
    _G("triazolopyridine", "[$(c1ccn2cnnc2c1),$(c1ccn2ncnc2c1)]", ("[1,2,4]triazolo[4,3-a]pyridine",
       "[1,2,4]triazolo[1,5-a]pyridine", "triazolo[4,3-a]pyridine", "triazolo[1,5-a]pyridine"), RING,
       "c1ccn2cnnc2c1", ("c1ccc2[nH]nnc2c1",)),
    _G("weinreb amide", "[CX3](=[OX1])[NX3]([CH3])[OX2][CH3]", ("n-methoxy-n-methylamide",), FG, "CON(C)C(=O)c1ccccc1",
       ("CNC(=O)c1ccccc1",)),
    _G("methyl ester", "[#6][CX3](=[OX1])[OX2][CH3]", ("methyl carboxylate", "co2me", "methyl ester group"), FG,
       "COC(=O)c1ccccc1", ("CCOC(=O)c1ccccc1",)),
    _G("ethyl ester", "[#6][CX3](=[OX1])[OX2][CH2][CH3]", ("ethyl carboxylate", "co2et"), FG, "CCOC(=O)c1ccccc1",
       ("COC(=O)c1ccccc1",)),
    _G("cyanamide", "[NX3][CX2]#[NX1]", ("n-cyano", "n-cyanoamine"), FG, "CN(C)C#N", ("CC#N",)),
    _G("sulfamate", "[OX2][SX4](=[OX1])(=[OX1])[NX3]", ("sulfamic ester", "sulfamate ester"), FG,
       "NS(=O)(=O)Oc1ccccc1", ("NS(=O)(=O)c1ccccc1",)),
    _G("trifluoromethyl ketone", "[#6][CX3](=[OX1])C(F)(F)F", ("tfmk", "trifluoroacetyl"), FG, "O=C(c1ccccc1)C(F)(F)F",
       ("FC(F)(F)c1ccccc1",)),
    _G("alpha-ketoamide", "[#6][CX3](=[OX1])[CX3](=[OX1])[NX3]", ("α-ketoamide", "ketoamide", "2-oxoamide",
       "alpha-keto amide"), FG, "CNC(=O)C(=O)c1ccccc1", ("CNC(=O)Cc1ccccc1",)),
    _G("enol ether", "[CX3]=[CX3][OX2][#6]", ("vinyl ether",), FG, "C=COC", ("CCOC",)),
    _G("dipeptide", "[NX3][CX4][CX3](=[OX1])[NX3][CX4][CX3](=[OX1])[OX2,NX3]", ("dipeptides", "dipeptide unit"), FG, "NCC(=O)NCC(=O)O", ("NCC(=O)O",)),
    _G("macrolactone", "[#6;r{12-}](=[OX1])@[#8;r{12-}]", ("macrocyclic lactone", "macrolide"), RING,
       "O=C1CCCCCCCCCCO1", ("O=C1CCCO1",)),
    _G("aryl fluoride", "c[F]", ("aromatic f", "aromatic fluorine", "fluoroarene", "aryl f", "aromatic fluoro",
       "ar-f", "aryl fluorine"), FG, "Fc1ccccc1", ("FCCc1ccccc1",)),
    _G("azole", "[#7;a;r5]", ("azoles", "5-membered azole", "five-membered azole", "azole ring"), RING,
       "c1cn[nH]c1", ("c1ccncc1", "c1ccsc1")),
    _G("indole-3-acetic acid", "[OX2H1,OX1-][CX3](=[OX1])[CH2]c1c[nX3]c2ccccc12", ("indoleacetic acid",
       "indol-3-ylacetic acid", "indole-3-acetic", "2-(1h-indol-3-yl)acetic acid", "heteroauxin"), SCAFFOLD,
       "OC(=O)Cc1c[nH]c2ccccc12", ("OC(=O)Cc1ccc2[nH]ccc2c1",)),
    _G("pyrazolo[3,4-d]pyrimidine", "c1ncc2cn[nX3]c2n1", ("pyrazolopyrimidine", "1h-pyrazolo[3,4-d]pyrimidine",
       "pyrazolo[3,4-d]pyrimidinyl"), RING, "c1ncc2cn[nH]c2n1", ("c1cnc2ccnn2c1",)),
    _G("4-aminopyrazolo[3,4-d]pyrimidine", "[NX3]-c1ncnc2c1cn[nX3]2", ("pyrazolo[3,4-d]pyrimidin-4-amine",
       "1h-pyrazolo[3,4-d]pyrimidin-4-amine", "4-amino-pyrazolo[3,4-d]pyrimidine", "4-aminopyrazolopyrimidine"),
       RING, "Nc1ncnc2[nH]ncc12", ("c1ncc2cn[nH]c2n1",)),
    _G("n-h group", "[#7;!H0]", ("n-h", "n-h bond", "nh group", "n-h donor", "nitrogen-bound hydrogen"), FG,
       "CNC(C)=O", ("CN(C)C(C)=O",)),
    _G("isobutyl", "[CH3][CH1]([CH3])[CH2;!R][#6]", ("iso-butyl", "2-methylpropyl", "i-butyl", "ibu"), FG,
       "CC(C)Cc1ccccc1", ("CCCCc1ccccc1", "CC(C)c1ccccc1")),
    _G("n-propyl", "[CH3][CH2][CH2;!R][#6,#7,#8,#16]", ("propyl", "n-pr", "1-propyl"), FG, "CCCc1ccccc1",
       ("CC(C)c1ccccc1",)),
    _G("n-butyl", "[CH3][CH2][CH2][CH2;!R][#6,#7,#8,#16]", ("butyl", "n-bu", "1-butyl"), FG, "CCCCc1ccccc1",
       ("CC(C)Cc1ccccc1",)),
    _G("saturated ring", "[$(*1-*-*-1),$(*1-*-*-*-1),$(*1-*-*-*-*-1),$(*1-*-*-*-*-*-1),$(*1-*-*-*-*-*-*-1)]",
       ("saturated rings", "aliphatic ring", "saturated heterocycle", "saturated carbocycle", "non-aromatic ring",
        "fully saturated ring", "saturated heterocyclic ring"), RING, "C1CCNCC1", ("c1ccccc1", "C1=CCCCC1")),
    _G("nitrogen heteroaromatic ring", "[n]", ("nitrogen-containing heteroaromatic ring", "n-heteroaromatic ring",
       "nitrogen-containing heteroaryl", "azaheteroaryl", "n-heteroaryl", "nitrogen heteroaryl",
       "nitrogen-containing aromatic heterocycle", "aza-heteroaromatic ring"), RING, "c1ccncc1", ("c1ccoc1", "C1CCNCC1")),
    _G("diaryl amide", "a[CX3](=[OX1])[NX3]a", ("biaryl amide", "aryl-co-nh-aryl", "ar-c(=o)nh-ar", "aryl-co-nh-aryl amide",
       "n-aryl benzamide", "diarylamide", "n-aryl aryl amide", "aryl anilide"), FG, "O=C(Nc1ccccc1)c1ccccc1",
       ("CC(=O)Nc1ccccc1", "O=C(NCc1ccccc1)c1ccccc1")),
    _G("aryl carboxylic acid", "a[CX3](=[OX1])[OX2H1,OX1-]", ("aryl acid", "aromatic acid", "aromatic carboxylic acid",
       "arylcarboxylic acid", "benzoic", "heteroaryl carboxylic acid", "aryl carboxylic acids"), FG,
       "OC(=O)c1ccccc1", ("OC(=O)Cc1ccccc1",)),
    _G("spiro[3.3]heptane", "[!#1;R]1~[!#1;R]~[CX4;x4]2(~[!#1;R]~1)~[!#1;R]~[!#1;R]~[!#1;R]~2", ("spiroheptane",
       "2-azaspiro[3.3]heptane", "2-oxa-6-azaspiro[3.3]heptane", "2,6-diazaspiro[3.3]heptane", "azaspiro[3.3]heptane",
       "oxaspiro[3.3]heptane", "spiro[3.3]heptyl"), SCAFFOLD, "C1CC2(C1)CNC2", ("C1CCC2(CC1)CC2",)),
    _G("3,5-diaryl-1,2,4-oxadiazole", "a-c1noc(-a)n1", ("3,5-diaryl-1,2,4-oxadiazoles", "3,5-diaryl 1,2,4-oxadiazole",
       "3,5-bisaryl-1,2,4-oxadiazole"), RING, "c1ccc(-c2noc(-c3ccccc3)n2)cc1", ("Cc1noc(-c2ccccc2)n1",)),
    _G("primary benzenesulfonamide", "c1ccccc1[SX4](=[OX1])(=[OX1])[NX3H2]", ("primary benzene sulfonamide",
       "benzenesulfonamide nh2", "unsubstituted benzenesulfonamide"), FG, "NS(=O)(=O)c1ccccc1",
       ("CNS(=O)(=O)c1ccccc1", "NS(=O)(=O)c1ccncc1")),
    _G("sp3 carbon", "[CX4]", ("sp3 carbons", "sp3-hybridised carbon", "sp3-hybridized carbon", "sp3 c",
       "saturated carbon", "tetrahedral carbon", "csp3"), ELEMENT, "CC", ("c1ccccc1",)),
    _G("carbon", "[#6]", ("carbon atom", "c atom"), ELEMENT, "CC", ("N",)),
    # thirteenth session: chemical-biology, agrochemical and lead-optimisation vocabulary
    _G("diazirine", "[CX4]1N=N1", ("3h-diazirine", "diazirinyl", "alkyl diazirine"), RING, "CC1(CCC(=O)O)N=N1",
       ("C1CN1", "CN=NC")),
    _G("trifluoromethyl diazirine", "FC(F)(F)[CX4]1N=N1", ("trifluoromethyldiazirine", "3-(trifluoromethyl)-3h-diazirine",
       "tfmd", "tpd", "trifluoromethyl-diazirine", "aryl trifluoromethyl diazirine", "cf3-diazirine", "cf3 diazirine"),
       RING, "FC(F)(F)C1(c2ccccc2)N=N1", ("CC1(C)N=N1",)),
    _G("aryl azide", "a[$([NX2]=[NX2+]=[NX1-]),$([NX2-]-[NX2+]#[NX1])]", ("arylazide", "phenyl azide", "aromatic azide",
       "azidophenyl", "azidoaryl"), FG, "[N-]=[N+]=Nc1ccccc1", ("[N-]=[N+]=NCc1ccccc1",)),
    _G("aryl sulfonyl fluoride", "a[SX4](=[OX1])(=[OX1])F", ("arylsulfonyl fluoride", "aryl-so2f", "aryl so2f", "arso2f",
       "ar-so2f", "aryl fluorosulfonyl", "sufex warhead", "sufex handle"), FG, "O=S(=O)(F)c1ccccc1",
       ("CS(=O)(=O)F", "O=S(=O)(Cl)c1ccccc1")),
    _G("propargyl ether", "[CH1]#[CX2][CH2][OX2][#6]", ("propargyloxy", "o-propargyl", "propargylic ether",
       "propargyl ethers", "prop-2-ynyl ether", "prop-2-yn-1-yloxy"), FG, "C#CCOc1ccccc1", ("C#CCO", "CC#CCOC")),
    _G("beta-methoxyacrylate", "[CH3][OX2][CH1]=[CX3][CX3](=[OX1])[OX2][CH3]", ("methoxyacrylate", "β-methoxyacrylate",
       "methyl beta-methoxyacrylate", "strobilurin toxophore", "methoxyacrylate toxophore", "strobilurin pharmacophore"),
       FG, "COC=C(C(=O)OC)c1ccccc1", ("C=C(C(=O)OC)c1ccccc1", "COC=CC(=O)O")),
    _G("3-hydroxypyridin-4-one", "[OX2H][#6]1~[#6]~[#7]~[#6]~[#6]~[#6]~1=[OX1]", ("3-hydroxy-4-pyridinone",
       "3-hydroxypyridin-4(1h)-one", "3,4-hop", "3-hydroxy-4-pyridone", "hydroxypyridinone"), RING,
       "Cc1c(O)c(=O)ccn1C", ("O=c1ccn(C)cc1", "Oc1cccnc1")),
    _G("2,5-diketopiperazine", "[OX1]=[CX3]1[NX3][CX4][CX3](=[OX1])[NX3][CX4]1", ("diketopiperazine", "2,5-dkp",
       "piperazine-2,5-dione", "cyclic dipeptide", "cyclodipeptide", "dkp"), RING, "CC1NC(=O)C(Cc2ccccc2)NC1=O",
       ("O=C1CNCCN1", "O=C1CNCC(=O)N1")),
    _G("cyanoacrylamide", "[CX3]=[CX3](C#N)[CX3](=[OX1])[NX3]", ("alpha-cyanoacrylamide", "α-cyanoacrylamide",
       "2-cyanoacrylamide", "cyano-acrylamide", "cyanoacrylamides"), FG, "CNC(=O)C(C#N)=Cc1ccccc1",
       ("C=CC(=O)NC", "N#CCC(=O)NC")),
    _G("peg unit", "[OX2;$(O([CH2][CH2])[CH2][CH2])]", ("ethylene glycol unit", "ethylene glycol", "ethylene oxide unit",
       "oxyethylene unit", "peg", "peg chain", "peg linker", "polyethylene glycol", "peg spacer", "ethyleneoxy unit"),
       FG, "COCCOCCOC", ("CCOCC(C)C", "COC")),
    _G("methylene", "[CH2]", ("ch2 group", "ch2 groups", "methylene group", "methylene unit", "methylenes"), ELEMENT, "CCC",
       ("CC",)),
    _G("benzohydroxamic acid", "c[CX3](=[OX1])[NX3H1][OX2H]", ("aryl hydroxamic acid", "aryl hydroxamate",
       "benzohydroxamate", "aromatic hydroxamic acid"), FG, "ONC(=O)c1ccccc1", ("CC(=O)NO", "NC(=O)c1ccccc1")),
    _G("chloroacetanilide", "[Cl][CH2][CX3](=[OX1])[NX3]c", ("n-aryl chloroacetamide", "aryl chloroacetamide",
       "chloroacetanilides"), FG, "ClCC(=O)Nc1ccccc1", ("ClCC(=O)NC1CCCCC1",)),
    _G("betaine", "[NX4+;H0;!$([N+]~[!#6])].[CX3](=[OX1])[OX1-]", ("betaines", "carboxybetaine", "betaine-type zwitterion",
       "betaine zwitterion"), FG, "C[N+](C)(C)CC(=O)[O-]", ("C[N+](C)(C)C", "CC(=O)[O-]")),
    _G("2-oxazolidinone", "[OX1]=[CX3]1[OX2][CX4][CX4][NX3]1", ("oxazolidinone", "oxazolidin-2-one", "oxazolidinones",
       "2-oxazolidinones"), RING, "O=C1OCCN1c1ccccc1", ("O=C1CCCN1", "O=C1OCCO1")),
    _G("morpholin-3-one", "[OX1]=[CX3]1[CX4][OX2][CX4][CX4][NX3]1", ("morpholinone", "3-morpholinone", "morpholine-3-one",
       "3-oxomorpholine"), RING, "O=C1COCCN1c1ccccc1", ("O=C1CCCCN1", "C1COCCN1")),
    _G("1-aminotetralin", "[NX3][CX4]1[CX4][CX4][CX4]c2ccccc21", ("aminotetralin", "1-aminotetraline",
       "1,2,3,4-tetrahydronaphthalen-1-amine", "tetrahydronaphthalen-1-amine"), SCAFFOLD, "NC1CCCc2ccccc21",
       ("NC1CCc2ccccc2C1", "Nc1ccccc1")),
    _G("imidazo[4,5-b]pyridine", "c1cnc2ncnc2c1", ("1-deazapurine", "4-azabenzimidazole", "3h-imidazo[4,5-b]pyridine",
       "1h-imidazo[4,5-b]pyridine"), RING, "c1cnc2[nH]cnc2c1", ("c1ccc2[nH]cnc2c1",)),
    _G("granatane", "[CX4]1[CX4][CX4]2[CX4][CX4][CX4][CX4]([CX4]1)[NX3]2", ("9-azabicyclo[3.3.1]nonane", "granatanine",
       "granatane amine", "homotropane"), SCAFFOLD, "CN1C2CCCC1CC(N)C2", ("CN1C2CCC1CC(N)C2",)),
    _G("beta-amino amide", "[NX3H2][CX4][CX4][CX3](=[OX1])[NX3]", ("β-amino amide", "beta-aminoamide", "3-amino amide",
       "beta amino amide"), FG, "NC(Cc1ccccc1)CC(=O)N1CCCC1", ("NCC(=O)NC", "NCCCC(=O)NC")),
    _G("statin side chain", "[OX2H1,OX1-][CX3](=[OX1])[CH2][CH1]([OX2H])[CH2][CH1]([OX2H])[CH2][CH2,CH1]",
       ("3,5-dihydroxyheptanoic acid", "dihydroxyheptanoic acid", "3,5-dihydroxy acid", "statin pharmacophore",
        "3,5-dihydroxyheptanoic acid side chain", "dihydroxy acid side chain", "3,5-dihydroxyhept-6-enoic acid"),
       FG, "OC(=O)CC(O)CC(O)CCc1ccccc1", ("OC(=O)CC(O)CCCc1ccccc1", "CC(O)CC(O)CC(=O)OC")),
    _G("diphenylcarbinol", "[OX2H][CX4](c1ccccc1)c1ccccc1", ("diphenylmethanol", "benzhydrol", "diphenyl carbinol",
       "benzhydryl alcohol", "diaryl carbinol"), FG, "OC(c1ccccc1)(c1ccccc1)C1CCNCC1", ("OC(c1ccccc1)C1CCNCC1",)),
    _G("benzofuran-3-one", "[OX1]=[CX3]1[CX4][OX2]c2ccccc21", ("benzofuran-3(2h)-one", "3-coumaranone",
       "coumaran-3-one", "benzofuranone", "2h-benzofuran-3-one"), RING, "O=C1COc2ccccc21", ("O=C1CCc2ccccc21",)),
    _G("1-indanone", "[OX1]=[CX3]1[CX4][CX4]c2ccccc21", ("indanone", "indan-1-one", "2,3-dihydro-1h-inden-1-one",
       "1-indanones"), RING, "O=C1CCc2ccccc21", ("O=C1COc2ccccc21", "O=C1CCCc2ccccc21")),
    _G("aryloxypropanolamine", "a[OX2][CH2][CH1]([OX2H])[CH2][NX3]", ("aryloxy propanolamine", "aryloxypropanolamines",
       "beta-blocker side chain", "oxypropanolamine"), FG, "CC(C)NCC(O)COc1ccccc1", ("CC(C)NCC(O)Cc1ccccc1",)),
)
# fmt: on


# --- SMARTS compilation ---------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _compile(smarts: str) -> Chem.Mol | None:
    from rdkit.rdBase import BlockLogs

    with BlockLogs():
        return Chem.MolFromSmarts(smarts)


def compile_smarts(smarts: str) -> Chem.Mol:
    """Compile a SMARTS pattern (cached; the same ``Mol`` is returned each time, do not modify it).

    Raises
    ------
    discovery.errors.ChemError
        When the pattern is empty or RDKit cannot parse it.
    """
    if not isinstance(smarts, str) or not smarts.strip():
        raise ChemError("invalid SMARTS: empty pattern")
    pattern = _compile(smarts.strip())
    if pattern is None or pattern.GetNumAtoms() == 0:
        raise ChemError(f"invalid SMARTS {smarts.strip()[:200]!r}: RDKit cannot parse it")
    return pattern


# --- name lookup ----------------------------------------------------------------------------
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ω": "omega"}
_SUFFIX_WORDS = (
    "group", "groups", "moiety", "moieties", "substituent", "substituents", "functionality",
    "functional group", "functional groups", "motif", "motifs", "unit", "units", "residue",
    "residues", "fragment", "fragments", "ring", "rings", "ring system", "ring systems", "core",
    "scaffold", "scaffolds", "system", "atom", "atoms",
)  # fmt: skip


_ARTICLES = frozenset({"a", "an", "the", "one", "some"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    for greek, word in _GREEK.items():
        text = text.replace(greek, f" {word} ")
    text = text.replace("sulph", "sulf")
    text = re.sub(r"[\s\-_/,'’()]+", " ", text)
    text = re.sub(r"^(?:an?|the|one|some)\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _singular_forms(word: str) -> list[str]:
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def _candidate_keys(text: str) -> list[str]:
    norm = _normalise(text)
    if not norm:
        return []
    keys = [norm]
    # Drop trailing words such as "group", "ring", "moiety" (longest first).
    for suffix in sorted(_SUFFIX_WORDS, key=len, reverse=True):
        if norm.endswith(" " + suffix):
            keys.append(norm[: -len(suffix) - 1].strip())
            break
    for key in list(keys):
        head, _, last = key.rpartition(" ")
        for single in _singular_forms(last):
            keys.append(f"{head} {single}".strip())
    return keys


@lru_cache(maxsize=1)
def _index() -> dict[str, FunctionalGroup]:
    index: dict[str, FunctionalGroup] = {}
    for group in GROUPS:
        for term in (group.name, *group.synonyms):
            norm = _normalise(term)
            # First writer wins: a group's own name beats another group's synonym.
            index.setdefault(norm, group)
    # Space-free keys ("betalactam", "alphaaminoacid") as a second chance, never overriding.
    for key, group in list(index.items()):
        index.setdefault(key.replace(" ", ""), group)
    return index


def lookup_group(text: str) -> FunctionalGroup | None:
    """Find a group by name or synonym.

    Case-insensitive; handles plurals ("sulfonamides", "piperazines"), British spelling
    ("sulphonamide"), Greek letters ("β-lactam"), hyphen/space variants ("beta lactam") and
    trailing words such as "group", "ring", "moiety" ("CF3 group", "pyridine ring").

    Returns
    -------
    FunctionalGroup or None
    """
    if not isinstance(text, str):
        return None
    index = _index()
    names = {g.name: g for g in GROUPS}
    # Canonical names first so a group's own name always wins.
    for key in _candidate_keys(text):
        if key in names:
            return names[key]
    for key in _candidate_keys(text):
        if key in index:
            return index[key]
        squashed = key.replace(" ", "")
        if squashed in index:
            return index[squashed]
    # "4-fluorophenyl", "2,4-dichlorophenyl", "pyridin-3-yl": a ring with a named substitution pattern
    from .substitution import substituted_ring

    return substituted_ring(text)


def find_group_mentions(text: str, max_words: int = 5) -> list[tuple[FunctionalGroup, int, int]]:
    """Group names mentioned in free text, longest match first, without overlaps.

    Parameters
    ----------
    text : str
        E.g. ``"drug-like sulfonamides without ester groups"``.
    max_words : int
        Longest phrase tried.

    Returns
    -------
    list of (FunctionalGroup, start, end)
        Character spans into ``text``, in reading order.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\s,;:.!?()]+", text)]
    found: list[tuple[FunctionalGroup, int, int]] = []
    i = 0
    while i < len(words):
        hit = None
        if words[i][0].lower() in _ARTICLES:  # "a piperazine" -> the span starts at "piperazine"
            i += 1
            continue
        for n in range(min(max_words, len(words) - i), 0, -1):
            start, end = words[i][1], words[i + n - 1][2]
            phrase = text[start:end]
            group = lookup_group(phrase)
            # Single letters and element symbols ("F", "Cl") only count in their own case.
            if group is not None and (n > 1 or len(phrase) > 2 or phrase.lower() in ("oh",)):
                hit = (group, start, end, n)
                break
        if hit:
            found.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return found


# --- matching -------------------------------------------------------------------------------
def _pattern_for(smarts_or_group: Any) -> Chem.Mol:
    if isinstance(smarts_or_group, FunctionalGroup):
        return smarts_or_group.pattern
    if isinstance(smarts_or_group, Chem.Mol):
        return smarts_or_group
    if not isinstance(smarts_or_group, str) or not smarts_or_group.strip():
        raise ChemError("invalid SMARTS or group name: empty")
    group = lookup_group(smarts_or_group)
    if group is not None:
        return group.pattern
    try:
        return compile_smarts(smarts_or_group)
    except ChemError:
        raise ChemError(
            f"{smarts_or_group.strip()[:200]!r} is neither a known group name nor valid SMARTS"
        ) from None


def has_substructure(mol: Any, smarts_or_group: Any) -> bool:
    """True when ``mol`` contains a group (by name, e.g. ``"piperazine"``) or a SMARTS pattern.

    Names are tried first (:func:`lookup_group`), then the text is compiled as SMARTS.
    An unparsable molecule gives ``False``.

    Raises
    ------
    discovery.errors.ChemError
        When the pattern is neither a known name nor valid SMARTS.
    """
    pattern = _pattern_for(smarts_or_group)
    m = to_mol(mol)
    return m is not None and m.HasSubstructMatch(pattern)


def count_matches(mol: Any, smarts_or_group: Any) -> int:
    """Number of (unique) matches of a group or SMARTS in ``mol`` (0 for unparsable input)."""
    pattern = _pattern_for(smarts_or_group)
    m = to_mol(mol)
    return 0 if m is None else len(m.GetSubstructMatches(pattern, maxMatches=10000))


def find_groups(mol: Any, categories: tuple[str, ...] | None = None) -> list[str]:
    """Names of every group in :data:`GROUPS` present in ``mol`` (library order).

    Parameters
    ----------
    mol : rdkit.Chem.Mol or str
    categories : tuple of str, optional
        Restrict to these categories (see :data:`GROUP_CATEGORIES`).
    """
    m = to_mol(mol)
    if m is None:
        return []
    return [
        g.name
        for g in GROUPS
        if (categories is None or g.category in categories) and m.HasSubstructMatch(g.pattern)
    ]
