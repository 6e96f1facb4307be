"""Molecular descriptors used for storage, search filters and goal checking.

One function, :func:`compute_descriptors`, returns every descriptor in :data:`DESCRIPTORS`
for a molecule. The definitions follow RDKit's ``Descriptors`` module, so that numbers agree
with what other tools (MoleculeSTM / ChatDrug editing benchmark, ZINC250k columns) report:

- ``hbd`` / ``hba`` are ``Descriptors.NumHDonors`` / ``Descriptors.NumHAcceptors``
  (i.e. ``rdMolDescriptors.CalcNumHBD`` / ``CalcNumHBA``), the definitions the MoleculeSTM and
  ChatDrug text-guided editing benchmarks use, not the Lipinski N+O counts
  (``CalcNumLipinskiHBD/HBA``).
- ``rotatable_bonds`` is ``Descriptors.NumRotatableBonds`` (strict definition).
- ``qed`` equals ``rdkit.Chem.QED.qed`` exactly; it is computed from properties already
  calculated here (MW, cLogP, HBD, TPSA, rotatable bonds) so they are not computed twice.
- ``sa_score`` equals ``rdkit.Contrib.SA_Score.sascorer.calculateScore`` (Ertl & Schuffenhauer);
  the fragment table is loaded once per process and the stereocentre count is shared.
"""

from __future__ import annotations

import math
from typing import Any

from rdkit import Chem
from rdkit.Chem import QED, Crippen, Descriptors, rdFingerprintGenerator
from rdkit.Chem import rdMolDescriptors as rdmd

__all__ = ["DESCRIPTORS", "DESCRIPTOR_LABELS", "compute_descriptors", "sa_score", "qed_score"]

#: Ordered descriptor names (the store and the goal parser use these keys).
DESCRIPTORS: tuple[str, ...] = (
    "mw",
    "clogp",
    "tpsa",
    "hbd",
    "hba",
    "rotatable_bonds",
    "rings",
    "aromatic_rings",
    "heavy_atoms",
    "formal_charge",
    "qed",
    "sa_score",
    "stereocentres",
    "fraction_csp3",
)

#: Human label and unit ("" when dimensionless) for each descriptor, for tables and the app.
DESCRIPTOR_LABELS: dict[str, tuple[str, str]] = {
    "mw": ("Molecular weight", "Da"),
    "clogp": ("cLogP (Crippen)", ""),
    "tpsa": ("Topological polar surface area", "Å²"),
    "hbd": ("H-bond donors", "count"),
    "hba": ("H-bond acceptors", "count"),
    "rotatable_bonds": ("Rotatable bonds", "count"),
    "rings": ("Rings", "count"),
    "aromatic_rings": ("Aromatic rings", "count"),
    "heavy_atoms": ("Heavy atoms", "count"),
    "formal_charge": ("Net formal charge", "e"),
    "qed": ("QED drug-likeness", "0–1"),
    "sa_score": ("Synthetic accessibility (SA score)", "1 easy – 10 hard"),
    "stereocentres": ("Stereocentres (specified or not)", "count"),
    "fraction_csp3": ("Fraction of sp3 carbons", "0–1"),
}

#: Descriptors that are integer counts (the rest are floats).
INTEGER_DESCRIPTORS = frozenset(
    {
        "hbd",
        "hba",
        "rotatable_bonds",
        "rings",
        "aromatic_rings",
        "heavy_atoms",
        "formal_charge",
        "stereocentres",
    }
)

_STRICT = rdmd.NumRotatableBondsOptions.Strict

# --- SA score -----------------------------------------------------------------------------
# sascorer keeps its fragment table in a module global that is filled on first use; we load it
# once here and reuse the same Morgan generator settings (radius 2, sparse counts).
_sa_fscores: dict[int, float] | None = None
_sa_fpgen = rdFingerprintGenerator.GetMorganGenerator(radius=2)


def _load_sa_scores() -> dict[int, float]:
    global _sa_fscores
    if _sa_fscores is None:
        from rdkit.Contrib.SA_Score import sascorer

        if sascorer._fscores is None:
            sascorer.readFragmentScores()
        _sa_fscores = sascorer._fscores
    return _sa_fscores


def sa_score(mol: Chem.Mol, n_stereocentres: int | None = None) -> float:
    """Synthetic accessibility score (1 = easy, 10 = hard), identical to RDKit Contrib sascorer.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        A sanitised molecule with at least one atom.
    n_stereocentres : int, optional
        Number of stereocentres (specified or not) if already known; saves recomputing it.

    Returns
    -------
    float
    """
    fscores = _load_sa_scores()
    n_atoms = mol.GetNumAtoms()
    if not n_atoms:
        return float("nan")
    nze = _sa_fpgen.GetSparseCountFingerprint(mol).GetNonzeroElements()
    score1 = 0.0
    nf = 0
    for bit, count in nze.items():
        nf += count
        score1 += fscores.get(bit, -4) * count
    score1 /= nf

    if n_stereocentres is None:
        n_stereocentres = len(Chem.FindMolChiralCenters(mol, includeUnassigned=True))
    ri = mol.GetRingInfo()
    n_spiro = rdmd.CalcNumSpiroAtoms(mol)
    n_bridge = rdmd.CalcNumBridgeheadAtoms(mol)
    n_macro = sum(1 for ring in ri.AtomRings() if len(ring) > 8)

    size_penalty = n_atoms**1.005 - n_atoms
    stereo_penalty = math.log10(n_stereocentres + 1)
    spiro_penalty = math.log10(n_spiro + 1)
    bridge_penalty = math.log10(n_bridge + 1)
    macro_penalty = math.log10(2) if n_macro > 0 else 0.0
    score2 = -size_penalty - stereo_penalty - spiro_penalty - bridge_penalty - macro_penalty

    score3 = 0.0
    if n_atoms > len(nze):
        score3 = math.log(float(n_atoms) / len(nze)) * 0.5

    s = score1 + score2 + score3
    s = 11.0 - (s - -4.0 + 1) / (2.5 - -4.0) * 9.0
    if s > 8.0:
        s = 8.0 + math.log(s + 1.0 - 9.0)
    return min(10.0, max(1.0, s))


