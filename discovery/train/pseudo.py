"""Structure-derived pseudo-captions in ChEBI phrasing ("It is a member of phenols ...").

We have only ~2,300 real ChEBI-20 training descriptions; every structure of the retrieval corpus
and of L+M-24 can still get a caption that names its chemical classes the way ChEBI does. Training
on those teaches the molecule branch which class words go with which substructures. The captions
use only the structure (RDKit SMARTS), never a description.
"""

from __future__ import annotations

from functools import lru_cache

from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

# (ChEBI-style class phrase, SMARTS). Order = roughly how ChEBI lists parents.
CLASSES: list[tuple[str, str]] = [
    ("a steroid", "C1CCC2C(C1)CCC1C2CCC2CCCC12"),
    ("a 3-hydroxy steroid", "[OX2H]C1CCC2(C)C(C1)CCC1C2CCC2(C)CCCC12"),
    ("a flavonoid", "O=C1C=C(c2ccccc2)Oc2ccccc12"),
    ("a member of flavanones", "O=C1CC(c2ccccc2)Oc2ccccc12"),
    ("an isoflavonoid", "O=C1C(c2ccccc2)=COc2ccccc12"),
    ("a member of coumarins", "O=c1ccc2ccccc2o1"),
    ("a member of chromones", "O=c1ccoc2ccccc12"),
    ("a member of indoles", "c1ccc2[nH]ccc2c1"),
    ("a member of quinolines", "c1ccc2ncccc2c1"),
    ("a member of pyridines", "c1ccncc1"),
    ("a member of pyrimidines", "c1cncnc1"),
    ("a member of imidazoles", "c1cnc[nH]1"),
    ("a purine", "c1ncc2nc[nH]c2n1"),
    ("a member of furans", "c1ccoc1"),
    ("a member of thiophenes", "c1ccsc1"),
    ("a member of piperidines", "C1CCNCC1"),
    ("a member of pyrrolidines", "C1CCNC1"),
    ("a member of morpholines", "C1COCCN1"),
    ("a member of piperazines", "C1CNCCN1"),
    ("a member of benzenes", "c1ccccc1"),
    ("a member of naphthalenes", "c1ccc2ccccc2c1"),
    ("a tetrapyrrole", "c1cc2cc3ccc(cc4ccc(cc5ccc(cc1n2)[nH]5)n4)[nH]3"),
    ("a nucleoside", "[#7;R]C1OC(CO)CC1"),
    ("a nucleotide", "P(=O)(O)OCC1OC([#7;R])CC1"),
    ("an acyl-CoA", "SCCNC(=O)CCNC(=O)C(O)C(C)(C)COP(=O)(O)OP(=O)(O)OC"),
    ("a glycoside", "[OX2;R]C([OX2;!R][#6])[CR][CR]"),
    ("a beta-D-glucoside", "O[C@@H]1[C@@H](O)[C@H](O)[C@@H](CO)O[C@H]1O[#6]"),
    ("an oligosaccharide", "OC1C(O)C(O[#6]2OC(CO)C(O)C(O)C2)OC(CO)C1"),
    ("a monosaccharide derivative", "OC1C(O)C(O)C(CO)OC1"),
    ("an amino acid", "[NX3;!$(NC=O)][CX4][CX3](=O)[OX2H,OX1-]"),
    ("an alpha-amino acid zwitterion", "[NX4+][CX4][CX3](=O)[OX1-]"),
    ("a peptide", "[NX3][CX4][CX3](=O)[NX3][CX4][CX3](=O)"),
    ("a fatty acid", "[CH3][CH2][CH2][CH2][CH2][CH2,CH]~[CH2,CH]~*~*C(=O)[OX2H,OX1-]"),
    ("a long-chain fatty acid", "[CH3][CH2][CH2][CH2][CH2][CH2][CH2][CH2][CH2][CH2,CH]~[CH2,CH]~*~*C(=O)[OX2H1,OX1-]"),
    ("a glycerophospholipid", "OCC(O)COP(=O)(O)O"),
    ("a phosphatidylcholine", "C[N+](C)(C)CCOP(=O)([O-,OH])OCC(OC=O)COC=O"),
    ("a triglyceride", "C(OC(=O)[#6])C(OC(=O)[#6])COC(=O)[#6]"),
    ("a diglyceride", "[OX2H]CC(OC(=O)[#6])COC(=O)[#6]"),
    ("a sphingoid", "OCC(N)C(O)C=CCCCCCC"),
    ("a monocarboxylic acid", "[CX3](=O)[OX2H1]"),
    ("a carboxylic acid anion", "[CX3](=O)[OX1-]"),
    ("a dicarboxylic acid", "[CX3](=O)[OX2H1].[CX3](=O)[OX2H1]"),
    ("a carboxylic ester", "[#6][CX3](=O)[OX2][#6]"),
    ("a lactone", "[#6][CX3;R](=O)[OX2;R][#6]"),
    ("a lactam", "[#6][CX3;R](=O)[NX3;R]"),
    ("a secondary carboxamide", "[#6][CX3](=O)[NX3H1][#6]"),
    ("a primary carboxamide", "[#6][CX3](=O)[NX3H2]"),
    ("a tertiary carboxamide", "[#6][CX3](=O)[NX3H0]([#6])[#6]"),
    ("an aldehyde", "[CX3H1](=O)[#6]"),
    ("a ketone", "[#6][CX3](=O)[#6]"),
    ("an enone", "[#6]C=C[CX3](=O)[#6]"),
    ("a quinone", "O=C1C=CC(=O)C=C1"),
    ("a primary alcohol", "[CH2;!$(C=*)][OX2H]"),
    ("a secondary alcohol", "[CH1;!$(C=*)]([#6])([#6])[OX2H]"),
    ("a tertiary alcohol", "[CX4H0]([#6])([#6])([#6])[OX2H]"),
    ("a member of phenols", "c[OX2H]"),
    ("a catechol", "c([OX2H])c[OX2H]"),
    ("an aromatic ether", "c[OX2][CX4]"),
    ("an ether", "[CX4][OX2][CX4]"),
    ("an epoxide", "C1OC1"),
    ("a primary amine", "[NX3H2;!$(NC=[O,S,N])][CX4]"),
    ("a secondary amine", "[NX3H1;!$(NC=[O,S,N])]([CX4])[CX4]"),
    ("a tertiary amine", "[NX3H0;!$(NC=[O,S,N])]([CX4])([CX4])[CX4]"),
    ("a quaternary ammonium ion", "[NX4+]([#6])([#6])([#6])[#6]"),
    ("an ammonium ion derivative", "[NX4+;H1,H2,H3]"),
    ("a substituted aniline", "c[NX3H2,NX3H1;!$(NC=O)]"),
    ("a guanidine", "NC(=N)N"),
    ("a urea", "[NX3]C(=O)[NX3]"),
    ("a carbamate ester", "[NX3]C(=O)O[#6]"),
    ("a nitrile", "C#N"),
    ("a C-nitro compound", "[#6][N+](=O)[O-]"),
    ("an imine", "[CX3]=[NX2][#6,#1]"),
    ("an oxime", "C=N[OH]"),
    ("a hydrazine", "[NX3][NX3]"),
    ("an azo compound", "[#6]N=N[#6]"),
    ("a sulfonamide", "S(=O)(=O)[NX3]"),
    ("a sulfonic acid", "S(=O)(=O)[OX2H,OX1-]"),
    ("a sulfate", "O[SX4](=O)(=O)[OX2H,OX1-]"),
    ("a thiol", "[SX2H]"),
    ("an organic sulfide", "[#6][SX2][#6]"),
    ("a thioester", "[#6]C(=O)S[#6]"),
    ("an organophosphate", "P(=O)(O)(O)O"),
    ("a phosphate monoester", "[#6]OP(=O)([OX2H,OX1-])[OX2H,OX1-]"),
    ("a diphosphate", "P(=O)(O)OP(=O)(O)O"),
    ("an organochlorine compound", "[#6][Cl]"),
    ("an organobromine compound", "[#6][Br]"),
    ("an organofluorine compound", "[#6][F]"),
    ("an organoiodine compound", "[#6][I]"),
    ("an olefinic compound", "[CX3]=[CX3]"),
    ("an acetylenic compound", "C#C"),
    ("a polyunsaturated compound", "C=CCC=C"),
    ("a terpenoid", "CC(C)=CCCC(C)=CC"),
    ("an isoprenoid", "CC(=C)CCC=C(C)C"),
    ("a hydroperoxide", "OO[H,#6]"),
    ("a macrocycle", "[r{12-}]"),
]