# --- QED ----------------------------------------------------------------------------------
def qed_score(
    mol: Chem.Mol,
    mw: float | None = None,
    clogp: float | None = None,
    hbd: int | None = None,
    tpsa: float | None = None,
    rotatable_bonds: int | None = None,
) -> float:
    """QED (Bickerton 2012), identical to ``rdkit.Chem.QED.qed`` (mean weights).

    Properties already computed by the caller can be passed to avoid recomputing them; the
    acceptor count, aromatic ring count and structural alerts use QED's own definitions.
    """
    props = QED.QEDproperties(
        MW=Descriptors.MolWt(mol) if mw is None else mw,
        ALOGP=Crippen.MolLogP(mol) if clogp is None else clogp,
        HBA=len(mol.GetSubstructMatches(_QED_ACCEPTORS, maxMatches=100000)),
        HBD=rdmd.CalcNumHBD(mol) if hbd is None else hbd,
        PSA=rdmd.CalcTPSA(mol) if tpsa is None else tpsa,
        ROTB=rdmd.CalcNumRotatableBonds(mol, _STRICT) if rotatable_bonds is None else rotatable_bonds,
        AROM=len(Chem.GetSSSR(Chem.DeleteSubstructs(Chem.Mol(mol), QED.AliphaticRings))),
        ALERTS=_count_alerts(mol),
    )
    return QED.qed(mol, qedProperties=props)


# QED's acceptor count sums the matches of 11 single-atom SMARTS. They are mutually exclusive
# (they differ in element, aromaticity, charge, H count or valence), so one OR-ed query
# counts the same atoms in a single call.
_QED_ACCEPTORS = Chem.MolFromSmarts("[" + ",".join(f"$({s})" for s in QED.AcceptorSmarts) + "]")
_ALERT_CATALOG = None


def _count_alerts(mol: Chem.Mol) -> int:
    """Number of QED structural alerts present (one C++ call through a FilterCatalog)."""
    global _ALERT_CATALOG
    if _ALERT_CATALOG is None:
        from rdkit.Chem import FilterCatalog

        catalog = FilterCatalog.FilterCatalog()
        for i, smarts in enumerate(QED.StructuralAlertSmarts):
            matcher = FilterCatalog.SmartsMatcher(f"qed_alert_{i}", smarts, 1)
            catalog.AddEntry(FilterCatalog.FilterCatalogEntry(f"qed_alert_{i}", matcher))
        _ALERT_CATALOG = catalog
    return len(_ALERT_CATALOG.GetMatches(mol))


# --- all descriptors ----------------------------------------------------------------------
def compute_descriptors(mol: Chem.Mol) -> dict[str, Any]:
    """Compute every descriptor in :data:`DESCRIPTORS`.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        A sanitised molecule (explicit hydrogens are removed first, as QED does).

    Returns
    -------
    dict
        ``{name: value}`` in :data:`DESCRIPTORS` order; counts are ``int``, the rest ``float``.
    """
    if mol.GetNumAtoms() != mol.GetNumHeavyAtoms():  # explicit hydrogens (or dummies) present
        mol = Chem.RemoveHs(mol)
    mw = Descriptors.MolWt(mol)
    clogp = Crippen.MolLogP(mol)
    tpsa = rdmd.CalcTPSA(mol)
    hbd = rdmd.CalcNumHBD(mol)  # == Descriptors.NumHDonors
    hba = rdmd.CalcNumHBA(mol)  # == Descriptors.NumHAcceptors
    rotb = rdmd.CalcNumRotatableBonds(mol, _STRICT)  # == Descriptors.NumRotatableBonds
    # Stereo flags are set when a SMILES is parsed; for molecules built otherwise, perceive them.
    if not mol.HasProp("_StereochemDone"):
        Chem.AssignStereochemistry(mol, cleanIt=True, force=False, flagPossibleStereoCenters=True)
    stereo = rdmd.CalcNumAtomStereoCenters(mol)
    return {
        "mw": mw,
        "clogp": clogp,
        "tpsa": tpsa,
        "hbd": hbd,
        "hba": hba,
        "rotatable_bonds": rotb,
        "rings": rdmd.CalcNumRings(mol),
        "aromatic_rings": rdmd.CalcNumAromaticRings(mol),
        "heavy_atoms": mol.GetNumHeavyAtoms(),
        "formal_charge": Chem.GetFormalCharge(mol),
        "qed": qed_score(mol, mw=mw, clogp=clogp, hbd=hbd, tpsa=tpsa, rotatable_bonds=rotb),
        "sa_score": sa_score(mol, n_stereocentres=stereo),
        "stereocentres": stereo,
        "fraction_csp3": rdmd.CalcFractionCSP3(mol),
    }