@lru_cache(maxsize=None)
def _compiled() -> list[tuple[str, Chem.Mol]]:
    out = []
    for name, smarts in CLASSES:
        patt = Chem.MolFromSmarts(smarts)
        if patt is not None:
            out.append((name, patt))
    return out


def _size_phrase(mol: Chem.Mol) -> str:
    heavy = mol.GetNumHeavyAtoms()
    rings = rdMolDescriptors.CalcNumRings(mol)
    arom = rdMolDescriptors.CalcNumAromaticRings(mol)
    parts = []
    if heavy <= 8:
        parts.append("a small molecule")
    elif heavy >= 60:
        parts.append("a large molecule")
    if rings == 0:
        parts.append("an acyclic compound")
    elif rings >= 4:
        parts.append("a polycyclic compound")
    if arom == 0 and rings > 0:
        parts.append("an alicyclic compound")
    return ", ".join(parts)


def pseudo_caption(smiles: str) -> str | None:
    """A ChEBI-phrased caption from the structure alone, or None for an unparsable SMILES."""
    from discovery.encoders.featurize import to_mol

    mol = to_mol(smiles)
    if mol is None:
        return None
    names = [name for name, patt in _compiled() if mol.HasSubstructMatch(patt)]
    charge = Chem.GetFormalCharge(mol)
    frags = len(Chem.GetMolFrags(mol))
    if charge < 0:
        names.append({-1: "an anion", -2: "a dianion", -3: "a trianion"}.get(charge, f"an organic anion ({charge})")
                     + "; it is a conjugate base")
    elif charge > 0:
        names.append("a cation; it is a conjugate acid")
    elif any(a.GetFormalCharge() for a in mol.GetAtoms()):
        names.append("a zwitterion")
    if frags > 1:
        names.append("a salt or mixture of several components")
    elems = sorted({a.GetSymbol() for a in mol.GetAtoms()} - {"C", "H", "N", "O", "S", "P", "Cl", "Br", "F", "I"})
    if elems:
        names.append("a compound containing " + " and ".join(elems))
    size = _size_phrase(mol)
    if size:
        names.append(size)
    if not names:
        names = ["an organic molecule"]
    if len(names) == 1:
        body = names[0]
    else:
        body = ", ".join(names[:-1]) + " and " + names[-1]
    return f"The molecule is {body}."
